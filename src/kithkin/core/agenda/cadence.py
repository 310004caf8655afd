"""When someone is due: first touch after a shared job (R1), cadence (R2), channel
(R3), dormancy (R6) and light touches (R10).

Pure date arithmetic over :class:`~kithkin.core.agenda.facts.Facts`, plus one query
for R1 (the user's positions against everyone else's at the same organizations).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Protocol

from kithkin.core import bounds
from kithkin.core.agenda.factrecord import Facts
from kithkin.core.book.spans import overlap
from kithkin.core.vocabulary import Channel

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# R1: a first contact is due this many days after a shared job ends...
FIRST_TOUCH_DAYS = 30
# ...and after this many days without one, the cadence rules take over (R2, R6).
FIRST_TOUCH_EXPIRES = 90
# R10: each like or comment since the last conversation delays the due date by
# cadence // LIGHT_FRACTION days, at most LIGHT_MAX times (one cadence in all).
LIGHT_FRACTION = 4
LIGHT_MAX = 4
# R6: dormant after more than this many cadences without a conversation.
DORMANT_FACTOR = 2


class Tracked(Protocol):
    """What R2 reads of a contact: a stored :class:`Contact` or its :class:`Facts`."""

    @property
    def cadence_days(self) -> int | None: ...

    @property
    def tier(self) -> str: ...


def effective_cadence(c: Tracked, tiers: dict[str, int | None]) -> int | None:
    """R2: the contact's own cadence, else its tier's; ``None`` means untracked.

    ``tiers`` are the user's tier cadences (:func:`kithkin.core.settings.tier_cadences`).
    """
    return c.cadence_days or tiers.get(c.tier)


def anchor(f: Facts) -> date:
    """The last conversation, or the day the contact was added when there was none."""
    return f.last_conv or f.created_on


def light_delay(f: Facts, cadence: int) -> int:
    """R10: days that likes and comments since the last conversation add to the cadence."""
    return (cadence // LIGHT_FRACTION) * min(f.light_after, LIGHT_MAX)


def due_date(f: Facts, cadence: int) -> date:
    """R2 + R10: last conversation + cadence, pushed a little by each light touch since."""
    return bounds.after(anchor(f), cadence + light_delay(f, cadence))


def dormant_from(f: Facts, cadence: int) -> date:
    """R6: the first day the gap since the last conversation passes twice the cadence.

    The one definition of dormancy: the agenda's ``reconnect`` window, the health
    state and the drafts' ``dormant`` fact all ask it. A touch is a conversation
    (PRODUCT R6 "not touched", R10: a like is no conversation), measured from the
    day the contact was added when there was none; working together is not a
    touch here, because R1 already asks for one when a shared job ends.
    """
    return bounds.after(anchor(f), DORMANT_FACTOR * cadence + 1)


def dormant_on(f: Facts, cadence: int, day: date) -> bool:
    """R6: on ``day``, more than twice the cadence without a conversation."""
    return day >= dormant_from(f, cadence)


def held_until(f: Facts) -> date | None:
    """A meeting planned with them holds back their check-in (R1, R2, R4, R6) until
    after it: you will talk then. The last day it is held, or ``None``."""
    return f.next_meeting


def channel_for(f: Facts, first_touch: bool = False) -> str:
    """R3: email for the first touch after a departure, later the preferred channel."""
    if first_touch:
        return Channel.EMAIL.value
    return f.preferred_channel or Channel.EMAIL.value


def shared_job_ends(s: Session, today: date) -> dict[int, tuple[date, str]]:
    """R1: for each colleague, the latest end of a job shared with the user, and where
    (:func:`shared_ends` of the user's positions against everyone's at the same
    organizations, where either has ended)."""
    # The query's names load here: the rule above loads without SQLAlchemy.
    from sqlalchemy import select
    from sqlalchemy.orm import aliased

    from kithkin.store.tables import Contact, Organization, Position

    mine, theirs = aliased(Position), aliased(Position)
    me = aliased(Contact)
    q = (
        select(
            theirs.contact_id,
            mine.start_date,
            mine.end_date,
            theirs.start_date,
            theirs.end_date,
            Organization.name,
        )
        .join(mine, mine.org_id == theirs.org_id)
        .join(me, me.id == mine.contact_id)
        .join(Organization, Organization.id == theirs.org_id)
        .where(
            me.is_me.is_(True),
            theirs.contact_id != me.id,
            (mine.end_date.is_not(None)) | (theirs.end_date.is_not(None)),
        )
    )
    return shared_ends(s.execute(q).tuples(), today)


SharedJobs = Iterable[tuple[int, date | None, date | None, date | None, date | None, str]]


def shared_ends(rows: SharedJobs, today: date) -> dict[int, tuple[date, str]]:
    """R1 over (contact, my start, my end, their start, their end, organization) rows
    of positions at one organization: per contact, the latest end of a job shared with
    the user, and where.

    A shared job ends when either side leaves: the earlier of the two end dates
    of overlapping positions at one organization. Only ends that still matter
    (from FIRST_TOUCH_EXPIRES days ago on) are returned; future ends are kept
    so that a planned departure shows up in the plan.
    """
    oldest = today - timedelta(days=FIRST_TOUCH_EXPIRES)
    out: dict[int, tuple[date, str]] = {}
    for cid, m_start, m_end, t_start, t_end, org in rows:
        span = overlap(m_start, m_end, t_start, t_end)
        if span is None or span[1] is None:
            continue  # never there at the same time (or not ended)
        end = span[1]
        if end < oldest:
            continue
        if cid not in out or end > out[cid][0]:
            out[cid] = (end, org)
    return out
