"""``kith show`` before the application loads (``cli/quickshow.py``): on a SQLite file
at this schema it prints exactly what the full command prints, without Typer or
SQLAlchemy, and anything it does not fully understand goes the whole way.

The record is made of the contact's own rows (``store/showread.py``, through the
session or ``sqlite3``) by the core's rules (``core/book/shown.py``,
``core/agenda/ownfacts.py``); the property below holds its facts, health and next
reason equal to the agenda's network-wide readers, and its rows to the ORM's, on both
backends, on generated networks and on the days either side of each rule's boundary.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from conftest import QUICK_ENV as ENV
from conftest import check_answered_as_the_full_command, full_process, pg_twin, script_process
from conftest import quick_process as _quick
from kithkin import clock
from kithkin.core import settings as prefs
from kithkin.core import views
from kithkin.core.agenda import facts, health, planner, reciprocity
from kithkin.core.agenda.factrecord import Facts
from kithkin.core.agenda.ownfacts import facts_of
from kithkin.core.book import details, events, interactions, jobs, occasions
from kithkin.core.book.contacts import ContactInput, add_contact, me
from kithkin.core.book.shown import record
from kithkin.store import showread
from kithkin.store.db import open_db
from kithkin.store.tables import Contact
from kithkin.store.tables.sources import Source, UpcomingMeeting

TODAY = date(2026, 3, 1)
# Each rule's boundaries, the day before and after: R8's reply (3 days) and R9's week,
# R1's first touch and R9/R13's month, R1's 90 days.
DAYS = [TODAY + timedelta(days=d) for d in (-1, 0, 1, 3, 4, 7, 8, 30, 31, 90)]

CHANNELS = ["email", "call", "meeting", "social", "message", "video"]
KINDS = ["checkin", "catchup", "like", "comment", "advice_ask", "shared_lead", "congrats"]

person = st.fixed_dictionaries(
    {
        "tier": st.sampled_from(["close", "regular", "wide", "none"]),
        "cadence": st.one_of(st.none(), st.integers(5, 90)),
        "dnc": st.booleans(),
        "paused": st.booleans(),
        "professional": st.booleans(),
        "snooze": st.one_of(st.none(), st.integers(-2, 10)),
        "reset": st.one_of(st.none(), st.integers(-60, 0)),
        "min_interval": st.one_of(st.none(), st.integers(1, 60)),
        "colleague_until": st.one_of(st.none(), st.integers(-100, 5)),
        "started": st.one_of(st.none(), st.integers(-800, -300)),
        "occasion": st.one_of(st.none(), st.integers(-40, 5)),
        "birthday": st.one_of(st.none(), st.integers(-5, 40)),
        "event": st.one_of(st.none(), st.integers(-35, 0)),
        "meeting": st.one_of(st.none(), st.integers(-2, 20)),
        "history": st.lists(
            st.tuples(
                st.integers(-400, 3),
                st.booleans(),
                st.sampled_from(KINDS),
                st.sampled_from(CHANNELS),
                st.booleans(),  # shared with the next person
            ),
            max_size=8,
        ),
    }
)
network = st.fixed_dictionaries(
    {
        "people": st.lists(person, min_size=1, max_size=8),
        "cadence": st.one_of(st.none(), st.integers(5, 40)),
        "birthdays": st.booleans(),
    }
)


def _build(s: Any, net: dict[str, Any]) -> None:
    """A network whose people exercise every rule ``kith show`` reports."""
    if net["cadence"] is not None:
        prefs.set_value(s, "cadence.regular", str(net["cadence"]))
    if net["birthdays"]:
        prefs.set_value(s, "birthday.professional", "yes")
    user = me(s)
    source = Source(kind="caldav", name="cal", url="https://cal.example/", created_on=TODAY)
    s.add(source)
    s.flush()
    people = [
        add_contact(s, ContactInput(name=f"Person {n}", tier=p["tier"], cadence_days=p["cadence"]))
        for n, p in enumerate(net["people"])
    ]
    for n, (c, p) in enumerate(zip(people, net["people"], strict=True)):
        c.created_on = TODAY - timedelta(days=500)
        c.do_not_contact, c.paused = p["dnc"], p["paused"]
        c.professional_only, c.min_interval_days = p["professional"], p["min_interval"]
        if p["snooze"] is not None:
            c.snoozed_until = TODAY + timedelta(days=p["snooze"])
        if p["reset"] is not None:
            c.reset_on = TODAY + timedelta(days=p["reset"])
        if p["birthday"] is not None:
            c.birthday = (TODAY + timedelta(days=p["birthday"])).replace(year=1980).isoformat()
        if p["colleague_until"] is not None:
            end = TODAY + timedelta(days=p["colleague_until"])
            jobs.add_position(s, user, f"Org {n}", None, date(2020, 1, 1), end)
            jobs.add_position(s, c, f"Org {n}", "Engineer", date(2021, 1, 1), None)
        if p["started"] is not None:
            start = TODAY + timedelta(days=p["started"])
            jobs.add_position(s, c, f"Firm {n}", "Lead", start, None)
        if p["occasion"] is not None:
            occasions.add(s, c, "promotion", TODAY + timedelta(days=p["occasion"]), "VP")
        if p["event"] is not None:
            e = events.add(s, f"Meetup {n}", TODAY + timedelta(days=p["event"]))
            events.met(s, e, [str(c.id)])
        if p["meeting"] is not None:
            day = TODAY + timedelta(days=p["meeting"])
            s.add(
                UpcomingMeeting(
                    source_id=source.id, scope="cal", href=f"m{n}", day=day, contact_id=c.id
                )
            )
        if n % 2:
            details.add_detail(s, c, "interest", f"chess {n}")
        for back, inbound, kind, channel, shared in p["history"]:
            others = [people[(n + 1) % len(people)].id] if shared and len(people) > 1 else []
            interactions.log(
                s,
                interactions.InteractionInput(
                    contact_ids=[c.id, *others],
                    kind=kind,
                    occurred_on=min(TODAY + timedelta(days=back), TODAY),
                    direction="inbound" if inbound else "outbound",
                    channel="social" if kind in ("like", "comment") else channel,
                    topics=["work", "chess"] if back % 3 == 0 else [],
                    planned=back > 0,
                ),
            )


def _same(a: Any, b: Any) -> bool:
    return json.dumps(a, sort_keys=False) == json.dumps(b, sort_keys=False)


def _as_the_orm_reads_it(s: Any, c: Contact, got: dict[str, Any]) -> None:
    """The record's rows are those the ORM's relationships and the core's queries give."""
    rows = interactions.for_contact(s, c.id)
    ids = [i.id for i in rows]
    topics, people = interactions.topics_of(s, ids), interactions.participants(s, ids)
    latest = jobs.latest_position(c)
    assert [i["id"] for i in got["interactions"]] == ids
    assert [i["topics"] for i in got["interactions"]] == [topics.get(i, []) for i in ids]
    assert [[p["id"] for p in i["with"]] for i in got["interactions"]] == [
        [p.id for p in people.get(i, [])] for i in ids
    ]
    assert got["emails"] == [e.email for e in c.emails]
    assert got["tags"] == [t.tag for t in c.tags]
    assert [p["id"] for p in got["positions"]] == [p.id for p in c.positions]
    assert [d["id"] for d in got["personal_details"]] == [d.id for d in c.details]
    assert (got["org"], got["title"]) == (
        (latest.org.name, latest.title) if latest else (None, None)
    )
    assert got["balance"] == reciprocity.balance(s, c.id)


