"""kith search: full-text over people, personal details, notes, interactions and positions."""

from __future__ import annotations

import typer

from kithkin.cli import searchview
from kithkin.cli.app import app
from kithkin.cli.common import JSON_OPT, console, print_json, session
from kithkin.core.bounds import MAX_COUNT


@app.command()
def search(
    query: str = typer.Argument(..., help="Words to find; each may be the start of a word."),
    limit: int = typer.Option(
        20, "--limit", min=1, max=MAX_COUNT, help="At most this many results."
    ),
    as_json: bool = JSON_OPT,
) -> None:
    """Search contacts, personal details, notes, interactions and positions."""
    from kithkin.core.book.search import search as core_search

    with session() as s:
        rows = searchview.rows(core_search(s, query, limit))
    if as_json:
        print_json(rows)
        return
    searchview.print_hits(console, query, rows)
