"""Table-level bulk reads and writes for imports and restore, correct on both backends.

Imports insert contacts and then their emails, positions... in one
``executemany`` per table, so they need the new ids before inserting. SQLite
hands them out as ``max(id) + 1`` (one writer per transaction); PostgreSQL
reserves them from the table's sequence so that later ordinary inserts never
collide with them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from enum import Enum
from operator import itemgetter
from typing import Any

from sqlalchemy import Table, bindparam, text, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from kithkin.store.ids import allocate

# From this many rows on, a per-row trigger costs more than doing its work once after.
BULK_MIN = 200


def trigger_aside(
    s: Session,
    trigger: str,
    n_rows: int,
    insert: Callable[[], object],
    after: Callable[[Connection], object],
) -> None:
    """Run ``insert()``; on SQLite, from :data:`BULK_MIN` rows on, without ``trigger``,
    whose work ``after(conn)`` then does once for all the rows.

    A per-row trigger (the search index's, the touched contacts') can cost several
    times the insert itself. The trigger is dropped, the rows inserted, its work done
    set-wise and the trigger made again as it was, all in the caller's transaction,
    so no other connection ever sees it missing and a failure rolls all of it back.
    PostgreSQL, or a trigger that is not there, runs the insert as it is.
    """
    conn = s.connection()
    if conn.dialect.name != "sqlite" or n_rows < BULK_MIN:
        insert()
        return
    found = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (trigger,)
    ).scalar()
    if found is None:
        insert()
        return
    conn.exec_driver_sql(f"DROP TRIGGER {trigger}")
    insert()
    after(conn)
    conn.exec_driver_sql(found)


# The page cache (KiB) of a connection writing a long import's chunk, on SQLite.
BULK_CACHE_KIB = 32 * 1024


@contextmanager
def roomy_cache(s: Session) -> Iterator[None]:
    """On SQLite, the session's connection keeps up to :data:`BULK_CACHE_KIB` of pages
    while the block runs, then its own setting again.

    A chunk of an import writes the contacts, their children, their indexes and the
    search index: more pages than SQLite's default cache (2 MB) holds, so it spilled
    pages to the log and read them back (18,000 reads and 31,600 writes for 30,000
    LinkedIn rows; 7,800 and 23,700 with this). The pages are only cached while they
    are being written: a long-lived process (the web's pool) keeps its usual cache.
    """
    conn = s.connection()
    if conn.dialect.name != "sqlite":
        yield
        return
    before = int(conn.exec_driver_sql("PRAGMA cache_size").scalar() or -2000)
    conn.exec_driver_sql(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
    try:
        yield
    finally:
        with suppress(DBAPIError):  # the block's own error says more
            conn.exec_driver_sql(f"PRAGMA cache_size={before}")


def reserve_ids(s: Session, table: Table, n: int) -> list[int]:
    """``n`` fresh primary-key values for ``table`` (``store.ids.allocate``)."""
    return list(allocate(s.connection(), table, n))


def _sqlite_value(kind: str) -> Any:
    """SQLAlchemy's storage format on SQLite, so raw inserts read back like ORM ones."""
    # isoformat writes what strftime would, ten times faster, where the two agree.
    if kind == "datetime":
        return lambda v: (
            v
            if v is None
            else v.isoformat(" ", "microseconds")
            if v.tzinfo is None and v.year >= 1000
            else v.strftime("%Y-%m-%d %H:%M:%S.%f")
        )
    if kind == "time":
        return lambda v: (
            v
            if v is None
            else v.isoformat("microseconds")
            if v.tzinfo is None
            else v.strftime("%H:%M:%S.%f")
        )
    return lambda v: v if v is None else v.isoformat()


def _plain(column: tuple[Any, ...]) -> tuple[Any, ...]:
    """A column of str or int enums, or bools, as the plain values sqlite3 stores for
    them (converted at C speed; a column of mixed types is left as it is)."""
    kinds = set(map(type, column))
    if len(kinds) != 1:
        return column
    kind = kinds.pop()
    if issubclass(kind, str):
        return tuple(map(str.__str__, column))  # an exact str of the same text
    if issubclass(kind, int):
        return tuple(map(int, column))
    return column


def insert_rows(s: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """One driver-level executemany; every row must carry the same keys.

    SQLAlchemy's per-row parameter processing costs more than SQLite's own insert
    at 30,000 rows, so the statement goes to the driver as written.
    """
    if not rows:
        return
    given = list(rows[0])
    if len(given) > 1:  # itemgetter: the tuples built at C speed
        get = itemgetter(*given)
        values = [get(r) for r in rows]
    else:
        values = [(r[given[0]],) for r in rows]
    insert_values(s, table, given, values)


def insert_values(
    s: Session, table: Table, columns: Sequence[str], values: Sequence[tuple[Any, ...]]
) -> None:
    """:func:`insert_rows` of rows already built as tuples of ``columns`` (a sync or an
    import that builds tens of thousands saves a dict a row)."""
    if not values:
        return
    conn = s.connection()
    given = list(columns)
    # Column defaults are SQLAlchemy's, not the database's: apply the scalar ones here.
    defaults = {
        c.name: c.default.arg  # type: ignore[attr-defined]
        for c in table.columns
        if c.name not in given and c.default is not None and c.default.is_scalar
    }
    cols = given + list(defaults)
    extra = tuple(defaults.values())
    if extra:
        values = [v + extra for v in values]
    if conn.dialect.name == "sqlite":
        cols, values = _sqlite_rows(conn, table, cols, list(values))
    quote = conn.dialect.identifier_preparer.quote
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in cols)}) "
        f"VALUES ({', '.join([mark] * len(cols))})"
    )
    conn.exec_driver_sql(sql, values)


