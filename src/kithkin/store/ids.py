"""Reserving primary keys ahead of a bulk insert, on either backend.

Bulk paths insert parent and child rows in separate ``executemany`` calls, so they
must know the parents' ids first. SQLite serialises writers, so ``max(id) + 1``
onwards is ours for the transaction; PostgreSQL hands out ids from the table's
sequence, which explicit ids would otherwise leave behind.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, Table, func, select, text


def allocate(conn: Connection, table: Table, count: int) -> Sequence[int]:
    if count <= 0:
        return []
    if conn.dialect.name == "postgresql":
        rows = conn.execute(
            text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"),
            {"t": table.name, "n": count},
        )
        return [r[0] for r in rows]
    first = int(conn.scalar(select(func.max(table.c.id))) or 0) + 1
    return range(first, first + count)
