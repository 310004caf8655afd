"""Every stored date and number has a range, checked on the way in; nothing accepted breaks a read.

A cadence of three million days or a snooze until 9999-12-31 used to be accepted
and then crash the agenda for the whole database. These tests store the extreme
values that are still accepted and run every read command and page over them; and
refuse, in one line with nothing written, the values just beyond.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Kith, dump
from kithkin import clock
from kithkin.core import bounds
from kithkin.web.app import create_app
from webclient import BASE, Web

AS_OF = "2026-02-10"
FUZZ = os.environ.get("KITH_FUZZ") == "1"


# --- refused on the way in ---------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("add", "Bob", "--cadence", "3000000"),
        ("add", "Bob", "--cadence", "0"),
        ("add", "Bob", "--cadence", "-5"),
        ("add", "Bob", "--cadence", "9" * 40),
        ("snooze", "Ann", "--until", "9999-12-31"),
        ("snooze", "Ann", "--until", "2199-12-31"),
        ("event", "add", "Far", "--date", "9999-12-31"),
        ("event", "add", "Far", "--date", "0001-01-01"),
        ("log", "Ann", "--date", "9999-12-31"),
        ("job", "add", "Ann", "--org", "Acme", "--start", "0001-01-01"),
        ("leave", "Acme", "--last-day", "9999-12-31"),
        ("config", "set", "budget", "9" * 30),
        ("config", "set", "cadence.close", "3000000"),
    ],
)
def test_values_beyond_the_range_are_refused_untouched(kith: Kith, args) -> None:
    kith.ok("add", "Ann Lee", as_of=AS_OF)
    kith.ok("job", "add", "me", "--org", "Acme", "--start", "2020-01-01", as_of=AS_OF)
    before = dump(kith.url)
    run = kith.bad(*args, as_of=AS_OF)
    assert "Traceback" not in run.stderr
    assert dump(kith.url) == before


def test_a_snooze_forever_is_a_pause(kith: Kith) -> None:
    kith.ok("add", "Ann Lee", as_of=AS_OF)
    run = kith.bad("snooze", "Ann", "--until", "9999-12-31", as_of=AS_OF)
    assert "pause" in run.stderr


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1899-12-31", "2200-01-01"])
def test_as_of_at_the_ends_of_the_calendar_is_one_line(kith: Kith, day: str) -> None:
    for command in ("today", "agenda", "health"):
        assert "outside" in kith.bad(command, as_of=day).stderr


def test_the_api_refuses_them_too(web, kith: Kith) -> None:
    kith.ok("add", "Ann Lee", as_of=AS_OF)
    clock.set_today(date.fromisoformat(AS_OF))
    before = dump(kith.url)
    r = web.post("/api/contacts", json={"name": "Bob", "cadence_days": 3_000_000})
    assert r.status_code in (400, 422), r.text
    r = web.post("/api/contacts/Ann/snooze", json={"until": "9999-12-31"})
    assert r.status_code == 400, r.text
    assert "pause" in r.json()["error"]["message"]
    assert dump(kith.url) == before


def test_date_arithmetic_stops_at_the_calendar_ends() -> None:
    assert bounds.after(date.max, 1) == date.max
    assert bounds.after(date.min, -1) == date.min
    assert bounds.after(date(2026, 1, 1), 10**12) == date.max
    assert bounds.after(date(2026, 1, 1), 30) == date(2026, 1, 31)


def test_values_stored_by_an_older_version_do_not_break_the_agenda(tmp_path: Path) -> None:
    """Before the ranges, 9999-12-31 and 3,000,000 days could be stored: reads survive them."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    kith = Kith(url)
    a = kith.ok("add", "Ann Lee", as_of=AS_OF).stdout.strip()
    b = kith.ok("add", "Bo Chan", as_of=AS_OF).stdout.strip()
    kith.ok("log", b, "--inbound", "--date", "2026-02-01", as_of=AS_OF)
    conn = sqlite3.connect(tmp_path / "old.db")
    conn.execute("UPDATE contacts SET cadence_days = 3000000, min_interval_days = 3000000")
    conn.execute("UPDATE contacts SET snoozed_until = '9999-12-31' WHERE id = ?", (a,))
    conn.execute("UPDATE interactions SET occurred_on = '9999-12-30'")
    conn.commit()
    conn.close()
    for command in ("today", "agenda", "health", "list"):
        kith.ok(command, as_of=AS_OF)
    kith.ok("show", a, as_of=AS_OF)
    kith.ok("show", b, as_of=AS_OF)


# --- extreme but accepted values, then every read ---------------------------------------

