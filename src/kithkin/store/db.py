"""Opening a database: engine, connection settings, migrations, sessions.

One :class:`Database` serves every face. SQLite gets WAL and foreign keys on
every connection; PostgreSQL is reached through psycopg 3. The schema is brought
to the current Alembic head when the database is opened, so a user never runs
migrations by hand; the check is one cheap query and Alembic is imported only
when there is something to do.

What a database must be before anything is written to it (:func:`check_target`):
a SQLite file that is empty, or holds kithkin's schema at a revision this version
knows; a folder that exists. Another program's database, a binary file, a folder
or a database made by a newer kithkin is refused untouched, in one line.

Transactions are real on SQLite too: the driver's own implicit transactions
(which leave ``CREATE TABLE`` outside them) are switched off and kithkin emits
``BEGIN`` itself, so a rollback undoes everything, scratch tables included. A
writer begins ``BEGIN IMMEDIATE``: it waits for the write lock up front (within
the busy timeout) instead of failing half-way when it first writes.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, OperationalError, ProgrammingError
from sqlalchemy.orm import Session, sessionmaker

from kithkin.errors import BadInput, Busy
from kithkin.store import unicodelower
from kithkin.store.head import SCHEMA_HEAD as SCHEMA_HEAD
from kithkin.store.unicodelower import UNICODE_LOWER as UNICODE_LOWER

MIGRATIONS_DIR = Path(__file__).parent / "migrations"

# How long a writer waits for another one to finish before it is told to try again.
BUSY_TIMEOUT_MS = 5000

BUSY_MESSAGE = "another kithkin command is writing; try again"

_SQLITE_MAGIC = b"SQLite format 3\x00"


@cache
def known_revisions() -> frozenset[str]:
    """Every schema revision this version of kithkin can open (the migration files)."""
    names = (p.name for p in (MIGRATIONS_DIR / "versions").glob("*.py"))
    return frozenset(m.group(1) for n in names if (m := re.match(r"(\d{4})_\w+\.py$", n)))


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # No implicit transactions from the driver: _sqlite_begin emits BEGIN itself.
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    # FULL: a commit is on disk when kith says it is done, power loss included
    # (NORMAL could lose the last commits); ~0.5 ms a commit, see docs/durability.md.
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.close()
    unicodelower.install(dbapi_connection)  # names typed beyond ASCII (lookup.lowered)


def _sqlite_begin(conn: Connection) -> None:
    write = conn.get_execution_options().get("kith_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def is_busy(exc: BaseException) -> bool:
    """Whether a database error means another writer holds the lock (SQLite)."""
    orig = getattr(exc, "orig", exc)
    if isinstance(orig, sqlite3.OperationalError):
        msg = str(orig).lower()
        return "database is locked" in msg or "database is busy" in msg
    return False


def show(text_: str) -> str:
    """A path or URL as one line of a message (a newline in a name stays visible)."""
    return text_.replace("\r", "\\r").replace("\n", "\\n")


def check_target(url: str) -> None:
    """Refuse, before anything is written, a target that is not (or cannot be) kithkin's."""
    if not url.startswith("sqlite"):
        return
    path = url.removeprefix("sqlite:///")
    if not path or path == ":memory:" or path.startswith("file:"):
        return
    p = Path(path)
    if p.is_dir():
        raise BadInput(f"{show(path)}: is a folder, not a database file")
    if not p.parent.is_dir():
        raise BadInput(f"{show(path)}: the folder {show(str(p.parent))} does not exist")
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        return  # a new database
    except OSError as exc:
        raise BadInput(f"{show(path)}: cannot open ({exc.strerror})") from None
    if size == 0:
        return
    try:
        with p.open("rb") as fh:
            head = fh.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise BadInput(f"{show(path)}: cannot open ({exc.strerror})") from None
    if head != _SQLITE_MAGIC:
        raise BadInput(f"{show(path)}: not a SQLite database; kithkin will not write into it")
    revision, tables = _sqlite_probe(p)
    if revision is None and tables:
        raise BadInput(
            f"{show(path)}: another program's SQLite database (no kithkin schema); "
            "kithkin will not write into it"
        )
    _check_revision(show(path), revision)


def _check_revision(where: str, revision: str | None) -> None:
    if revision is not None and revision not in known_revisions():
        raise BadInput(
            f"{where}: made by a newer kithkin (schema {revision}); "
            "upgrade kithkin to open it (nothing was changed)"
        )


