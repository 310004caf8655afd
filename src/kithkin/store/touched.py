"""Which contacts a write touched (migration 0010), noted set-wise for a bulk insert.

Triggers note every contact whose facts a write may change (:mod:`kithkin.core.agenda.
keptfacts` re-reads only those). A trigger runs once per row: an import of a million
interaction links would upsert the same few thousand contacts a million times, about
as much work again as inserting the links. So on SQLite, from
:data:`~kithkin.store.fts.BULK_MIN` rows on, the links' trigger is dropped, the rows
inserted, their contacts noted in one statement, and the trigger made again as it
was, all in the caller's transaction (no other connection ever sees it missing, and
a failure rolls all of it back), as the search index's bulk path does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from kithkin.store.fts import BULK_MIN

_LINKS_TRIGGER = "kith_touch_interaction_contacts_insert"
_NOTE = (
    "INSERT INTO kith_touched (contact_id, version) VALUES (?, NULL) "
    "ON CONFLICT (contact_id) DO UPDATE SET version = NULL WHERE version IS NOT NULL"
)


def insert_links(
    s: Session, insert: Callable[[], object], links: Sequence[Mapping[str, Any]]
) -> None:
    """Run ``insert()``, which writes the interaction ``links`` (rows with a
    ``contact_id``), noting each contact once instead of once per link."""
    conn = s.connection()
    if conn.dialect.name != "sqlite" or len(links) < BULK_MIN:
        insert()  # few rows, or PostgreSQL (whose imports are not the hot path): per row
        return
    found = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (_LINKS_TRIGGER,)
    ).scalar()
    if found is None:
        insert()
        return
    conn.exec_driver_sql(f"DROP TRIGGER {_LINKS_TRIGGER}")
    insert()
    ids = sorted({link["contact_id"] for link in links})
    conn.exec_driver_sql(_NOTE, [(cid,) for cid in ids])
    conn.exec_driver_sql(found)


_CONTACTS_TRIGGER = "kith_touch_contacts_insert"
_NOTE_CONTACTS = (
    "INSERT INTO kith_touched (contact_id, version) "
    "SELECT id, NULL FROM contacts WHERE id BETWEEN ? AND ? AND true "
    "ON CONFLICT (contact_id) DO UPDATE SET version = NULL WHERE version IS NOT NULL"
)


def insert_contacts(s: Session, insert: Callable[[], object], ids: Sequence[int]) -> None:
    """Run ``insert()``, which writes the contacts ``ids`` (fresh ids above every stored
    one: an import), noting them in one statement instead of a trigger per row."""
    conn = s.connection()
    if conn.dialect.name != "sqlite" or len(ids) < BULK_MIN:
        insert()
        return
    found = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
        (_CONTACTS_TRIGGER,),
    ).scalar()
    if found is None:
        insert()
        return
    conn.exec_driver_sql(f"DROP TRIGGER {_CONTACTS_TRIGGER}")
    insert()
    conn.exec_driver_sql(_NOTE_CONTACTS, (min(ids), max(ids)))
    conn.exec_driver_sql(found)
