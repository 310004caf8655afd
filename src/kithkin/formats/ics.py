"""An iCalendar file (a calendar export) into meeting interactions.

Each past occurrence of an event with at least one other attendee becomes an
interaction record (channel ``meeting``): a weekly one-on-one is a conversation
every week it happened. The expansion (RRULE, RDATE, EXDATE, moved and cancelled
occurrences, time zones, several VCALENDARs in one file) is
:mod:`kithkin.formats.recurrence`, shared with the calendar sources; this module
reads the file; the rules that turn one occurrence into an interaction are
:mod:`kithkin.core.exchange.meetings`, shared with the calendar sources.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from icalendar import Calendar

from kithkin.core.exchange import meetings
from kithkin.core.exchange.incoming import Batch, InteractionRecord, Skip
from kithkin.core.userinput import email_key
from kithkin.formats import recurrence, textio
from kithkin.formats.recurrence import Occurrence

SOURCE = "ics"
_BOM = b"\xef\xbb\xbf"


def record_for(occ: Occurrence, mine: set[str]) -> InteractionRecord | str:
    """The interaction an occurrence is, or the reason it is none (the shared rules of
    :func:`kithkin.core.exchange.meetings.record_for`)."""
    return meetings.record_for(occ, mine, SOURCE)


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
    data = textio.utf8(data, name)  # a UTF-16 file (its byte-order mark says so) as UTF-8
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    calendars, expansion = recurrence.read(data, name)
    return interactions(calendars, name, me, today, batch, expansion)
