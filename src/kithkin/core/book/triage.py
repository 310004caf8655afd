"""Triage: sort the people an import brought in, most worth sorting first.

An import brings hundreds or thousands of people in one tier. Triage walks them in
the order where a decision matters most: people who shared a job with you first
(the R1/R16 network), then those you exchanged the most messages with, then the
most recent (last interaction, else when you connected). Each is given a tier, a
tie, or "not tracked" (tier ``none``) with one key; a decision is stored
(:class:`TriageMark`), so a walk stopped at any point resumes with the next person,
and the last decision can be undone.

The ranking is one SQL query with ``LIMIT``/``OFFSET`` over indexed aggregates: no
face loads the whole network into Python to find the next person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, case, false, func, or_, select, true
from sqlalchemy.orm import Session, aliased

from kithkin import clock
from kithkin.core.book import details
from kithkin.core.vocabulary import Tie, Tier
from kithkin.errors import BadInput
from kithkin.store.tables import Contact, InteractionContact, Organization, Position, TriageMark

# One key per decision, the same in every face.
TIER_KEYS = {"c": Tier.CLOSE, "r": Tier.REGULAR, "w": Tier.WIDE, "n": Tier.NONE}
KEEP_KEY = "k"  # sorted, tier as it is
TIE_KEYS = {
    "m": Tie.MANAGER,
    "p": Tie.REPORT,
    "e": Tie.MENTOR,
    "y": Tie.MENTEE,
    "o": Tie.COLLEAGUE,
    "l": Tie.CLIENT,
    "t": Tie.RECRUITER,
    "f": Tie.FRIEND,
}
KEEP = "keep"


@dataclass(frozen=True)
class SharedJob:
    org: str
    start: date | None  # the overlap of their time there with yours
    end: date | None


@dataclass(frozen=True)
class Candidate:
    """One person to sort, with what makes them worth sorting."""

    contact_id: int
    name: str
    tier: str
    title: str | None
    org: str | None
    shared_jobs: list[SharedJob]
    messages: int
    last_touch: date | None
    connected_on: date | None
    ties: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {
            "contact_id": self.contact_id,
            "name": self.name,
            "tier": self.tier,
            "title": self.title,
            "org": self.org,
            "shared_jobs": [
                {"org": j.org, "from": _iso(j.start), "to": _iso(j.end)} for j in self.shared_jobs
            ],
            "messages": self.messages,
            "last_touch": _iso(self.last_touch),
            "connected_on": _iso(self.connected_on),
            "ties": self.ties,
        }


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _overlap(mine: Any, theirs: Any) -> Any:
    return and_(
        mine.org_id == theirs.org_id,
        or_(
            theirs.start_date.is_(None), mine.end_date.is_(None), theirs.start_date <= mine.end_date
        ),
        or_(
            mine.start_date.is_(None), theirs.end_date.is_(None), mine.start_date <= theirs.end_date
        ),
    )


def _shares_a_job(s: Session, theirs: Any) -> Any:
    """SQL: ``theirs`` (a position) overlaps one of yours at the same organization.

    Your own positions are few: they are read first and spelled out, so the test is
    an index lookup by organization instead of a join of every position with every other.
    """
    mine = s.execute(
        select(Position.org_id, Position.start_date, Position.end_date)
        .join(Contact, Contact.id == Position.contact_id)
        .where(Contact.is_me.is_(True))
    ).all()
    if not mine:
        return false()
    return or_(
        *(
            and_(
                theirs.org_id == org_id,
                or_(
                    theirs.start_date.is_(None), true() if end is None else theirs.start_date <= end
                ),
                or_(
                    theirs.end_date.is_(None), true() if start is None else theirs.end_date >= start
                ),
            )
            for org_id, start, end in mine
        )
    )


def _ranked(s: Session) -> Select[Any]:
    """Everyone still to sort, best first: shared job, messages, recency, then id."""
    theirs = aliased(Position)
    shared = (
        select(theirs.contact_id.label("cid"))
        .join(Contact, Contact.id == theirs.contact_id)
        .where(_shares_a_job(s, theirs), Contact.is_me.is_(False))
        .distinct()
        .subquery()
    )
    talk = InteractionContact
    msgs = (
        select(
            talk.contact_id.label("cid"),
            func.sum(case((talk.light.is_(False), 1), else_=0)).label("n"),
            func.max(talk.occurred_on).label("last"),
        )
        .group_by(talk.contact_id)
        .subquery()
    )
    has_shared = case((shared.c.cid.is_(None), 0), else_=1)
    n = func.coalesce(msgs.c.n, 0)
    recent = func.coalesce(msgs.c.last, Contact.connected_on)
    return (
        select(Contact.id, n.label("messages"), msgs.c.last)
        .outerjoin(shared, shared.c.cid == Contact.id)
        .outerjoin(msgs, msgs.c.cid == Contact.id)
        .outerjoin(TriageMark, TriageMark.contact_id == Contact.id)
        .where(
            Contact.is_me.is_(False),
            Contact.do_not_contact.is_(False),
            TriageMark.id.is_(None),
        )
        .order_by(has_shared.desc(), n.desc(), recent.desc().nulls_last(), Contact.id)
    )


def remaining(s: Session) -> int:
    """How many people are still to sort."""
    return int(
        s.scalar(
            select(func.count())
            .select_from(Contact)
            .outerjoin(TriageMark, TriageMark.contact_id == Contact.id)
            .where(
                Contact.is_me.is_(False),
                Contact.do_not_contact.is_(False),
                TriageMark.id.is_(None),
            )
        )
        or 0
    )


def sorted_count(s: Session) -> int:
    return int(s.scalar(select(func.count()).select_from(TriageMark)) or 0)


def queue(s: Session, limit: int = 1, offset: int = 0) -> list[Candidate]:
    """The next people to sort, best first (``offset`` skips that many of them)."""
    if limit < 1 or offset < 0:
        raise BadInput("limit must be at least 1 and offset at least 0")
    rows = s.execute(_ranked(s).limit(limit).offset(offset)).all()
    return [_candidate(s, int(r[0]), int(r[1]), r[2]) for r in rows]


def candidate(s: Session, contact_id: int) -> Candidate:
    """One person as triage shows them (whether sorted already or not)."""
    talk = InteractionContact
    row = s.execute(
        select(
            func.sum(case((talk.light.is_(False), 1), else_=0)), func.max(talk.occurred_on)
        ).where(talk.contact_id == contact_id)
    ).one()
    return _candidate(s, contact_id, int(row[0] or 0), row[1])


def _candidate(s: Session, cid: int, messages: int, last: date | None) -> Candidate:
    c = s.get(Contact, cid)
    if c is None:
        raise BadInput(f"no contact #{cid}")
    current = next((p for p in reversed(c.positions) if p.end_date is None), None)
    current = current or (c.positions[-1] if c.positions else None)
    return Candidate(
        contact_id=c.id,
        name=c.display_name,
        tier=c.tier,
        title=current.title if current else None,
        org=current.org.name if current else None,
        shared_jobs=_shared_jobs(s, cid),
        messages=messages,
        last_touch=last,
        connected_on=c.connected_on,
        ties=[r.type for r in c.relationships if r.until is None],
    )


def _shared_jobs(s: Session, cid: int) -> list[SharedJob]:
    mine, theirs, me = aliased(Position), aliased(Position), aliased(Contact)
    rows = s.execute(
        select(
            Organization.name, mine.start_date, mine.end_date, theirs.start_date, theirs.end_date
        )
        .select_from(theirs)
        .join(mine, _overlap(mine, theirs))
        .join(me, and_(me.id == mine.contact_id, me.is_me.is_(True)))
        .join(Organization, Organization.id == theirs.org_id)
        .where(theirs.contact_id == cid)
        .order_by(mine.start_date)
    ).all()
    out: list[SharedJob] = []
    for org, my_start, my_end, their_start, their_end in rows:
        start = max((d for d in (my_start, their_start) if d), default=None)
        ends = [d for d in (my_end, their_end) if d]
        job = SharedJob(org, start, min(ends) if ends else None)
        if job not in out:
            out.append(job)
    return out


def decide(s: Session, contact: Contact, choice: str) -> TriageMark:
    """Sort one person: a tier (``none`` = not tracked) or ``keep``; stored for resuming."""
    if contact.is_me:
        raise BadInput("you do not triage yourself")
    key = choice.strip().lower()
    tier = TIER_KEYS.get(key)
    if tier is None and key not in (KEEP, KEEP_KEY):
        try:
            tier = Tier(key)
        except ValueError:
            raise BadInput(
                f"unknown choice {choice!r}: expected close, regular, wide, none or keep"
            ) from None
    mark = s.scalar(select(TriageMark).where(TriageMark.contact_id == contact.id))
    if mark is None:
        mark = TriageMark(contact_id=contact.id, previous_tier=contact.tier)
        s.add(mark)
    mark.decided_on = clock.today()
    mark.choice = tier.value if tier else KEEP
    if tier is not None:
        contact.tier = tier.value
    s.flush()
    return mark


def tie(s: Session, contact: Contact, key: str) -> str:
    """Set a tie by its key (or name); the person stays to be given a tier."""
    k = key.strip().lower()
    kind = TIE_KEYS[k].value if k in TIE_KEYS else k
    return details.set_tie(s, contact, kind).type


def undo_last(s: Session) -> Contact | None:
    """Take back the latest decision: the tier it changed comes back, the person is unsorted."""
    mark = s.scalar(select(TriageMark).order_by(TriageMark.id.desc()).limit(1))
    if mark is None:
        return None
    c = s.get(Contact, mark.contact_id)
    assert c is not None
    c.tier = mark.previous_tier
    s.delete(mark)
    s.flush()
    return c
