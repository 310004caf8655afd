"""R13's days: when a follow-up to an event is due and when it no longer is.

Apart from :mod:`kithkin.core.book.events` (the events and who was met there, through
the session) so that the agenda's rules load without SQLAlchemy
(:mod:`kithkin.cli.quickshow`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

# R13: follow up within three days of an event; after a month the cadence rules take over.
FOLLOW_UP_DAYS = 3
FOLLOW_UP_EXPIRES = 30


def follow_up_open(held_on: date, today: date) -> bool:
    """R13: a follow-up to this event still makes sense today (held, not a month ago)."""
    return timedelta(0) <= today - held_on <= timedelta(days=FOLLOW_UP_EXPIRES)


def latest_events(
    rows: Iterable[tuple[int, date, str]], today: date, horizon_end: date
) -> dict[int, tuple[date, str]]:
    """Per contact, the latest event (date, name) whose follow-up may still be due by
    ``horizon_end``, of (contact, day held, name) rows in the order events were held."""
    first = today - timedelta(days=FOLLOW_UP_EXPIRES)
    return {cid: (day, name) for cid, day, name in rows if first <= day <= horizon_end}
