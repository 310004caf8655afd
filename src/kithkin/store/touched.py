"""Which contacts a write touched (migration 0010), noted set-wise for a bulk insert.

Triggers note every contact whose facts a write may change (:mod:`kithkin.core.agenda.
keptfacts` re-reads only those). A trigger runs once per row: an import of a million
interaction links would upsert the same few thousand contacts a million times, about
as much work again as inserting the links. So on SQLite, from
:data:`~kithkin.store.bulkio.BULK_MIN` rows on, the links' trigger is dropped, the rows
inserted, their contacts noted in one statement, and the trigger made again as it
was (:func:`~kithkin.store.bulkio.trigger_aside`, as the search index's bulk path).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from kithkin.store.bulkio import trigger_aside

_NOTE = (
    "INSERT INTO kith_touched (contact_id, version) VALUES (?, NULL) "
    "ON CONFLICT (contact_id) DO UPDATE SET version = NULL WHERE version IS NOT NULL"
)
_NOTE_CONTACTS = (
    "INSERT INTO kith_touched (contact_id, version) "
    "SELECT id, NULL FROM contacts WHERE id BETWEEN ? AND ? AND true "
    "ON CONFLICT (contact_id) DO UPDATE SET version = NULL WHERE version IS NOT NULL"
)


def insert_links(s: Session, insert: Callable[[], object], contact_ids: Sequence[int]) -> None:
    """Run ``insert()``, which writes interaction links to ``contact_ids`` (one a link),
    noting each contact once instead of once per link."""

    def note(conn: Connection) -> None:
        ids = sorted(set(contact_ids))
        conn.exec_driver_sql(_NOTE, [(cid,) for cid in ids])

    trigger_aside(s, "kith_touch_interaction_contacts_insert", len(contact_ids), insert, note)


def insert_contacts(s: Session, insert: Callable[[], object], ids: Sequence[int]) -> None:
    """Run ``insert()``, which writes the contacts ``ids`` (fresh ids above every stored
    one: an import), noting them in one statement instead of a trigger per row."""
    trigger_aside(
        s,
        "kith_touch_contacts_insert",
        len(ids),
        insert,
        lambda conn: conn.exec_driver_sql(_NOTE_CONTACTS, (min(ids), max(ids))),
    )
