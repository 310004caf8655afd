"""The sources, their checkpoints and a sync's record in a SQLite file, with nothing
but ``sqlite3``: the quick path of a ``kith sync`` that finds nothing new
(:mod:`kithkin.cli.quicksync`).

Most syncs (cron, every 15 minutes) find no new mail; loading SQLAlchemy, the
tables and the command line to learn that costs more than asking the server. This
reads the rows :mod:`kithkin.core.sync.sources` and
:mod:`kithkin.core.sync.checkpoints` read, and writes what
:func:`kithkin.core.sync.checkpoints.finished` writes, in SQLAlchemy's storage
format; as there, the record of a sync is bookkeeping that does not raise the data
version (:func:`kithkin.store.memo.stop_counting`). Anything not as expected gives
``None`` or ``False``: the caller then goes the whole way.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from kithkin.store.head import SCHEMA_HEAD

BUSY_TIMEOUT_MS = 5000  # as kithkin.store.db waits for the write lock
Row = tuple[int, str, str, str, str | None]


def open_current(path: Path) -> sqlite3.Connection | None:
    """The database at ``path`` if it is a SQLite file at the current schema."""
    try:
        if not path.is_file():
            return None
        conn = sqlite3.connect(path, isolation_level=None)  # transactions are explicit
    except (OSError, ValueError, sqlite3.Error):
        return None
    try:
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        conn.close()
        return None
    if row is None or row[0] != SCHEMA_HEAD:
        conn.close()
        return None
    return conn


def sources(conn: sqlite3.Connection) -> list[Row]:
    """(id, name, kind, url, options) of every source, by name."""
    q = "SELECT id, name, kind, url, options FROM sources ORDER BY name"
    return [tuple(r) for r in conn.execute(q)]


def checkpoints(conn: sqlite3.Connection, source_id: int) -> dict[str, str]:
    """Each scope's stored state (JSON text) of one source."""
    q = "SELECT scope, state FROM source_checkpoints WHERE source_id = ?"
    return dict(conn.execute(q, (source_id,)).fetchall())


def data_version(conn: sqlite3.Connection) -> int | None:
    """kithkin's data version (:func:`kithkin.store.memo.current`)."""
    row = conn.execute("SELECT n FROM kith_version WHERE id = 1").fetchone()
    return None if row is None else int(row[0])


def finish(conn: sqlite3.Connection, source_id: int, line: str, at: datetime) -> bool:
    """Record a sync that found nothing new on the source, as ``checkpoints.finished``
    does; whether it was written (not when the write lock stayed taken)."""
    at_text = at.replace(microsecond=0).strftime("%Y-%m-%d %H:%M:%S.%f")
    try:
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(
                "UPDATE sources SET synced_at = ?, last_result = ? WHERE id = ?"
                " AND (synced_at IS NOT ? OR last_result IS NOT ?)",
                (at_text, line, source_id, at_text, line),
            )  # bookkeeping: the data version stays (kithkin.store.memo.stop_counting)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    except sqlite3.Error:
        return False
    return True
