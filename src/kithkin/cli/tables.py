"""Tables that never break a word: a grid where it fits a terminal, else one line per row.

Rich folds a cell that does not fit its column, which cuts an email address or a
name in the middle. A table is shown as a grid only on a terminal wide enough for
every cell whole; in a narrower terminal each row becomes one line of its cells
(wrapped, if at all, between words), and in a pipe one line per row with the
cells separated by tabs under a header line, ready for ``cut`` or a spreadsheet.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from kithkin.cli.common import console


def _cells(table: Table) -> list[list[Text]]:
    columns = [list(col.cells) for col in table.columns]
    rows = []
    for n in range(table.row_count):
        rows.append([_text(col[n]) for col in columns])
    return rows


def _text(cell: object) -> Text:
    if isinstance(cell, Text):
        return cell
    return Text.from_markup(cell) if isinstance(cell, str) else Text(str(cell))


def print_table(table: Table) -> None:
    """Print ``table`` whole: a grid if it fits the terminal, else one line per row."""
    for col in table.columns:
        col.no_wrap = True
        col.overflow = "ignore"
    wide = console.options.update_width(1_000_000)
    fits = table.__rich_measure__(console, wide).maximum <= console.width
    if console.is_terminal and fits:
        console.print(table)
        return
    if table.title:
        console.print(table.title, soft_wrap=True)
    if not console.is_terminal:  # written as is: Rich would turn the tabs into spaces
        out = console.file
        out.write("\t".join(str(c.header) for c in table.columns) + "\n")
        for row in _cells(table):
            out.write("\t".join(c.plain for c in row) + "\n")
        return
    for row in _cells(table):
        # Wrapped between words only; a word longer than the line stays whole.
        console.print(Text("  ").join(c for c in row if c.plain), overflow="ignore", crop=False)
