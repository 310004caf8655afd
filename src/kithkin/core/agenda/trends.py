"""Figures about the whole network for the charts of the web face's Network page.

The state of each relationship is :mod:`kithkin.core.agenda.health`'s; this module adds
what the history says over time: touches per month (R10: likes and comments are
not conversations, so they are counted apart), the give/ask balance of the year
(R4), and where the people the user worked with work now.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session, selectinload

from kithkin import clock
from kithkin.core.book import jobs
from kithkin.core.vocabulary import LIGHT_KINDS
from kithkin.store.tables import Contact, Interaction, Position


def _month_start(day: date, back: int) -> date:
    """The first day of the month ``back`` months before ``day``'s."""
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def touches_per_month(s: Session, months: int = 12) -> list[dict[str, Any]]:
    """For each of the last ``months`` months (oldest first): conversations out, in, and
    light touches (R10), counted once per interaction however many people it involved."""
    today = clock.today()
    start = _month_start(today, months - 1)
    year = extract("year", Interaction.occurred_on)
    month = extract("month", Interaction.occurred_on)
    light = Interaction.kind.in_(sorted(LIGHT_KINDS))
    rows = s.execute(
        select(year, month, Interaction.direction, light, func.count())
        .where(Interaction.occurred_on >= start, Interaction.occurred_on <= today)
        .group_by(year, month, Interaction.direction, light)
    )
    counts: dict[tuple[int, int], Counter[str]] = {}
    for y, m, direction, is_light, n in rows:
        key = "light" if is_light else direction
        counts.setdefault((int(y), int(m)), Counter())[key] += int(n)
    out = []
    for back in range(months - 1, -1, -1):
        first = _month_start(today, back)
        c = counts.get((first.year, first.month), Counter())
        out.append(
            {
                "month": f"{first:%Y-%m}",
                "outbound": c["outbound"],
                "inbound": c["inbound"],
                "light": c["light"],
            }
        )
    return out


def balance_of_year(s: Session) -> dict[str, int]:
    """R4 over the last 12 months: what I gave, what I asked, what was neutral (outbound)."""
    today = clock.today()
    rows = s.execute(
        select(Interaction.nature, func.count())
        .where(
            Interaction.occurred_on > _month_start(today, 12), Interaction.direction == "outbound"
        )
        .group_by(Interaction.nature)
    )
    out = {"give": 0, "ask": 0, "neutral": 0}
    for nature, n in rows:
        out[nature] = int(n)
    return out


def former_colleagues_now(s: Session, top: int = 10) -> dict[str, Any]:
    """Where the people who worked with the user (overlapping positions) work now.

    ``orgs`` holds the ``top`` current employers with how many former colleagues
    work there; ``elsewhere`` counts the rest, ``unknown`` those without a current
    position on record, ``same`` those still at the organization they shared with me.
    """
    me = s.scalars(select(Contact).where(Contact.is_me.is_(True))).first()
    if me is None:
        return {"orgs": [], "elsewhere": 0, "unknown": 0, "same": 0, "total": 0}
    shared_orgs = {p.org_id for p in me.positions if p.org_id is not None}
    colleagues: dict[int, set[int]] = {}
    for org_id in shared_orgs:
        for cid in jobs.colleague_ids(s, org_id, me.id):
            colleagues.setdefault(cid, set()).add(org_id)
    people = (
        s.scalars(
            select(Contact)
            .where(Contact.id.in_(list(colleagues)))
            .options(selectinload(Contact.positions).selectinload(Position.org))
        ).all()
        if colleagues
        else []
    )
    where: Counter[str] = Counter()
    unknown = same = 0
    for c in people:
        now = jobs.current_position(c)
        if now is None or now.org is None:
            unknown += 1
        elif now.org_id in colleagues[c.id]:
            same += 1
        else:
            where[now.org.name] += 1
    ranked = where.most_common()
    return {
        "orgs": [{"org": name, "count": n} for name, n in ranked[:top]],
        "elsewhere": sum(n for _, n in ranked[top:]),
        "unknown": unknown,
        "same": same,
        "total": len(people),
    }
