"""What the stored history says about each contact, from a few set-based queries.

The agenda and the health score read the same per-contact facts (last touch in
each direction, recent gives and asks, unanswered outreach...). They come from
the copies of each interaction's date, direction, nature and channel kept on its links
(:class:`~kithkin.store.tables.InteractionContact`): a contact's last touch
each way is one index seek, the recent give/ask balance one index range per
nature, so a 50,000-person network answers without reading its million
interactions. Never a per-contact round trip; everything here is portable
SQLAlchemy (SQLite and PostgreSQL alike).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Column, Date, Integer, and_, case, false, func, or_, select, true
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from kithkin.core.agenda import replies
from kithkin.core.agenda.factrecord import HEAVY_CHANNELS as HEAVY_CHANNELS
from kithkin.core.agenda.factrecord import YEAR_DAYS as YEAR_DAYS
from kithkin.core.agenda.factrecord import Facts as Facts
from kithkin.core.agenda.reciprocity import RECENT_DAYS
from kithkin.core.vocabulary import TWO_WAY_CHANNELS, Direction, Nature
from kithkin.store.scratch import temp_table
from kithkin.store.tables import Contact, InteractionContact, UpcomingMeeting

_CHUNK = 4000


def _rows(s: Session, q: Any) -> Any:
    """Rows of a column query through the session's connection (Core, not the ORM).

    These queries select columns, never entities, so the ORM's loading machinery
    only costs time: at 50,000 contacts it was a fifth of the agenda. Anything
    the session holds unflushed is flushed first, as ``Session.execute`` would.
    """
    s.flush()
    return s.connection().execute(q)


def _count_when(cond: ColumnElement[bool]) -> Any:
    return func.count(case((cond, 1)))


Link = InteractionContact


def _last_touch(direction: Direction, today: date) -> Any:
    """The contact's last conversation (not a like) that way: one seek in the touch index."""
    return (
        select(func.max(Link.occurred_on))
        .where(
            Link.contact_id == Contact.id,
            Link.light == false(),
            Link.direction == direction.value,
            Link.occurred_on <= today,
        )
        .correlate(Contact)
        .scalar_subquery()
    )


