"""Tables that never break a word, on the console every command shares
(:mod:`kithkin.cli.tableout` says how)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kithkin.cli import tableout
from kithkin.cli.common import console

if TYPE_CHECKING:
    from rich.table import Table


def print_table(table: Table) -> None:
    """Print ``table`` whole: a grid if it fits the terminal, else one line per row."""
    tableout.print_table(console, table)


def print_rows(title: str, headers: tuple[str, ...], rows: list[list[str]]) -> None:
    """A table of plain strings, at any length (:func:`kithkin.cli.tableout.print_rows`)."""
    tableout.print_rows(console, title, headers, rows)


def print_lines(lines: list[str]) -> None:
    """Plain lines, as many as there are (:func:`kithkin.cli.tableout.print_lines`)."""
    tableout.print_lines(console, lines)
