"""The range of every date and number kithkin stores: one home, checked on the way in.

A value accepted once is read by every agenda, page and export afterwards, so a
date in the year 9999 or a cadence of three million days used to break the agenda
for the whole database. Each face hands what the user typed to the domain, which
refuses a value outside these ranges in one line before anything is written; the
importers drop (and count) file dates outside them. The rules' own date arithmetic
goes through :func:`after`, which stops at the ends of the calendar instead of
raising, so a value stored by an older version cannot break a read either.
"""

from __future__ import annotations

from datetime import date, timedelta

from kithkin.errors import BadInput

# Dates kithkin keeps: a birth year, a job begun long ago, a snooze years ahead.
EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)

# Days between touches, minimum intervals and tier cadences: at most ~27 years.
MAX_DAYS = 10_000
# Counts the user sets (the daily budget, a list's limit): at most this many.
MAX_COUNT = 10_000
# A snooze hides someone for at most ten years; for good is a pause.
MAX_SNOOZE_DAYS = 3_653


class OutOfRange(BadInput):
    """A well-formed value outside the range kithkin keeps."""


def in_range(day: date) -> bool:
    return EARLIEST <= day <= LATEST


def check_date(day: date, what: str = "date") -> date:
    """``day`` if kithkin keeps such a date, else a one-line refusal."""
    if not in_range(day):
        raise OutOfRange(f"{what} {day.isoformat()} is outside {EARLIEST.year}-{LATEST.year}")
    return day


def check_days(value: int | None, what: str) -> int | None:
    """A positive number of days up to :data:`MAX_DAYS` (``None`` passes)."""
    if value is not None and not 0 < value <= MAX_DAYS:
        raise OutOfRange(f"{what} must be between 1 and {MAX_DAYS} days, not {_short(value)}")
    return value


def check_count(value: int | None, what: str, *, lowest: int = 1) -> int | None:
    """A whole number from ``lowest`` up to :data:`MAX_COUNT` (``None`` passes)."""
    if value is not None and not lowest <= value <= MAX_COUNT:
        raise OutOfRange(f"{what} must be between {lowest} and {MAX_COUNT}, not {_short(value)}")
    return value


def after(day: date, days: int) -> date:
    """``day`` plus ``days`` (negative: before), stopping at the calendar's ends."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def _short(value: int) -> str:
    """A number for a message: a 300-digit one is not echoed whole."""
    text = str(value)
    return text if len(text) <= 20 else f"{text[:8]}...({len(text)} digits)"
