"""The calendar feed (issue 15): the agenda's plan as iCalendar, parsed back with icalendar.

Every assertion reads the document the way a calendar app would: events, UIDs,
dates, folded lines, what a hostile stored name can and cannot do.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from sqlalchemy import update
from tests.conftest import dump

from kithkin.store.db import open_db
from kithkin.store.tables import Contact, PersonalDetail

DAY = "2026-03-02"


def _add(kith, name: str, *opts: str) -> int:  # type: ignore[no-untyped-def]
    return int(kith.ok("add", name, *opts, "--json", as_of="2025-06-01").json()["id"])


@pytest.fixture
def network(kith):  # type: ignore[no-untyped-def]
    """Twelve overdue people (more than a day's budget) and one unanswered message."""
    ids = [_add(kith, f"Person {n:02d}", "--tier", "close") for n in range(12)]
    for cid in ids:
        kith.ok("log", str(cid), "--date", "2026-01-20", as_of="2026-01-20")
    kith.ok("log", str(ids[5]), "--date", "2026-02-26", "--inbound", as_of="2026-02-26")
    return ids


def _export(kith, tmp_path: Path, as_of: str = DAY) -> tuple[bytes, Calendar]:  # type: ignore[no-untyped-def]
    out = tmp_path / "agenda.ics"
    kith.ok("export", "ics", str(out), as_of=as_of)
    raw = out.read_bytes()
    return raw, Calendar.from_ical(raw)


def _events(cal: Calendar) -> dict[str, object]:
    return {str(ev["uid"]): ev for ev in cal.walk("VEVENT")}


def test_one_event_per_planned_item_with_stable_uids(kith, network, tmp_path):  # type: ignore[no-untyped-def]
    plan = kith.ok("agenda", "--days", "14", "--json", as_of=DAY).json()
    first: dict[tuple[int, str], str] = {}
    for it in plan:
        first.setdefault((it["contact_id"], it["reason"]), it["date"])
    raw, cal = _export(kith, tmp_path)
    events = _events(cal)
    assert len(events) == len(first) == len(list(cal.walk("VEVENT")))
    for (cid, reason), day in first.items():
        ev = events[f"kithkin-{cid}-{reason}@kithkin"]
        start = ev["dtstart"].dt
        assert start == date.fromisoformat(day) and not hasattr(start, "hour")
        assert ev["dtend"].dt == start + timedelta(days=1)
        assert str(ev["url"]).endswith(f"/today/{cid}")
        assert str(ev["url"]) in str(ev["description"])
    # The reply owed is one event on its first day, not one per day it stays open.
    reply = events[f"kithkin-{network[5]}-awaiting_reply@kithkin"]
    assert str(reply["summary"]) == "Reply to Person 05"
    assert reply["dtstart"].dt == date.fromisoformat(DAY)
    assert sum(1 for it in plan if it["reason"] == "awaiting_reply") > 1
    checkin = next(e for e in events.values() if str(e["summary"]).startswith("Check in with"))
    assert "since you last spoke" in str(checkin["summary"])
    assert "Draft:" in str(checkin["description"]) and "R2" in str(checkin["description"])
    # Asked again, the same day: the same bytes (nothing moved, nothing bumped).
    again, _ = _export(kith, tmp_path)
    assert again == raw


def test_sequence_and_last_modified_move_when_an_item_changes(kith, network, tmp_path, db_url):  # type: ignore[no-untyped-def]
    _, cal = _export(kith, tmp_path)
    uid = f"kithkin-{network[5]}-awaiting_reply@kithkin"
    before = _events(cal)
    assert before[uid]["sequence"] == 0
    kith.ok("edit", str(network[5]), "--name", "Person Five", as_of=DAY)
    _, cal = _export(kith, tmp_path, as_of="2026-03-03")
    after = _events(cal)
    assert str(after[uid]["summary"]) == "Reply to Person Five"
    assert after[uid]["sequence"] == 1
    assert after[uid]["last-modified"].dt > before[uid]["last-modified"].dt
    assert str(after[uid]["uid"]) == uid
    # The past is not rewritten: asking about the first day again leaves the memory alone.
    stored = dump(db_url)["feed_items"]
    _export(kith, tmp_path, as_of=DAY)
    assert dump(db_url)["feed_items"] == stored


def _store(db_url: str, cid: int, name: str, detail: str) -> None:
    """Values as an old import could have stored them (today's input cleans names)."""
    db = open_db(db_url)
    with db.session() as s:
        s.execute(update(Contact).where(Contact.id == cid).values(display_name=name))
        s.add(PersonalDetail(contact_id=cid, category="hobby", fact=detail,
                             learned_on=date(2026, 1, 1)))  # fmt: skip
    db.dispose()


HOSTILE = "Eve\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:pwned;x=1,y\rDESCRIPTION:z\n"


def test_stored_text_cannot_add_or_break_an_event(kith, network, tmp_path, db_url):  # type: ignore[no-untyped-def]
    _, clean = _export(kith, tmp_path)
    count = len(list(clean.walk("VEVENT")))
    for cid in network:
        _store(db_url, cid, HOSTILE + str(cid), "BEGIN:VEVENT\r\nUID:evil\r\n;,\\ sailing")
    raw, cal = _export(kith, tmp_path)
    assert len(list(cal.walk("VEVENT"))) == count
    assert raw.count(b"\r\nBEGIN:VEVENT\r\n") == count
    assert b"\r\nUID:evil" not in raw and b"\nSUMMARY:pwned" not in raw
    for ev in cal.walk("VEVENT"):
        assert str(ev["uid"]).startswith("kithkin-")
        summary = str(ev["summary"])
        assert "\n" not in summary and "\r" not in summary
        assert "END:VEVENT BEGIN:VEVENT SUMMARY:pwned;x=1,y DESCRIPTION:z" in summary
    text = "".join(str(ev["description"]) for ev in cal.walk("VEVENT"))
    assert "\r" not in text
    # Every physical line is CRLF-terminated; no bare CR or LF slipped through.
    assert b"\r" not in raw.replace(b"\r\n", b"") and b"\n" not in raw.replace(b"\r\n", b"")


def test_lines_fold_at_75_octets_and_unfold_to_the_text(kith, network, tmp_path, db_url):  # type: ignore[no-untyped-def]
    long = "Zoë Ångström-Łukasiewicz " + "日本語の名前" * 12
    _store(db_url, network[5], long, "a very long hobby " * 20)
    raw, cal = _export(kith, tmp_path)
    lines = raw.split(b"\r\n")
    assert max(len(ln) for ln in lines) <= 75
    assert any(ln.startswith(b" ") for ln in lines)  # something was folded
    for ln in lines:
        ln.decode("utf-8")  # a fold never splits a character
    reply = _events(cal)[f"kithkin-{network[5]}-awaiting_reply@kithkin"]
    assert str(reply["summary"]) == f"Reply to {long}"


def test_an_empty_agenda_is_a_valid_empty_calendar(kith, tmp_path):  # type: ignore[no-untyped-def]
    _, cal = _export(kith, tmp_path)
    assert list(cal.walk("VEVENT")) == []
    assert str(cal["version"]) == "2.0" and "kithkin" in str(cal["prodid"])


def test_the_feed_reads_the_draft_templates_once_and_says_the_same(  # type: ignore[no-untyped-def]
    kith, network, db_url, monkeypatch
):
    """Each planned item carries its draft: the templates are loaded and compiled once per
    feed, not once per draft (at 30,000 contacts, half of the feed's first view), and the
    feed is the same bytes as with a fresh template environment for every draft."""
    from kithkin import clock
    from kithkin.core.career import drafts
    from kithkin.core.reach import feed

    clock.set_today(date.fromisoformat(DAY))
    made: list[int] = []
    real = drafts.environment

    def counted():  # type: ignore[no-untyped-def]
        made.append(1)
        return real()

    db = open_db(db_url)
    try:
        monkeypatch.setattr(drafts, "environment", counted)
        with db.session() as s:
            once = feed.build(s, "http://127.0.0.1:8000")
        assert once.events >= 12 and len(made) == 1
        plain = drafts.draft
        monkeypatch.setattr(drafts, "draft", lambda *a, env=None, **kw: plain(*a, **kw))
        with db.session() as s:
            each = feed.build(s, "http://127.0.0.1:8000")
        assert len(made) > once.events and each.body == once.body
    finally:
        db.dispose()
