"""R8 follow up promptly: an inbound message with no reply is the top item.

A message is one-way: a call, a meeting, a video call or an event they started was a
conversation both ways (``vocabulary.TWO_WAY_CHANNELS``), so the facts loader counts
it as your side too and nothing waits for a reply.

The rule's numbers and its test live here and nowhere else: the facts loader
asks :func:`awaiting_reply` which channels to read, the windows, the planner and
the health states ask it who is waiting. It depends on nothing but two dates, so
every layer can import it without a cycle.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Protocol

from kithkin.core import bounds

# A reply is due this many days after the message arrived...
REPLY_DAYS = 2
# ...and after a month the thread has gone quiet and the cadence rules take over.
REPLY_EXPIRES = 30
# So an R8 window spans at most this many days after it starts.
REPLY_SPAN = REPLY_EXPIRES - REPLY_DAYS


class Thread(Protocol):
    """The two dates R8 reads (a contact's :class:`~kithkin.core.agenda.facts.Facts`)."""

    @property
    def last_in(self) -> date | None: ...

    @property
    def last_out(self) -> date | None: ...


def awaiting_reply(f: Thread, today: date | None) -> bool:
    """They wrote within the last month and have not heard back (``today=None``: ever)."""
    return (
        f.last_in is not None
        and (f.last_out is None or f.last_in > f.last_out)
        and (today is None or (today - f.last_in).days <= REPLY_EXPIRES)
    )


def oldest_waiting(today: date) -> date:
    """The earliest day an unanswered message can have arrived and still wait for a reply."""
    return today - timedelta(days=REPLY_EXPIRES)


def reply_window(f: Thread) -> tuple[date, date]:
    """From the day a reply is due to the day the thread has gone quiet (inclusive)."""
    assert f.last_in is not None
    return bounds.after(f.last_in, REPLY_DAYS), bounds.after(f.last_in, REPLY_EXPIRES)
