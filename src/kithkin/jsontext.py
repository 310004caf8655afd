"""A long list as JSON text, one item a line: how ``kith`` prints one and the memo keeps one.

``[``, then each item as ``json.dumps`` writes it (compact, ``", "`` and ``": "``)
indented by two spaces, then ``]``. Compact JSON escapes every line break inside a
string, so each item is exactly one line: a reader can count the items, or take a page
of them, without parsing the rest. ``kith list --json`` prints 50,000 people this way
(:mod:`kithkin.cli.jsonout`), and :mod:`kithkin.core.keptlists` keeps its answers in
the same text, so an unchanged answer is printed by copying its lines.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date
from itertools import islice
from typing import Any

STREAM = 1000  # items written at a time


def item_encoder() -> Callable[[Any], str]:
    """Compact JSON of one item, as ``json.dumps`` writes it, by one C encoder made
    once: ``JSONEncoder.encode`` makes a new one per call, half the time of 50,000
    short items."""
    from json import encoder as std

    c_make_encoder = getattr(std, "c_make_encoder", None)  # not in the typeshed stubs
    if c_make_encoder is None:  # no C accelerator: the documented way
        return json.JSONEncoder(ensure_ascii=False, default=default).encode
    # The arguments JSONEncoder.iterencode gives it for ensure_ascii=False.
    make = c_make_encoder({}, default, std.encode_basestring, None, ": ", ", ", False, False, True)
    return lambda item: "".join(make(item, 0))


def default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def write_items(write: Callable[[str], Any], items: Iterable[str]) -> None:
    """Write encoded items (at least one) as the list's text and a final newline, a
    thousand at a time: never the whole text at once."""
    it = iter(items)
    write("[\n  " + next(it))
    while chunk := list(islice(it, STREAM)):
        write("".join(",\n  " + item for item in chunk))
    write("\n]\n")


def dumps(items: list[Any]) -> str:
    """The text of ``items`` (without the final newline)."""
    dump = item_encoder()
    return text([dump(item) for item in items])


def text(items: list[str]) -> str:
    """The text of the items :func:`item_encoder` encoded (without the final newline)."""
    if not items:
        return "[]"
    return "".join(("[\n  ", ",\n  ".join(items), "\n]"))  # one copy of a long text, not three


def split(text: str) -> list[str] | None:
    """The encoded items of a text :func:`dumps` wrote; ``None`` for any other JSON."""
    if text == "[]":
        return []
    if not (text.startswith("[\n  ") and text.endswith("\n]")):
        return None
    return text[4:-2].split(",\n  ")  # ",\n" never occurs inside an item
