"""Python's lower() as a SQLite function, on every connection kithkin opens to a file.

SQLite's own lower() and LIKE fold ASCII letters only: "Ørsted", "Élodie" or "Иван"
could not be found by the name typed as shown. Python's lower() folds every script, as
PostgreSQL's does; it costs a Python call a row, so names are compared with it only
when the text typed is not ASCII (:func:`kithkin.core.book.lookup.lowered`, and the
quick paths' :func:`kithkin.store.quicklog.person`). Apart from :mod:`kithkin.store.db`
so that a connection opened with ``sqlite3`` alone has it too.
"""

from __future__ import annotations

import sqlite3
from typing import Any

# The function's name in SQL.
UNICODE_LOWER = "kith_lower"


def unicode_lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def install(conn: sqlite3.Connection) -> None:
    """Give ``conn`` the :data:`UNICODE_LOWER` function."""
    conn.create_function(UNICODE_LOWER, 1, unicode_lower, deterministic=True)
