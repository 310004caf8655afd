"""The one JSON format every command prints, with nothing but the standard library.

Apart from :mod:`kithkin.cli.output` (which loads Rich for the console) so that a kept
answer printed by :mod:`kithkin.cli.quick` costs no more than Python's own start.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date
from typing import Any

LONG_JSON = 500  # items; a longer list is written one compact item per line
STREAM = 1000  # items written at a time


def print_json(obj: Any) -> None:
    """Indented JSON; a long list with one item per line instead.

    Python's indenting encoder is pure Python (a second and more for 50,000
    contacts); each item on its own line goes through the C encoder, stays valid
    JSON and still reads, and ``grep`` finds one person per line.
    """
    if isinstance(obj, list) and len(obj) > LONG_JSON:
        dump = _item_encoder()
        write = sys.stdout.write
        write("[\n  " + dump(obj[0]))
        for n in range(1, len(obj), STREAM):  # streamed: never the whole text at once
            write("".join(",\n  " + dump(item) for item in obj[n : n + STREAM]))
        write("\n]\n")
        return
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=_default) + "\n")


def _item_encoder() -> Callable[[Any], str]:
    """Compact JSON of one item, as ``json.dumps`` writes it, by one C encoder made
    once: ``JSONEncoder.encode`` makes a new one per call, half the time of 50,000
    short items."""
    from json import encoder as std

    c_make_encoder = getattr(std, "c_make_encoder", None)  # not in the typeshed stubs
    if c_make_encoder is None:  # no C accelerator: the documented way
        return json.JSONEncoder(ensure_ascii=False, default=_default).encode
    # The arguments JSONEncoder.iterencode gives it for ensure_ascii=False.
    make = c_make_encoder({}, _default, std.encode_basestring, None, ": ", ", ", False, False, True)
    return lambda item: "".join(make(item, 0))


def _default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
