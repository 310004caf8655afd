"""kith search: full-text over people, personal details, notes and interactions."""

from __future__ import annotations

import re
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from kithkin.cli.app import app
from kithkin.cli.common import JSON_OPT, console, print_json, session
from kithkin.cli.tables import print_table
from kithkin.core.bounds import MAX_COUNT
from kithkin.core.wording import count


@app.command()
def search(
    query: str = typer.Argument(..., help="Words to find; each may be the start of a word."),
    limit: int = typer.Option(
        20, "--limit", min=1, max=MAX_COUNT, help="At most this many results."
    ),
    as_json: bool = JSON_OPT,
) -> None:
    """Search contacts, personal details, notes and interactions."""
    from kithkin.core.book.search import search as core_search

    with session() as s:
        hits = core_search(s, query, limit)
    rows: list[dict[str, Any]] = [
        {"contact_id": h.contact_id, "name": h.name, "kind": h.kind, "snippet": h.snippet}
        for h in hits
    ]
    if as_json:
        print_json(rows)
        return
    if not rows:  # a sentence, not the header of an empty table
        console.print(f"No results for {query!r}.", markup=False)
        return
    table = Table(title=f"{count(len(rows), 'result')} for {query!r}", title_justify="left")
    for col in ("id", "name", "found in", "snippet"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(str(r["contact_id"]), escape(r["name"]), r["kind"], _marked(r["snippet"]))
    print_table(table)


def _marked(snippet: str) -> Text:
    """Show the search's [bracketed] matches in bold, never as Rich markup."""
    text = Text()
    for n, part in enumerate(re.split(r"\[([^\]]*)\]", snippet)):
        text.append(part, style="bold" if n % 2 else "")
    return text
