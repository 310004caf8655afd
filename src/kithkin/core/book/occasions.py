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

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kithkin import clock
from kithkin.core import bounds, settings
from kithkin.core.book import lookup
from kithkin.core.userinput import parse_choice
from kithkin.core.vocabulary import OccasionKind
from kithkin.store.tables import Contact, Occasion, Organization, Position

# R9: congratulate within a week; after a month it is no longer an occasion.
CONGRATULATE_DAYS = 7
OCCASION_EXPIRES = 30
# R9: a birthday is wished on the day; this many days late it is still welcome.
BIRTHDAY_LATE_DAYS = 3
# The occasion a contact's birthday makes (computed, never recorded).
BIRTHDAY = "birthday"

WORDS = {
    OccasionKind.NEW_ROLE.value: "new role",
    OccasionKind.PROMOTION.value: "promotion",
    OccasionKind.ACHIEVEMENT.value: "achievement",
    OccasionKind.ANNIVERSARY.value: "work anniversary",
    BIRTHDAY: "birthday",
}


@dataclass(frozen=True, slots=True)
class Due:
    """One occasion as the agenda and the drafts read it: its day, its window, its words."""

    on: date
    kind: str
    note: str | None
    due: date  # the day to congratulate by
    until: date  # the last day it is still an occasion
    why: str  # what the agenda prints, naming R9
    yearly: bool = False  # a birthday or a position's anniversary: back every year

    def as_dict(self) -> dict[str, str | None]:
        return {
            "kind": self.kind,
            "words": WORDS.get(self.kind, self.kind.replace("_", " ")),
            "note": self.note,
            "date": self.on.isoformat(),
        }


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


def get(s: Session, occasion_id: int) -> Occasion:
    return lookup.by_id(s, Occasion, occasion_id, "occasion")


def remove(s: Session, occasion_id: int) -> Occasion:
    """Forget a recorded occasion (a birthday or an anniversary is not recorded: edit
    the contact's birthday or the position instead)."""
    row = get(s, occasion_id)
    s.delete(row)
    s.flush()
    return row


def stored(on: date, kind: str, note: str | None) -> Due:
    """An occasion someone recorded: congratulate within a week, for up to a month."""
    what = WORDS.get(kind, kind.replace("_", " ")) + (f" ({note})" if note else "")
    return Due(
        on,
        kind,
        note,
        bounds.after(on, CONGRATULATE_DAYS),
        bounds.after(on, OCCASION_EXPIRES),
        f"R9: {what} on {on.isoformat()}; congratulate within {CONGRATULATE_DAYS} days",
    )


def birthday(on: date) -> Due:
    return Due(
        on,
        BIRTHDAY,
        None,
        on,
        bounds.after(on, BIRTHDAY_LATE_DAYS),
        f"R9: birthday on {on.isoformat()}; wish them a happy birthday on the day",
        yearly=True,
    )


def anniversary(on: date, years: int, org: str) -> Due:
    """A work anniversary is a week's occasion: weeks late, it reads as an afterthought."""
    note = f"{years} year{'s' if years != 1 else ''} at {org}"
    return Due(
        on,
        OccasionKind.ANNIVERSARY.value,
        note,
        bounds.after(on, CONGRATULATE_DAYS),
        bounds.after(on, CONGRATULATE_DAYS),
        f"R9: work anniversary on {on.isoformat()} ({note}); congratulate within "
        f"{CONGRATULATE_DAYS} days",
        yearly=True,
    )


def in_year(month: int, day: int, year: int) -> date | None:
    """The day a yearly occasion falls on in ``year``: Feb 29 is Feb 28 in other years."""
    if month == 2 and day == 29:
        try:
            return date(year, 2, 29)
        except ValueError:
            return date(year, 2, 28)
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _days_in(month: int, day: int, first: date, last: date) -> Iterator[date]:
    """Each day of a yearly occasion from ``first`` to ``last`` (inclusive)."""
    for year in range(first.year, last.year + 1):
        on = in_year(month, day, year)
        if on is not None and first <= on <= last:
            yield on


def month_day(birthday_text: str) -> tuple[int, int] | None:
    """Month and day of a stored birthday (``1980-04-15`` or year-less ``--04-15``)."""
    try:
        return int(birthday_text[-5:-3]), int(birthday_text[-2:])
    except ValueError:
        return None


def recent_occasions(
    s: Session, today: date, horizon_end: date, contact_ids: Sequence[int] | None = None
) -> dict[int, list[Due]]:
    """Per contact, the occasions that may still be congratulated up to ``horizon_end``.

    The latest recorded occasion, then the birthdays and work anniversaries that
    fall in the range (a few set-based queries, nothing per contact).
    """
    out: dict[int, list[Due]] = {}
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
    latest = {cid: (day, kind, note) for cid, day, kind, note in s.execute(q)}
    for cid, (day, kind, note) in latest.items():
        out[cid] = [stored(day, kind, note)]
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
    first = bounds.after(today, -BIRTHDAY_LATE_DAYS)
    for cid, text in s.execute(born):
        md = month_day(text)
        if md is not None:
            out.setdefault(cid, []).extend(birthday(on) for on in _days_in(*md, first, horizon_end))
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
    first = bounds.after(today, -CONGRATULATE_DAYS)
    for cid, start, org in s.execute(jobs):
        for on in _days_in(start.month, start.day, first, horizon_end):
            if on.year > start.year:
                out.setdefault(cid, []).append(anniversary(on, on.year - start.year, org))
    return {cid: sorted(dues, key=lambda d: (d.on, d.kind)) for cid, dues in out.items() if dues}


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
