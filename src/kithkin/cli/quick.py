"""``kith today`` and ``kith health`` answered before the application is loaded, and
the door to the other commands answered so: ``kith list``, ``who`` and ``dupes``
(:mod:`kithkin.cli.quicklists`), ``kith search`` (:mod:`kithkin.cli.quicksearch`),
``kith log`` (:mod:`kithkin.cli.quicklog`), ``kith show`` (:mod:`kithkin.cli.quickshow`),
``kith import linkedin`` (:mod:`kithkin.cli.quickimport`) and ``kith sync``
(:mod:`kithkin.cli.quicksync`).
Each takes only a command line it fully understands; anything else runs the command.

The daily command is the habit the product rests on, and most days nothing has
changed since it last ran (or since ``kith serve`` or the digest computed it).
When the command line is one this module fully understands (``today`` with
``--json``, ``--budget``, ``-v``; ``health`` with ``--json``; the global ``--db``
and ``--as-of``) and the database is a SQLite file, the answer is printed from
here: the memo's when it holds one for the current data version and day (no Typer,
no SQLAlchemy), else computed through the core, which keeps it (no Typer: its
parsing is all the full command would add). In every other case (a PostgreSQL
URL, an option it does not know, a malformed value, an empty agenda, any failure)
:func:`answer` returns ``False`` and the command runs as usual, which gives any
error its one-line message.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_COUNT = re.compile(r"[1-9]\d{0,5}")


# The options of `kith log` that take a value (kithkin.cli.quicklog; --topic repeats).
LOG_VALUES = ("--channel", "--kind", "--date", "--note", "--topic")


def _split(argv: list[str]) -> list[tuple[str, str | None]] | None:
    """``--opt value`` and ``--opt=value`` as pairs; None when a value is missing."""
    out: list[tuple[str, str | None]] = []
    takes_value = {"--db", "--as-of", "--budget", "--limit", "--offset", *LOG_VALUES}
    i = 0
    while i < len(argv):
        arg = argv[i]
        name, eq, value = arg.partition("=")
        if eq and name in takes_value:
            out.append((name, value))
        elif arg in takes_value:
            if i + 1 >= len(argv):
                return None
            out.append((arg, argv[i + 1]))
            i += 1
        else:
            out.append((arg, None))
        i += 1
    return out


# The commands answered here, with the options each may have.
_OPTIONS = {
    "today": ("--json", "--budget", "-v", "--verbose"),
    "health": ("--json",),
}
_LISTS = ("list", "who", "dupes")  # kithkin.cli.quicklists answers these
_SEARCH = "search"  # kithkin.cli.quicksearch answers it
_LOG = "log"  # kithkin.cli.quicklog writes it
_IMPORT = "import"  # kithkin.cli.quickimport runs `import linkedin`
_SHOW = "show"  # kithkin.cli.quickshow answers it


def answer(argv: list[str]) -> bool:
    """Print a kept answer if the command line allows it; whether it did."""
    pairs = _split(argv)
    if pairs is not None and ("sync", None) in pairs:
        from kithkin.cli import quicksync

        return quicksync.answer(pairs)
    if pairs is None:
        return False
    at = next(
        (
            i
            for i, (arg, value) in enumerate(pairs)
            if (arg in _OPTIONS or arg in _LISTS or arg in (_SEARCH, _LOG, _IMPORT, _SHOW))
            and value is None
        ),
        None,
    )
    if at is None:
        return False
    command = pairs[at][0]
    before, after = pairs[:at], pairs[at + 1 :]
    where = day_and_database(before)
    if where is not None and command in _LISTS:
        from kithkin.cli import quicklists

        return quicklists.answer(command, after, *where)
    if where is not None and command == _SEARCH:
        from kithkin.cli import quicksearch

        return quicksearch.answer(after, where[1])
    if where is not None and command == _LOG:
        from kithkin.cli import quicklog

        return quicklog.answer(after, where[0] if "--as-of" in dict(before) else None, where[1])
    if where is not None and command == _SHOW:
        from kithkin.cli import quickshow

        return quickshow.answer(after, where[0] if "--as-of" in dict(before) else None, where[1])
    if where is not None and command == _IMPORT:
        from kithkin.cli import quickimport

        return quickimport.answer(after, where[0] if "--as-of" in dict(before) else None, where[1])
    if where is None or any(name not in _OPTIONS[command] for name, _ in after):
        return False
    day, path = where
    opts = dict(after)
    budget: int | None = None
    if "--budget" in opts:
        raw = opts["--budget"] or ""
        if not _COUNT.fullmatch(raw):
            return False
        budget = int(raw)

    import json

    from kithkin.core.agenda import kept
    from kithkin.store.quickread import kept_answer

    as_json = "--json" in opts
    kind, params = (
        (kept.HEALTH_KIND, kept.HEALTH_PARAMS)
        if command == "health"
        else (kept.KIND, kept.params(budget))
    )
    body = kept_answer(path, kind, params, day)
    if body is not None:
        answer = json.loads(body)
    else:
        fixed = "--as-of" in dict(before)
        answer = _computed(command, path, day if fixed else None, budget)
        if answer is None:
            return False
    if command == "health":
        return _print_health(answer, as_json)
    return _print(answer, day, as_json=as_json, verbose="-v" in opts or "--verbose" in opts)


def _computed(command: str, path: Path, fixed: date | None, budget: int | None) -> Any:
    """The answer computed through the core (which keeps it), without Typer; ``None`` on
    any failure, after which the full command runs and reports it in its own words.

    The command line is one :func:`answer` fully understood, so all the full command
    would add is its parsing; a failed attempt has rolled back whatever it wrote.
    """
    if not path.is_file():
        return None  # the full command says what is missing (or creates the default)
    try:
        from kithkin import clock
        from kithkin.core.agenda import kept
        from kithkin.store.db import open_db

        clock.set_today(fixed)
        db = open_db("sqlite:///" + str(path.resolve()))
        try:
            if command == "health":  # a reader, as the full command is
                with db.session(write=False) as s:
                    return kept.health_summary(s)
            with db.session() as s:
                return kept.today_items(s, budget)
        finally:
            db.dispose()
    except Exception:  # the full command reports it
        return None


def day_and_database(
    before: list[tuple[str, str | None]], path_of: Callable[[str | None], Path | None] | None = None
) -> tuple[date, Path] | None:
    """The day and SQLite file the global options before a command name; ``None`` when
    anything else stands there or a value is not one this path is sure of."""
    if any(name not in ("--db", "--as-of") for name, _ in before):
        return None
    opts = dict(before)
    day = _day(opts.get("--as-of"))
    path = (path_of or _path)(opts.get("--db"))
    return None if day is None or path is None else (day, path)


def _day(as_of: str | None) -> date | None:
    value = as_of if as_of is not None else os.environ.get("KITH_AS_OF") or None
    if value is None:
        return date.today()
    if not _DAY.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _path(db: str | None) -> Path | None:
    target = db if db is not None else os.environ.get("KITH_DB") or None
    if target is None:
        from kithkin.config import default_db_path

        return default_db_path()
    if not target or "://" in target or "\n" in target:
        return None
    return Path(target).expanduser()


def _print(items: list[dict[str, Any]], day: date, as_json: bool, verbose: bool) -> bool:
    if as_json:
        from kithkin.cli.output import print_json

        print_json(items)
        return True
    if not items:
        return False  # the full command decides between a first-day guide and "quiet"
    from kithkin.cli.agenda_view import print_agenda, today_title
    from kithkin.cli.output import KithConsole

    print_agenda(KithConsole(highlight=False), today_title(day, len(items)), items, verbose=verbose)
    return True


def _print_health(out: dict[str, Any], as_json: bool) -> bool:
    if as_json:
        from kithkin.cli.output import print_json

        print_json(out)
        return True
    if not out.get("contacts"):
        return False  # the full command shows the first steps instead
    from kithkin.cli.agenda_view import print_health
    from kithkin.cli.output import KithConsole

    print_health(KithConsole(highlight=False), out)
    return True
