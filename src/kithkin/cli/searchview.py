"""How ``kith search`` prints its hits, shared by the command and by
:mod:`kithkin.cli.quicksearch`, which answers before Typer and SQLAlchemy load: one
wording, the same bytes either way."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from kithkin.core.wording import count

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from kithkin.core.book.search import Hit


def rows(hits: Iterable[Hit]) -> list[dict[str, Any]]:
    """The hits as ``kith search --json`` prints them (its public fields)."""
    return [
        {"contact_id": h.contact_id, "name": h.name, "kind": h.kind, "snippet": h.snippet}
        for h in hits
    ]


def print_hits(console: Console, query: str, found: list[dict[str, Any]]) -> None:
    """A table of the hits, or one sentence when there are none."""
    if not found:  # a sentence, not the header of an empty table
        console.print(f"No results for {query!r}.", markup=False)
        return
    from rich.markup import escape
    from rich.table import Table

    from kithkin.cli.tableout import print_table

    table = Table(title=f"{count(len(found), 'result')} for {query!r}", title_justify="left")
    for col in ("id", "name", "found in", "snippet"):
        table.add_column(col, overflow="fold")
    for r in found:
        table.add_row(str(r["contact_id"]), escape(r["name"]), r["kind"], _marked(r["snippet"]))
    print_table(console, table)


def _marked(snippet: str) -> Text:
    """Show the search's [bracketed] matches in bold, never as Rich markup."""
    from rich.text import Text

    text = Text()
    for n, part in enumerate(re.split(r"\[([^\]]*)\]", snippet)):
        text.append(part, style="bold" if n % 2 else "")
    return text
