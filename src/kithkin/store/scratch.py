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

from sqlalchemy import Column, MetaData, Table
from sqlalchemy.orm import Session

FILL_CHUNK = 5000  # rows per executemany


@contextmanager
def temp_table(
    s: Session, name: str, columns: Sequence[Column[Any]], rows: Sequence[Sequence[Any]]
) -> Iterator[Table]:
    """A temporary table ``name`` holding ``rows``, dropped when the block ends."""
    conn = s.connection()
    # A PostgreSQL option is named only there: naming it loads that dialect (20 ms).
    extra: dict[str, Any] = {}
    if conn.dialect.name == "postgresql":
        extra["postgresql_on_commit"] = "DROP"
    table = Table(name, MetaData(), *columns, prefixes=["TEMPORARY"], **extra)
    assert conn.in_transaction(), "a scratch table must live inside a transaction"
    table.create(conn)
    try:
        for n in range(0, len(rows), FILL_CHUNK):  # bounded memory for 50,000 rows
            _fill(conn, table, rows[n : n + FILL_CHUNK])
        yield table
    finally:
        table.drop(conn)


def _fill(conn: Any, table: Table, rows: Sequence[Sequence[Any]]) -> None:
    """One driver ``executemany`` of ``rows``, each value bound as its column's type.

    SQLAlchemy's own ``executemany`` builds and processes a parameter dict per row,
    which for 50,000 rows cost more than the query the table serves.
    """
    dialect = conn.dialect
    procs = [c.type._cached_bind_processor(dialect) for c in table.columns]
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    quote = dialect.identifier_preparer
    names = ", ".join(quote.quote(c.name) for c in table.columns)
    marks = ", ".join([mark] * len(procs))
    sql = f"INSERT INTO {quote.format_table(table)} ({names}) VALUES ({marks})"
    if any(procs):
        rows = [
            tuple(v if p is None else p(v) for p, v in zip(procs, row, strict=True)) for row in rows
        ]
    conn.exec_driver_sql(sql, [tuple(row) for row in rows])
