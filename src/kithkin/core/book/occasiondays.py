"""R9's days: when each occasion is to be congratulated, and until when.

Apart from :mod:`kithkin.core.book.occasions` (which reads and writes them through the
session) so that the agenda's rules load without SQLAlchemy
(:mod:`kithkin.cli.quickshow`); :func:`dues` is what both make of the rows they read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from kithkin.core import bounds
from kithkin.core.vocabulary import OccasionKind

# R9: congratulate within a week; after a month it is no longer an occasion.
CONGRATULATE_DAYS = 7
OCCASION_EXPIRES = 30
# R9: a birthday is wished on the day; this many days late it is still welcome.
BIRTHDAY_LATE_DAYS = 3
# The occasion a contact's birthday makes (computed, never recorded).
BIRTHDAY = "birthday"

WORDS = {
    OccasionKind.NEW_ROLE.value: "new role",
    OccasionKind.PROMOTION.value: "promotion",
    OccasionKind.ACHIEVEMENT.value: "achievement",
    OccasionKind.ANNIVERSARY.value: "work anniversary",
    BIRTHDAY: "birthday",
}


@dataclass(frozen=True, slots=True)
class Due:
    """One occasion as the agenda and the drafts read it: its day, its window, its words."""

    on: date
    kind: str
    note: str | None
    due: date  # the day to congratulate by
    until: date  # the last day it is still an occasion
    why: str  # what the agenda prints, naming R9
    yearly: bool = False  # a birthday or a position's anniversary: back every year

    def as_dict(self) -> dict[str, str | None]:
        return {
            "kind": self.kind,
            "words": WORDS.get(self.kind, self.kind.replace("_", " ")),
            "note": self.note,
            "date": self.on.isoformat(),
        }


def stored(on: date, kind: str, note: str | None) -> Due:
    """An occasion someone recorded: congratulate within a week, for up to a month."""
    what = WORDS.get(kind, kind.replace("_", " ")) + (f" ({note})" if note else "")
    return Due(
        on,
        kind,
        note,
        bounds.after(on, CONGRATULATE_DAYS),
        bounds.after(on, OCCASION_EXPIRES),
        f"R9: {what} on {on.isoformat()}; congratulate within {CONGRATULATE_DAYS} days",
    )


def birthday(on: date) -> Due:
    return Due(
        on,
        BIRTHDAY,
        None,
        on,
        bounds.after(on, BIRTHDAY_LATE_DAYS),
        f"R9: birthday on {on.isoformat()}; wish them a happy birthday on the day",
        yearly=True,
    )


def anniversary(on: date, years: int, org: str) -> Due:
    """A work anniversary is a week's occasion: weeks late, it reads as an afterthought."""
    note = f"{years} year{'s' if years != 1 else ''} at {org}"
    return Due(
        on,
        OccasionKind.ANNIVERSARY.value,
        note,
        bounds.after(on, CONGRATULATE_DAYS),
        bounds.after(on, CONGRATULATE_DAYS),
        f"R9: work anniversary on {on.isoformat()} ({note}); congratulate within "
        f"{CONGRATULATE_DAYS} days",
        yearly=True,
    )


def in_year(month: int, day: int, year: int) -> date | None:
    """The day a yearly occasion falls on in ``year``: Feb 29 is Feb 28 in other years."""
    if month == 2 and day == 29:
        try:
            return date(year, 2, 29)
        except ValueError:
            return date(year, 2, 28)
    try:
        return date(year, month, day)
    except ValueError:
        return None


def days_in(month: int, day: int, first: date, last: date) -> Iterator[date]:
    """Each day of a yearly occasion from ``first`` to ``last`` (inclusive)."""
    for year in range(first.year, last.year + 1):
        on = in_year(month, day, year)
        if on is not None and first <= on <= last:
            yield on


def month_day(birthday_text: str) -> tuple[int, int] | None:
    """Month and day of a stored birthday (``1980-04-15`` or year-less ``--04-15``)."""
    try:
        return int(birthday_text[-5:-3]), int(birthday_text[-2:])
    except ValueError:
        return None


def dues(
    recorded: Iterable[tuple[int, date, str, str | None]],
    born: Iterable[tuple[int, str | None]],
    started: Iterable[tuple[int, date | None, str]],
    today: date,
    horizon_end: date,
) -> dict[int, list[Due]]:
    """Per contact, the occasions that may still be congratulated up to ``horizon_end``:
    the latest of the ``recorded`` ones (contact, day, kind, note; in the order they
    happened, from ``OCCASION_EXPIRES`` days ago on), then the birthdays (contact,
    stored birthday) and the anniversaries of the positions ``started`` (contact, start,
    organization) that fall in the range, for the contacts whose birthdays and current
    positions were read (:func:`kithkin.core.book.occasions.recent_occasions`)."""
    out: dict[int, list[Due]] = {}
    latest = {cid: (day, kind, note) for cid, day, kind, note in recorded}
    for cid, (day, kind, note) in latest.items():
        out[cid] = [stored(day, kind, note)]
    first = bounds.after(today, -BIRTHDAY_LATE_DAYS)
    for cid, text in born:
        md = month_day(text) if text is not None else None
        if md is not None:
            out.setdefault(cid, []).extend(birthday(on) for on in days_in(*md, first, horizon_end))
    first = bounds.after(today, -CONGRATULATE_DAYS)
    for cid, start, org in started:
        if start is None:
            continue
        for on in days_in(start.month, start.day, first, horizon_end):
            if on.year > start.year:
                out.setdefault(cid, []).append(anniversary(on, on.year - start.year, org))
    return {cid: sorted(ds, key=lambda d: (d.on, d.kind)) for cid, ds in out.items() if ds}


def of_one(
    recorded: Sequence[tuple[date, str, str | None]],
    birthday: str | None,
    positions: Sequence[tuple[date | None, date | None, str]],
    *,
    tracked: bool,
    do_not_contact: bool,
    personal: bool,
    today: date,
    horizon_end: date,
) -> list[Due]:
    """:func:`dues` of one contact, from all its rows: its ``recorded`` occasions (day,
    kind, note; in the order they happened), its stored ``birthday``, its ``positions``
    (start, end, organization), whether it is ``tracked`` (a tier with a cadence, or its
    own), marked do-not-contact, and whether its birthday is ``personal`` enough to wish
    (not professional-only, or the setting says so). The conditions
    :func:`kithkin.core.book.occasions.recent_occasions` asks of the network in SQL."""
    first = bounds.after(today, -OCCASION_EXPIRES)
    kept = tracked and not do_not_contact
    found = dues(
        [(0, on, kind, note) for on, kind, note in recorded if first <= on <= horizon_end],
        [(0, birthday)] if kept and personal and birthday is not None else [],
        [
            (0, start, org)
            for start, end, org in positions
            if kept and start is not None and (end is None or end >= today)
        ],
        today,
        horizon_end,
    )
    return found.get(0, [])
