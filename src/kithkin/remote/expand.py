"""Calendar bytes a server sent into a :class:`~kithkin.core.sync.ports.CalendarItem`:
the expansion every calendar shares (:mod:`kithkin.formats.recurrence`)."""

from __future__ import annotations

from datetime import date

from kithkin.core.sync.ports import CalendarItem
from kithkin.errors import BadInput
from kithkin.formats import recurrence

_BOM = b"\xef\xbb\xbf"
NOT_MALFORMED = ("cancelled",)  # left out on purpose, not because it was broken


def item(href: str, etag: str | None, data: bytes, until: date, name: str) -> CalendarItem:
    """Every occurrence before ``until``; what is broken is listed in ``skipped``."""
    out = CalendarItem(href, etag)
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    try:
        calendars, found = recurrence.read(data, name)
    except BadInput as exc:
        out.skipped.append(str(exc).split(": ", 1)[-1])
        return out
    for cal in calendars:
        for event in cal.walk("VEVENT"):
            if event.get("RRULE") is not None or event.get("RDATE") is not None:
                out.repeats = True
    recurrence.expand(calendars, until, found)
    out.occurrences.extend(found.occurrences)
    out.skipped.extend(
        left.reason.split(" (", 1)[0] for left in found.left if left.reason not in NOT_MALFORMED
    )
    return out
