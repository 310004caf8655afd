"""What a source yields, produced in a forked child process while this one writes.

A first sync of a mailbox is two halves of about the same cost: reading (the FETCH
answer off the TLS connection, the header blocks, the mail rules) and writing (the
rows, the search index, the suggestions). On a machine with a second core the
reading runs in a child forked from this process, which sends each item back over
a pipe as it comes (with :mod:`marshal`: the items are plain values, which it
reads back faster than :mod:`pickle` does); the parent writes one
chunk while the child reads the next. Nothing in the child touches the database:
it inherits the parent's connections and never uses them, and leaves with
``os._exit``, so no finaliser of the parent's runs twice.

An exception in the child is raised in the parent where the items stop, after the
ones before it, as it would have been in one process. Ctrl+C reaches both
processes (the terminal signals the whole group); the child leaves quietly and the
parent is interrupted. :func:`stream` runs the producer in this process instead
where forking is not safe: not on Linux, or with other threads running (``kith
serve``), whose locks a child would inherit held.
"""

from __future__ import annotations

import contextlib
import fcntl
import marshal
import os
import pickle
import signal
import struct
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO, NoReturn

PIPE_SIZE = 1 << 20  # Linux's most for a user (/proc/sys/fs/pipe-max-size)
_FRAME = struct.Struct("!cQ")  # what follows, and its length
_END, _ERROR, _ITEM = b"d", b"e", b"i"  # done; an exception (pickled); an item (marshal)


def available() -> bool:
    """Whether to fork: on Linux, in a process of one thread, with a second core."""
    return (
        sys.platform == "linux"
        and threading.active_count() == 1
        and len(os.sched_getaffinity(0)) > 1
    )


class Stream:
    """The items of a producer run in a child process, in order, each through ``each``
    here; :meth:`close` ends the child (as the end of the items or an error does)."""

    def __init__(
        self, produce: Callable[[], Iterator[Any]], each: Callable[[Any], Any] = lambda x: x
    ) -> None:
        self.each = each
        for f in (sys.stdout, sys.stderr):  # nothing buffered is written twice
            with contextlib.suppress(Exception):
                f.flush()
        read, write = os.pipe()
        with contextlib.suppress(OSError):  # room for a chunk: the child reads on meanwhile
            fcntl.fcntl(write, fcntl.F_SETPIPE_SZ, PIPE_SIZE)
        pid = os.fork()
        if pid == 0:  # the child: never returns
            os.close(read)
            _child(produce, write)
        os.close(write)
        self.pid: int | None = pid
        self.pipe: BinaryIO | None = os.fdopen(read, "rb", buffering=1 << 16)

    def __iter__(self) -> Iterator[Any]:
        try:
            while self.pipe is not None:
                head = self.pipe.read(_FRAME.size)
                if len(head) < _FRAME.size:
                    self._died()
                what, size = _FRAME.unpack(head)
                data = self.pipe.read(size)
                if len(data) < size:
                    self._died()
                if what == _ITEM:
                    yield self.each(marshal.loads(data))
                elif what == _ERROR:
                    raise pickle.loads(data)
                else:
                    return
        finally:
            self.close()

    def _died(self) -> NoReturn:
        """The child ended without a word: interrupted with this process, or a crash."""
        status = self._reap(wait=True)
        interrupted = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGINT
        if interrupted or (os.WIFEXITED(status) and os.WEXITSTATUS(status) == 130):
            raise KeyboardInterrupt
        raise RuntimeError(f"the reading process ended unexpectedly (status {status})")

    def _reap(self, wait: bool) -> int:
        pid, self.pid = self.pid, None
        if pid is None:
            return 0
        if not wait:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        while True:
            try:
                return os.waitpid(pid, 0)[1]
            except ChildProcessError:
                return 0
            except InterruptedError:
                continue

    def close(self) -> None:
        pipe, self.pipe = self.pipe, None
        if pipe is not None:
            pipe.close()
        self._reap(wait=False)


def _child(produce: Callable[[], Iterator[Any]], fd: int) -> None:
    import gc

    gc.disable()  # short-lived, and what it makes is freed by counting references
    status = 0
    try:
        with os.fdopen(fd, "wb") as out:
            try:
                for item in produce():
                    data = marshal.dumps(item)
                    out.write(_FRAME.pack(_ITEM, len(data)))
                    out.write(data)
                    out.flush()
                what, data = _END, b""
            except KeyboardInterrupt:
                status = 130
                raise
            except Exception as exc:
                what, data = _ERROR, _pickled(exc)
            out.write(_FRAME.pack(what, len(data)))
            out.write(data)
    except KeyboardInterrupt:
        status = 130
    except BaseException:  # the parent went away (a broken pipe): nothing to tell
        status = status or 1
    finally:
        os._exit(status)


def _pickled(exc: Exception) -> bytes:
    try:
        data = pickle.dumps(exc, pickle.HIGHEST_PROTOCOL)
        pickle.loads(data)  # one that does not come back as it was pickled ...
        return data
    except Exception:  # ... travels as its text
        return pickle.dumps(RuntimeError(f"{type(exc).__name__}: {exc}"))
