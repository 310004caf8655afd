"""How a command prints: the console every command shares, and the one JSON format.

Kept apart from :mod:`kithkin.cli.common` so that an answer read from the memo
(:mod:`kithkin.cli.quick`) prints exactly as a computed one, without loading the
application.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date
from typing import Any

from rich.console import Console

LONG_JSON = 500  # items; a longer list is written one compact item per line


def print_json(obj: Any) -> None:
    """Indented JSON; a long list with one item per line instead.

    Python's indenting encoder is pure Python (a second and more for 50,000
    contacts); each item on its own line goes through the C encoder, stays valid
    JSON and still reads, and ``grep`` finds one person per line.
    """
    if isinstance(obj, list) and len(obj) > LONG_JSON:
        dump = _item_encoder()
        sys.stdout.write("[\n" + ",\n".join("  " + dump(item) for item in obj) + "\n]\n")
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


class KithConsole(Console):
    """Rich's console, except that a word longer than the line is never cut in two.

    Rich wraps text between words, but folds a word wider than the terminal (an email,
    a URL) across lines. Here text is wrapped between words only: such a word stands
    whole on a line of its own and the terminal shows it whole (copied, it is one
    piece). A wrapped line keeps its indentation on the lines it continues on. Tables
    and other renderables are printed as Rich prints them.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "soft_wrap" not in kwargs:  # a pipe gets each line whole, wrapped by nobody
            self.soft_wrap = not self.is_terminal

    def print(self, *objects: Any, **kwargs: Any) -> None:
        wrap = not kwargs.get("soft_wrap", self.soft_wrap) and not kwargs.get("no_wrap")
        if not (wrap and objects and all(isinstance(o, str) for o in objects)):
            super().print(*objects, **kwargs)
            return
        from rich._wrap import divide_line
        from rich.text import Text

        text = self.render_str(
            str(kwargs.pop("sep", " ")).join(objects),
            markup=kwargs.pop("markup", None),
            highlight=kwargs.pop("highlight", None),
            emoji=kwargs.pop("emoji", None),
        )
        width = kwargs.get("width") or self.width
        pieces: list[Text] = []
        for line in text.split("\n", allow_blank=True):
            indent = len(line.plain) - len(line.plain.lstrip(" "))
            if indent >= width // 2:
                indent = 0
            for n, piece in enumerate(
                line.divide(divide_line(line.plain, width - indent, fold=False))
            ):
                piece.rstrip()
                if n:
                    piece.pad_left(indent)
                pieces.append(piece)
        kwargs["soft_wrap"] = True
        super().print(Text("\n").join(pieces), **kwargs)
