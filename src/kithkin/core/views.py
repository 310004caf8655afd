"""Plain-dict views of stored records: the JSON every face prints.

The keys here are a public contract (users' scripts read ``kith show --json``);
add keys freely, never rename or drop one.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from kithkin import clock
from kithkin.core.book import jobs, shown
from kithkin.store import showread
from kithkin.store.tables import Contact, Interaction, Position


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


def contact_detail(s: Session, c: Contact) -> dict[str, Any]:
    """Everything ``kith show --json`` prints about one contact
    (:func:`kithkin.core.book.shown.record` of its rows, as the quick path makes it)."""
    rows = showread.read(showread.through_session(s), c.id)
    assert rows is not None  # the contact is loaded
    return shown.record(rows, clock.today())
