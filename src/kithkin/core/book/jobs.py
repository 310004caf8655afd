"""Positions: who worked where and when, and the colleagues that follow from it.

"Colleagues at Acme" is never typed by hand: it is everyone whose position at
Acme overlapped one of the user's own positions there. Whether two positions
overlap is decided here only, once for Python (:func:`~kithkin.core.book.spans.shared_span`)
and once for SQL (:func:`overlaps`), so R1's first touch, ``kith who``, the drafts and
``kith list --colleagues-at`` all agree on who worked together.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from kithkin import clock
from kithkin.core.book import lookup, orgs
from kithkin.core.book.spans import Span as Span
from kithkin.core.book.spans import current_of as current_of
from kithkin.core.book.spans import latest_of as latest_of
from kithkin.core.book.spans import overlap as overlap
from kithkin.core.book.spans import shared_span as shared_span
from kithkin.errors import BadInput
from kithkin.store.tables import Contact, Position


def overlaps(a: type[Position], b: type[Position]) -> ColumnElement[bool]:
    """:func:`overlap` in SQL, for two aliases of :class:`Position` (same organization
    is the caller's join)."""
    return and_(
        or_(a.start_date.is_(None), b.end_date.is_(None), a.start_date <= b.end_date),
        or_(b.start_date.is_(None), a.end_date.is_(None), b.start_date <= a.end_date),
    )


def latest_in_sql(today: date, contact_ids: Any = None) -> Select[Any]:
    """:func:`latest_of` in SQL: each contact's one latest position, as
    ``(contact_id, org_id, title)`` rows, for lists of any length.

    ``contact_ids`` (a list or a query of ids) narrows the positions before they are
    ranked: the window would otherwise rank every position on record."""
    current = or_(Position.end_date.is_(None), Position.end_date >= today)
    rank = (
        func.row_number()
        .over(
            partition_by=Position.contact_id,
            order_by=(
                case((current, 1), else_=0).desc(),
                case((current, Position.start_date), else_=Position.end_date).desc().nulls_last(),
                Position.id.desc(),
            ),
        )
        .label("rank")
    )
    ranked_q = select(Position.contact_id, Position.org_id, Position.title, rank)
    if contact_ids is not None:
        ranked_q = ranked_q.where(Position.contact_id.in_(contact_ids))
    ranked = ranked_q.subquery()
    return select(ranked.c.contact_id, ranked.c.org_id, ranked.c.title).where(ranked.c.rank == 1)


def current_position(contact: Contact) -> Position | None:
    return current_of(contact.positions, clock.today())


def latest_position(contact: Contact) -> Position | None:
    return latest_of(contact.positions, clock.today())


def add_position(
    s: Session,
    contact: Contact,
    org_name: str,
    title: str | None,
    start: date | None,
    end: date | None,
    source: str = "manual",
) -> Position:
    if start is not None and end is not None and end < start:
        raise BadInput(f"end date {end} is before start date {start}")
    org = orgs.find_or_create(s, org_name)
    undated = next(
        (
            p
            for p in contact.positions
            if p.org_id == org.id and p.start_date is None and p.end_date is None
        ),
        None,
    )
    if undated is not None and (start is not None or end is not None):
        # "Works at Acme" (from `add --org`) and "Acme since 2019" are the same job.
        undated.start_date, undated.end_date = start, end
        undated.title = title or undated.title
        s.flush()
        return undated
    position = Position(
        contact_id=contact.id,
        org_id=org.id,
        title=title,
        start_date=start,
        end_date=end,
        source=source,
    )
    s.add(position)
    s.flush()
    s.refresh(contact, ["positions"])
    return position


def set_current_position(
    s: Session, contact: Contact, org_name: str, title: str | None, source: str = "manual"
) -> Position:
    """Record that the contact now works at ``org_name``.

    Same organization: the title is updated. Another one: the old current
    position ends today and a new one starts today.
    """
    org = orgs.find_or_create(s, org_name)
    current = current_position(contact)
    if current is not None and (current.org_id == org.id or current.org_id is None):
        # The same job, or the organization of a title held at none known until now.
        current.org_id = org.id
        if title:
            current.title = title
        s.flush()
        s.expire(current, ["org"])
        return current
    today = clock.today()
    start: date | None = None
    if current is not None:
        current.end_date = today
        start = today
    return add_position(s, contact, org.name, title, start, None, source=source)


def add_title(s: Session, contact: Contact, title: str, source: str = "manual") -> Position:
    """A current job known by its title alone, at no organization given."""
    position = Position(contact_id=contact.id, org_id=None, title=title, source=source)
    s.add(position)
    s.flush()
    s.refresh(contact, ["positions"])
    return position


def colleague_ids(s: Session, org_id: int, me_id: int | None = None) -> list[int]:
    """Contacts whose position at ``org_id`` overlapped one of the user's there."""
    mine = aliased(Position)
    theirs = aliased(Position)
    me_filter = Contact.is_me.is_(True) if me_id is None else Contact.id == me_id
    q = (
        select(theirs.contact_id)
        .join(mine, and_(mine.org_id == theirs.org_id, overlaps(mine, theirs)))
        .join(Contact, Contact.id == mine.contact_id)
        .where(theirs.org_id == org_id, me_filter, theirs.contact_id != mine.contact_id)
        .distinct()
    )
    return list(s.scalars(q))


def get_position(s: Session, position_id: int) -> Position:
    return lookup.by_id(s, Position, position_id, "position")


def edit_position(
    s: Session,
    position_id: int,
    org_name: str | None = None,
    title: str | None = None,
    start: date | None = None,
    end: date | None = None,
    current: bool = False,
) -> Position:
    """Correct a position; ``current`` clears its end (the job goes on).

    Colleagues, R1's first touches and the anniversaries (R9) follow from
    positions, so they change with it.
    """
    p = get_position(s, position_id)
    if current and end is not None:
        raise BadInput("a position is either current or has an end date, not both")
    new_start = start if start is not None else p.start_date
    new_end = None if current else (end if end is not None else p.end_date)
    if new_start is not None and new_end is not None and new_end < new_start:
        raise BadInput(f"end date {new_end} is before start date {new_start}")
    if org_name is not None:
        if not org_name.strip():
            raise BadInput("a position needs an organization")
        p.org_id = orgs.find_or_create(s, org_name).id
    if title is not None:
        p.title = title.strip() or None
    p.start_date, p.end_date = new_start, new_end
    s.flush()
    s.expire(p, ["org"])
    return p


def remove_position(s: Session, position_id: int) -> Position:
    p = get_position(s, position_id)
    s.delete(p)
    s.flush()
    return p
