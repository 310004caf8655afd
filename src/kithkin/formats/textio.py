"""Decoding and CSV reading shared by the CSV-based formats.

Exports arrive as bytes with or without a BOM, sometimes re-saved by Excel with
a preamble above the header. These helpers find the header by its content,
number every row by its line in the file, and turn an undecodable byte, a broken
quote or a truncated row into a :class:`BadInput` that names the file and line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Mapping

from kithkin.errors import BadInput

csv.field_size_limit(16 * 1024 * 1024)


# Byte-order marks and the encodings they announce, longest first (UTF-32LE's mark
# begins with UTF-16LE's). Excel's "Unicode Text" and many Windows tools write UTF-16LE
# with its mark; Python's utf-16 and utf-32 codecs read the mark and drop it.
BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def sniff(data: bytes, encoding: str | None = None) -> str:
    """The encoding to read ``data`` with: ``encoding`` when the user named one, else
    the one its byte-order mark announces, else UTF-8."""
    if encoding:
        enc = encoding.lower().replace("_", "-")
        return "utf-8-sig" if enc in ("utf-8", "utf8") else encoding
    for bom, enc in BOMS:
        if data.startswith(bom):
            return enc
    return "utf-8-sig"


def is_utf8(encoding: str) -> bool:
    return encoding.lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig")


def decode(data: bytes, name: str, encoding: str | None = None) -> str:
    """Text of ``data`` in ``encoding``, or (none given) the one its byte-order mark
    announces, else UTF-8; a BOM is dropped; a bad byte is reported with its line."""
    enc = sniff(data, encoding)
    try:
        text = data.decode(enc)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].decode(enc, errors="replace").count("\n") + 1
        byte = data[exc.start : exc.start + 1].hex()
        said = encoding or ("utf-8" if is_utf8(enc) else enc)
        raise BadInput(
            f"{name}: line {line}: undecodable byte 0x{byte} (not {said}; try --encoding)"
        ) from None
    except (LookupError, ValueError):  # ValueError: a name holding NUL or a surrogate
        raise BadInput(f"unknown encoding {encoding!r}") from None
    return text.lstrip("\ufeff")


def utf8(data: bytes, name: str, encoding: str | None = None) -> bytes:
    """``data`` as UTF-8 bytes, for readers that take bytes: unchanged when it already
    is (no encoding named, no UTF-16 or UTF-32 mark), else decoded as :func:`decode`
    does (a bad byte reported with its line) and encoded again. Lines stay where they were."""
    if is_utf8(sniff(data, encoding)) and is_utf8(sniff(data)):
        return data
    return decode(data, name, encoding).encode("utf-8", "surrogatepass")


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


def has_header(text: str, is_header: Callable[[list[str]], bool]) -> bool:
    """Whether ``is_header`` finds a header row in ``text`` (the start of a file is
    enough), with any separator :func:`rows` reads: what recognises a CSV's layout."""
    for delimiter in (",", ";", "\t"):
        try:
            for raw in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
                if is_header([c.strip().lstrip("\ufeff") for c in raw]):
                    return True
        except csv.Error:
            continue
    return False


def rows(
    text: str,
    name: str,
    is_header: Callable[[list[str]], bool],
    what: str,
    aliases: Mapping[str, str] | None = None,
) -> tuple[list[str], Iterator[Row]]:
    """The header (found by ``is_header``, anywhere in the file) and the rows below it.

    ``aliases`` gives a header's other name (a localized export's column under the
    English name the reader asks for): a row answers to both.

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
        if aliases and h in aliases:
            index.setdefault(aliases[h], i)
            index.setdefault(aliases[h].lower(), i)

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
