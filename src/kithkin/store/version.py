"""A cheap "has anything changed?" probe, so a face can cache what it computed.

The value is opaque: two equal values mean no transaction committed anything in
between (by this process or any other, e.g. a ``kith log`` in a terminal while
``kith serve`` runs). It is conservative: it may change when nothing relevant
did, never the other way round.

- SQLite: ``PRAGMA data_version`` on one dedicated connection, which changes
  whenever another connection commits (microseconds; no table is read).
- PostgreSQL: the database's own write count (``kith_version.n``, raised at the
  commit of every kithkin transaction that wrote, any process: ``store/memo``), one
  indexed read. Not the cluster's snapshot: that moves with every transaction of
  every database on the server holding a transaction id, a read's scratch table
  included, so on a shared server (or after any page that used one) nothing kept
  was ever served again. Writes made outside kithkin (``psql``) are not counted,
  as for the memo of the command line.
"""

from __future__ import annotations

import sqlite3
import threading
from typing import Any

from sqlalchemy import text

from kithkin.store.db import Database


class DataVersion:
    """Callable: the database's current data version (``None`` if it cannot tell)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._path: str | None = None
        if db.dialect == "sqlite":
            path = db.engine.url.database
            if path and path != ":memory:":
                self._path = path

    def __call__(self) -> Any:
        if self.db.dialect == "sqlite":
            return self._sqlite()
        with self.db.engine.connect() as conn:
            return conn.execute(text("SELECT n FROM kith_version WHERE id = 1")).scalar()

    def _sqlite(self) -> Any:
        if self._path is None:
            return None
        with self._lock:
            if self._conn is None:
                # Autocommit, read-only use: this connection never holds a transaction
                # open, so it sees every commit of every other connection.
                self._conn = sqlite3.connect(
                    self._path, check_same_thread=False, isolation_level=None
                )
            return self._conn.execute("PRAGMA data_version").fetchone()[0]

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
