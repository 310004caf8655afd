"""The one JSON format every command prints, with nothing but the standard library.

Apart from :mod:`kithkin.cli.output` (which loads Rich for the console) so that a kept
answer printed by :mod:`kithkin.cli.quick` costs no more than Python's own start.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

from kithkin import jsontext

LONG_JSON = 500  # items; a longer list is written one compact item per line


def print_json(obj: Any) -> None:
    """Indented JSON; a long list with one item per line instead.

    Python's indenting encoder is pure Python (a second and more for 50,000
    contacts); each item on its own line goes through the C encoder, stays valid
    JSON and still reads, and ``grep`` finds one person per line (:mod:`kithkin.jsontext`).
    """
    if isinstance(obj, list) and len(obj) > LONG_JSON:
        dump = jsontext.item_encoder()
        jsontext.write_items(sys.stdout.write, (dump(item) for item in obj))
        return
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=jsontext.default) + "\n")


def print_items(items: Sequence[str]) -> None:
    """:func:`print_json` of the list whose items :func:`kithkin.jsontext.split` gave."""
    if len(items) > LONG_JSON:
        jsontext.write_items(sys.stdout.write, items)
    else:
        print_json([json.loads(item) for item in items])


def print_list(items: Sequence[str] | None, rows: Callable[[], list[Any]]) -> None:
    """``print_json(rows())``, from the items' text when it is at hand (a kept answer)."""
    if items is not None:
        print_items(items)
    else:
        print_json(rows())
