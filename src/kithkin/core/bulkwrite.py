"""Table-level bulk writes with ids known in advance, correct on both backends.

Imports insert contacts and then their emails, positions... in one
``executemany`` per table, so they need the new ids before inserting. SQLite
hands them out as ``max(id) + 1`` (one writer per transaction); PostgreSQL
reserves them from the table's sequence so that later ordinary inserts never
collide with them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, bindparam, insert, select, text, update
from sqlalchemy.orm import Session

_SQLITE_NEXT: dict[tuple[int, str], int] = {}


def reserve_ids(s: Session, table: Table, n: int) -> list[int]:
    """``n`` fresh primary-key values for ``table``."""
    if n <= 0:
        return []
    conn = s.connection()
    if conn.dialect.name == "postgresql":
        rows = conn.execute(
            text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"),
            {"t": table.name, "n": n},
        )
        return [int(r[0]) for r in rows]
    top = conn.execute(select(table.c.id).order_by(table.c.id.desc()).limit(1)).scalar()
    first = int(top or 0) + 1
    return list(range(first, first + n))


def insert_rows(s: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """One executemany; every row must carry the same keys."""
    if rows:
        s.connection().execute(insert(table), list(rows))


def update_rows(s: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Update rows by ``id``; rows are grouped by the set of columns they change."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        keys = tuple(sorted(k for k in row if k != "id"))
        if keys:
            groups.setdefault(keys, []).append(
                {("_" + k if k == "id" else k): v for k, v in row.items()}
            )
    conn = s.connection()
    for keys, values in groups.items():
        stmt = (
            update(table)
            .where(table.c.id == bindparam("_id"))
            .values({k: bindparam("v_" + k) for k in keys})
        )
        conn.execute(stmt, [{"_id": v["_id"], **{"v_" + k: v[k] for k in keys}} for v in values])
