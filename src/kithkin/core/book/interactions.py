"""Interactions: what happened between the user and one or more contacts.

Each interaction knows its channel, direction and kind; its give/ask/neutral
``nature`` follows from the kind (R4). Imports pass a ``source`` and a
``source_key`` so that the same message imported twice is stored once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from kithkin.core.book import lookup
from kithkin.core.book.newinteraction import LINK_COLUMNS as LINK_COLUMNS
from kithkin.core.book.newinteraction import VALUE_COLUMNS as VALUE_COLUMNS
from kithkin.core.book.newinteraction import InteractionInput as InteractionInput
from kithkin.core.book.newinteraction import check_not_future as check_not_future
from kithkin.core.book.newinteraction import columns, topic_list
from kithkin.core.book.newinteraction import link_rows as link_rows
from kithkin.core.book.newinteraction import link_values as link_values
from kithkin.core.book.newinteraction import validate_kind as validate_kind
from kithkin.core.userinput import parse_choice
from kithkin.core.vocabulary import KINDS, LIGHT_KINDS, Channel, Direction
from kithkin.store import ids, touched
from kithkin.store.tables import (
    Contact,
    Interaction,
    InteractionContact,
    InteractionTopic,
    table_of,
)


def log(s: Session, inp: InteractionInput) -> Interaction:
    """Store one interaction; a repeated ``(source, source_key)`` returns the stored one."""
    values = columns(inp)
    if inp.source_key is not None:
        existing = s.scalars(
            select(Interaction).where(
                Interaction.source == inp.source, Interaction.source_key == inp.source_key
            )
        ).first()
        if existing is not None:
            return existing
    row = Interaction(**values)
    s.add(row)
    s.flush()
    stored = {
        c: getattr(row, c) for c in ("id", "occurred_on", "direction", "nature", "kind", "channel")
    }
    s.execute(insert(InteractionContact), link_rows(stored, inp.contact_ids))
    topics = topic_list(inp.topics)
    if topics:
        s.execute(
            insert(InteractionTopic), [{"interaction_id": row.id, "topic": t} for t in topics]
        )
    return row


@dataclass
class InteractionEdit:
    """What ``kith log edit`` may change; ``None`` leaves a field as it is."""

    occurred_on: date | None = None
    occurred_at: time | None = None
    channel: str | None = None
    kind: str | None = None
    direction: str | None = None
    note: str | None = None
    topics: list[str] | None = None  # replaces the topics when given
    planned: bool = False


def get(s: Session, interaction_id: int) -> Interaction:
    return lookup.by_id(s, Interaction, interaction_id, "interaction")


def contacts_of(s: Session, interaction_id: int) -> list[int]:
    return list(
        s.scalars(
            select(InteractionContact.contact_id).where(
                InteractionContact.interaction_id == interaction_id
            )
        )
    )


def edit(s: Session, interaction_id: int, e: InteractionEdit) -> Interaction:
    """Correct a logged interaction; every rule reads the corrected one from then on.

    Everything is checked before anything changes. The copies on its links
    (date, direction, nature, lightness, channel) are rewritten here, the one
    writer besides :func:`link_rows`, so the agenda never reads a stale copy.
    """
    row = get(s, interaction_id)
    check_not_future(e.occurred_on, e.planned)
    channel = parse_choice(e.channel, Channel, "channel").value if e.channel else row.channel
    direction = (
        parse_choice(e.direction, Direction, "direction").value if e.direction else row.direction
    )
    kind = validate_kind(e.kind) if e.kind else row.kind
    row.channel, row.direction, row.kind, row.nature = channel, direction, kind, KINDS[kind].value
    if e.occurred_on is not None:
        row.occurred_on = e.occurred_on
    if e.occurred_at is not None:
        row.occurred_at = e.occurred_at
    if e.note is not None:
        row.note = e.note.strip() or None
    s.flush()
    s.execute(
        update(InteractionContact)
        .where(InteractionContact.interaction_id == row.id)
        .values(
            occurred_on=row.occurred_on,
            direction=row.direction,
            nature=row.nature,
            light=row.kind in LIGHT_KINDS,
            channel=row.channel,
        )
    )
    if e.topics is not None:
        s.execute(delete(InteractionTopic).where(InteractionTopic.interaction_id == row.id))
        topics = list(dict.fromkeys(t.strip().lower() for t in e.topics if t.strip()))
        if topics:
            s.execute(
                insert(InteractionTopic), [{"interaction_id": row.id, "topic": t} for t in topics]
            )
    return row


def remove(s: Session, interaction_id: int) -> list[int]:
    """Delete a logged interaction (with its links and topics); returns who took part."""
    row = get(s, interaction_id)
    who = contacts_of(s, interaction_id)
    s.execute(delete(InteractionTopic).where(InteractionTopic.interaction_id == row.id))
    s.execute(delete(InteractionContact).where(InteractionContact.interaction_id == row.id))
    s.delete(row)
    s.flush()
    return who


def bulk_log(s: Session, rows: Iterable[dict[str, Any]], batch: int = 20_000) -> int:
    """Insert many already-validated interactions at executemany speed.

    Each row holds the columns of :class:`Interaction` (without ``nature``, which is
    derived here) plus ``contact_ids``. Used by the benchmark and large imports.
    """
    count = 0
    conn = s.connection()
    table = table_of(Interaction)
    chunk: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []

    def flush() -> None:
        if not chunk:
            return
        for row, new_id in zip(chunk, ids.allocate(conn, table, len(chunk)), strict=True):
            row["id"] = new_id
            links.extend(link_rows(row, row.pop("_with")))
        # Table-level inserts: one executemany each, no per-row ORM work.
        conn.execute(insert(table), chunk)
        touched.insert_links(
            s,
            lambda: conn.execute(insert(table_of(InteractionContact)), links),
            [link["contact_id"] for link in links],
        )
        chunk.clear()
        links.clear()

    for row in rows:
        row["_with"] = row.pop("contact_ids")
        row["nature"] = KINDS[row["kind"]].value
        row.setdefault("source", "manual")
        row.setdefault("source_key", None)
        row.setdefault("occurred_at", None)
        row.setdefault("note", None)
        row.setdefault("subject", None)
        chunk.append(row)
        count += 1
        if len(chunk) >= batch:
            flush()
    flush()
    return count


def for_contact(
    s: Session, contact_id: int, limit: int | None = None, offset: int = 0
) -> Sequence[Interaction]:
    """A contact's interactions, newest first: ``limit`` of them from ``offset`` on."""
    q = (
        select(Interaction)
        .join(InteractionContact)
        .where(InteractionContact.contact_id == contact_id)
        .order_by(Interaction.occurred_on.desc(), Interaction.id.desc())
    )
    return s.scalars(q.offset(offset or None).limit(limit or None)).all()


