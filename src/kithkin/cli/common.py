"""What every command shares: the open database, JSON output, one-line errors."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

import typer
from rich.console import Console
from sqlalchemy.orm import Session

from kithkin.config import resolve_db
from kithkin.core.userinput import parse_date
from kithkin.store.db import Database, open_db


class KithConsole(Console):
    """Rich's console, except that a word longer than the line is never cut in two.

    Rich wraps text between words, but folds a word wider than the terminal (an email,
    a URL) across lines. Here text is wrapped between words only: such a word stands
    whole on a line of its own and the terminal shows it whole (copied, it is one
    piece). A wrapped line keeps its indentation on the lines it continues on. Tables
    and other renderables are printed as Rich prints them.
    """

    def print(self, *objects: Any, **kwargs: Any) -> None:
        wrap = not kwargs.get("soft_wrap", self.soft_wrap) and not kwargs.get("no_wrap")
        if not (wrap and objects and all(isinstance(o, str) for o in objects)):
            super().print(*objects, **kwargs)
            return
        from rich._wrap import divide_line
        from rich.text import Text

        text = self.render_str(
            str(kwargs.pop("sep", " ")).join(objects),
            markup=kwargs.pop("markup", None),
            highlight=kwargs.pop("highlight", None),
            emoji=kwargs.pop("emoji", None),
        )
        width = kwargs.get("width") or self.width
        pieces: list[Text] = []
        for line in text.split("\n", allow_blank=True):
            indent = len(line.plain) - len(line.plain.lstrip(" "))
            if indent >= width // 2:
                indent = 0
            for n, piece in enumerate(
                line.divide(divide_line(line.plain, width - indent, fold=False))
            ):
                piece.rstrip()
                if n:
                    piece.pad_left(indent)
                pieces.append(piece)
        kwargs["soft_wrap"] = True
        super().print(Text("\n").join(pieces), **kwargs)


console = KithConsole(highlight=False)
err_console = KithConsole(stderr=True, highlight=False)

JSON_OPT = typer.Option(False, "--json", help="Print one JSON document instead of a table.")


@dataclass
class State:
    db: str | None = None
    _database: Database | None = None

    def database(self) -> Database:
        if self._database is None:
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


LONG_JSON = 500  # items; a longer list is written one compact item per line


def print_json(obj: Any) -> None:
    """Indented JSON; a long list with one item per line instead.

    Python's indenting encoder is pure Python (a second and more for 50,000
    contacts); each item on its own line goes through the C encoder, stays valid
    JSON and still reads, and ``grep`` finds one person per line.
    """
    if isinstance(obj, list) and len(obj) > LONG_JSON:
        dump = json.JSONEncoder(ensure_ascii=False, default=_default).encode
        sys.stdout.write("[\n" + ",\n".join("  " + dump(item) for item in obj) + "\n]\n")
        return
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=_default) + "\n")


def _default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def opt_date(value: str | None, what: str = "date") -> date | None:
    return parse_date(value, what) if value is not None else None


def warn(message: str) -> None:
    err_console.print(f"[yellow]warning:[/yellow] {message}", soft_wrap=True)