def test_the_record_and_facts_equal_the_agendas(
    fresh_url: Callable[[], str], request: pytest.FixtureRequest
) -> None:
    """On both backends: the facts of one contact's own links are the agenda's facts, the
    health and next reason those of the agenda's network-wide readers; on SQLite the
    quick path's ``sqlite3`` reads make the same record as the session's. 8 networks on
    SQLite; the PostgreSQL twin draws a few (conftest.pg_twin)."""

    @pg_twin(request, 8)
    @given(net=network)
    def check(net: dict[str, Any]) -> None:
        _record_and_facts(net, fresh_url)

    check()


def _record_and_facts(net: dict[str, Any], fresh_url: Callable[[], str]) -> None:
    url = fresh_url()
    db = open_db(url)
    try:
        clock.set_today(TODAY)
        with db.session() as s:
            _build(s, net)
        quick = (
            sqlite3.connect(url.removeprefix("sqlite:///")) if url.startswith("sqlite") else None
        )
        try:
            for day in DAYS:
                clock.set_today(day)
                with db.session(write=False) as s:
                    people = list(s.scalars(select(Contact).where(Contact.is_me.is_(False))))
                    loaded = facts.load(s, day, [c.id for c in people], health=True)
                    for c in people:
                        rows = showread.read(showread.through_session(s), c.id)
                        assert rows is not None
                        own = facts_of(
                            Facts(c.id, c.display_name, c.tier, c.cadence_days,
                                  c.preferred_channel, c.do_not_contact, c.paused,
                                  c.snoozed_until, c.reset_on, c.min_interval_days,
                                  c.created_on),
                            rows.links, rows.meetings, day,
                        )  # fmt: skip
                        assert own == loaded[c.id], (day, c.display_name)
                        got = views.contact_detail(s, c)
                        assert got["health"] == health.contact_health(s, c.id), day
                        assert got["agenda"] == planner.reason_for(s, c.id), day
                        _as_the_orm_reads_it(s, c, got)
                        if quick is not None:
                            fast = showread.read(lambda q, p: quick.execute(q, p).fetchall(), c.id)
                            assert fast is not None
                            assert _same(record(fast, day), got), (day, c.display_name)
        finally:
            if quick is not None:
                quick.close()
    finally:
        clock.set_today(None)
        db.dispose()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("quick-show") / "demo.db"
    assert script_process(path, "demo").returncode == 0
    for args in (
        ("add", "Zoë [bold]Brackets[/bold] O'Neil", "--org", "Initech", "--tag", "chess"),
        ("log", "Zoë", "--note", "talked about [red]chess[/red]", "--topic", "chess"),
        ("log", "Zoë", "Priya Nakamura", "--kind", "advice_ask", "--channel", "call"),
        ("detail", "Zoë", "interest", "=HYPERLINK(chess)"),
    ):
        assert full_process(path, *args).returncode == 0, args
    return path


