"""R9 occasions: reasons to congratulate, as the agenda reads them.

Occasions are written by ``kith occasion add`` and by re-imports that notice a
new company or title. Two more come from what is already known, never stored,
so they follow every edit: a contact's birthday (from a vCard, a Google or
Outlook CSV) and the anniversary of the start of each current position. Those
two are for the people you keep in touch with (a tracked tier or cadence), so a
large import does not turn into a wall of anniversaries; a birthday is personal
and skipped for a professional-only contact unless the ``birthday.professional``
setting says otherwise (R5). A birthday is wished on the day (Feb 29 on Feb 28
in other years) and a few days late still counts; a work anniversary is
congratulated within the week, and is no longer an occasion after it. R13's events live in
:mod:`kithkin.core.book.events`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kithkin import clock
from kithkin.core import bounds, settings
from kithkin.core.book import lookup
from kithkin.core.book.occasiondays import BIRTHDAY as BIRTHDAY
from kithkin.core.book.occasiondays import BIRTHDAY_LATE_DAYS as BIRTHDAY_LATE_DAYS
from kithkin.core.book.occasiondays import CONGRATULATE_DAYS as CONGRATULATE_DAYS
from kithkin.core.book.occasiondays import OCCASION_EXPIRES as OCCASION_EXPIRES
from kithkin.core.book.occasiondays import WORDS as WORDS
from kithkin.core.book.occasiondays import Due as Due
from kithkin.core.book.occasiondays import anniversary as anniversary
from kithkin.core.book.occasiondays import birthday as birthday
from kithkin.core.book.occasiondays import dues
from kithkin.core.book.occasiondays import in_year as in_year
from kithkin.core.book.occasiondays import month_day as month_day
from kithkin.core.book.occasiondays import stored as stored
from kithkin.core.userinput import parse_choice
from kithkin.core.vocabulary import OccasionKind
from kithkin.errors import BadInput
from kithkin.store.tables import Contact, Occasion, Organization, Position


def add(
    s: Session,
    contact: Contact,
    kind: str,
    on: date | None = None,
    note: str | None = None,
    source: str = "manual",
) -> Occasion:
    k = parse_choice(kind, OccasionKind, "occasion kind").value
    row = Occasion(
        contact_id=contact.id, kind=k, occurred_on=on or clock.today(), note=note, source=source
    )
    s.add(row)
    s.flush()
    return row


def record(
    s: Session, contact: Contact, kind: str, on: date | None = None, note: str | None = None
) -> Occasion:
    """An occasion the user enters (``kith occasion add``, the API): something that has
    happened, so a future date is refused as a typo, as ``kith log`` refuses one."""
    if on is not None and on > clock.today():
        raise BadInput(
            f"date {on.isoformat()} is in the future; record an occasion once it has happened"
        )
    return add(s, contact, kind, on, note)


def get(s: Session, occasion_id: int) -> Occasion:
    return lookup.by_id(s, Occasion, occasion_id, "occasion")


def remove(s: Session, occasion_id: int) -> Occasion:
    """Forget a recorded occasion (a birthday or an anniversary is not recorded: edit
    the contact's birthday or the position instead)."""
    row = get(s, occasion_id)
    s.delete(row)
    s.flush()
    return row


def recent_occasions(
    s: Session, today: date, horizon_end: date, contact_ids: Sequence[int] | None = None
) -> dict[int, list[Due]]:
    """Per contact, the occasions that may still be congratulated up to ``horizon_end``
    (:func:`~kithkin.core.book.occasiondays.dues` of a few set-based queries, nothing
    per contact): the latest recorded occasion, then the birthdays and work
    anniversaries of the people kept in touch with."""
    q = (
        select(Occasion.contact_id, Occasion.occurred_on, Occasion.kind, Occasion.note)
        .where(
            Occasion.occurred_on >= bounds.after(today, -OCCASION_EXPIRES),
            Occasion.occurred_on <= horizon_end,
        )
        .order_by(Occasion.occurred_on, Occasion.id)
    )
    if contact_ids is not None:
        q = q.where(Occasion.contact_id.in_(list(contact_ids)))
    recorded = s.execute(q).tuples().all()
    tiers = settings.tier_cadences(s)
    tracked_tiers = [t for t, every in tiers.items() if every is not None]
    tracked = or_(Contact.tier.in_(tracked_tiers), Contact.cadence_days.is_not(None))
    who = [Contact.is_me.is_(False), tracked, Contact.do_not_contact.is_(False)]
    if contact_ids is not None:
        who.append(Contact.id.in_(list(contact_ids)))
    personal_too = settings.birthdays_of_professional_only(s)
    born = select(Contact.id, Contact.birthday).where(Contact.birthday.is_not(None), *who)
    if not personal_too:
        born = born.where(Contact.professional_only.is_(False))
    jobs = (
        select(Position.contact_id, Position.start_date, Organization.name)
        .join(Contact, Contact.id == Position.contact_id)
        .join(Organization, Organization.id == Position.org_id)
        .where(
            Position.start_date.is_not(None),
            or_(Position.end_date.is_(None), Position.end_date >= today),
            *who,
        )
    )
    born_rows, job_rows = s.execute(born).tuples().all(), s.execute(jobs).tuples().all()
    return dues(recorded, born_rows, job_rows, today, horizon_end)


def current(s: Session, contact_id: int, today: date) -> Due | None:
    """The occasion to congratulate today: open, the earliest due; else the last recorded one."""
    found = recent_occasions(s, today, today, [contact_id]).get(contact_id, [])
    open_now = [d for d in found if d.on <= today <= d.until]
    if open_now:
        return min(open_now, key=lambda d: (d.due, d.on))
    row = s.scalars(
        select(Occasion)
        .where(Occasion.contact_id == contact_id, Occasion.occurred_on <= today)
        .order_by(Occasion.occurred_on.desc(), Occasion.id.desc())
        .limit(1)
    ).first()
    return stored(row.occurred_on, row.kind, row.note) if row is not None else None
