"""Which record a fragment of a name names, free of SQLAlchemy.

The rule (:mod:`kithkin.core.book.lookup` tells it whole) is shared by the session's
lookup and by ``kith log``'s quick path (:mod:`kithkin.cli.quicklog`), which reads
the candidates through ``sqlite3``: both ask :func:`pick`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")

# Candidates read and listed at most; past it the error still gives their true count.
LIMIT = 50


def pick(candidates: Sequence[T], typed: str, name_of: Callable[[T], str]) -> T | None:
    """The one candidate named by ``typed`` (one candidate, or the one whose name equals
    it, case aside); ``None`` when they are several (the caller says which)."""
    if len(candidates) == 1:
        return candidates[0]
    text = typed.lower()
    exact = [c for c in candidates if name_of(c).lower() == text]
    return exact[0] if len(exact) == 1 else None
