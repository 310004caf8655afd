"""Decoding and CSV reading shared by the CSV-based formats.

Exports arrive as bytes with or without a BOM, sometimes re-saved by Excel with
a preamble above the header. These helpers find the header by its content,
number every row by its line in the file, and turn an undecodable byte, a broken
quote or a truncated row into a :class:`BadInput` that names the file and line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator

from kithkin.errors import BadInput

csv.field_size_limit(16 * 1024 * 1024)


def decode(data: bytes, name: str, encoding: str = "utf-8") -> str:
    """Text of ``data``; a UTF-8 BOM is dropped; a bad byte is reported with its line."""
    enc = encoding.lower().replace("_", "-")
    if enc in ("utf-8", "utf8"):
        enc = "utf-8-sig"
    try:
        text = data.decode(enc)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        byte = data[exc.start : exc.start + 1].hex()
        raise BadInput(
            f"{name}: line {line}: undecodable byte 0x{byte} (not {encoding}; try --encoding)"
        ) from None
    except (LookupError, ValueError):  # ValueError: a name holding NUL or a surrogate
        raise BadInput(f"unknown encoding {encoding!r}") from None
    return text.lstrip("\ufeff")


class Row:
    """One data row: its line in the file and its cells, looked up by header name."""

    __slots__ = ("index", "line", "values")

    def __init__(self, line: int, values: list[str], index: dict[str, int]) -> None:
        self.line = line
        self.values = values
        self.index = index

    def get(self, key: str) -> str:
        """The cell under ``key`` (exact or lower-case header), stripped; "" when absent."""
        i = self.index.get(key)
        if i is None:
            i = self.index.get(key.lower())
        return self.values[i].strip() if i is not None and i < len(self.values) else ""


def rows(
    text: str,
    name: str,
    is_header: Callable[[list[str]], bool],
    what: str,
) -> tuple[list[str], Iterator[Row]]:
    """The header (found by ``is_header``, anywhere in the file) and the rows below it.

    The cells are separated by commas, or by what Excel writes in most of Europe
    (a semicolon) or its "Unicode Text" (a tab): the separator is the one the header
    is found with.
    """
    header: list[str] | None = None
    start = 1
    broken: BadInput | None = None  # the file read with commas: what to say if no header
    for delimiter in (",", ";", "\t"):
        reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=delimiter)
        try:
            for raw in reader:
                if is_header([c.strip().lstrip("\ufeff") for c in raw]):
                    header = [c.strip().lstrip("\ufeff") for c in raw]
                    start = reader.line_num + 1
                    break
        except csv.Error as exc:
            if delimiter == ",":
                broken = BadInput(f"{name}: line {reader.line_num}: {exc}")
            continue  # another separator would break the quotes elsewhere: not this one
        if header is not None:
            break
    if header is None:
        if broken is not None:
            raise broken
        raise BadInput(f"{name}: not {what} (no header row with the expected columns found)")
    while header and not header[-1]:
        header.pop()
    index: dict[str, int] = {}
    for i, h in enumerate(header):
        index.setdefault(h, i)
        index.setdefault(h.lower(), i)

    def gen() -> Iterator[Row]:
        line = start
        try:
            for raw in reader:
                row_line, line = line, reader.line_num + 1
                if not "".join(raw).strip():
                    continue
                if len(raw) < len(header):
                    raise BadInput(
                        f"{name}: line {row_line}: {len(raw)} fields where the header has "
                        f"{len(header)} (truncated file?)"
                    )
                if len(raw) > len(header) and any(c.strip() for c in raw[len(header) :]):
                    raise BadInput(
                        f"{name}: line {row_line}: {len(raw)} fields where the header has "
                        f"{len(header)}"
                    )
                yield Row(row_line, raw, index)
        except csv.Error as exc:
            raise BadInput(f"{name}: line {reader.line_num}: {exc} (truncated file?)") from None

    return header, gen()
