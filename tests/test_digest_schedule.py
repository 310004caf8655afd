"""The digest kith serve sends on its own (issue 15): once per period, across restarts
and server processes, retried after an SMTP server that refuses, never fatal."""

from __future__ import annotations

import logging
import threading
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from kithkin.core.reach.schedule import When, due
from kithkin.store.db import open_db
from kithkin.web.background import Background
from kithkin.web.digestjob import digest_job, digest_pass
from mail_server import Mailbox

BERLIN = ZoneInfo("Europe/Berlin")


def at(day: str, hh: int, mm: int, zone: ZoneInfo = BERLIN) -> datetime:
    return datetime.combine(date.fromisoformat(day), time(hh, mm), tzinfo=zone)


def test_a_daily_period_is_due_from_its_moment_in_the_users_zone():
    w = When("daily", time(7, 30), 0, BERLIN)
    assert due(at("2026-06-01", 7, 29), w) == (None, at("2026-06-01", 7, 30))
    assert due(at("2026-06-01", 7, 30), w) == ("daily:2026-06-01", at("2026-06-02", 7, 30))
    assert due(at("2026-06-01", 23, 59), w)[0] == "daily:2026-06-01"
    # 05:40 UTC is 07:40 in Berlin in summer: due; in Tokyo, 07:45 is 22:45 UTC the day before.
    utc = datetime(2026, 6, 1, 5, 40, tzinfo=UTC)
    assert due(utc, w)[0] == "daily:2026-06-01"
    tokyo = When("daily", time(7, 30), 0, ZoneInfo("Asia/Tokyo"))
    assert due(datetime(2026, 5, 31, 22, 45, tzinfo=UTC), tokyo)[0] == "daily:2026-06-01"
    # Across the change to summer time the moment stays 07:30 local.
    _, nxt = due(at("2026-03-28", 8, 0), w)
    assert nxt.astimezone(BERLIN).time() == time(7, 30)
    assert nxt - at("2026-03-28", 8, 0) == timedelta(hours=22, minutes=30)


def test_a_weekly_period_is_the_iso_week_from_its_weekday():
    w = When("weekly", time(7, 30), 2, BERLIN)  # Wednesday
    assert due(at("2026-06-02", 9, 0), w) == (None, at("2026-06-03", 7, 30))  # a Tuesday
    assert due(at("2026-06-03", 7, 30), w) == ("weekly:2026-W23", at("2026-06-10", 7, 30))
    assert due(at("2026-06-07", 22, 0), w)[0] == "weekly:2026-W23"  # Sunday, same week
    assert due(at("2026-06-08", 6, 0), w)[0] is None  # Monday of the next week


@pytest.fixture
def served(kith, monkeypatch):  # type: ignore[no-untyped-def]
    """A book with someone due, a daily digest at 07:30 Berlin, a real SMTP server."""
    box = Mailbox()
    kith.ok("add", "Noah Brooks", "--tier", "close", as_of="2026-06-01")
    kith.ok("log", "Noah Brooks", "--date", "2026-05-28", "--inbound", as_of="2026-06-01")
    for key, value in (("digest.from", "kithkin@example.org"), ("digest.to", "me@example.org"),
                       ("smtp.host", "127.0.0.1"), ("smtp.port", str(box.port)),
                       ("smtp.security", "none"), ("digest.schedule", "daily"),
                       ("digest.time", "07:30"), ("digest.tz", "Europe/Berlin")):  # fmt: skip
        kith.ok("config", "set", key, value)
    monkeypatch.setenv("KITH_AS_OF", "2026-06-01")
    yield box
    box.stop()


def _server(url: str):  # type: ignore[no-untyped-def]
    """What a (re)started `kith serve` opens: its own Database on the same data."""
    return open_db(url)


def test_once_per_period_across_a_restart(kith, served):  # type: ignore[no-untyped-def]
    db = _server(kith.url)
    assert digest_pass(db, at("2026-06-01", 7, 0))[0] is None  # not yet
    state, wait = digest_pass(db, at("2026-06-01", 7, 31))
    assert state == "sent" and len(served.received) == 1
    assert wait == 3600.0  # the next is tomorrow: look again in an hour at the latest
    assert digest_pass(db, at("2026-06-01", 9, 0))[0] is None
    db.dispose()
    restarted = _server(kith.url)
    assert digest_pass(restarted, at("2026-06-01", 12, 0))[0] is None
    assert len(served.received) == 1
    assert digest_pass(restarted, at("2026-06-02", 7, 30))[0] == "sent"
    assert len(served.received) == 2
    restarted.dispose()
    assert "Reply to Noah Brooks" in served.received[0].message.get_body(("plain",)).get_content()


