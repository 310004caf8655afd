"""Personal details (R5) and relationship types with their history (R12)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from kithkin import clock
from kithkin.core.book import lookup
from kithkin.core.userinput import parse_choice
from kithkin.core.vocabulary import DetailCategory, Tie
from kithkin.errors import BadInput
from kithkin.store.tables import Contact, PersonalDetail, Relationship


def add_detail(
    s: Session, contact: Contact, category: str, fact: str, learned_on: date | None = None
) -> PersonalDetail:
    cat = parse_choice(category, DetailCategory, "detail category").value
    if not fact.strip():
        raise BadInput("a personal detail needs some text")
    detail = PersonalDetail(
        contact_id=contact.id,
        category=cat,
        fact=fact.strip(),
        learned_on=learned_on or clock.today(),
    )
    s.add(detail)
    s.flush()
    return detail


def set_tie(s: Session, contact: Contact, tie: str, since: date | None = None) -> Relationship:
    """Record the contact's current tie to the user; the previous one ends, kept as history."""
    kind = parse_choice(tie, Tie, "relationship type").value
    start = since or clock.today()
    for r in contact.relationships:
        if r.until is None and r.type != kind and r.since is not None and start < r.since:
            # It would end the current tie before it began: a period upside down.
            raise BadInput(
                f"{kind} since {start} is before the current tie ({r.type} since {r.since}) "
                f"began; date it on or after {r.since}, or correct that period",
                hint=f"kith tie edit {r.id} --since DATE",
            )
    for r in contact.relationships:
        if r.until is None:
            if r.type == kind:
                return r
            r.until = start
    rel = Relationship(contact_id=contact.id, type=kind, since=start)
    s.add(rel)
    s.flush()
    s.refresh(contact, ["relationships"])
    return rel


def current_ties(contact: Contact) -> list[str]:
    return [r.type for r in contact.relationships if r.until is None]


def get_detail(s: Session, detail_id: int) -> PersonalDetail:
    return lookup.by_id(s, PersonalDetail, detail_id, "personal detail")


def edit_detail(
    s: Session,
    detail_id: int,
    category: str | None = None,
    fact: str | None = None,
    learned_on: date | None = None,
) -> PersonalDetail:
    d = get_detail(s, detail_id)
    cat = parse_choice(category, DetailCategory, "detail category").value if category else None
    if fact is not None and not fact.strip():
        raise BadInput("a personal detail needs some text")
    if cat is not None:
        d.category = cat
    if fact is not None:
        d.fact = fact.strip()
    if learned_on is not None:
        d.learned_on = learned_on
    s.flush()
    return d


def remove_detail(s: Session, detail_id: int) -> PersonalDetail:
    d = get_detail(s, detail_id)
    s.delete(d)
    s.flush()
    return d


def get_tie(s: Session, tie_id: int) -> Relationship:
    return lookup.by_id(s, Relationship, tie_id, "tie")


def edit_tie(
    s: Session,
    tie_id: int,
    tie: str | None = None,
    since: date | None = None,
    until: date | None = None,
    current: bool = False,
) -> Relationship:
    """R12: correct one period of a tie (its type, since, until; ``current`` reopens it)."""
    r = get_tie(s, tie_id)
    if current and until is not None:
        raise BadInput("a tie is either current or has an end date, not both")
    kind = parse_choice(tie, Tie, "relationship type").value if tie else r.type
    new_since = since if since is not None else r.since
    new_until = None if current else (until if until is not None else r.until)
    if new_since is not None and new_until is not None and new_until < new_since:
        raise BadInput(f"end date {new_until} is before start date {new_since}")
    r.type, r.since, r.until = kind, new_since, new_until
    s.flush()
    return r


def remove_tie(s: Session, tie_id: int) -> Relationship:
    """Forget one period of a tie; the history before it stays as it was."""
    r = get_tie(s, tie_id)
    s.delete(r)
    s.flush()
    return r
