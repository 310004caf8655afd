"""The periodic jobs of `kith serve`: passes, back-off after failures, wake, clean stop."""

from __future__ import annotations

import logging
import threading

import pytest
from fastapi.testclient import TestClient

from kithkin.web.app import create_app
from kithkin.web.background import Background, Job, backoff, describe


def test_backoff_doubles_up_to_the_ceiling():
    assert [backoff(n, 30, 200) for n in (1, 2, 3, 4, 5)] == [30, 60, 120, 200, 200]


def test_a_job_runs_again_after_the_delay_it_returns():
    calls = []
    bg = Background()
    bg.add(Job("tick", lambda: calls.append(1) or 0.01))
    bg.start()
    try:
        assert bg.wait_passes("tick", 3, timeout=5)
    finally:
        bg.stop()
    assert len(calls) >= 3
    assert bg.status("tick").failures == 0


def test_a_failing_job_is_logged_retried_with_backoff_and_never_kills_the_loop(caplog):
    attempts = []

    def flaky() -> float:
        attempts.append(1)
        if len(attempts) < 3:
            # What a database error looks like: the statement and its data after line one.
            raise RuntimeError("server said no\n[SQL: INSERT ...] [parameters: ('Noah Brooks',)]")
        return 60.0

    bg = Background()
    bg.add(Job("flaky", flaky, retry_first=0.01, retry_max=0.02))
    with caplog.at_level(logging.WARNING, logger="kithkin.background"):
        bg.start()
        try:
            assert bg.wait_passes("flaky", 3, timeout=5)
        finally:
            bg.stop()
    st = bg.status("flaky")
    assert st.failures == 0 and st.last_error is None and st.next_in == 60.0
    warnings = [r.getMessage() for r in caplog.records if r.name == "kithkin.background"]
    assert len(warnings) == 2
    assert "flaky failed (RuntimeError: server said no); attempt 1" in warnings[0]
    assert "attempt 2" in warnings[1]
    assert not any("Noah" in w or "SQL" in w for w in warnings)


def test_wake_runs_a_sleeping_job_now_and_stop_ends_it():
    calls = []
    bg = Background()
    bg.add(Job("slow", lambda: calls.append(1) or 3600.0))
    bg.start()
    assert bg.wait_passes("slow", 1, timeout=5)
    bg.wake("slow")
    assert bg.wait_passes("slow", 2, timeout=5)
    bg.stop(timeout=5)
    assert len(calls) == 2
    assert not any(t.name == "kith-slow" for t in threading.enumerate())


def test_a_job_name_is_registered_once():
    bg = Background()
    bg.add(Job("a", lambda: None))
    with pytest.raises(ValueError):
        bg.add(Job("a", lambda: None))


def test_describe_keeps_the_first_line_only():
    assert describe(OSError("connection refused")) == "OSError: connection refused"
    assert describe(ValueError()) == "ValueError"


def test_the_app_lifespan_starts_and_stops_the_jobs(db_url):
    app = create_app(db_url, background=True)
    ran = threading.Event()
    app.state.background.add(Job("probe", lambda: ran.set() or 3600.0))
    with TestClient(app, base_url="http://127.0.0.1:8000"):
        assert ran.wait(5)
    assert not any(t.name == "kith-probe" for t in threading.enumerate())
    app.state.db.dispose()


def test_without_background_the_jobs_do_not_run(db_url):
    app = create_app(db_url)
    ran = threading.Event()
    app.state.background.add(Job("probe", lambda: ran.set() or 3600.0))
    with TestClient(app, base_url="http://127.0.0.1:8000"):
        assert not ran.wait(0.2)
    app.state.db.dispose()
