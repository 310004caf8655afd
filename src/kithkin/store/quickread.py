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
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import kithkin
from kithkin.store import ftsread
from kithkin.store.head import SCHEMA_HEAD

if TYPE_CHECKING:
    from kithkin.store.showread import Rows

_QUERY = (
    "SELECT m.body FROM memos AS m JOIN kith_version AS v ON v.id = 1 AND m.version = v.n"
    " WHERE m.kind = ? AND m.params = ? AND m.day = ? AND m.app = ?"
)


def kept_answer(path: Path, kind: str, params: str, day: date) -> str | None:
    """The memo's answer in the SQLite file at ``path`` if it is current, else ``None``."""
    with _snapshot(path, current=True) as conn:
        if conn is None:
            return None
        found = conn.execute(_QUERY, (kind, params, day.isoformat(), kithkin.__version__))
        hit = found.fetchone()
        return hit[0] if hit and isinstance(hit[0], str) else None
    return None  # a read that failed part-way (sqlite3.Error)


def search(path: Path, words: list[str], limit: int) -> list[tuple[int, str, str, str]] | None:
    """:func:`kithkin.store.ftsread.search` on the SQLite file at ``path``, read-only;
    ``None`` when it is not a kithkin database at the current schema."""
    with _snapshot(path, current=True) as conn:
        if conn is None:
            return None
        return ftsread.search(
            lambda sql, params: conn.execute(sql, params).fetchall(), words, limit
        )
    return None


@contextmanager
def _snapshot(path: Path, current: bool) -> Iterator[sqlite3.Connection | None]:
    """A read-only connection to the kithkin SQLite file at ``path``, in one read
    transaction, or ``None`` when it is not one: missing, another program's, or at a
    schema other than this kithkin's (``current``) or newer than it. A ``sqlite3``
    error inside the block, or rows it does not know, end the block early: what
    follows it is the caller's fallback."""
    try:
        if not path.is_file():
            yield None
            return
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except (OSError, ValueError, sqlite3.Error):
        yield None
        return
    try:
        conn.execute("PRAGMA busy_timeout=1000")
        conn.execute("BEGIN")  # one snapshot for the schema check and the answer
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        conn.close()
        yield None
        return
    revision = None if row is None else row[0]
    try:
        yield conn if (revision == SCHEMA_HEAD if current else _readable(revision)) else None
    except (sqlite3.Error, ValueError):  # ValueError: rows this kithkin does not know
        return
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
    with _snapshot(path, current=False) as conn:
        if conn is None:
            return None
        rows = conn.execute(NAMES_SQL, names_params(typed, limit)).fetchall()
        return [r[0] for r in rows]
    return None


def _readable(revision: object) -> bool:
    """A schema revision this kithkin knows (its own or an older one)."""
    return (
        isinstance(revision, str)
        and len(revision) == len(SCHEMA_HEAD)
        and revision.isdigit()
        and revision <= SCHEMA_HEAD
    )


def shown(path: Path, ref: str) -> Rows | None:
    """The rows ``kith show`` reads of the contact ``ref`` names in the kithkin SQLite
    file at ``path`` (:mod:`kithkin.store.showread`), read-only, in one snapshot;
    ``None`` when this path does not decide it: not a database at the current schema,
    a reference :func:`kithkin.store.quicklog.person` leaves to the command (``me``,
    an ambiguous or unknown name), or the user's own record."""
    from kithkin.store import quicklog, showread

    with _snapshot(path, current=True) as conn:
        if conn is None:
            return None
        try:
            cid, _ = quicklog.person(conn, ref)
        except quicklog.Unsure:
            return None
        rows = showread.read(lambda sql, params: conn.execute(sql, params).fetchall(), cid)
        return None if rows is None or rows.contact["is_me"] else rows
    return None