def load(
    s: Session,
    today: date,
    contact_ids: Sequence[int] | None = None,
    *,
    health: bool = False,
    follow_ups: bool = True,
    reply_channels: bool = True,
    threads_only: bool = False,
) -> dict[int, Facts]:
    """Facts for every contact (never the user), or for ``contact_ids``.

    One query reads the contacts with their last touch each way (two index
    seeks each), one more the recent gives and asks. ``follow_ups`` adds R7 and
    R10 counts (:func:`add_follow_ups`); the agenda leaves them out and asks
    for them only for the few contacts it shows. ``threads_only``: only the last
    touch each way, as R8 reads it (a sync asks whether replies are owed), without
    the gives and asks, nor the next meetings, nor what ``health`` adds.
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
        _last_touch(Direction.INBOUND, today),
        _last_touch(Direction.OUTBOUND, today),
    ).where(Contact.is_me.is_(False))
    if contact_ids is not None:
        if not contact_ids:
            return {}
        people = people.where(Contact.id.in_(list(contact_ids)))
    out: dict[int, Facts] = {}
    # One object per distinct tier, channel, day or number: the driver makes one per
    # row, and at 50,000 contacts the copies were a quarter of the facts' memory.
    kept: dict[Any, Any] = {}
    same = kept.setdefault
    for cid, name, tier, every, channel, dnc, paused, *rest in _rows(s, people):
        out[cid] = Facts(
            cid,
            name,
            same(tier, tier),
            every,
            same(channel, channel),
            bool(dnc),
            bool(paused),
            *[same(v, v) for v in rest],
        )
    if not out:
        return out
    if not threads_only:
        for cid, gives, asks in _rows(s, _balance(today, contact_ids)):
            f = out.get(cid)
            if f is not None:
                f.gives, f.asks = gives, asks
    _talked_back(s, [f for f in out.values() if replies.awaiting_reply(f, today)], today)
    if threads_only:
        return out
    if health:
        for row in _rows(s, _health_aggregate(today, contact_ids)):
            f = out.get(row[0])
            if f is not None:
                f.year_heavy, f.year_medium, f.year_light, f.year_in, f.year_out = row[1:6]
    for cid, day in _rows(s, _next_meetings(today, contact_ids)):
        f = out.get(cid)
        if f is not None:
            f.next_meeting = day
    if follow_ups:
        add_follow_ups(s, list(out.values()), today)
    if reply_channels:
        add_reply_channels(s, list(out.values()), today)
    return out


def _talked_back(s: Session, waiting: list[Facts], today: date) -> None:
    """R8/R7: a call, a video call, a meeting or an event they started is a conversation
    both ways, not a message waiting for a reply: you spoke too, that day.

    Only the few contacts whose last inbound conversation looks unanswered are read.
    """
    for start in range(0, len(waiting), _CHUNK):
        chunk = {f.contact_id: f for f in waiting[start : start + _CHUNK]}
        q = (
            select(Link.contact_id, func.max(Link.occurred_on))
            .where(
                Link.contact_id.in_(list(chunk)),
                Link.light == false(),
                Link.direction == Direction.INBOUND.value,
                Link.occurred_on <= today,
                Link.occurred_on >= replies.oldest_waiting(today),
                Link.channel.in_(TWO_WAY_CHANNELS),
            )
            .group_by(Link.contact_id)
        )
        for cid, day in _rows(s, q):
            f = chunk[cid]
            if f.last_in is not None and day >= f.last_in:
                f.last_out = day


def add_reply_channels(s: Session, facts: list[Facts], today: date) -> None:
    """R8: the channel of each unanswered message of the last month (reply where they wrote)."""
    _reply_channels(s, [f for f in facts if replies.awaiting_reply(f, today)], today)


def _next_meetings(today: date, contact_ids: Sequence[int] | None) -> Any:
    """The first meeting planned with each contact from today on (a small table: the
    calendar sources keep only the coming weeks in it)."""
    q = (
        select(UpcomingMeeting.contact_id, func.min(UpcomingMeeting.day))
        .where(UpcomingMeeting.day >= today)
        .group_by(UpcomingMeeting.contact_id)
    )
    if contact_ids is not None:
        q = q.where(UpcomingMeeting.contact_id.in_(list(contact_ids)))
    return q


def _balance(today: date, contact_ids: Sequence[int] | None) -> Any:
    """R4: my outbound gives and asks of the recent window, per contact.

    Everyone: one range per nature in the balance index. Likes and comments are
    neutral (``model.KINDS``), so no lightness test is needed and the index covers
    it all. A few contacts (the ones a write touched): their own links, found by the
    touch index, without naming the natures, which would send the query through the
    balance index's whole range.
    """
    counts = (
        Link.contact_id,
        _count_when(Link.nature == Nature.GIVE.value),
        _count_when(Link.nature == Nature.ASK.value),
    )
    recent = (
        Link.occurred_on >= today - timedelta(days=RECENT_DAYS),
        Link.occurred_on <= today,
        Link.direction == Direction.OUTBOUND.value,
    )
    if contact_ids is not None:
        return (
            select(*counts)
            .where(Link.contact_id.in_(list(contact_ids)), *recent)
            .group_by(Link.contact_id)
        )
    return (
        select(*counts)
        .where(Link.nature.in_((Nature.GIVE.value, Nature.ASK.value)), *recent)
        .group_by(Link.contact_id)
    )


def _health_aggregate(today: date, contact_ids: Sequence[int] | None) -> Any:
    """Health: a year of touches per contact by depth and direction (one index scan)."""
    light = Link.light == true()
    conv = Link.light == false()
    heavy = Link.channel.in_(HEAVY_CHANNELS)
    q = (
        select(
            Link.contact_id,
            _count_when(and_(conv, heavy)),
            _count_when(and_(conv, ~heavy)),
            _count_when(light),
            _count_when(and_(conv, Link.direction == Direction.INBOUND.value)),
            _count_when(and_(conv, Link.direction == Direction.OUTBOUND.value)),
        )
        .where(Link.occurred_on <= today, Link.occurred_on >= today - timedelta(days=YEAR_DAYS))
        .group_by(Link.contact_id)
    )
    if contact_ids is not None:
        q = q.where(Link.contact_id.in_(list(contact_ids)))
    return q


def add_follow_ups(s: Session, facts: Iterable[Facts], today: date) -> None:
    """R7 and R10 counts: interactions after an anchor date taken from :func:`load`.

    Likes and comments after the last conversation (R10), and outbound
    conversations after their last answer or a ``kith reset`` (R7). Both are
    counted in SQL against a temporary table of per-contact anchors. Only
    one-way outreach waits for an answer: a call, a video call, a meeting or an
    event (:data:`~kithkin.core.vocabulary.TWO_WAY_CHANNELS`), whichever way it
    went, answers every outreach up to its day, so what it answers is not counted.
    """
    todo = [f for f in facts if not f.followed_up]
    for f in todo:
        f.followed_up = True
        f.last_light, f.light_after, f.unanswered = None, 0, 0
    rows = [
        (f.contact_id, f.last_conv or date.min, max(f.last_in or date.min, f.reset_on or date.min))
        for f in todo
    ]
    if not rows:
        return
    by_id = {f.contact_id: f for f in todo}
    light = Link.light == true()
    columns: list[Column[Any]] = [
        Column("cid", Integer, primary_key=True),
        Column("la", Date),
        Column("sa", Date),
    ]
    with temp_table(s, "kith_anchors", columns, rows) as anchors:
        q = (
            select(
                anchors.c.cid,
                func.max(case((and_(light, Link.occurred_on > anchors.c.la), Link.occurred_on))),
                _count_when(and_(light, Link.occurred_on > anchors.c.la)),
                _count_when(
                    and_(
                        ~light,
                        Link.direction == Direction.OUTBOUND.value,
                        Link.occurred_on > anchors.c.sa,
                        Link.channel.not_in(TWO_WAY_CHANNELS),
                        ~_answered_by_conversation(today),
                    )
                ),
            )
            .select_from(anchors)
            .join(Link, Link.contact_id == anchors.c.cid)
            .where(
                or_(Link.occurred_on > anchors.c.la, Link.occurred_on > anchors.c.sa),
                Link.occurred_on <= today,
            )
            .group_by(anchors.c.cid)
        )
        # Row by row while the table lives: at 50,000 contacts a list of the rows
        # was ten megabytes held at once, on top of everyone's facts.
        for cid, last_light, n_light, n_out in _rows(s, q):
            f = by_id[cid]
            f.last_light, f.light_after, f.unanswered = last_light, int(n_light), int(n_out)


def _answered_by_conversation(today: date) -> Any:
    """R7: a two-way conversation with the contact on or after this link's day.

    Two seeks in the touch index (one per direction), and only for the few
    outreaches after the anchor that the count reads.
    """
    talk = aliased(Link)
    return (
        select(talk.interaction_id)
        .where(
            talk.contact_id == Link.contact_id,
            talk.light == false(),
            talk.direction.in_((Direction.INBOUND.value, Direction.OUTBOUND.value)),
            talk.occurred_on >= Link.occurred_on,
            talk.occurred_on <= today,
            talk.channel.in_(TWO_WAY_CHANNELS),
        )
        .exists()
    )


def _reply_channels(s: Session, waiting: list[Facts], today: date) -> None:
    """R8: reply where they wrote; the channel of each unanswered message."""
    for start in range(0, len(waiting), _CHUNK):
        chunk = {f.contact_id: f for f in waiting[start : start + _CHUNK]}
        q = (
            select(Link.contact_id, Link.occurred_on, Link.channel)
            .where(  # a range of the touch index per contact
                Link.contact_id.in_(list(chunk)),
                Link.light == false(),
                Link.direction == Direction.INBOUND.value,
                Link.occurred_on <= today,
                Link.occurred_on >= replies.oldest_waiting(today),
            )
            .order_by(Link.occurred_on, Link.interaction_id)
        )
        for cid, day, channel in _rows(s, q):
            if day == chunk[cid].last_in:
                chunk[cid].last_in_channel = channel