READS: list[tuple[str, ...]] = [
    ("today",),
    ("today", "--json"),
    ("agenda",),
    ("agenda", "--json"),
    ("health",),
    ("health", "--json"),
    ("list",),
    ("list", "--json"),
    ("show", "Bea"),
    ("search", "Bea"),
    ("who", "Acme"),
    ("dupes",),
    ("event", "list"),
    ("ref", "list"),
    ("lead", "list"),
    ("config", "show"),
    ("plan",),
    ("draft", "Bea"),
    ("rehire", "Acme"),
    ("digest",),
    ("digest", "--json"),
]
PAGES = [
    "/today",
    "/agenda",
    "/contacts",
    "/me",
    "/network",
    "/events",
    "/leads",
    "/references",
    "/departure",
    "/settings",
    "/triage",
    "/who?org=Acme",
    "/api/agenda",
    "/api/agenda/plan",
    "/api/health",
    "/api/contacts",
    "/api/events",
    "/api/departure",
    "/api/digest",
]

_edge_dates = st.one_of(
    st.sampled_from([bounds.EARLIEST, bounds.LATEST, bounds.after(bounds.LATEST, -1)]),
    st.dates(bounds.EARLIEST, bounds.LATEST),
)
_edge_days = st.one_of(st.sampled_from([1, 2, bounds.MAX_DAYS]), st.integers(1, bounds.MAX_DAYS))


@st.composite
def _extremes(draw):  # type: ignore[no-untyped-def]
    today = draw(_edge_dates)

    def past():  # type: ignore[no-untyped-def]
        edge = st.sampled_from([bounds.EARLIEST, today])
        return draw(st.one_of(edge, st.dates(bounds.EARLIEST, today)))

    start = past()
    end = draw(st.one_of(st.none(), st.dates(start, bounds.LATEST)))
    latest_snooze = min(bounds.LATEST, bounds.after(today, bounds.MAX_SNOOZE_DAYS))
    return {
        "today": today,
        "cadence": draw(_edge_days),
        "start": start,
        "end": end,
        "talked": past(),
        "event": past(),
        "occasion": past(),
        "snooze": draw(st.one_of(st.none(), st.dates(today, latest_snooze))),
        "budget": draw(st.sampled_from([1, bounds.MAX_COUNT])),
    }


@pytest.fixture(scope="module")
def _template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tpl") / "empty.db"
    Kith(f"sqlite:///{path}").ok("list")
    return path


def _read_all(kith: Kith, day: str) -> None:
    for args in READS:
        run = kith(*args, as_of=day)  # an exception here fails the test (no catch)
        assert run.exit_code in (0, 2), (args, run.stderr)
        if run.exit_code == 2:  # a refusal (no plan yet...) is one line, never a trace
            assert len(run.stderr.strip().splitlines()) == 1, (args, run.stderr)


@settings(
    max_examples=300 if FUZZ else 6,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(x=_extremes())
def test_extreme_accepted_values_never_break_a_read(_template: Path, tmp_path: Path, x) -> None:
    db = tmp_path / f"x{os.getpid()}-{id(x)}.db"
    shutil.copy(_template, db)
    url = f"sqlite:///{db}"
    kith = Kith(url)
    day = x["today"].isoformat()
    job = ["--org", "Acme", "--start", x["start"].isoformat()]
    if x["end"]:
        job += ["--end", x["end"].isoformat()]
    kith.ok("job", "add", "me", *job, as_of=day)
    cid = kith.ok("add", "Bea Ray", "--cadence", str(x["cadence"]), as_of=day).stdout.strip()
    kith.ok("job", "add", cid, *job, as_of=day)
    kith.ok("log", cid, "--date", x["talked"].isoformat(), "--inbound", as_of=day)
    kith.ok(
        "occasion", "add", cid, "--kind", "promotion", "--date", x["occasion"].isoformat(),
        as_of=day,
    )  # fmt: skip
    eid = kith.ok("event", "add", "Summit", "--date", x["event"].isoformat(), as_of=day)
    kith.ok("event", "met", eid.stdout.strip(), "Bea Ray", as_of=day)
    if x["snooze"]:
        kith.ok("snooze", cid, "--until", x["snooze"].isoformat(), as_of=day)
    kith.ok("config", "set", "budget", str(x["budget"]), as_of=day)
    _read_all(kith, day)
    clock.set_today(x["today"])
    app = create_app(url)
    try:
        with Web(app, base_url=BASE, raise_server_exceptions=True) as web:
            for page in [*PAGES, f"/contacts/{cid}", f"/api/contacts/{cid}/health"]:
                r = web.get(page, headers={"accept": "text/html"})
                assert r.status_code < 500, (page, r.status_code)
    finally:
        app.state.db.dispose()
        clock.set_today(None)


def test_the_last_accepted_snooze_is_read(kith: Kith) -> None:
    cid = kith.ok("add", "Ann Lee", as_of=AS_OF).stdout.strip()
    last = date.fromisoformat(AS_OF) + timedelta(days=bounds.MAX_SNOOZE_DAYS)
    kith.ok("snooze", cid, "--until", last.isoformat(), as_of=AS_OF)
    kith.bad("snooze", cid, "--until", (last + timedelta(days=1)).isoformat(), as_of=AS_OF)
    _read_all(kith, AS_OF)
