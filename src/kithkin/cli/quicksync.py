"""``kith sync`` of one mailbox answered before the application is loaded: a sync
with nothing new without even the database layer, any other without Typer.

Run from cron every few minutes, most syncs find no new mail: one TLS login and a
``STATUS`` per folder. Loading Typer, SQLAlchemy and the tables first would cost
several times that. When the command line is ``kith [--db FILE] [--as-of DAY] sync
[NAME]`` (no other option), the database a SQLite file at the current schema, the
source (the one named, or the only one) an IMAP mailbox that has been synced
before, this connects, asks each folder's ``STATUS`` and, when no folder holds
anything past its checkpoint (:meth:`~kithkin.core.sync.ports.FolderState.adds_nothing_to`,
the rule the full sync applies), records the sync and prints its line. A failure to
connect or log in is reported as the full command reports it (one line, exit 1 or
2), so a dead server is never waited for twice.

With new mail, or on the first sync, the same command line runs the sync through the
core as the command does (:func:`_whole`), unless an output is a terminal (the
progress bar and the styled line are the command's). In every other case
:func:`answer` returns ``False`` and the command runs as usual.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from kithkin.cli.quick import _path, day_and_database

if TYPE_CHECKING:
    import sqlite3

    from kithkin.core.sync.config import SourceConfig


def answer(pairs: list[tuple[str, str | None]]) -> bool:
    """Print the line of a sync with nothing new if this path can tell; whether it did."""
    at = pairs.index(("sync", None))
    before, after = pairs[:at], pairs[at + 1 :]
    where = day_and_database(before, _database)
    if where is None:
        return False
    if len(after) > 1 or any(value is not None or name.startswith("-") for name, value in after):
        return False
    day, path = where
    from kithkin.store import quicksources

    conn = quicksources.open_current(path)
    if conn is None:
        return False
    fixed = day if "--as-of" in dict(before) else None
    try:
        return _sync(conn, after[0][0].strip().lower() if after else None, day, path, fixed)
    finally:
        conn.close()


def _database(db: str | None) -> Path | None:
    """The SQLite file ``--db`` names, as a path or a ``sqlite:///`` URL."""
    if db is not None and db.startswith("sqlite:///") and "?" not in db:
        return Path(db.removeprefix("sqlite:///")).expanduser()
    return _path(db)


def _sync(
    conn: sqlite3.Connection, name: str | None, day: date, path: Path, fixed: date | None
) -> bool:
    from kithkin.core.sync.config import checkpoint_state, config_of
    from kithkin.core.sync.ports import status_names
    from kithkin.store import quicksources

    rows = quicksources.sources(conn)
    chosen = [r for r in rows if r[1] == name] if name is not None else rows
    if len(chosen) != 1 or chosen[0][2] not in ("imap", "carddav"):
        return False
    cfg = config_of(*chosen[0])
    if cfg.kind == "carddav":
        return _cards(conn, cfg, day)
    saved = {k: checkpoint_state(v) for k, v in quicksources.checkpoints(conn, cfg.id).items()}
    names = status_names(cfg.folders, saved, day)
    if not names or any(n not in saved for n in names):
        # a first sync, the first of the day (the folders are listed) or a folder never read
        return _whole(cfg, path, day, fixed, saved)

    from kithkin.errors import KithError

    try:
        unchanged = _unchanged(cfg, names, saved)
    except KithError as exc:
        fail(exc)
    if not unchanged:
        return _whole(cfg, path, day, fixed, saved)
    from kithkin.core.sync.outcome import Outcome

    line = Outcome(cfg.name, cfg.kind).line()
    if not quicksources.finish(conn, cfg.id, line, datetime.combine(day, datetime.now().time())):
        return False  # the write lock stayed taken: the full command says so
    print(line, flush=True)
    return True


def _cards(conn: sqlite3.Connection, cfg: SourceConfig, day: date) -> bool:
    """An address book source with nothing new on either side (the rule of
    :mod:`kithkin.core.sync.cardquiet`): its line; anything else goes the whole way."""
    from kithkin.core.sync import cardquiet
    from kithkin.core.sync.config import checkpoint_state
    from kithkin.errors import KithError
    from kithkin.store import quicksources

    kept = checkpoint_state(quicksources.checkpoints(conn, cfg.id).get(cardquiet.SCOPE, "{}"))
    books = kept.get("books")
    if not isinstance(books, dict) or any("://" in b for b in books):
        return False  # another host's address books (iCloud): the command follows them
    import sqlite3

    try:
        version = quicksources.data_version(conn)
    except sqlite3.Error:
        return False
    if kept.get("day") != day.isoformat() or kept.get("version") != version:
        return False  # moved here already: no need to ask the server
    from kithkin.remote import davstate, secrets
    from kithkin.remote.http import Client

    try:
        http = Client(cfg, secrets.password(cfg))
        try:
            same = cardquiet.still(
                kept,
                version,
                day,
                lambda book: davstate.state(http, davstate.url_of(cfg.url, book)),
            )
        finally:
            http.close()
    except KithError as exc:
        fail(exc)
    if not same:
        return False
    from kithkin.core.sync.outcome import Outcome

    line = Outcome(cfg.name, cfg.kind).line()
    if not quicksources.finish(conn, cfg.id, line, datetime.combine(day, datetime.now().time())):
        return False
    print(line, flush=True)
    return True


