"""One contact's facts as the rules see them: the record every rule reads.

It stands apart from the queries that fill it (:mod:`kithkin.core.agenda.facts`,
and :mod:`kithkin.core.agenda.ownfacts` for one contact's own rows) so that the rules
load without SQLAlchemy: ``kith show`` answers before the application loads
(:mod:`kithkin.cli.quickshow`) with the same rules as every other face.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kithkin.core.vocabulary import TWO_WAY_CHANNELS

# Health: frequency, depth and mutuality look back a year.
YEAR_DAYS = 365
# A meeting counts more than a message, a message more than a like: the two-way
# channels (R7) are the heavy ones.
HEAVY_CHANNELS = tuple(sorted(TWO_WAY_CHANNELS))


@dataclass(slots=True)
class Facts:
    """One contact as the rules see it."""

    contact_id: int
    name: str
    tier: str
    cadence_days: int | None
    preferred_channel: str | None
    do_not_contact: bool
    paused: bool
    snoozed_until: date | None
    reset_on: date | None
    min_interval_days: int | None
    created_on: date
    last_in: date | None = None  # last inbound conversation (not a like)
    # Last outbound conversation, or a two-way one they started (see _talked_back).
    last_out: date | None = None
    gives: int = 0  # my outbound gives in the recent window (R4)
    asks: int = 0  # my outbound asks in the recent window
    last_in_channel: str | None = None
    # Follow-ups (see :func:`add_follow_ups`); until loaded they read as zero.
    followed_up: bool = False
    last_light: date | None = None  # last like or comment after the last conversation (R10)
    light_after: int = 0  # likes/comments since the last conversation (R10)
    # One-way outbound conversations since their last answer, the last two-way
    # conversation (a call, a meeting...) or a reset (R7).
    unanswered: int = 0
    # The next meeting planned with them, from a calendar source (holds back a check-in).
    next_meeting: date | None = None
    # Health (only filled when asked for).
    year_heavy: int = 0
    year_medium: int = 0
    year_light: int = 0
    year_in: int = 0
    year_out: int = 0

    @property
    def last_conv(self) -> date | None:
        """The last conversation in either direction."""
        if self.last_in is None or (self.last_out is not None and self.last_out > self.last_in):
            return self.last_out
        return self.last_in
