"""Whether two positions overlap, and which of a contact's positions is current, in
Python: the deciders :mod:`kithkin.core.book.jobs` applies to stored positions, apart
from its queries so that the rules load without SQLAlchemy (``kith show``'s quick path,
:mod:`kithkin.cli.quickshow`). Their SQL twins (``jobs.overlaps``,
``jobs.latest_in_sql``) stay beside the queries that use them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Protocol, TypeVar

# The days two positions were held at the same time; ``None`` ends are open.
Span = tuple[date | None, date | None]


def overlap(
    a_start: date | None, a_end: date | None, b_start: date | None, b_end: date | None
) -> Span | None:
    """The days both spans cover, or ``None``; a missing date is open (any time).

    Two jobs overlap unless one ended before the other started, so a position
    with no dates overlaps every other one at the organization.
    """
    start = max(a_start or date.min, b_start or date.min)
    end = min(a_end or date.max, b_end or date.max)
    if start > end:
        return None
    return (None if start == date.min else start, None if end == date.max else end)


class Held(Protocol):
    """A position as an object or a plain row: what deciding an overlap needs."""

    @property
    def org_id(self) -> int | None: ...
    @property
    def start_date(self) -> date | None: ...
    @property
    def end_date(self) -> date | None: ...


def shared_span(a: Held, b: Held) -> Span | None:
    """The days ``a`` and ``b`` were held at the same organization at once, or ``None``."""
    if a.org_id is None or a.org_id != b.org_id:
        return None  # two titles held at no organization were held at none together
    return overlap(a.start_date, a.end_date, b.start_date, b.end_date)


class Dated(Protocol):
    """A position as a row or an object: what deciding "current" and "latest" needs."""

    @property
    def id(self) -> int | None: ...
    @property
    def start_date(self) -> date | None: ...
    @property
    def end_date(self) -> date | None: ...


D = TypeVar("D", bound=Dated)


def current_of(positions: Iterable[D], today: date) -> D | None:
    """The latest-started position without an end date (or ending in the future)."""
    open_ones = [p for p in positions if p.end_date is None or p.end_date >= today]
    if not open_ones:
        return None
    return max(open_ones, key=lambda p: (p.start_date or date.min, p.id or 0))


def latest_of(positions: Sequence[D], today: date) -> D | None:
    """The current position, else the one that ended last: the title a list shows."""
    current = current_of(positions, today)
    if current is not None or not positions:
        return current
    return max(positions, key=lambda p: (p.end_date or date.min, p.id or 0))
