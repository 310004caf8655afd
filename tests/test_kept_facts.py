"""The facts kept with an agenda are brought up to date by re-reading only the touched contacts.

``core/agenda/keptfacts.py`` keeps the per-contact facts a kept agenda or health
summary read; migration 0010's triggers note which contacts every write touched
and the commit labels them with the data version it made. These tests hold the
parts of that: every kind of write that changes someone's facts marks them (on
both backends), a later computation re-reads those and nobody else, and the
result equals a fresh read.
"""

from __future__ import annotations

import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from conftest import write_lock_held
from kithkin import clock
from kithkin.core.agenda import facts, health, kept, keptfacts, planner
from kithkin.core.agenda.boundaries import snooze
from kithkin.core.book import interactions
from kithkin.core.book.contacts import ContactInput, add_contact
from kithkin.core.book.contacts import remove as remove_contact
from kithkin.store import memo
from kithkin.store.db import Database, open_db
from kithkin.store.tables import Contact, Memo, Source, Touched, UpcomingMeeting

TODAY = date(2026, 3, 10)


def _log(s: Any, cid: int, day: date, direction: str = "outbound") -> int:
    it = interactions.log(
        s,
        interactions.InteractionInput(
            contact_ids=[cid], kind="checkin", occurred_on=day, direction=direction,
            channel="email",
        ),
    )  # fmt: skip
    return it.id


def _people(db: Database, n: int) -> list[int]:
    clock.set_today(TODAY)
    with db.session() as s:
        ids = []
        for i in range(n):
            c = add_contact(s, ContactInput(name=f"Person {i}", tier="close"))
            s.flush()
            _log(s, c.id, TODAY - timedelta(days=10 + 3 * i))
            ids.append(c.id)
    return ids


def _touched(db: Database, after: int) -> set[int]:
    with db.session(write=False) as s:
        return set(memo.touched_since(s, after, 10_000) or [])


def _version(db: Database) -> int:
    with db.session(write=False) as s:
        v = memo.current(s)
    assert v is not None
    return v


def test_every_write_that_changes_a_contacts_facts_marks_them_with_its_version(
    db: Database,
) -> None:
    a, b, c = _people(db, 3)
    v = _version(db)
    assert _touched(db, v) == set()
    with db.session() as s:
        iid = _log(s, a, TODAY)
    assert _touched(db, v) == {a}
    with db.session(write=False) as s:
        labels = dict(s.execute(select(Touched.contact_id, Touched.version)).all())
    assert labels[a] == v + 1  # labelled by the commit that made version v + 1
    v = _version(db)
    with db.session() as s:
        snooze(s.get(Contact, b), TODAY + timedelta(days=3))  # a contact's own row
    assert _touched(db, v) == {b}
    v = _version(db)
    with db.session() as s:
        interactions.remove(s, iid)  # the link goes with the interaction
    assert _touched(db, v) == {a}
    v = _version(db)
    with db.session() as s:  # a meeting planned with them, from a calendar source
        src = Source(name="cal", kind="ics", url="https://example.org/c.ics", created_on=TODAY)
        s.add(src)
        s.flush()
        s.add(UpcomingMeeting(source_id=src.id, scope="c", href="h", day=TODAY, contact_id=b))
    assert _touched(db, v) == {b}
    v = _version(db)
    with db.session() as s:  # the source goes, and its meetings with it
        s.delete(s.get(Source, src.id))
    assert _touched(db, v) == {b}
    v = _version(db)
    with db.session() as s:
        remove_contact(s, s.get(Contact, c))
    assert _touched(db, v) == {c}
    v = _version(db)
    with db.session(write=False) as s:
        s.execute(select(Contact.id)).all()  # a read marks nobody
    assert _touched(db, v) == set()


