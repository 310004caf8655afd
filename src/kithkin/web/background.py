"""Periodic jobs inside ``kith serve``: the email digest, the sources' sync, and so on.

A server that keeps time has to do things nobody asked for in a request: send
the morning digest, pull new mail every few minutes. :class:`Background` runs
each :class:`Job` in its own daemon thread, started by the application's
lifespan and stopped with it:

- a job's ``run`` does one pass and returns how many seconds to wait before the
  next one (``None``: the job's ``every``), so a job that knows its own clock
  (a digest due at 07:30) sleeps exactly until then;
- a pass that raises is logged in one line (the exception's class and first
  line, never a traceback full of stored data) and retried with exponential
  back-off from ``retry_first`` up to ``retry_max`` seconds; the thread, and so
  the server, never dies of it;
- :meth:`Background.wake` runs a job now (a setting it reads has changed),
  :meth:`Background.stop` ends every thread between two passes.

A job that must happen once per period across restarts and several server
processes claims its period in the database itself (see
:mod:`kithkin.core.reach.schedule`); this module only keeps time.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

log = logging.getLogger("kithkin.background")


@dataclass
class Job:
    """One periodic task. ``run`` returns the seconds until its next pass, or ``None``."""

    name: str
    run: Callable[[], float | None]
    every: float = 60.0
    first_delay: float = 0.0
    retry_first: float = 30.0
    retry_max: float = 3600.0


@dataclass
class JobStatus:
    """What a job has done so far (for tests and a status page)."""

    passes: int = 0  # passes that ended, well or not
    failures: int = 0  # consecutive failures (0 after a pass that succeeded)
    last_error: str | None = None
    next_in: float | None = None  # seconds to wait after the last pass
    finished: threading.Condition = field(default_factory=threading.Condition, repr=False)


def backoff(failures: int, first: float, most: float) -> float:
    """The wait after the ``failures``-th failure in a row: first, 2x, 4x... up to ``most``."""
    return float(min(most, first * 2 ** max(0, failures - 1)))


def describe(exc: BaseException) -> str:
    """One short line about a failure: its class and the first line of its message.

    Database errors append the statement and its parameters after the first line,
    and those may hold stored data, which has no place in a log.
    """
    text = str(exc).strip().splitlines()
    first = text[0][:200] if text else ""
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


class _Runner:
    def __init__(self, job: Job, stopping: threading.Event) -> None:
        self.job = job
        self.stopping = stopping
        self.wake = threading.Event()
        self.status = JobStatus()
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        if self.thread is None or not self.thread.is_alive():
            self.wake.clear()
            self.thread = threading.Thread(
                target=self._loop, name=f"kith-{self.job.name}", daemon=True
            )
            self.thread.start()

    def _loop(self) -> None:
        delay = self.job.first_delay
        while True:
            self.wake.wait(delay)
            self.wake.clear()
            if self.stopping.is_set():
                return
            delay = self._pass()

    def _pass(self) -> float:
        job, st = self.job, self.status
        try:
            nxt = job.run()
        except Exception as exc:
            failures = st.failures + 1
            delay = backoff(failures, job.retry_first, job.retry_max)
            st.last_error = describe(exc)
            log.warning(
                "%s failed (%s); attempt %d, next try in %.0f s",
                job.name,
                st.last_error,
                failures,
                delay,
            )
        else:
            failures = 0
            delay = job.every if nxt is None else max(0.0, float(nxt))
            st.last_error = None
        with st.finished:
            st.failures = failures
            st.passes += 1
            st.next_in = delay
            st.finished.notify_all()
        return delay


class Background:
    """The server's periodic jobs: :meth:`add` them, then :meth:`start` and :meth:`stop`."""

    def __init__(self) -> None:
        self._stopping = threading.Event()
        self._runners: dict[str, _Runner] = {}
        self._started = False

    def add(self, job: Job) -> None:
        if job.name in self._runners:
            raise ValueError(f"a background job named {job.name!r} is already registered")
        runner = _Runner(job, self._stopping)
        self._runners[job.name] = runner
        if self._started:
            runner.start()

    @property
    def names(self) -> list[str]:
        return list(self._runners)

    def start(self) -> None:
        if self._started:
            return
        self._started = True
        self._stopping.clear()
        for runner in self._runners.values():
            runner.start()

    def wake(self, name: str | None = None) -> None:
        """Run one job (or every job) now instead of at its next time."""
        for key, runner in self._runners.items():
            if name is None or key == name:
                runner.wake.set()

    def status(self, name: str) -> JobStatus:
        return self._runners[name].status

    def wait_passes(self, name: str, passes: int, timeout: float = 10.0) -> bool:
        """Block until job ``name`` has ended ``passes`` passes (tests, graceful tools)."""
        st = self._runners[name].status
        deadline = time.monotonic() + timeout
        with st.finished:
            while st.passes < passes:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                st.finished.wait(left)
        return True

    def stop(self, timeout: float = 10.0) -> None:
        """Ask every job to end and wait for passes in flight (up to ``timeout`` s each)."""
        self._stopping.set()
        for runner in self._runners.values():
            runner.wake.set()
        for runner in self._runners.values():
            if runner.thread is not None and runner.thread.is_alive():
                runner.thread.join(timeout)
        self._started = False
