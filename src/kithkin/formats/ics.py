"""An iCalendar file (a calendar export) into meeting interactions.

Each past event with at least one other attendee becomes an interaction record
(channel ``meeting``), keyed by its UID and start so that an exported calendar
re-imported later adds nothing. Recurring events count once, at their first
start (occurrences are not expanded). Cancelled events are left out.
"""

from __future__ import annotations

from datetime import date, datetime, time

from icalendar import Calendar

from kithkin.core.exchange.incoming import Batch, InteractionRecord, Party, Skip
from kithkin.core.vocabulary import Channel, Direction
from kithkin.errors import BadInput

SOURCE = "ics"


def _address(value: object) -> str:
    v = str(value or "").strip()
    if v.lower().startswith("mailto:"):
        v = v[7:]
    return v.strip().lower()


def _start(value: object) -> tuple[date, time | None] | None:
    if isinstance(value, datetime):
        return value.date(), value.time().replace(microsecond=0, tzinfo=None)
    if isinstance(value, date):
        return value, None
    return None


def parse(data: bytes, name: str, me: set[str], today: date,
          batch: Batch | None = None) -> Batch:  # fmt: skip
    batch = batch or Batch(source=SOURCE)
    if b"BEGIN:VCALENDAR" not in data[:4096].upper():
        raise BadInput(f"{name}: not an iCalendar file (no BEGIN:VCALENDAR)")
    try:
        cal = Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError) as exc:
        raise BadInput(f"{name}: not a readable iCalendar file ({exc})") from None
    mine = {m.strip().lower() for m in me}
    starts = [i for i, ln in enumerate(data.splitlines(), 1)
              if ln.strip().upper() == b"BEGIN:VEVENT"]  # fmt: skip
    for k, event in enumerate(cal.walk("VEVENT")):
        n = starts[k] if k < len(starts) else k + 1
        summary = " ".join(str(event.get("SUMMARY") or "").split()) or None
        where = f"event {summary!r}" if summary else "event"
        dtstart = event.get("DTSTART")
        start = _start(dtstart.dt) if dtstart is not None else None
        if start is None:
            batch.skipped.append(Skip(n, f"{where}: no start", name))
            continue
        if start[0] >= today:
            continue  # not happened yet
        if str(event.get("STATUS") or "").upper() == "CANCELLED":
            batch.skipped.append(Skip(n, f"{where}: cancelled", name))
            continue
        organizer = _address(event.get("ORGANIZER"))
        attendees = event.get("ATTENDEE") or []
        if not isinstance(attendees, list):
            attendees = [attendees]
        people: dict[str, str | None] = {}
        for a in attendees:
            addr = _address(a)
            cn = getattr(a, "params", {}).get("CN")
            if "@" in addr and addr not in mine:
                people.setdefault(addr, str(cn) if cn else None)
        if organizer and organizer not in mine and "@" in organizer:
            cn = getattr(event.get("ORGANIZER"), "params", {}).get("CN")
            people.setdefault(organizer, str(cn) if cn else None)
        if not people:
            batch.skipped.append(Skip(n, f"{where}: nobody but you", name))
            continue
        uid = str(event.get("UID") or f"{summary}|{start[0]}")
        batch.interactions.append(
            InteractionRecord(
                line=n,
                source=SOURCE,
                source_key=f"{uid}|{start[0].isoformat()}",
                occurred_on=start[0],
                occurred_at=start[1],
                channel=Channel.MEETING,
                direction=Direction.OUTBOUND if organizer in mine else Direction.INBOUND,
                parties=[Party(name=cn, email=a) for a, cn in people.items()],
                subject=summary,
            )
        )
    return batch
