"""Printing a command's JSON: the one format every ``--json`` shares.

Kept apart from :mod:`kithkin.cli.common` so that an answer read from the memo
(:mod:`kithkin.cli.quick`) prints exactly as a computed one, without loading the
application.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Any

LONG_JSON = 500  # items; a longer list is written one compact item per line


def print_json(obj: Any) -> None:
    """Indented JSON; a long list with one item per line instead.

    Python's indenting encoder is pure Python (a second and more for 50,000
    contacts); each item on its own line goes through the C encoder, stays valid
    JSON and still reads, and ``grep`` finds one person per line.
    """
    if isinstance(obj, list) and len(obj) > LONG_JSON:
        dump = json.JSONEncoder(ensure_ascii=False, default=_default).encode
        sys.stdout.write("[\n" + ",\n".join("  " + dump(item) for item in obj) + "\n]\n")
        return
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=_default) + "\n")


def _default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