def count_for_contact(s: Session, contact_id: int) -> int:
    """How many interactions :func:`for_contact` has for the contact in all."""
    q = select(func.count()).where(InteractionContact.contact_id == contact_id)
    return s.scalar(q) or 0


def topics_of(s: Session, interaction_ids: Sequence[int]) -> dict[int, list[str]]:
    """Each interaction's topics, in alphabetical order: the same on both backends and
    in ``kith show``'s quick path (:mod:`kithkin.store.showread`)."""
    out: dict[int, list[str]] = {}
    if not interaction_ids:
        return out
    rows = s.execute(
        select(InteractionTopic.interaction_id, InteractionTopic.topic)
        .where(InteractionTopic.interaction_id.in_(interaction_ids))
        .order_by(InteractionTopic.interaction_id, InteractionTopic.topic)
    )
    for iid, topic in rows:
        out.setdefault(iid, []).append(topic)
    return out


def participants(s: Session, interaction_ids: Sequence[int]) -> dict[int, list[Contact]]:
    """Each interaction's contacts, in the order of their ids (as :func:`topics_of`)."""
    out: dict[int, list[Contact]] = {}
    if not interaction_ids:
        return out
    rows = s.execute(
        select(InteractionContact.interaction_id, Contact)
        .join(Contact, Contact.id == InteractionContact.contact_id)
        .where(InteractionContact.interaction_id.in_(interaction_ids))
        .order_by(InteractionContact.interaction_id, InteractionContact.contact_id)
    )
    for iid, contact in rows:
        out.setdefault(iid, []).append(contact)
    return out


def natures(s: Session, contact_id: int) -> list[tuple[date, str, str]]:
    """A contact's interactions as (day, nature, direction): what R4's balance counts
    (:func:`kithkin.core.agenda.reciprocity.balance_of`)."""
    q = (
        select(Interaction.occurred_on, Interaction.nature, Interaction.direction)
        .join(InteractionContact)
        .where(InteractionContact.contact_id == contact_id)
    )
    return [(on, nature, way) for on, nature, way in s.execute(q)]