def _sqlite_rows(
    conn: Connection, table: Table, cols: list[str], values: list[tuple[Any, ...]]
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The columns and rows as sqlite3 binds them fastest, the same rows stored.

    A str enum or a bool is stored as its text or integer, but sqlite3 looks for an
    adapter for each such value first (a failed attribute lookup, with its error
    message, per value): as plain values, the insert costs half as much. None is
    looked up the same way, and an import's contacts leave ten columns empty: a column
    that is None in every row is left out of the statement, where the table has no
    default of its own for it (then the database writes NULL itself, as it was given).
    """
    kinds = [type(table.c[c].type).__name__.lower() for c in cols]
    todo = [i for i, k in enumerate(kinds) if k in ("date", "datetime", "time")]
    plain = [i for i, v in enumerate(values[0]) if isinstance(v, Enum | bool)]
    columns = list(zip(*values, strict=True))  # column-wise: C-speed transposition
    for i in todo:
        columns[i] = _sqlite_column(kinds[i], columns[i])
    for i in plain:
        columns[i] = _plain(columns[i])
    empty = [i for i, column in enumerate(columns) if column.count(None) == len(values)]
    if empty:
        info = conn.exec_driver_sql(f'PRAGMA table_info("{table.name}")').all()
        has_default = {name for _, name, _, _, default, pk in info if default is not None or pk}
        empty = [i for i in empty if cols[i] not in has_default]
    if empty and len(empty) < len(cols):
        kept = [i for i in range(len(cols)) if i not in empty]
        cols = [cols[i] for i in kept]
        columns = [columns[i] for i in kept]
    elif not todo and not plain:
        return cols, values
    return cols, list(zip(*columns, strict=True))


def _sqlite_column(kind: str, column: tuple[Any, ...]) -> tuple[Any, ...]:
    """A column of dates or times in SQLAlchemy's storage format on SQLite.

    An import's dates repeat (every contact is created today; 30,000 connections were
    made on a few thousand days): each day is written once, then looked up at C speed.
    """
    write = _sqlite_value(kind)
    if kind == "date":
        text = {day: write(day) for day in set(column)}
        return tuple(map(text.__getitem__, column))
    return tuple(map(write, column))


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


def advance_sequences(s: Session, tables: Sequence[Table]) -> None:
    """PostgreSQL: move each ``id`` sequence past ids written explicitly (a restore)."""
    conn = s.connection()
    if conn.dialect.name != "postgresql":
        return
    for table in tables:
        if "id" in table.c and table.c["id"].primary_key:
            conn.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence(:t, 'id'), "
                    f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"
                ),
                {"t": table.name},
            )
