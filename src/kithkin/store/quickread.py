"""Reading a kept answer from a SQLite database with nothing but ``sqlite3``.

``kith today`` on a database that has not changed since the last one answers
from the memo (:mod:`kithkin.store.memo`); loading SQLAlchemy, the tables and the
command line to find that out would cost ten times the answer. This reads the
same two rows the memo's own :func:`~kithkin.store.memo.load` reads, read-only,
and says ``None`` whenever anything is not as expected: the caller then goes the
whole way, which gives any error its proper message.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import kithkin
from kithkin.store.head import SCHEMA_HEAD

_QUERY = (
    "SELECT m.body FROM memos AS m JOIN kith_version AS v ON v.id = 1 AND m.version = v.n"
    " WHERE m.kind = ? AND m.params = ? AND m.day = ? AND m.app = ?"
)


def kept_answer(path: Path, kind: str, params: str, day: date) -> str | None:
    """The memo's answer in the SQLite file at ``path`` if it is current, else ``None``."""
    try:
        if not path.is_file():
            return None
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except (OSError, ValueError, sqlite3.Error):
        return None
    try:
        conn.execute("PRAGMA busy_timeout=1000")
        conn.execute("BEGIN")  # one snapshot for the schema check and the answer
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        if row is None or row[0] != SCHEMA_HEAD:
            return None
        found = conn.execute(_QUERY, (kind, params, day.isoformat(), kithkin.__version__))
        hit = found.fetchone()
        return hit[0] if hit and isinstance(hit[0], str) else None
    except sqlite3.Error:
        return None
    finally:
        conn.close()


# The contact names a TAB offers: those starting with what was typed, or with a word
# of it (``lee``), never the user's own record; one query for SQLite (through
# sqlite3 here) and PostgreSQL (through SQLAlchemy, kithkin.cli.completion).
NAMES_SQL = (
    "SELECT display_name FROM contacts WHERE NOT is_me"
    " AND (lower(display_name) LIKE :prefix ESCAPE '\\'"
    " OR lower(display_name) LIKE :word ESCAPE '\\')"
    " ORDER BY display_name LIMIT :limit"
)


def like_pattern(text: str) -> str:
    """``%text%`` for a case-insensitive LIKE, with LIKE's own wildcards escaped."""
    return "%" + text.lower().replace("%", r"\%").replace("_", r"\_") + "%"


def names_params(typed: str, limit: int) -> dict[str, object]:
    """The parameters of :data:`NAMES_SQL` for the text typed so far."""
    prefix = like_pattern(typed)[1:]  # "text%": starts with it
    return {"prefix": prefix, "word": "% " + prefix, "limit": limit}


def contact_names(path: Path, typed: str, limit: int) -> list[str] | None:
    """:data:`NAMES_SQL`'s names in the kithkin SQLite file at ``path``, read-only;
    None when it is not one this kithkin reads (another program's, a newer one's)."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except (OSError, ValueError, sqlite3.Error):
        return None
    try:
        conn.execute("PRAGMA busy_timeout=1000")
        conn.execute("BEGIN")
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        if row is None or not _readable(row[0]):
            return None
        rows = conn.execute(NAMES_SQL, names_params(typed, limit)).fetchall()
        return [r[0] for r in rows]
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def _readable(revision: object) -> bool:
    """A schema revision this kithkin knows (its own or an older one)."""
    return (
        isinstance(revision, str)
        and len(revision) == len(SCHEMA_HEAD)
        and revision.isdigit()
        and revision <= SCHEMA_HEAD
    )
