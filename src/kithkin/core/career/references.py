"""R15 references and rehire eligibility.

Former bosses and mentors serve as references: who agreed, for what, when each
was last asked and for which role. One person asked more than twice within six
months is being over-used (seed 004: "always strive to be on good terms with
former bosses, as they will likely serve as references"), so asking a third time
warns. Each ask is also an interaction of kind ``reference_ask`` (R4: an ask).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kithkin import clock
from kithkin.core.agenda import reciprocity
from kithkin.core.book import interactions, orgs
from kithkin.core.book.interactions import InteractionInput
from kithkin.core.vocabulary import Direction
from kithkin.errors import BadInput
from kithkin.store.tables import Contact, Organization, ReferenceAgreement, ReferenceAsk

OVERUSE_ASKS = 2  # more than this many asks ...
OVERUSE_MONTHS = 6  # ... within this many months warns

REHIRE_ANSWERS = {"yes": True, "no": False, "unknown": None}


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (clamped to the month's end)."""
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(y, m + 1, min(day.day, calendar.monthrange(y, m + 1)[1]))


def agree(
    s: Session, contact: Contact, role: str | None, on: date | None = None
) -> ReferenceAgreement:
    """Record that ``contact`` agreed to be a reference (for ``role`` or in general)."""
    if contact.is_me:
        raise BadInput("you cannot be your own reference")
    row = ReferenceAgreement(
        contact_id=contact.id, role=(role or "").strip() or None, agreed_on=on or clock.today()
    )
    s.add(row)
    s.flush()
    return row


@dataclass
class AskResult:
    ask: ReferenceAsk
    warnings: list[str]
    # R4: the balance already leans to my asks (the same warning `kith log` gives).
    owed: str | None = None


def asks_within(s: Session, contact_id: int, on: date) -> list[ReferenceAsk]:
    """Asks of this person in the six months up to ``on`` (an ask exactly six months
    earlier has left the window)."""
    since = months_before(on, OVERUSE_MONTHS)
    return list(
        s.scalars(
            select(ReferenceAsk).where(
                ReferenceAsk.contact_id == contact_id,
                ReferenceAsk.asked_on > since,
                ReferenceAsk.asked_on <= on,
            )
        )
    )


def ask(s: Session, contact: Contact, role: str, on: date | None = None) -> AskResult:
    """Record that ``contact`` was asked to be a reference for ``role``; it still records when
    it warns."""
    if contact.is_me:
        raise BadInput("you cannot be your own reference")
    if not role.strip():
        raise BadInput("--for needs the role you were asked for")
    day = on or clock.today()
    warnings = []
    owed = reciprocity.ask_warning(
        s, contact.id, contact.display_name, "reference_ask", Direction.OUTBOUND.value
    )
    row = ReferenceAsk(contact_id=contact.id, role=role.strip(), asked_on=day)
    s.add(row)
    s.flush()
    interactions.log(
        s,
        InteractionInput(
            contact_ids=[contact.id],
            kind="reference_ask",
            occurred_on=day,
            note=f"asked to be a reference for {role.strip()}",
        ),
    )
    recent = asks_within(s, contact.id, day)
    if len(recent) > OVERUSE_ASKS:
        warnings.append(
            f"{contact.display_name} has been asked {len(recent)} times in {OVERUSE_MONTHS} "
            f"months (since {months_before(day, OVERUSE_MONTHS)}): don't over-use one "
            "reference; give first or ask someone else (R15)"
        )
    agreed = s.scalars(
        select(ReferenceAgreement).where(ReferenceAgreement.contact_id == contact.id)
    ).first()
    if agreed is None:
        warnings.append(
            f"{contact.display_name} has not agreed to be a reference yet (record it once they do)"
        )
    return AskResult(row, warnings, owed)


def overview(s: Session) -> list[dict[str, Any]]:
    """One row per person who agreed or was asked: the JSON of ``kith ref list``."""
    today = clock.today()
    agreements = list(s.scalars(select(ReferenceAgreement).order_by(ReferenceAgreement.agreed_on)))
    asks = list(s.scalars(select(ReferenceAsk).order_by(ReferenceAsk.asked_on, ReferenceAsk.id)))
    ids = {a.contact_id for a in agreements} | {a.contact_id for a in asks}
    people = {c.id: c for c in s.scalars(select(Contact).where(Contact.id.in_(ids)))}
    since = months_before(today, OVERUSE_MONTHS)
    rows = []
    for cid in ids:
        mine = [a for a in agreements if a.contact_id == cid]
        asked = [a for a in asks if a.contact_id == cid]
        recent = [a for a in asked if since < a.asked_on <= today]
        last = asked[-1] if asked else None
        rows.append(
            {
                "contact_id": cid,
                "name": people[cid].display_name,
                "agreed": bool(mine),
                "agreed_on": mine[-1].agreed_on.isoformat() if mine else None,
                "agreed_for": [a.role for a in mine if a.role],
                "times_asked": len(asked),
                "asked_last_6_months": len(recent),
                "last_asked": last.asked_on.isoformat() if last else None,
                "last_asked_for": last.role if last else None,
                "overused": len(recent) > OVERUSE_ASKS,
            }
        )
    return sorted(rows, key=lambda r: (not r["agreed"], r["name"].lower()))


def parse_rehire(answer: str) -> bool | None:
    a = answer.strip().lower()
    if a not in REHIRE_ANSWERS:
        raise BadInput(f"unknown answer {answer!r}: expected yes, no or unknown")
    return REHIRE_ANSWERS[a]


def set_rehire(s: Session, org_name: str, answer: str, note: str | None = None) -> Organization:
    """Record whether a former employer would hire me again (and tick the plan's step)."""
    from kithkin.core.career import departure

    eligible = parse_rehire(answer)
    org = orgs.require(s, org_name)
    org.rehire_eligible = eligible
    if note is not None:
        org.rehire_note = note.strip() or None
    if eligible is not None:
        for step in departure.steps_for(s, org.id):
            if step.key == "ask_rehire" and step.done_on is None:
                step.done_on = clock.today()
    s.flush()
    return org


def rehire_label(org: Organization) -> str:
    return {True: "yes", False: "no", None: "unknown"}[org.rehire_eligible]


def former_employers(s: Session) -> list[dict[str, Any]]:
    """Organizations where the user worked and has left, with their rehire answer."""
    from kithkin.core.book import contacts

    me = contacts.me(s)
    today = clock.today()
    seen: dict[int, dict[str, Any]] = {}
    for p in sorted(me.positions, key=lambda p: p.end_date or date.max):
        if p.end_date is None or p.end_date >= today or p.org is None:
            continue  # rehire is an employer's answer: a title held at none has no one to ask
        seen[p.org.id] = {
            "org": p.org.name,
            "left_on": p.end_date.isoformat(),
            "rehire_eligible": rehire_label(p.org),
            "note": p.org.rehire_note,
        }
    return list(seen.values())