def test_after_a_write_only_the_touched_contacts_are_read_again(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _people(db, 6)
    with db.session() as s:
        first = kept.today_items(s)
        first_health = kept.health_summary(s)
    reads: list[list[int] | None] = []
    real = facts.load

    def spy(s: Any, today: date, contact_ids: Any = None, **kw: Any) -> Any:
        reads.append(None if contact_ids is None else sorted(contact_ids))
        return real(s, today, contact_ids, **kw)

    monkeypatch.setattr(facts, "load", spy)
    with db.session() as s:
        _log(s, ids[2], TODAY, direction="inbound")
    with db.session() as s:
        after = kept.today_items(s)
    with db.session() as s:
        after_health = kept.health_summary(s)
    assert None not in reads, "nobody's facts but the touched contact's are read again"
    assert [ids[2]] in reads
    monkeypatch.setattr(facts, "load", real)
    with db.session() as s:
        assert after == planner.today_items(s)
        assert after_health == health.summary(s, kept.HEALTH_TOP)
    assert (first, first_health) != (after, after_health)


def test_a_new_day_or_a_large_import_reads_everyone_again(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _people(db, 4)
    with db.session() as s:
        kept.today_items(s)
    monkeypatch.setattr(keptfacts, "LIMIT", 2)
    with db.session() as s:
        for cid in ids[:3]:
            _log(s, cid, TODAY)
    reads: list[Any] = []
    real = facts.load

    def spy(s: Any, today: date, cids: Any = None, **kw: Any) -> Any:
        reads.append(cids)
        return real(s, today, cids, **kw)

    monkeypatch.setattr(facts, "load", spy)
    with db.session() as s:
        assert kept.today_items(s) == planner.today_items(s)
    assert reads[0] is None  # three touched, more than the limit: read afresh
    reads.clear()
    clock.set_today(TODAY + timedelta(days=1))
    with db.session() as s:
        assert kept.today_items(s) == planner.today_items(s)
    assert reads[0] is None  # facts are of a day


def test_everyones_strength_comes_from_the_kept_health_with_the_touched_read_again(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``kith who`` at a large organization needs everyone's strength: after a write it
    takes the strengths kept with today's health and reads only the touched contacts."""
    ids = _people(db, 6)
    with db.session() as s:
        assert keptfacts.derived(s, TODAY, derive=lambda f: (0,), derive_key="x") is None
        kept.health_summary(s)
    with db.session() as s:
        _log(s, ids[1], TODAY, direction="inbound")
        snooze(s.get(Contact, ids[4]), TODAY + timedelta(days=40))
        remove_contact(s, s.get(Contact, ids[5]))
        newcomer = add_contact(s, ContactInput(name="New Person", tier="close")).id
    reads: list[Any] = []
    real = facts.load

    def spy(s: Any, today: date, contact_ids: Any = None, **kw: Any) -> Any:
        reads.append(None if contact_ids is None else sorted(contact_ids))
        return real(s, today, contact_ids, **kw)

    monkeypatch.setattr(facts, "load", spy)
    with db.session(write=False) as s:
        everyone = health.strength_scores(s)
    assert reads == [sorted({ids[1], ids[4], ids[5], newcomer})]  # SQLite may reuse an id
    monkeypatch.setattr(facts, "load", real)
    with db.session(write=False) as s:
        all_ids = list(s.scalars(select(Contact.id).where(Contact.is_me.is_(False))))
        assert everyone == health.strength_scores(s, all_ids)
    assert newcomer in everyone and len(everyone) == len(all_ids) == 6
    # Other tier cadences are another derivation: read afresh, not taken from the copy.
    with db.session() as s:
        assert keptfacts.derived(s, TODAY, derive=lambda f: (0,), derive_key="x") is None
    clock.set_today(TODAY + timedelta(days=1))  # and facts are of a day
    with db.session(write=False) as s:
        assert health.strength_scores(s) == health.strength_scores(s, all_ids)


def test_kept_facts_round_trip_exactly(db: Database) -> None:
    ids = _people(db, 3)
    with db.session() as s:
        snooze(s.get(Contact, ids[0]), TODAY + timedelta(days=2))
    with db.session(write=False) as s:
        loaded = facts.load(s, TODAY, None, health=True)
    assert {cid: keptfacts.facts_of(keptfacts.row_of(f)) for cid, f in loaded.items()} == loaded


@pytest.mark.parametrize("body", ["", "not json", '{"ids": [1]}\n', '[1, 2]\n{"x": 1}', "{}\n\n"])
def test_kept_facts_this_code_did_not_write_are_read_afresh(db: Database, body: str) -> None:
    ids = _people(db, 3)
    with db.session() as s:
        kept.today_items(s)
        kept.health_summary(s)
    with db.session() as s:
        _log(s, ids[1], TODAY, direction="inbound")
        s.execute(update(Memo).where(Memo.kind == keptfacts.KIND).values(body=body))
    with db.session() as s:
        assert kept.today_items(s) == planner.today_items(s)
    with db.session() as s:
        assert kept.health_summary(s) == health.summary(s, kept.HEALTH_TOP)


def test_a_bulk_import_notes_each_contact_once_and_keeps_the_trigger(db: Database) -> None:
    """Many links at once: the per-row trigger is set aside for one set-wise note."""
    from kithkin.store.fts import BULK_MIN

    ids = _people(db, 3)
    v = _version(db)
    rows = [
        {
            "contact_ids": [ids[i % 2]],
            "kind": "checkin",
            "occurred_on": TODAY - timedelta(days=i % 50),
            "direction": "outbound",
            "channel": "email",
        }
        for i in range(BULK_MIN + 10)
    ]
    with db.session() as s:
        interactions.bulk_log(s, rows)
    assert _touched(db, v) == {ids[0], ids[1]}
    v = _version(db)
    with db.session() as s:  # the per-row trigger is back for the next single write
        _log(s, ids[2], TODAY)
    assert _touched(db, v) == {ids[2]}
    with db.session() as s:
        assert kept.today_items(s) == planner.today_items(s)


def test_kith_health_never_waits_for_or_fails_on_another_writer(tmp_path: Path) -> None:
    """Keeping health (and the facts under it) is a favour: a reader answers regardless."""
    db = open_db(f"sqlite:///{tmp_path / 'h.db'}")
    clock.set_today(TODAY)
    with db.session() as s:
        c = add_contact(s, ContactInput(name="Ann Lee", tier="close"))
        s.flush()
        _log(s, c.id, TODAY - timedelta(days=3))
    with write_lock_held(tmp_path / "h.db"):  # an import holding the write lock
        started = time.monotonic()
        with db.session(write=False) as s:
            assert kept.health_summary(s)["contacts"] == 1
        assert time.monotonic() - started < 2, "it waited for the lock"
    with db.session(write=False) as s:
        assert s.query(Memo).count() == 0, "nothing kept while another wrote"
        kept.health_summary(s)
    with db.session(write=False) as s:
        assert {m.kind for m in s.query(Memo)} == {kept.HEALTH_KIND, keptfacts.KIND}
    db.dispose()


def test_a_bulk_linkedin_import_notes_every_new_contact(tmp_path: Path) -> None:
    """Hundreds of new contacts at once: noted in one statement, the trigger kept."""
    from typer.testing import CliRunner

    from conftest import app
    from kithkin.store.fts import BULK_MIN

    path = tmp_path / "k.db"
    csv = tmp_path / "Connections.csv"
    rows = [f"First{i},Last{i},,,Acme {i % 7},Engineer,01 Mar 2024" for i in range(BULK_MIN + 50)]
    csv.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        + "\n".join(rows)
        + "\n"
    )
    db = open_db(f"sqlite:///{path}")
    v = _version(db)
    run = CliRunner().invoke(app, ["--db", str(path), "import", "linkedin", str(csv)])
    assert run.exit_code == 0, run.output
    with db.session(write=False) as s:
        everyone = {cid for (cid,) in s.execute(select(Contact.id).where(~Contact.is_me))}
    assert len(everyone) == BULK_MIN + 50
    assert _touched(db, v) >= everyone
    with db.engine.connect() as conn:
        names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master")}
    assert "kith_touch_contacts_insert" in names
    db.dispose()


def test_strength_of_most_of_the_network_is_taken_from_the_kept_copy(
    db: Database, kith: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The contact list sorted by strength asks for every contact's strength by id: past
    ``WHOLE_NETWORK`` ids it is everyone's (kept with today's health, only the touched
    contacts read again), narrowed to those asked, and equal to reading them afresh, on
    the demo network after a write (1 s instead of 0.04 s at 30,000 contacts)."""
    kith.ok("demo", as_of="2026-11-02")
    clock.set_today(date(2026, 11, 2))
    with db.session() as s:
        kept.health_summary(s)
    with db.session(write=False) as s:
        all_ids = sorted(s.scalars(select(Contact.id).where(Contact.is_me.is_(False))))
    asked = all_ids[1:]  # not quite everyone: the answer is narrowed to those asked
    with db.session() as s:
        _log(s, asked[0], date(2026, 11, 2), direction="inbound")
    reads: list[Any] = []
    real = facts.load

    def spy(s: Any, today: date, contact_ids: Any = None, **kw: Any) -> Any:
        reads.append(None if contact_ids is None else sorted(contact_ids))
        return real(s, today, contact_ids, **kw)

    monkeypatch.setattr(health, "WHOLE_NETWORK", 10)
    monkeypatch.setattr(facts, "load", spy)
    with db.session(write=False) as s:
        taken = health.strength_scores(s, asked)
    assert reads == [[asked[0]]]
    monkeypatch.setattr(facts, "load", real)
    monkeypatch.setattr(health, "WHOLE_NETWORK", 10**9)
    with db.session(write=False) as s:
        assert taken == health.strength_scores(s, asked)
    assert sorted(taken) == asked and len(asked) > 100
