"""The data version's statements at commit, in plain SQL.

Every committed kithkin write raises ``kith_version.n`` and labels the contacts it
touched with the new number (:mod:`kithkin.store.memo` tells why). The session's
commit hook and the quick paths that write through ``sqlite3`` before SQLAlchemy
loads (:mod:`kithkin.store.quicksources`, :mod:`kithkin.store.quicklog`) run the
same statements from here.
"""

from __future__ import annotations

import sqlite3

BUMP = "UPDATE kith_version SET n = n + 1 WHERE id = 1 RETURNING n"
# Contacts this transaction touched (pending rows, written by the triggers of
# migration 0010) get the version it makes; the placeholder is the driver's own.
LABEL = "UPDATE kith_touched SET version = {p} WHERE version IS NULL"


def raise_version(cur: sqlite3.Cursor) -> int | None:
    """Raise the version and label the touched contacts, inside the caller's write
    transaction on a SQLite file at the current schema; the new version."""
    row = cur.execute(BUMP).fetchone()
    if row is None:
        return None
    cur.execute(LABEL.format(p="?"), (int(row[0]),))
    return int(row[0])