CASES = [
    ["show", "Priya Nakamura"],
    ["show", "priya nakamura", "--json"],
    ["show", "--json", "brackets"],  # Zoë, whose name holds markup
    ["show", "o'neil"],
    ["show", "ZOË"],  # beyond ASCII: folded as the session folds it
    ["show", "2"],
    ["show", "3"],
    ["show", "7", "--json"],
    ["--as-of", "2026-03-01", "show", "Priya Nakamura", "--json"],  # another day's record
    ["--as-of", "2027-01-05", "show", "3"],
]


@pytest.mark.parametrize("args", CASES)
def test_the_quick_show_prints_exactly_as_the_full_command(demo_db: Path, args: list[str]) -> None:
    check_answered_as_the_full_command(demo_db, *args)


def test_every_demo_contact_shows_as_the_full_command_on_many_days(demo_db: Path) -> None:
    conn = sqlite3.connect(demo_db)
    db = open_db(f"sqlite:///{demo_db}")
    try:
        ids = [r[0] for r in conn.execute("SELECT id FROM contacts WHERE NOT is_me")]
        anchor = date.fromisoformat(ENV["KITH_AS_OF"])
        for day in (anchor - timedelta(days=200), anchor, anchor + timedelta(days=31)):
            clock.set_today(day)
            with db.session(write=False) as s:
                for cid in ids:
                    rows = showread.read(lambda q, p: conn.execute(q, p).fetchall(), cid)
                    assert rows is not None
                    want = views.contact_detail(s, s.get(Contact, cid))
                    assert _same(record(rows, day), want), (day, cid)
    finally:
        clock.set_today(None)
        conn.close()
        db.dispose()


@pytest.mark.parametrize(
    "args",
    [
        ["show", "me"],  # the user's own record
        ["show", "1"],  # the user's id
        ["show", "a"],  # several people: the command lists them
        ["show", "Priya"],  # two of them
        ["show", "nobody-at-all"],
        ["show"],
        ["show", "Priya Nakamura", "--help"],
        ["show", "Priya Nakamura", "--json", "--json"],
        ["show", "Priya Nakamura", "brackets"],
        ["show", "Priya Nakamura", "--verbose"],
        ["show", "0"],
    ],
)
def test_what_it_does_not_decide_goes_the_whole_way(demo_db: Path, args: list[str]) -> None:
    done, _, printed = _quick(demo_db, *args)
    assert not done and printed == ""


def test_a_write_is_seen_by_the_next_quick_show(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    assert script_process(path, "demo").returncode == 0
    before = json.loads(_quick(path, "show", "Priya Nakamura", "--json")[2])
    logged = full_process(path, "log", "Priya Nakamura", "--note", "quokka photos")
    assert logged.returncode == 0
    after = json.loads(_quick(path, "show", "Priya Nakamura", "--json")[2])
    assert len(after["interactions"]) == len(before["interactions"]) + 1
    assert after["interactions"][0]["note"] == "quokka photos"
    assert after["health"]["last_conversation"] == ENV["KITH_AS_OF"]


def test_an_unknown_name_is_the_commands_one_line_error(demo_db: Path) -> None:
    run = script_process(demo_db, "show", "nobody-at-all")
    assert run.returncode == 2
    assert len(run.stderr.strip().splitlines()) == 1 and "nobody-at-all" in run.stderr


def test_an_older_or_foreign_file_goes_the_whole_way(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    assert not _quick(other, "show", "Priya Nakamura")[0]
    assert not _quick(tmp_path / "missing.db", "show", "Priya Nakamura")[0]