def _whole(
    cfg: SourceConfig, path: Path, day: date, fixed: date | None, saved: dict[str, dict[str, Any]]
) -> bool:
    """The whole sync of the one source, as the command runs it, without Typer: what the
    command line would add is its parsing, and loading it costs a tenth of a first sync
    of 50,000 messages. Only where the command would show no progress bar and print the
    line as it is (neither output a terminal); otherwise ``False``, and it runs.

    The reading starts first, from the checkpoints read here (:func:`remote.read_mail
    <kithkin.remote.read_mail>`): in a child process where one can be forked, it logs
    in and fetches while this one loads the database layer."""
    if terminal():
        return False
    import gc

    # One command, then the process ends: the cyclic collector would rescan the
    # database layer's hundreds of thousands of objects as it loads, for the few
    # cycles a sync leaves (its sessions), which the end of the process frees.
    gc.disable()
    try:
        with as_the_command():
            from kithkin import clock, remote
            from kithkin.remote import secrets

            reading = remote.read_mail(cfg, saved, secrets.password(cfg), day)
            try:
                from kithkin.store.db import open_db

                clock.set_today(fixed)  # as --as-of does; KITH_AS_OF is read by the clock
                db = open_db("sqlite:///" + str(path.resolve()))
                try:
                    out = remote.sync(db, cfg, reading=reading)
                finally:
                    db.dispose()
            finally:
                reading.close()
    finally:
        gc.enable()
    _say(out.line())
    return True


def terminal() -> bool:
    """Whether Rich would take either output for a terminal (a progress bar, a styled
    line): the command's own consoles then do the printing."""
    env = os.environ
    if env.get("TTY_COMPATIBLE") == "1" or env.get("FORCE_COLOR"):
        return True
    return any(_isatty(f) for f in (sys.stdout, sys.stderr)) and env.get("TTY_COMPATIBLE") != "0"


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _say(line: str) -> None:
    """The line as the command's console prints it: as it is unless Rich would change
    it (an emoji code such as ``:x:`` in a folder name, a control character)."""
    if line.isascii() and line.isprintable() and line.count(":") == 1:
        print(line, flush=True)
        return
    from kithkin.cli.output import KithConsole

    KithConsole(highlight=False).print(line, soft_wrap=True, markup=False)


def _unchanged(cfg: SourceConfig, names: list[str], saved: dict[str, dict[str, Any]]) -> bool:
    """Whether every folder's ``STATUS`` matches its checkpoint (the server is asked)."""
    from kithkin.remote import secrets
    from kithkin.remote.imap import Imap

    box = Imap.connect(cfg, secrets.password(cfg))
    try:
        for folder in names:
            state = box.status(folder)
            if state is None or not state.adds_nothing_to(saved[folder]):
                return False
        return True
    finally:
        box.close()


@contextmanager
def as_the_command() -> Iterator[None]:
    """Errors and Ctrl+C inside a command run without Typer end as the command's would:
    a :class:`~kithkin.errors.KithError` as its one line (:func:`fail`), an interrupt
    quietly with status 130, as Typer ends it. The transaction under way has been
    rolled back by then."""
    from kithkin.errors import KithError

    try:
        yield
    except KithError as exc:
        fail(exc)
    except KeyboardInterrupt:
        sys.exit(130)


def fail(exc: Exception) -> NoReturn:
    """The one line and exit status the full command gives the same error."""
    from kithkin.errors import Busy, KithError, Unreachable, one_line

    if isinstance(exc, Busy | Unreachable):
        print(f"error: {one_line(str(exc))}", file=sys.stderr, flush=True)
        sys.exit(1)
    hint = f" ({exc.hint})" if isinstance(exc, KithError) and exc.hint else ""
    print(f"error: {one_line(str(exc) + hint)}", file=sys.stderr, flush=True)
    sys.exit(2)
