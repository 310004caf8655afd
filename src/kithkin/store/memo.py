"""The data version every write raises, and the memo of answers computed from it.

A command that answers from data that has not changed need not compute again:
``kith today`` on a 50,000-person network plans for seconds, and the plan changes
only when the data or the day does. So every committed write transaction raises
one number (``kith_version.n``) and an answer is kept with the number it was
computed from; it is served while the number, the day and the parameters match.

Counting is done by the storage layer, at commit, for every connection of every
face and process: a transaction that took the write lock (``kith_write``) and
changed a row raises the version by one. On SQLite "changed a row" is the
connection's ``total_changes``; on PostgreSQL, whether the transaction was given
a transaction id (it wrote). Scratch tables may count too: a version that moves
when nothing did only costs a recomputation, never a stale answer.

Writes made outside kithkin (the ``sqlite3`` shell) are not counted; a memo can
then be as old as the last kithkin write. docs/benchmarks.md says so.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from sqlalchemy import Engine, case, delete, event, func, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

import kithkin
from kithkin.store.tables import DataVersionRow, Memo, Touched
from kithkin.store.versionsql import BUMP, LABEL

_BASE = "kith_changes_at_begin"


def count_writes(engine: Engine) -> None:
    """Make every write transaction on ``engine`` raise the data version at commit."""
    event.listen(engine, "begin", _begin)
    event.listen(engine, "commit", _commit)


def _raw(conn: Connection) -> Any:
    return conn.connection.dbapi_connection


def _begin(conn: Connection) -> None:
    if not conn.get_execution_options().get("kith_write"):
        conn.info[_BASE] = None
    elif conn.dialect.name == "sqlite":
        conn.info[_BASE] = _raw(conn).total_changes
    else:
        conn.info[_BASE] = 0


def _wrote(conn: Connection, base: int) -> bool:
    raw = _raw(conn)
    if conn.dialect.name == "sqlite":
        return bool(raw.total_changes != base)
    cur = raw.cursor()
    try:
        cur.execute(
            "SELECT pg_current_xact_id_if_assigned() IS NOT NULL"
            " AND to_regclass('kith_version') IS NOT NULL"
        )
        return bool(cur.fetchone()[0])
    finally:
        cur.close()


def _bump(conn: Connection) -> int | None:
    """Raise the version in this transaction; the new value (None before the table exists)."""
    cur = _raw(conn).cursor()
    try:
        cur.execute(BUMP)
        row = cur.fetchone()
        if row:
            _label(cur, int(row[0]))
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return None  # a database older than migration 0009 being brought up to it
        raise
    finally:
        cur.close()
    return int(row[0]) if row else None


def _label(cur: Any, version: int) -> None:
    """Give the contacts this transaction touched (pending rows) the version it makes.

    Rows left pending by a write that was not counted are labelled too: a later
    label only makes a kept copy re-read them, never miss them.
    """
    if isinstance(cur, sqlite3.Cursor):
        try:
            cur.execute(LABEL.format(p="?"), (version,))
        except sqlite3.OperationalError as exc:
            if "no such table" not in str(exc):  # a database before migration 0010
                raise
        return
    # PostgreSQL: a failed statement would abort the transaction, so ask first.
    cur.execute("SELECT to_regclass('kith_touched') IS NOT NULL")
    if cur.fetchone()[0]:
        cur.execute(LABEL.format(p="%s"), (version,))


def _commit(conn: Connection) -> None:
    base = conn.info.pop(_BASE, None)
    if base is not None and _wrote(conn, base):
        _bump(conn)


def current(s: Session) -> int | None:
    """The data version as this transaction sees it (read it before anything else)."""
    return s.scalar(select(DataVersionRow.n).where(DataVersionRow.id == 1))


def settle(s: Session, start: int | None) -> int | None:
    """The version an answer computed in this transaction belongs to, counting its writes now.

    ``start`` is :func:`current` read when the transaction began. What the
    transaction writes after this (the memo) is not counted. ``None`` when another
    writer committed meanwhile (PostgreSQL reads commits as they happen): the
    answer then belongs to no single version and must not be kept.
    """
    conn = s.connection()
    base = conn.info.get(_BASE)
    if start is None or base is None or not _wrote(conn, base):
        conn.info[_BASE] = None
        return start
    conn.info[_BASE] = None
    n = _bump(conn)
    return n if n == start + 1 else None


def stop_counting(s: Session) -> None:
    """What this transaction writes from here on does not raise the data version.

    For bookkeeping no answer is computed from (when a source was last synced, and
    what it printed): ``kith sync`` from cron every 15 minutes must not make every
    kept answer, and every address book's early stop (:mod:`kithkin.core.sync.
    cardquiet`), look stale. What the transaction wrote before counts, now.
    """
    conn = s.connection()
    base = conn.info.get(_BASE)
    if base is not None and _wrote(conn, base):
        _bump(conn)
    conn.info[_BASE] = None


def _app() -> str:
    return kithkin.__version__


def load(s: Session, kind: str, params: str, day: date, version: int | None) -> str | None:
    """The kept answer for exactly this version, day and parameters, if there is one."""
    if version is None:
        return None
    return s.scalar(
        select(Memo.body).where(
            Memo.kind == kind,
            Memo.params == params,
            Memo.day == day,
            Memo.version == version,
            Memo.app == _app(),
        )
    )


def load_latest(s: Session, kind: str, params: str, day: date) -> tuple[int, str] | None:
    """The kept answer for this day and parameters whatever its version, with its version:
    what :func:`touched_since` can bring up to date."""
    row = s.execute(
        select(Memo.version, Memo.body).where(
            Memo.kind == kind, Memo.params == params, Memo.day == day, Memo.app == _app()
        )
    ).first()
    return None if row is None else (int(row[0]), row[1])


def load_latest_head(s: Session, kind: str, params: str, day: date) -> tuple[int, str] | None:
    """:func:`load_latest`'s version and the first line of its answer alone: a kept
    document's head, without reading the megabytes that follow it into Python."""
    body = Memo.body
    if s.get_bind().dialect.name == "sqlite":
        cut = func.instr(body, "\n")
        head: Any = case((cut == 0, body), else_=func.substr(body, 1, cut - 1))
    else:
        head = func.split_part(body, "\n", 1)
    row = s.execute(
        select(Memo.version, head).where(
            Memo.kind == kind, Memo.params == params, Memo.day == day, Memo.app == _app()
        )
    ).first()
    return None if row is None else (int(row[0]), row[1])


def touched_since(s: Session, version: int, limit: int) -> list[int] | None:
    """The contacts whose facts a write after ``version`` may have changed (migration
    0010's triggers note them); ``None`` when there are more than ``limit``."""
    rows = s.connection().execute(
        select(Touched.contact_id)
        .where(or_(Touched.version > version, Touched.version.is_(None)))
        .limit(limit + 1)
    )
    found = [int(cid) for (cid,) in rows]
    return None if len(found) > limit else found


def save(s: Session, kind: str, params: str, day: date, version: int, body: str) -> None:
    """Keep an answer (one per kind and parameters: the newest replaces the last)."""
    s.execute(delete(Memo).where(Memo.kind == kind, Memo.params == params))
    s.add(Memo(kind=kind, params=params, day=day, version=version, app=_app(), body=body))
    s.flush()


def forget_unlike(s: Session, kind: str, prefix: str) -> None:
    """Drop the kept answers of ``kind`` whose parameters do not start with ``prefix``
    (kept in a shape this code no longer reads)."""
    s.execute(delete(Memo).where(Memo.kind == kind, Memo.params.not_like(f"{prefix}%")))


# How long keeping an answer may wait for another process's write lock.
SAVE_WAIT_MS = 100


@contextmanager
def if_free(s: Session) -> Iterator[None]:
    """Keep what is written inside if the database lets this process write now.

    Keeping an answer is a favour to the next run, never a reason for a read command
    to fail or to wait: inside a savepoint that waits at most :data:`SAVE_WAIT_MS` for
    another process's write lock (an import), whatever fails is left out and the
    command answers all the same. A write transaction holds the lock already.
    """
    from sqlalchemy.exc import DBAPIError

    conn = s.connection()
    sqlite = conn.dialect.name == "sqlite"
    wait = conn.exec_driver_sql("PRAGMA busy_timeout").scalar() if sqlite else None
    try:
        if sqlite:
            conn.exec_driver_sql(f"PRAGMA busy_timeout={SAVE_WAIT_MS}")
        with s.begin_nested():
            yield
    except DBAPIError:
        pass  # another writer has the database (or kept it first): computed again next time
    finally:
        if sqlite:
            conn.exec_driver_sql(f"PRAGMA busy_timeout={int(wait or 0)}")
