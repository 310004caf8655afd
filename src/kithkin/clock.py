"""The one "today" every rule reads.

Dates are the heart of kithkin, so no rule calls ``date.today()`` itself: they all
ask this module, which honours ``--as-of`` (via :func:`set_today`) and the
``KITH_AS_OF`` environment variable. Tests fix the day; users can ask "what would
my agenda have been last Tuesday?".
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time

_fixed: date | None = None


def set_today(day: date | None) -> None:
    """Fix today's date for this process (``None`` goes back to the real clock)."""
    global _fixed
    _fixed = day


def today() -> date:
    """Return the date all rules take as today."""
    if _fixed is not None:
        return _fixed
    env = os.environ.get("KITH_AS_OF")
    if env:
        return date.fromisoformat(env)
    return date.today()


def now() -> datetime:
    """The instant to stamp things with (UTC, whole seconds).

    The real time; while ``--as-of`` fixes the day, midnight UTC of that day, so
    that what a fixed day produces (a calendar feed, a digest) is reproducible.
    """
    day = today()
    real = datetime.now(UTC).replace(microsecond=0)
    if day == real.date() and _fixed is None and not os.environ.get("KITH_AS_OF"):
        return real
    return datetime.combine(day, time(0, 0), tzinfo=UTC)
