"""R16 the safety net: "who do I know at company X", warm paths first.

Everyone whose positions touch the organization, current employees before
former ones, each ranked by relationship strength, with the history the user
shares with them and the warmest path: the contact the user is closest to who
worked alongside them (from overlapping positions anywhere). Organization names
match despite case, punctuation and legal suffixes (``Acme Inc.`` = ``ACME``),
small spelling differences or a missing word (:func:`kithkin.core.book.orgs.matching`).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from kithkin import clock
from kithkin.core.agenda import health
from kithkin.core.book import jobs, orgs
from kithkin.core.userinput import one_line_text
from kithkin.errors import BadInput
from kithkin.store.tables import (
    Contact,
    Interaction,
    InteractionContact,
    Organization,
    Position,
    Relationship,
)


class Peer(NamedTuple):
    """A position at one of the organizations in question, with its holder."""

    id: int
    contact_id: int
    org_id: int
    start_date: date | None
    end_date: date | None
    name: str
    do_not_contact: bool
    org: str


class Held(NamedTuple):
    """A position of someone the question is about, with its organization."""

    id: int
    contact_id: int
    org_id: int
    title: str | None
    start_date: date | None
    end_date: date | None
    org: str
    rehire_eligible: bool | None


def _is_current(p: Held, today: date) -> bool:
    return (p.end_date is None or p.end_date >= today) and (
        p.start_date is None or p.start_date <= today
    )


def who(s: Session, query: str) -> list[dict[str, Any]]:
    """The JSON of ``kith who ORG``: current employees first, then former, strongest first.

    Plain rows, never ORM objects: at an organization of 2,000 people their positions,
    organizations and ties were tens of thousands of objects (16 MB, a second to load)
    held while everyone's strength was computed.
    """
    if not one_line_text(query):
        raise BadInput("name an organization")
    today = clock.today()
    matched = orgs.matching(s, query)
    if not matched:
        return []
    org_ids = {o.id for o in matched}
    # IN, not EXISTS: SQLite would run the correlated EXISTS once per contact
    # (50,000 probes of the organization's index, seconds on a large network).
    staff = select(Position.contact_id).where(Position.org_id.in_(org_ids))
    targets = s.execute(
        select(Contact.id, Contact.display_name)
        .where(Contact.is_me.is_(False), Contact.id.in_(staff))
        .order_by(Contact.id)
    ).all()
    if not targets:
        return []
    held: dict[int, list[Held]] = defaultdict(list)
    for row in s.execute(
        select(
            Position.id,
            Position.contact_id,
            Position.org_id,
            Position.title,
            Position.start_date,
            Position.end_date,
            Organization.name,
            Organization.rehire_eligible,
        )
        .join(Organization, Organization.id == Position.org_id)
        .where(Position.contact_id.in_(staff))
        # The order of Contact.positions: unknown start dates first.
        .order_by(Position.contact_id, Position.start_date.asc().nulls_first(), Position.id)
    ):
        held[row.contact_id].append(Held(*row))
    ties: dict[int, list[str]] = defaultdict(list)
    for cid, kind in s.execute(
        select(Relationship.contact_id, Relationship.type)
        .where(Relationship.until.is_(None), Relationship.contact_id.in_(staff))
        .order_by(Relationship.contact_id, Relationship.id)
    ):
        ties[cid].append(kind)
    me = s.scalars(
        select(Contact).where(Contact.is_me.is_(True)).options(selectinload(Contact.positions))
    ).first()
    # A job you have not started yet (`kith leave --new-org ... --start-date`) is
    # nobody's shared history until its first day.
    my_positions = [
        p for p in (me.positions if me else []) if p.start_date is None or p.start_date <= today
    ]
    my_orgs = {p.org_id for p in my_positions}
    target_orgs = {p.org_id for cid, _ in targets for p in held[cid]}
    # Everyone's positions at the orgs the targets worked at: the paths between people.
    # Plain rows: at a large organization they are most of the network's positions.
    peers = [
        Peer(*row)
        for row in s.execute(
            select(
                Position.id,
                Position.contact_id,
                Position.org_id,
                Position.start_date,
                Position.end_date,
                Contact.display_name,
                Contact.do_not_contact,
                Organization.name,
            )
            .join(Contact, Contact.id == Position.contact_id)
            .join(Organization, Organization.id == Position.org_id)
            .where(Position.org_id.in_(target_orgs), Contact.is_me.is_(False))
        )
    ]
    by_org: dict[int, list[Peer]] = defaultdict(list)
    for peer in peers:
        by_org[peer.org_id].append(peer)
    wanted = {peer.contact_id for peer in peers} | {cid for cid, _ in targets}
    strength = health.strength_scores(s, sorted(wanted))  # most of the network: everyone's
    # Warmest first, so that a path is the first overlapping peer in its list.
    for peers_there in by_org.values():
        peers_there.sort(key=lambda q: _warmth(q, strength))
    touches = _touch_summary(s, [cid for cid, _ in targets])
    rows: list[dict[str, Any]] = []
    for cid, name in targets:
        positions = held[cid]
        here = [p for p in positions if p.org_id in org_ids]
        current = [p for p in here if _is_current(p, today)]
        shown = max(
            current or here, key=lambda p: (p.end_date or date.max, p.start_date or date.min)
        )
        rows.append(
            {
                "contact_id": cid,
                "name": name,
                "status": "current" if current else "former",
                "org": shown.org,
                "title": shown.title,
                "since": shown.start_date.isoformat() if shown.start_date else None,
                "until": shown.end_date.isoformat() if shown.end_date and not current else None,
                "strength": strength.get(cid, 0),
                "rehire_eligible": _rehire(shown.rehire_eligible),
                "you_worked_there": shown.org_id in my_orgs,
                "shared_history": _shared(
                    positions, ties.get(cid, []), my_positions, touches.get(cid)
                ),
                "warmest_path": _warmest_path(cid, positions, by_org, strength),
            }
        )
    rows.sort(key=lambda r: (r["status"] != "current", -r["strength"], r["name"].lower()))
    return rows


def _rehire(eligible: bool | None) -> str:
    return {True: "yes", False: "no", None: "unknown"}[eligible]


def _touch_summary(s: Session, ids: list[int]) -> dict[int, tuple[int, date]]:
    rows = s.execute(
        select(
            InteractionContact.contact_id,
            func.count(Interaction.id),
            func.max(Interaction.occurred_on),
        )
        .join(Interaction, Interaction.id == InteractionContact.interaction_id)
        .where(InteractionContact.contact_id.in_(ids), Interaction.occurred_on <= clock.today())
        .group_by(InteractionContact.contact_id)
    )
    return {cid: (n, last) for cid, n, last in rows}


def _shared(
    positions: list[Held], ties: list[str], mine: list[Position], touch: tuple[int, date] | None
) -> dict[str, Any]:
    worked = []
    for p in positions:
        for m in mine:
            span = jobs.shared_span(p, m)
            if span is not None:
                worked.append(
                    {
                        "org": p.org,
                        "from": span[0].isoformat() if span[0] else None,
                        "to": span[1].isoformat() if span[1] else None,
                    }
                )
    return {
        "worked_together": worked,
        "ties": ties,
        "interactions": touch[0] if touch else 0,
        "last_touch": touch[1].isoformat() if touch else None,
    }


def _warmth(q: Peer, strength: dict[int, int]) -> tuple[int, str, int]:
    """A peer's place in the order paths are chosen: strongest, then by name, then id."""
    return (-strength.get(q.contact_id, 0), q.name.lower(), q.id)


def _warmest_path(
    cid: int, positions: list[Held], by_org: dict[int, list[Peer]], strength: dict[int, int]
) -> dict[str, Any]:
    """Direct when the user's own tie is the warmest; else via the strongest contact who
    worked alongside ``t`` (overlapping positions at any organization)."""
    own = strength.get(cid, 0)
    paths = []
    for p in positions:
        for q in by_org.get(p.org_id, []):  # warmest first: the first that fits is the best
            if q.contact_id != cid and not q.do_not_contact and jobs.shared_span(p, q) is not None:
                paths.append((*_warmth(q, strength), q))
                break
    if not paths:
        return {"direct": True, "strength": own}
    best = min(paths, key=lambda x: x[:3])[3]
    via = strength.get(best.contact_id, 0)
    if via <= own:
        return {"direct": True, "strength": own}
    return {
        "direct": False,
        "contact_id": best.contact_id,
        "name": best.name,
        "strength": via,
        "org": best.org,
    }
