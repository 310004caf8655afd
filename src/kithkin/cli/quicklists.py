"""``kith list``, ``kith who ORG`` and ``kith dupes`` answered from the memo, before the
application is loaded (:mod:`kithkin.cli.quick` hands them here).

The full commands keep their answers by data version and day
(:mod:`kithkin.core.keptlists`). When the command line is one this module fully
understands and the SQLite file holds a current answer, it is printed from here with
the same functions the commands print with (:mod:`kithkin.cli.jsonout`,
:mod:`kithkin.cli.listviews`, :mod:`kithkin.cli.tableout`): the same bytes. Anything
else (a filter, an option it does not know, an empty answer, whose message the
command gives, a malformed value) returns ``False`` and the command runs as usual.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from kithkin.cli.listviews import LIMIT_MAX

_COUNT = re.compile(r"0|[1-9]\d{0,9}")


def answer(command: str, after: list[tuple[str, str | None]], day: date, path: Path) -> bool:
    """Print the kept answer of ``command`` with the options ``after`` it; whether it did."""
    from kithkin.core import keptlists

    opts = dict(after)
    if len(opts) != len(after):
        return False  # an option given twice: the command says what it makes of it
    as_json = opts.pop("--json", "") is None
    if command == "list":
        limit, offset = opts.pop("--limit", None), opts.pop("--offset", None) or "0"
        if opts or not _number(offset, 0) or (limit is not None and not _number(limit, 1)):
            return False
        items = _kept(path, keptlists.LIST_KIND, keptlists.LIST_PARAMS, day)
        if items is None:
            return False
        page = keptlists.cut(items, None if limit is None else int(limit), int(offset))
        if as_json:
            return _json(page)
        if not items:
            return False  # the full command decides whether to show the first steps
        from kithkin.cli import listviews, tableout

        title = listviews.list_title(len(items), int(offset), len(page))
        cells = listviews.list_cells(_rows(page))
        tableout.print_rows(_console(), title, listviews.LIST_HEADERS, cells)
        return True
    if command == "who":
        org = [name for name, value in opts.items() if value is None]
        if len(opts) != 1 or len(org) != 1 or org[0].startswith("-"):
            return False
        key = keptlists.who_params(org[0])
        items = None if key is None else _kept(path, keptlists.WHO_KIND, key, day)
        if items is None:
            return False
        if as_json:
            return _json(items)
        if not items:
            return False  # the full command says so on stderr
        from kithkin.cli import listviews, tableout

        tableout.print_lines(_console(), listviews.who_lines(_rows(items)))
        return True
    if opts:
        return False
    items = _kept(path, keptlists.DUPES_KIND, keptlists.DUPES_PARAMS, day)
    if items is None:
        return False
    if as_json:
        return _json(items)
    if not items:
        return False
    from kithkin.cli import listviews, tableout

    tableout.print_lines(_console(), listviews.dupe_lines(_rows(items)))
    return True


def _number(raw: str, least: int) -> bool:
    """Whether ``raw`` is a value of ``--limit``/``--offset`` the command takes as it is."""
    return bool(_COUNT.fullmatch(raw)) and least <= int(raw) <= LIMIT_MAX


def _kept(path: Path, kind: str, params: str, day: date) -> list[str] | None:
    """The encoded items of the current kept answer (one a line, kithkin.jsontext)."""
    from kithkin import jsontext
    from kithkin.store.quickread import kept_answer

    body = kept_answer(path, kind, params, day)
    return None if body is None else jsontext.split(body)


def _rows(items: list[str]) -> list[Any]:
    """The items parsed (only those shown: a page of the list parses its own rows)."""
    from kithkin.core.keptlists import Answer

    return Answer(None, items).rows()


def _json(items: Sequence[str]) -> bool:
    from kithkin.cli.jsonout import print_items

    print_items(items)
    return True


def _console() -> Any:
    from kithkin.cli.output import KithConsole

    return KithConsole(highlight=False)
