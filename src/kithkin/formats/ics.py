"""An iCalendar file (a calendar export) into meeting interactions.

Each past occurrence of an event with at least one other attendee becomes an
interaction record (channel ``meeting``): a weekly one-on-one is a conversation
every week it happened. The expansion (RRULE, RDATE, EXDATE, moved and cancelled
occurrences, time zones, several VCALENDARs in one file) is
:mod:`kithkin.formats.recurrence`, shared with the calendar sources; this module
holds only the rules that turn one occurrence into an interaction, kept apart in
:func:`record_for` so that a source can apply them to the calendars it fetched.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from icalendar import Calendar, Component

from kithkin.core.exchange.incoming import Batch, InteractionRecord, Party, Skip
from kithkin.core.userinput import email_key
from kithkin.core.vocabulary import Channel, Direction
from kithkin.formats import recurrence
from kithkin.formats.recurrence import Occurrence

SOURCE = "ics"
_BOM = b"\xef\xbb\xbf"


def _address(value: object) -> str:
    """The normalised address of a ``mailto:`` value, or "" when it is none."""
    v = str(value or "").strip()
    if v.lower().startswith("mailto:"):
        v = v[7:]
    return email_key(v) or ""


def _cn(value: object) -> str | None:
    cn = getattr(value, "params", {}).get("CN")
    return " ".join(str(cn).split()) or None if cn else None


def parties(event: Component, mine: set[str]) -> tuple[list[Party], bool]:
    """The other people of an event (attendees and organizer, never the user), and
    whether the user organised it."""
    organizer = event.get("ORGANIZER")
    if isinstance(organizer, list):
        organizer = organizer[0] if organizer else None
    org_addr = _address(organizer)
    attendees = event.get("ATTENDEE") or []
    if not isinstance(attendees, list):
        attendees = [attendees]
    people: dict[str, str | None] = {}
    for a in attendees:
        addr = _address(a)
        if addr and addr not in mine:
            people.setdefault(addr, _cn(a))
    if org_addr and org_addr not in mine:
        people.setdefault(org_addr, _cn(organizer))
    return [Party(name=cn, email=a) for a, cn in people.items()], org_addr in mine


def record_for(occ: Occurrence, mine: set[str]) -> InteractionRecord | str:
    """The interaction an occurrence is, or the reason it is none."""
    people, organised = parties(occ.event, mine)
    if not people:
        return "nobody but you"
    return InteractionRecord(
        line=occ.line,
        source=SOURCE,
        source_key=occ.key,
        occurred_on=occ.day,
        occurred_at=occ.at,
        channel=Channel.MEETING,
        direction=Direction.OUTBOUND if organised else Direction.INBOUND,
        parties=people,
        subject=recurrence.summary_of(occ.event),
    )


def interactions(calendars: Iterable[Calendar], name: str, me: set[str], today: date,
                 batch: Batch, expansion: recurrence.Expansion | None = None) -> Batch:  # fmt: skip
    """Calendars already parsed (a file, or what a CalDAV source fetched) into ``batch``."""
    mine = {k for k in (email_key(m) for m in me) if k}
    found = recurrence.expand(calendars, today, expansion)
    for left in found.left:
        batch.skipped.append(Skip(left.line, f"{_where(left.summary)}: {left.reason}", name))
    told: set[tuple[int, str]] = set()  # a reason once per component, not once per week
    for occ in found.occurrences:
        rec = record_for(occ, mine)
        if isinstance(rec, str):
            if (occ.line, rec) not in told:
                told.add((occ.line, rec))
                batch.skipped.append(
                    Skip(occ.line, f"{_where(recurrence.summary_of(occ.event))}: {rec}", name)
                )
            continue
        batch.interactions.append(rec)
    batch.warnings.extend(f"{name}: {n}" for n in found.notes)
    return batch


def _where(summary: str | None) -> str:
    return f"event {summary!r}" if summary else "event"


def parse(data: bytes, name: str, me: set[str], today: date,
          batch: Batch | None = None) -> Batch:  # fmt: skip
    """Bytes of an .ics file into meeting records; exit 2 only for a file that is not a
    calendar at all, a broken event is skipped with its reason."""
    batch = batch or Batch(source=SOURCE)
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    calendars, expansion = recurrence.read(data, name)
    return interactions(calendars, name, me, today, batch, expansion)