def test_several_server_processes_send_once(kith, served):  # type: ignore[no-untyped-def]
    servers = [_server(kith.url) for _ in range(4)]
    results: list[object] = []
    start = threading.Barrier(len(servers))

    def run(db) -> None:  # type: ignore[no-untyped-def]
        start.wait()
        results.append(digest_pass(db, at("2026-06-01", 7, 45))[0])

    threads = [threading.Thread(target=run, args=(db,)) for db in servers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    for db in servers:
        db.dispose()
    assert sorted(map(str, results)) == ["None", "None", "None", "sent"]
    assert len(served.received) == 1


def test_a_refusing_server_leaves_the_period_unsent_until_the_next_try(kith, served, caplog):  # type: ignore[no-untyped-def]
    served.handler.refuse = True
    db = _server(kith.url)
    clock = [at("2026-06-01", 7, 30)]
    bg = Background()
    job = digest_job(db, now=lambda: clock[0])
    job.first_delay, job.retry_first, job.retry_max = 0.0, 0.05, 0.1
    bg.add(job)
    with caplog.at_level(logging.WARNING, logger="kithkin.background"):
        bg.start()
        try:
            assert bg.wait_passes("digest", 2, timeout=10)
            st = bg.status("digest")
            assert st.failures >= 1 and "554" in (st.last_error or "")
            assert served.received == []
            served.handler.refuse = False
            assert bg.wait_passes("digest", st.passes + 1, timeout=10)
            deadline = datetime.now() + timedelta(seconds=10)
            while not served.received and datetime.now() < deadline:
                bg.wait_passes("digest", bg.status("digest").passes + 1, timeout=1)
        finally:
            bg.stop()
    assert len(served.received) == 1
    assert bg.status("digest").failures == 0
    logged = [r.getMessage() for r in caplog.records if r.name == "kithkin.background"]
    assert logged and all("digest failed" in m and "554" in m for m in logged)
    assert not any("Noah" in m for m in logged)
    # Later passes the same day send nothing more.
    assert digest_pass(db, at("2026-06-01", 8, 0))[0] is None
    db.dispose()


def test_a_missing_setting_is_logged_not_fatal(kith, served):  # type: ignore[no-untyped-def]
    kith.ok("config", "unset", "smtp.host")
    db = _server(kith.url)
    with pytest.raises(Exception, match=r"smtp\.host"):
        digest_pass(db, at("2026-06-01", 7, 30))
    kith.ok("config", "set", "smtp.host", "127.0.0.1")
    assert digest_pass(db, at("2026-06-01", 7, 31))[0] == "sent"
    db.dispose()


def test_an_empty_day_is_skipped_once(kith, served):  # type: ignore[no-untyped-def]
    kith.ok("log", "Noah Brooks", "--date", "2026-06-01", as_of="2026-06-01")  # answered
    db = _server(kith.url)
    assert digest_pass(db, at("2026-06-01", 7, 30))[0] == "skipped"
    assert digest_pass(db, at("2026-06-01", 7, 31))[0] is None
    assert served.received == []
    db.dispose()


def test_off_sends_nothing(kith, served):  # type: ignore[no-untyped-def]
    kith.ok("config", "set", "digest.schedule", "off")
    db = _server(kith.url)
    assert digest_pass(db, at("2026-06-01", 7, 30)) == (None, 3600.0)
    db.dispose()


def test_the_digest_is_of_the_users_day_not_the_machines(kith, served, monkeypatch):  # type: ignore[no-untyped-def]
    """07:45 in Tokyo is still the day before in UTC: the digest is Tokyo's Monday."""
    kith.ok("config", "set", "digest.tz", "Asia/Tokyo")
    monkeypatch.setenv("KITH_AS_OF", "2026-05-31")  # the machine's day
    db = _server(kith.url)
    assert digest_pass(db, datetime(2026, 5, 31, 22, 45, tzinfo=UTC))[0] == "sent"
    db.dispose()
    subject = served.received[0].message["Subject"]
    assert subject.startswith("kithkin, Monday 2026-06-01:")
