"""Tables that never break a word: a grid where it fits a terminal, else one line per row.

Rich folds a cell that does not fit its column, which cuts an email address or a
name in the middle. A table is shown as a grid only on a terminal wide enough for
every cell whole; in a narrower terminal each row becomes one line of its cells
(wrapped, if at all, between words), and in a pipe one line per row with the
cells separated by tabs under a header line, ready for ``cut`` or a spreadsheet.

Each function prints on the console it is given and loads nothing of the
application: a command prints through :mod:`kithkin.cli.tables` (the shared
console), a kept answer through :mod:`kithkin.cli.quicklists`, byte for byte alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

PAGER_SLACK = 4  # lines kept free around a table (title, header, prompt)
CHUNK = 2000  # lines written to a pipe at a time


def _cells(table: Table) -> list[list[Text]]:
    columns = [list(col.cells) for col in table.columns]
    rows = []
    for n in range(table.row_count):
        rows.append([_text(col[n]) for col in columns])
    return rows


def _text(cell: object) -> Text:
    from rich.text import Text

    if isinstance(cell, Text):
        return cell
    return Text.from_markup(cell) if isinstance(cell, str) else Text(str(cell))


def print_table(console: Console, table: Table) -> None:
    """Print ``table`` whole: a grid if it fits the terminal, else one line per row."""
    from rich.text import Text

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


def print_rows(
    console: Console, title: str, headers: tuple[str, ...], rows: list[list[str]]
) -> None:
    """A table of plain strings, at any length.

    In a pipe: tab-separated under a header line, written as is, a few thousand
    rows at a time (tens of thousands of rows in well under a second). In a
    terminal: the grid of :func:`print_table` when it fits the screen; a longer list
    goes to the user's pager (``$PAGER``, else ``less``) in aligned columns.
    """
    if not console.is_terminal:
        write = console.file.write
        write(title + "\n" + "\t".join(headers) + "\n")
        for n in range(0, len(rows), CHUNK):
            write("".join(_tsv(row) for row in rows[n : n + CHUNK]))
        return
    if len(rows) + PAGER_SLACK <= console.height:
        from rich.table import Table
        from rich.text import Text

        table = Table(title=title, title_justify="left")
        for h in headers:
            table.add_column(h)
        for row in rows:
            table.add_row(*(Text(c) for c in row))
        print_table(console, table)
        return
    import pydoc

    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    lines = [title, "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    pydoc.pager("\n".join(lines) + "\n")


def _tsv(row: list[str]) -> str:
    """One tab-separated line; cells with a tab or line break of their own are flattened
    (the check is one pass over the row: 50,000 rows call no function per cell)."""
    whole = "".join(row)
    if "\t" in whole or "\n" in whole or "\r" in whole:
        return "\t".join(_flat(c) for c in row) + "\n"
    return "\t".join(row) + "\n"


def _flat(cell: str) -> str:
    """A cell on one line of a tab-separated row."""
    return cell.replace("\t", " ").replace("\n", " ").replace("\r", " ")


def print_lines(console: Console, lines: list[str]) -> None:
    """Plain lines, as many as there are: written as is to a pipe, printed whole in
    a terminal they fit, else handed to the user's pager."""
    if not console.is_terminal:
        write = console.file.write
        for n in range(0, len(lines), CHUNK):
            write("".join(line + "\n" for line in lines[n : n + CHUNK]))
        return
    if len(lines) + PAGER_SLACK <= console.height:
        for line in lines:
            console.print(line, markup=False, highlight=False, soft_wrap=True)
        return
    import pydoc

    pydoc.pager("\n".join(lines) + "\n")
