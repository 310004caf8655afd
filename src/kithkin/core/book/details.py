"""Personal details (R5) and relationship types with their history (R12)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from kithkin import clock
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
