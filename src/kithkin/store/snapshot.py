"""Whole-database copies of a SQLite database: ``kith backup`` and its restore.

A file copy of a live SQLite database can catch it half-written (the WAL beside
it, a page being changed) and be corrupt. SQLite's online backup API copies a
consistent snapshot instead, in one read transaction, while other processes keep
writing (WAL). A copy is checked (``integrity_check``, kithkin's schema at a
revision this version knows) before it is called a backup, and before a restore
replaces anything; the database a restore replaces is first copied aside the
same way, so a restore is never the last copy of anything.

PostgreSQL has its own tool for this, ``pg_dump`` (docs/durability.md).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from kithkin import privatefiles
from kithkin.errors import BadInput
from kithkin.store.db import BUSY_TIMEOUT_MS, known_revisions, show

PG_DUMP_HINT = "pg_dump --format=custom --file kithkin.dump DATABASE_URL"


def sqlite_path(url: str) -> Path:
    """The file of a SQLite URL; PostgreSQL is backed up with ``pg_dump``."""
    if not url.startswith("sqlite:///"):
        raise BadInput(
            "a PostgreSQL database is backed up with pg_dump, not kithkin",
            hint=PG_DUMP_HINT,
        )
    return Path(url.removeprefix("sqlite:///"))


def default_name(folder: Path, now: datetime | None = None) -> Path:
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return folder / f"kithkin-{stamp}.db"


def backup(source: Path, target: Path) -> str:
    """Copy ``source`` (live or not) to the new file ``target``; returns its revision."""
    if target.exists():
        raise BadInput(f"{show(str(target))}: already exists; name a new file")
    if not target.parent.is_dir():
        raise BadInput(f"{show(str(target))}: the folder does not exist")
    privatefiles.create(target)  # the copy of everyone's data: readable by you alone
    _copy(source, target)
    try:
        return check(target)
    except BadInput:
        target.unlink(missing_ok=True)
        raise


def check(path: Path) -> str:
    """The kithkin revision of a SQLite file that is whole and kithkin's, else BadInput."""
    where = show(str(path))
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise BadInput(f"{where}: cannot open ({exc.strerror})") from None
    if head != b"SQLite format 3\x00":
        raise BadInput(f"{where}: not a SQLite database")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise BadInput(f"{where}: cannot open ({exc})") from None
    try:
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if ok != "ok":
            raise BadInput(f"{where}: damaged ({ok})")
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise BadInput(f"{where}: not a kithkin database ({exc})") from None
    finally:
        conn.close()
    if row is None or row[0] not in known_revisions():
        found = row[0] if row else "none"
        raise BadInput(f"{where}: not a kithkin database this version can open (schema {found})")
    return str(row[0])


def restore(backup_file: Path, target: Path) -> Path | None:
    """Replace ``target``'s content with a checked backup; the old one goes aside first.

    Returns where the previous database was kept (``None`` when there was none).
    """
    check(backup_file)
    if backup_file.resolve() == target.resolve():
        raise BadInput(f"{show(str(backup_file))}: is the database itself")
    aside = None
    if target.exists() and target.stat().st_size > 0:
        aside = target.with_name(f"{target.name}.before-restore-{_stamp()}")
        privatefiles.create(aside)
        _copy(target, aside)
    src = sqlite3.connect(f"{backup_file.resolve().as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        dst.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        src.backup(dst)
    except sqlite3.Error as exc:
        raise BadInput(f"{show(str(target))}: cannot restore into it ({exc})") from None
    finally:
        src.close()
        dst.close()
    return aside


def _copy(source: Path, target: Path) -> None:
    """SQLite's online backup of ``source`` into ``target``, in one consistent step."""
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        src.backup(dst)  # pages=-1: the whole database in one read transaction
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside
    except sqlite3.Error as exc:
        dst.close()
        target.unlink(missing_ok=True)
        raise BadInput(f"{show(str(source))}: cannot copy ({exc})") from None
    finally:
        src.close()
        dst.close()


def _stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")
