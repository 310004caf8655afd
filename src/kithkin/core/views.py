"""Plain-dict views of stored records: the JSON every face prints.

The keys here are a public contract (users' scripts read ``kith show --json``);
add keys freely, never rename or drop one.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kithkin.core import settings
from kithkin.core.agenda import cadence, health, planner, reciprocity
from kithkin.core.book import interactions as ix
from kithkin.core.book import jobs
from kithkin.store.tables import Contact, Interaction, Occasion, Position


def iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def position_record(p: Position) -> dict[str, Any]:
    return {
        "org": p.org.name,
        "title": p.title,
        "start": iso(p.start_date),
        "end": iso(p.end_date),
    }


def summary_row(
    cid: int, name: str, emails: list[str], org: str | None, title: str | None, tier: str
) -> dict[str, Any]:
    """The row ``kith list --json`` prints (see :mod:`kithkin.core.book.listing`)."""
    return {"id": cid, "name": name, "emails": emails, "org": org, "title": title, "tier": tier}


def contact_summary(c: Contact) -> dict[str, Any]:
    """:func:`summary_row` of a loaded contact."""
    pos = jobs.latest_position(c)
    return summary_row(
        c.id,
        c.display_name,
        [e.email for e in c.emails],
        pos.org.name if pos else None,
        pos.title if pos else None,
        c.tier,
    )


def interaction_record(
    i: Interaction, topics: list[str], people: list[Contact] | None = None
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": i.id,
        "date": iso(i.occurred_on),
        "time": i.occurred_at.isoformat(timespec="minutes") if i.occurred_at else None,
        "channel": i.channel,
        "direction": i.direction,
        "kind": i.kind,
        "nature": i.nature,
        "subject": i.subject,
        "note": i.note,
        "topics": topics,
        "source": i.source,
    }
    if people is not None:
        out["with"] = [{"id": p.id, "name": p.display_name} for p in people]
    return out


def contact_detail(s: Session, c: Contact, interaction_limit: int | None = None) -> dict[str, Any]:
    """Everything ``kith show --json`` prints about one contact."""
    rows = ix.for_contact(s, c.id, interaction_limit)
    ids = [i.id for i in rows]
    topics = ix.topics_of(s, ids)
    people = ix.participants(s, ids)
    return {
        **contact_summary(c),
        "given_name": c.given_name,
        "family_name": c.family_name,
        "phones": [p.phone for p in c.phones],
        # Each number as it was written (a number without its country stays so, and the
        # E.164 form above is only there when the region was known: core/phones.py).
        "phones_as_written": [p.raw or p.phone for p in c.phones],
        "urls": [{"url": u.url, "kind": u.kind} for u in c.urls],
        "tags": [t.tag for t in c.tags],
        "cadence_days": c.cadence_days,
        "effective_cadence_days": cadence.effective_cadence(c, settings.tier_cadences(s)),
        "preferred_channel": c.preferred_channel,
        "location": c.location,
        "time_zone": c.time_zone,
        "how_met": c.how_met,
        "birthday": c.birthday,
        "connected_on": iso(c.connected_on),
        "notes": c.notes,
        "boundaries": {
            "min_interval_days": c.min_interval_days,
            "professional_only": c.professional_only,
            "do_not_contact": c.do_not_contact,
            "paused": c.paused,
            "snoozed_until": iso(c.snoozed_until),
        },
        "personal_details": [
            {"id": d.id, "category": d.category, "fact": d.fact, "learned_on": iso(d.learned_on)}
            for d in c.details
        ],
        "relationships": [
            {
                "id": r.id,
                "type": r.type,
                "since": iso(r.since),
                "until": iso(r.until),
                "note": r.note,
            }
            for r in c.relationships
        ],
        "positions": [{"id": p.id, **position_record(p)} for p in c.positions],
        "occasions": [
            {"id": o.id, "kind": o.kind, "date": iso(o.occurred_on), "note": o.note}
            for o in s.scalars(
                select(Occasion)
                .where(Occasion.contact_id == c.id)
                .order_by(Occasion.occurred_on.desc(), Occasion.id.desc())
            )
        ],
        "interactions": [
            interaction_record(i, topics.get(i.id, []), people.get(i.id, [])) for i in rows
        ],
        "balance": reciprocity.balance(s, c.id),
        "health": None if c.is_me else health.contact_health(s, c.id),
        "agenda": None if c.is_me else planner.reason_for(s, c.id),
    }