def _sqlite_probe(p: Path) -> tuple[str | None, list[str]]:
    """(kithkin revision or None, table names), read without writing anything."""
    try:
        conn = sqlite3.connect(f"{p.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise BadInput(f"{show(str(p))}: cannot open ({exc})") from None
    try:
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        revision = None
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
    except sqlite3.DatabaseError as exc:
        raise BadInput(f"{show(str(p))}: not a usable SQLite database ({exc})") from None
    finally:
        conn.close()
    return revision, tables


class Database:
    """A kithkin database at one URL (``sqlite:///...`` or ``postgresql+psycopg://...``)."""

    def __init__(self, url: str, pool: dict[str, Any] | None = None) -> None:
        self.url = url
        kwargs: dict[str, Any] = {}
        if not url.startswith("sqlite"):
            kwargs["pool_pre_ping"] = True
            kwargs.update(pool or {})  # sizes of the connection pool (hosted mode's are small)
        self.engine: Engine = create_engine(url, **kwargs)
        if self.dialect == "sqlite":
            event.listen(self.engine, "connect", _sqlite_connect)
            event.listen(self.engine, "begin", _sqlite_begin)
        from kithkin.store import memo

        memo.count_writes(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def where(self) -> str:
        """The database as the user named it, for messages (no password)."""
        if self.dialect == "sqlite":
            return show(self.url.removeprefix("sqlite:///"))
        u = self.engine.url
        return show(f"{u.host or 'localhost'}:{u.port or 5432}/{u.database or ''}")

    def current_revision(self) -> str | None:
        try:
            with self.engine.connect() as conn:
                row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        except (OperationalError, ProgrammingError):
            return None
        return row[0] if row else None

    def _reachable_revision(self) -> str | None:
        """The stored revision; an unreachable server is a one-line error."""
        try:
            with self.engine.connect() as conn:
                try:
                    row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
                except (OperationalError, ProgrammingError) as exc:
                    if is_busy(exc):
                        raise
                    conn.rollback()
                else:
                    return row[0] if row else None
                if self.dialect != "sqlite" and inspect(conn).get_table_names():
                    raise BadInput(
                        f"{self.where()}: holds tables but no kithkin schema; "
                        "kithkin will not write into it"
                    )
                return None
        except DBAPIError as exc:
            if is_busy(exc):
                raise Busy(BUSY_MESSAGE) from None
            lines = str(getattr(exc, "orig", exc)).strip().splitlines()
            reason = lines[0] if lines else type(exc).__name__
            raise BadInput(f"cannot open the database at {self.where()}: {reason}") from None

    def migrate(self) -> None:
        """Bring the schema to the newest migration (a no-op when it is there)."""
        revision = self._reachable_revision()
        if revision == SCHEMA_HEAD:
            return
        _check_revision(self.where(), revision)
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
        with self.writing() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """A connection in a write transaction (``BEGIN IMMEDIATE`` on SQLite)."""
        with busy_as_error(), self.engine.connect() as c:
            conn = c.execution_options(kith_write=True)
            with conn.begin():
                yield conn

    def table_names(self) -> list[str]:
        return sorted(inspect(self.engine).get_table_names())

    @contextmanager
    def session(self, write: bool = True) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error.

        ``write`` takes the write lock when the transaction begins; a reader
        (``write=False``) never waits for a writer (WAL).
        """
        with busy_as_error(), self._sessions() as s, s.begin():
            if write:
                s.connection(execution_options={"kith_write": True})
            yield s

    def dispose(self) -> None:
        self.engine.dispose()


FULL_MESSAGE = "the disk (or the database's size limit) is full; free some space and try again"


def is_full(exc: BaseException) -> bool:
    """Whether a database error means no space is left (SQLite, PostgreSQL)."""
    orig = getattr(exc, "orig", exc)
    if isinstance(orig, sqlite3.OperationalError):
        return "database or disk is full" in str(orig).lower()
    return type(orig).__name__ == "DiskFull"  # psycopg.errors.DiskFull (SQLSTATE 53100)


@contextmanager
def busy_as_error() -> Iterator[None]:
    """A lock still held by another writer after the busy timeout becomes :class:`Busy`;
    a full disk becomes one line (:class:`BadInput`): the transaction rolled back."""
    try:
        yield
    except DBAPIError as exc:
        if is_busy(exc):
            raise Busy(BUSY_MESSAGE) from None
        if is_full(exc):
            raise BadInput(FULL_MESSAGE) from None
        raise


def open_db(url: str, migrate: bool = True, pool: dict[str, Any] | None = None) -> Database:
    check_target(url)
    db = Database(url, pool)
    if migrate:
        try:
            db.migrate()
        except BaseException:
            db.dispose()  # the connections it opened are not left to the garbage collector
            raise
    return db
