"""How a command prints: the console every command shares, and the one JSON format
(:mod:`kithkin.cli.jsonout`, which loads no Rich).

Kept apart from :mod:`kithkin.cli.common` so that an answer read from the memo
(:mod:`kithkin.cli.quick`) prints exactly as a computed one, without loading the
application.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console

from kithkin.cli.jsonout import LONG_JSON as LONG_JSON
from kithkin.cli.jsonout import print_json as print_json


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
