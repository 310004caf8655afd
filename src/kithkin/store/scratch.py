"""Temporary tables: joining a query against many per-row values at once.

Binding tens of thousands of values into one statement (a VALUES list, a long
IN) costs more to compile than to run; a temporary table filled with one
``executemany`` costs neither, and the database can index-join against it. The
same code runs on SQLite (a per-connection ``temp`` schema) and PostgreSQL
(``pg_temp``, dropped at commit should the explicit drop be skipped).

A scratch table lives and dies inside the caller's transaction: it is created
after the transaction began (``store/db`` makes SQLite's DDL transactional), so
a read that fails half-way and rolls back takes the table with it, and the
pooled connection is clean for the next request. ``tests/test_data_safety.py``
fails a read mid-way and reads again on the same connection, on both backends.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Column, MetaData, Table, insert
from sqlalchemy.orm import Session

FILL_CHUNK = 5000  # rows per executemany


@contextmanager
def temp_table(
    s: Session, name: str, columns: Sequence[Column[Any]], rows: Sequence[Sequence[Any]]
) -> Iterator[Table]:
    """A temporary table ``name`` holding ``rows``, dropped when the block ends."""
    table = Table(name, MetaData(), *columns, prefixes=["TEMPORARY"], postgresql_on_commit="DROP")
    conn = s.connection()
    assert conn.in_transaction(), "a scratch table must live inside a transaction"
    table.create(conn)
    try:
        keys = [c.name for c in columns]
        for n in range(0, len(rows), FILL_CHUNK):  # bounded memory for 50,000 rows
            chunk = rows[n : n + FILL_CHUNK]
            conn.execute(insert(table), [dict(zip(keys, row, strict=True)) for row in chunk])
        yield table
    finally:
        table.drop(conn)
