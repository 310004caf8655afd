"""Positions: who worked where and when, and the colleagues that follow from it.

"Colleagues at Acme" is never typed by hand: it is everyone whose position at
Acme overlapped one of the user's own positions there.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, aliased

from kithkin import clock
from kithkin.core.book import orgs
from kithkin.errors import BadInput
from kithkin.store.tables import Contact, Position


def current_position(contact: Contact) -> Position | None:
    """The latest position without an end date (or ending in the future)."""
    today = clock.today()
    open_ones = [p for p in contact.positions if p.end_date is None or p.end_date >= today]
    if not open_ones:
        return None
    return max(open_ones, key=lambda p: (p.start_date or date.min, p.id or 0))


def latest_position(contact: Contact) -> Position | None:
    """The current position, else the one that ended last."""
    current = current_position(contact)
    if current is not None or not contact.positions:
        return current
    return max(contact.positions, key=lambda p: (p.end_date or date.min, p.id or 0))


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
    if current is not None and current.org_id == org.id:
        if title:
            current.title = title
        return current
    today = clock.today()
    start: date | None = None
    if current is not None:
        current.end_date = today
        start = today
    return add_position(s, contact, org.name, title, start, None, source=source)


def colleague_ids(s: Session, org_id: int, me_id: int | None = None) -> list[int]:
    """Contacts whose position at ``org_id`` overlapped one of the user's there."""
    mine = aliased(Position)
    theirs = aliased(Position)
    me_filter = Contact.is_me.is_(True) if me_id is None else Contact.id == me_id
    overlap = and_(
        or_(
            theirs.start_date.is_(None), mine.end_date.is_(None), theirs.start_date <= mine.end_date
        ),
        or_(
            mine.start_date.is_(None), theirs.end_date.is_(None), mine.start_date <= theirs.end_date
        ),
    )
    q = (
        select(theirs.contact_id)
        .join(mine, and_(mine.org_id == theirs.org_id, overlap))
        .join(Contact, Contact.id == mine.contact_id)
        .where(theirs.org_id == org_id, me_filter, theirs.contact_id != mine.contact_id)
        .distinct()
    )
    return list(s.scalars(q))
