"""What the stored history says about each contact, from a few aggregate queries.

The agenda and the health score read the same per-contact facts (last touch in
each direction, recent gives and asks, unanswered outreach...). They are computed
in SQL with GROUP BY over ``interaction_contacts`` joined to ``interactions``,
never with a per-contact loop, so that a 50,000-person network answers in about
the time of one scan. Everything here is portable SQLAlchemy (SQLite and
PostgreSQL alike).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Date, Integer, and_, case, column, func, or_, select, values
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from kithkin.core.model import LIGHT_KINDS, Direction, Nature
from kithkin.store.tables import Contact, Interaction, InteractionContact

# R4: the balance of gives and asks looks back this far.
RECENT_DAYS = 180
# Health: frequency, depth and mutuality look back a year.
YEAR_DAYS = 365
# A meeting counts more than a message, a message more than a like.
HEAVY_CHANNELS = ("meeting", "call", "video", "event")
_CHUNK = 4000


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
    last_conv: date | None = None  # last conversation, either direction (not a like)
    last_in: date | None = None  # last inbound conversation
    last_out: date | None = None  # last outbound conversation
    last_light: date | None = None  # last like or comment (R10)
    gives: int = 0  # my outbound gives in the recent window (R4)
    asks: int = 0  # my outbound asks in the recent window
    in_gives: int = 0  # what they gave me
    in_asks: int = 0  # what they asked of me
    light_after: int = 0  # likes/comments since the last conversation (R10)
    unanswered: int = 0  # outbound conversations since their last answer or a reset (R7)
    last_in_channel: str | None = None
    # Health (only filled when asked for).
    year_heavy: int = 0
    year_medium: int = 0
    year_light: int = 0
    year_in: int = 0
    year_out: int = 0


def _max_when(cond: ColumnElement[bool]) -> Any:
    return func.max(case((cond, Interaction.occurred_on)))


def _count_when(cond: ColumnElement[bool]) -> Any:
    return func.count(case((cond, 1)))


def load(
    s: Session,
    today: date,
    contact_ids: Sequence[int] | None = None,
    *,
    health: bool = False,
    details: bool = True,
) -> dict[int, Facts]:
    """Facts for every contact (never the user), or for ``contact_ids``.

    ``details`` adds the two follow-up counts (R7 unanswered outreach, R10 likes
    since the last conversation) and the channel of an unanswered message (R8),
    each from one more query over the few contacts where they can matter.
    """
    people = select(
        Contact.id,
        Contact.display_name,
        Contact.tier,
        Contact.cadence_days,
        Contact.preferred_channel,
        Contact.do_not_contact,
        Contact.paused,
        Contact.snoozed_until,
        Contact.reset_on,
        Contact.min_interval_days,
        Contact.created_on,
    ).where(Contact.is_me.is_(False))
    if contact_ids is not None:
        if not contact_ids:
            return {}
        people = people.where(Contact.id.in_(list(contact_ids)))
    out = {
        r[0]: Facts(r[0], r[1], r[2], r[3], r[4], bool(r[5]), bool(r[6]), r[7], r[8], r[9], r[10])
        for r in s.execute(people)
    }
    if not out:
        return out
    for row in s.execute(_aggregate(today, contact_ids, health)):
        f = out.get(row[0])
        if f is None:
            continue
        (
            f.last_conv,
            f.last_in,
            f.last_out,
            f.last_light,
            f.gives,
            f.asks,
            f.in_gives,
            f.in_asks,
        ) = row[1:9]
        if health:
            f.year_heavy, f.year_medium, f.year_light, f.year_in, f.year_out = row[9:14]
    if details:
        _follow_ups(s, out.values(), today)
        _reply_channels(
            s,
            [
                f
                for f in out.values()
                if f.last_in and (f.last_out is None or f.last_in > f.last_out)
            ],
            today,
        )
    return out


def _aggregate(today: date, contact_ids: Sequence[int] | None, health: bool) -> Any:
    i = Interaction
    light = i.kind.in_(LIGHT_KINDS)
    conv = i.kind.not_in(LIGHT_KINDS)
    inbound = i.direction == Direction.INBOUND.value
    outbound = i.direction == Direction.OUTBOUND.value
    recent = i.occurred_on >= today - timedelta(days=RECENT_DAYS)
    cols: list[Any] = [
        InteractionContact.contact_id,
        _max_when(conv),
        _max_when(and_(conv, inbound)),
        _max_when(and_(conv, outbound)),
        _max_when(light),
        _count_when(and_(recent, outbound, i.nature == Nature.GIVE.value)),
        _count_when(and_(recent, outbound, i.nature == Nature.ASK.value)),
        _count_when(and_(recent, inbound, i.nature == Nature.GIVE.value)),
        _count_when(and_(recent, inbound, i.nature == Nature.ASK.value)),
    ]
    if health:
        year = i.occurred_on >= today - timedelta(days=YEAR_DAYS)
        heavy = i.channel.in_(HEAVY_CHANNELS)
        cols += [
            _count_when(and_(year, conv, heavy)),
            _count_when(and_(year, conv, ~heavy)),
            _count_when(and_(year, light)),
            _count_when(and_(year, conv, inbound)),
            _count_when(and_(year, conv, outbound)),
        ]
    q = (
        select(*cols)
        .join(i, i.id == InteractionContact.interaction_id)
        .where(i.occurred_on <= today)
        .group_by(InteractionContact.contact_id)
    )
    if contact_ids is not None:
        q = q.where(InteractionContact.contact_id.in_(list(contact_ids)))
    return q


def _follow_ups(s: Session, facts: Iterable[Facts], today: date) -> None:
    """R7 and R10 counts, for the contacts where they can be non-zero.

    Each count is "interactions after an anchor date", the anchor coming from the
    first query, so they are computed against a VALUES list of anchors.
    """
    rows: list[tuple[int, date, date]] = []
    for f in facts:
        light_anchor = f.last_conv or date.min
        answer = max(f.last_in or date.min, f.reset_on or date.min)
        needs_light = f.last_light is not None and f.last_light > light_anchor
        needs_streak = f.last_out is not None and f.last_out > answer
        if needs_light or needs_streak:
            rows.append(
                (
                    f.contact_id,
                    light_anchor if needs_light else date.max,
                    answer if needs_streak else date.max,
                )
            )
    if not rows:
        return
    by_id = {f.contact_id: f for f in facts}
    i = Interaction
    light = i.kind.in_(LIGHT_KINDS)
    for start in range(0, len(rows), _CHUNK):
        chunk = rows[start : start + _CHUNK]
        anchors = (
            values(column("cid", Integer), column("la", Date), column("sa", Date), name="anchors")
            .data(chunk)
            .cte("anchors")
        )
        q = (
            select(
                anchors.c.cid,
                _count_when(and_(light, i.occurred_on > anchors.c.la)),
                _count_when(
                    and_(
                        ~light,
                        i.direction == Direction.OUTBOUND.value,
                        i.occurred_on > anchors.c.sa,
                    )
                ),
            )
            .select_from(anchors)
            .join(InteractionContact, InteractionContact.contact_id == anchors.c.cid)
            .join(i, i.id == InteractionContact.interaction_id)
            .where(
                or_(i.occurred_on > anchors.c.la, i.occurred_on > anchors.c.sa),
                i.occurred_on <= today,
            )
            .group_by(anchors.c.cid)
        )
        for cid, n_light, n_out in s.execute(q):
            f = by_id[cid]
            f.light_after, f.unanswered = int(n_light), int(n_out)


def _reply_channels(s: Session, waiting: list[Facts], today: date) -> None:
    """R8: reply where they wrote; the channel of each unanswered message."""
    i = Interaction
    for start in range(0, len(waiting), _CHUNK):
        chunk = {f.contact_id: f for f in waiting[start : start + _CHUNK]}
        q = (
            select(InteractionContact.contact_id, i.occurred_on, i.channel)
            .join(i, i.id == InteractionContact.interaction_id)
            .where(
                InteractionContact.contact_id.in_(list(chunk)),
                i.direction == Direction.INBOUND.value,
                i.kind.not_in(LIGHT_KINDS),
                i.occurred_on <= today,
            )
            .order_by(i.occurred_on, i.id)
        )
        for cid, day, channel in s.execute(q):
            if day == chunk[cid].last_in:
                chunk[cid].last_in_channel = channel
