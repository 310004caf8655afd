"""The snooze choices every page offers, as dates counted from today."""

from __future__ import annotations

from datetime import timedelta

from kithkin import clock

SPANS = [
    (1, "until tomorrow"),
    (3, "for 3 days"),
    (7, "for a week"),
    (14, "for 2 weeks"),
    (30, "for a month"),
]


def snooze_choices() -> list[tuple[str, str]]:
    """``(ISO date, label)`` pairs; the form posts the date, so it means what it said."""
    today = clock.today()
    return [((today + timedelta(days=n)).isoformat(), label) for n, label in SPANS]
