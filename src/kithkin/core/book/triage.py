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

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from kithkin import clock
from kithkin.core.book import details, jobs
from kithkin.core.vocabulary import Tie, Tier
from kithkin.errors import BadInput
from kithkin.store.tables import Contact, InteractionContact, Position, TriageMark

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


def _my_org_ids(s: Session) -> list[int]:
    return list(
        s.scalars(
            select(Position.org_id)
            .join(Contact, Contact.id == Position.contact_id)
            .where(Contact.is_me.is_(True))
            .distinct()
        )
    )


def _ranked(s: Session) -> Select[Any]:
    """Everyone still to sort, best first: shared job, messages, recency, then id."""
    # Your organizations are few: naming them lets the search start from the index
    # on positions.org_id instead of pairing every position with every other one.
    mine, theirs, me = aliased(Position), aliased(Position), aliased(Contact)
    shared = (
        select(theirs.contact_id.label("cid"))
        .join(mine, and_(mine.org_id == theirs.org_id, jobs.overlaps(theirs, mine)))
        .join(me, and_(me.id == mine.contact_id, me.is_me.is_(True)))
        .where(theirs.org_id.in_(_my_org_ids(s)), theirs.contact_id != mine.contact_id)
        .where(or_(mine.start_date.is_(None), mine.start_date <= clock.today()))  # begun
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
    now = jobs.latest_position(c)
    return Candidate(
        contact_id=c.id,
        name=c.display_name,
        tier=c.tier,
        title=now.title if now else None,
        org=now.org_name if now else None,
        shared_jobs=_shared_jobs(s, c),
        messages=messages,
        last_touch=last,
        connected_on=c.connected_on,
        ties=[r.type for r in c.relationships if r.until is None],
    )


def _shared_jobs(s: Session, c: Contact) -> list[SharedJob]:
    """Each job they shared with you: the organization and the days you were both there."""
    # A job of yours not begun yet (`kith leave --new-org`) is shared with nobody so far.
    begun = or_(Position.start_date.is_(None), Position.start_date <= clock.today())
    mine = list(s.scalars(select(Position).join(Contact).where(Contact.is_me.is_(True), begun)))
    out: list[SharedJob] = []
    for theirs in c.positions:
        for p in mine:
            span = jobs.shared_span(p, theirs)
            job = SharedJob(theirs.org.name, *span) if span and theirs.org else None
            if job and job not in out:
                out.append(job)
    return sorted(out, key=lambda j: (j.start or date.min, j.org))


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
