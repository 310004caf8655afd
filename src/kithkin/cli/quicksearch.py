"""``kith search`` answered before the application loads (:mod:`kithkin.cli.quick`
hands it here).

Search is asked many times a day and its query takes milliseconds; Typer and
SQLAlchemy would take twenty times that to load. On a SQLite file at this kithkin's
schema the same query (:mod:`kithkin.store.ftsread`) runs through ``sqlite3``
read-only, the hits are cut by the core's own :func:`~kithkin.core.book.search.found`
and printed by the command's own :mod:`kithkin.cli.searchview`: the same bytes.
Anything else (an option it does not know, a malformed ``--limit``, a PostgreSQL
URL, a file to create or migrate) returns ``False`` and the command runs as usual,
which gives any error its one-line message.
"""

from __future__ import annotations

import re
from pathlib import Path

from kithkin.core.bounds import MAX_COUNT

DEFAULT_LIMIT = 20  # as the command's --limit
_COUNT = re.compile(r"[1-9]\d{0,9}")


def answer(after: list[tuple[str, str | None]], path: Path) -> bool:
    """Print the hits of the command line after ``search``; whether it did."""
    opts = dict(after)
    if len(opts) != len(after):
        return False  # an option given twice: the command says what it makes of it
    as_json = opts.pop("--json", "") is None
    raw_limit = opts.pop("--limit", None)
    words = [name for name, value in opts.items() if value is None]
    if len(opts) != 1 or len(words) != 1 or words[0].startswith("-"):
        return False
    if raw_limit is not None and not (_COUNT.fullmatch(raw_limit) and int(raw_limit) <= MAX_COUNT):
        return False
    query, limit = words[0], DEFAULT_LIMIT if raw_limit is None else int(raw_limit)

    from kithkin.core.book.search import found
    from kithkin.store.ftsread import terms as query_terms
    from kithkin.store.quickread import search

    terms = query_terms(query)
    matches = search(path, terms, limit) if terms else []
    if matches is None:
        return False
    from kithkin.cli import searchview

    rows = searchview.rows(found(matches, terms))
    if as_json:
        from kithkin.cli.jsonout import print_json

        print_json(rows)
        return True
    from kithkin.cli.output import KithConsole

    searchview.print_hits(KithConsole(highlight=False), query, rows)
    return True
