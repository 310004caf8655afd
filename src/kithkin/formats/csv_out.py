"""Contacts as a spreadsheet-safe CSV.

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a line end (also after
leading spaces or line ends, which spreadsheets skip)
is a formula to Excel, LibreOffice and Google Sheets (CSV injection): such cells
get a leading apostrophe, which spreadsheets show as text and never evaluate.
"""

from __future__ import annotations

import csv
import io
from typing import Any

COLUMNS = ["id", "name", "given_name", "family_name", "emails", "phones", "org", "title",
           "tier", "tags", "birthday", "connected_on", "linkedin", "location", "notes"]  # fmt: skip
DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value: str) -> str:
    """Spreadsheets skip leading spaces and line ends before a formula: look past them."""
    if value.startswith(DANGEROUS) or value.lstrip(" \t\r\n").startswith(DANGEROUS):
        return "'" + value
    return value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    return neutralise(str(value))


def dumps(rows: list[dict[str, Any]]) -> str:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(COLUMNS)
    for row in rows:
        w.writerow([_cell(row.get(c)) for c in COLUMNS])
    return buf.getvalue()
