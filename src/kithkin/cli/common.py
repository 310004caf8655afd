"""What every command shares: the open database, JSON output, one-line errors."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import typer

from kithkin.cli.output import LONG_JSON as LONG_JSON
from kithkin.cli.output import KithConsole as KithConsole
from kithkin.cli.output import print_json as print_json
from kithkin.config import resolve_db
from kithkin.core.userinput import parse_date

if TYPE_CHECKING:  # SQLAlchemy loads when a command first opens the database
    from sqlalchemy.orm import Session

    from kithkin.store.db import Database


console = KithConsole(highlight=False)
err_console = KithConsole(stderr=True, highlight=False)

JSON_OPT = typer.Option(False, "--json", help="Print one JSON document instead of a table.")


@dataclass
class State:
    db: str | None = None
    _database: Database | None = None

    def database(self) -> Database:
        if self._database is None:
            from kithkin.store.db import open_db

            self._database = open_db(resolve_db(self.db))
        return self._database

    def close(self) -> None:
        if self._database is not None:
            self._database.dispose()
            self._database = None


state = State()


# Commands that only read: they never take the write lock, so an import or the web
# writing at the same time does not hold them up (SQLite in WAL mode). Every other
# command takes the lock when its transaction begins (BEGIN IMMEDIATE).
READ_ONLY = frozenset(
    {
        "list",
        "show",
        "search",
        "health",
        "who",
        "dupes",
        "draft",
        "event list",
        "ref list",
        "lead list",
        "lead match",
        "config show",
        "source list",
        "source suggestions",
        "export json",
        "export csv",
        "export vcard",
    }
)


def _reading() -> bool:
    from typer._click.globals import get_current_context

    ctx = get_current_context(silent=True)
    return ctx is not None and " ".join(ctx.command_path.split()[1:]) in READ_ONLY


@contextmanager
def session() -> Iterator[Session]:
    """One transaction: everything a command writes lands together or not at all."""
    with state.database().session(write=not _reading()) as s:
        yield s


def opt_date(value: str | None, what: str = "date") -> date | None:
    return parse_date(value, what) if value is not None else None


def warn(message: str) -> None:
    err_console.print(f"[yellow]warning:[/yellow] {message}", soft_wrap=True)
