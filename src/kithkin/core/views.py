"""Plain-dict views of stored records: the JSON every face prints.

The keys here are a public contract (users' scripts read ``kith show --json``);
add keys freely, never rename or drop one.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from kithkin import clock
from kithkin.core.book import jobs, shown
from kithkin.core.book.shown import iso as iso
from kithkin.core.book.shown import summary_row as summary_row
from kithkin.store import showread
from kithkin.store.tables import Contact, Interaction, Position


def position_record(p: Position) -> dict[str, Any]:
    return shown.position(p.org_name, p.title, p.start_date, p.end_date)


def contact_summary(c: Contact) -> dict[str, Any]:
    """:func:`summary_row` of a loaded contact."""
    pos = jobs.latest_position(c)
    return summary_row(
        c.id,
        c.display_name,
        [e.email for e in c.emails],
        pos.org_name if pos else None,
        pos.title if pos else None,
        c.tier,
    )


def interaction_record(
    i: Interaction, topics: list[str], people: list[Contact] | None = None
) -> dict[str, Any]:
    return shown.interaction(
        i.id, i.occurred_on, i.occurred_at, i.channel, i.direction, i.kind, i.nature,
        i.subject, i.note, i.source, topics,
        None if people is None else [(p.id, p.display_name) for p in people],
    )  # fmt: skip


def contact_detail(s: Session, c: Contact) -> dict[str, Any]:
    """Everything ``kith show --json`` prints about one contact
    (:func:`kithkin.core.book.shown.record` of its rows, as the quick path makes it)."""
    rows = showread.read(showread.through_session(s), c.id)
    assert rows is not None  # the contact is loaded
    return shown.record(rows, clock.today())
