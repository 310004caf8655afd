"""The agenda as an iCalendar document, for any calendar app to subscribe to.

Each entry of the next 14 days (:mod:`.entries`) is one all-day event. Its UID
is the contact and the reason, so that when the plan moves an item a calendar
app moves the event instead of adding a second one; ``SEQUENCE`` and
``LAST-MODIFIED`` move when what the event says changes (``feed_items``
remembers what each UID said last), and an event that leaves the plan simply
leaves the document.

Text comes from stored names and notes, so it is cleaned before the
``icalendar`` library escapes and folds it: no control character, a summary on
one line. A name holding ``\\r\\nBEGIN:VEVENT`` stays text inside one property.

The document is a pure function of the stored data and the day (every stamp is
a stored ``modified_at``), so equal data gives equal bytes and equal ETags.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kithkin import clock
from kithkin.core.reach.entries import FEED_DAYS, Entry, draft_opening, one_line, upcoming
from kithkin.store.tables import FeedItem

PRODID = "-//kithkin//agenda feed//EN"
CALNAME = "kithkin: whom to contact"
# How often a calendar should look again; a look that finds nothing new costs a 304.
REFRESH = timedelta(hours=1)
# How long an event that left the feed is remembered (a calendar polls far more often).
FORGET_AFTER = timedelta(days=90)


@dataclass(frozen=True)
class Feed:
    body: bytes
    etag: str
    last_modified: datetime  # aware UTC
    events: int


def _text(value: str) -> str:
    """Multi-line text without control characters (CR and CR LF become LF)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in value if ch in "\n\t" or ch.isprintable())


def description(entry: Entry, link: str) -> str:
    parts = [entry.why]
    if entry.draft:
        parts.append("Draft:\n" + draft_opening(entry.draft))
    parts.append(link)
    return _text("\n\n".join(parts))


def _fingerprint(entry: Entry) -> str:
    """What a calendar shows of the event, link excepted (it depends on the address asked)."""
    basis = [entry.day.isoformat(), entry.summary, entry.why, entry.draft or ""]
    return hashlib.sha256(json.dumps(basis).encode()).hexdigest()[:32]


def _naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC)


def _remember(s: Session, entries: list[Entry]) -> dict[str, FeedItem]:
    """Each UID's sequence and stamp, bumped where the event changed.

    Written only when the clock is not behind what is stored (asking about the
    past with ``--as-of`` never rewrites what calendars were told).
    """
    now = _naive(clock.now())
    rows = {r.uid: r for r in s.scalars(select(FeedItem))}
    newest = max((r.modified_at for r in rows.values()), default=None)
    writable = newest is None or now >= newest
    out: dict[str, FeedItem] = {}
    for e in entries:
        fp = _fingerprint(e)
        row = rows.get(e.uid)
        if row is None:
            row = FeedItem(uid=e.uid, fingerprint=fp, sequence=0, modified_at=now, listed=True)
            if writable:
                s.add(row)
        elif row.fingerprint != fp or not row.listed:
            if writable:
                row.fingerprint, row.sequence = fp, row.sequence + 1
                row.modified_at, row.listed = now, True
            else:
                row = FeedItem(uid=e.uid, fingerprint=fp, sequence=row.sequence + 1,
                               modified_at=now, listed=True)  # fmt: skip
        out[e.uid] = row
    if writable:
        for uid, row in rows.items():
            if uid not in out and row.listed:
                row.listed, row.modified_at = False, now
        s.execute(
            delete(FeedItem).where(
                FeedItem.listed.is_(False), FeedItem.modified_at < now - FORGET_AFTER
            )
        )
        s.flush()
    return out


def _last_modified(s: Session, rows: dict[str, FeedItem]) -> datetime:
    stamps = [r.modified_at for r in rows.values()]
    stamps += list(s.scalars(select(FeedItem.modified_at).where(FeedItem.listed.is_(False))))
    return (
        _aware(max(stamps))
        if stamps
        else datetime.combine(clock.today(), datetime.min.time(), tzinfo=UTC)
    )


def build(s: Session, base_url: str, days: int = FEED_DAYS) -> Feed:
    """The calendar of the next ``days`` days, links under ``base_url`` (the web UI)."""
    _, entries = upcoming(s, days)
    rows = _remember(s, entries)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", CALNAME)
    cal.add("x-wr-caldesc", "The people kithkin suggests you contact, day by day.")
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal["x-published-ttl"] = "PT1H"  # Outlook's name for the same; not a typed property
    base = base_url.rstrip("/")
    for e in entries:
        row = rows[e.uid]
        link = base + e.path
        ev = Event()
        ev.add("uid", f"{e.uid}@kithkin")
        ev.add("dtstamp", _aware(row.modified_at))
        ev.add("last-modified", _aware(row.modified_at))
        ev.add("sequence", row.sequence)
        ev.add("dtstart", e.day)
        ev.add("dtend", e.day + timedelta(days=1))
        ev.add("summary", one_line(e.summary))
        ev.add("description", description(e, link))
        ev.add("url", link)
        ev.add("transp", "TRANSPARENT")
        ev.add("categories", [f"kithkin {e.item['rule']}"])
        cal.add_component(ev)
    body = cal.to_ical()
    etag = '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
    return Feed(body, etag, _last_modified(s, rows), len(entries))
