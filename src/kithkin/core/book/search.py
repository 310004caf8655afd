"""Full-text search over contacts, personal details, notes and interactions.

One function for both backends; the dialect-specific SQL lives in
:mod:`kithkin.store.fts` (SQLite's in :mod:`kithkin.store.ftsread`, which
``kith search`` also runs before SQLAlchemy loads, then :func:`found` here: so this
module loads without SQLAlchemy).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kithkin.core import folding
from kithkin.store.ftsread import terms as query_terms

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Hit:
    contact_id: int
    name: str
    kind: str  # contact | detail | interaction
    snippet: str


def search(s: Session, query: str, limit: int = 20) -> list[Hit]:
    """Best matches first; every word must match (as a prefix, for search-as-you-type)."""
    from kithkin.store import fts

    terms = query_terms(query)
    if not terms:
        return []
    return found(fts.search(s, terms, limit), terms)


def found(rows: Iterable[tuple[int, str, str, str]], terms: list[str]) -> list[Hit]:
    """The hits of the store's matches (contact id, name, kind, matched text)."""
    return [Hit(cid, name, kind, snippet(body, terms)) for cid, name, kind, body in rows]


def _fold(word: str) -> str:
    return folding.unaccent(word)


def snippet(body: str, terms: list[str], width: int = 12) -> str:
    """About ``width`` words of ``body`` around the first match, matches in [brackets].

    Words match as the search does: by prefix, ignoring case and accents.
    """
    words = body.split()
    folded_terms = [_fold(t) for t in terms]
    marked, first = [], None
    for n, word in enumerate(words):
        tokens = re.findall(r"\w+", word)
        if any(_fold(tok).startswith(t) for tok in tokens for t in folded_terms):
            marked.append(f"[{word}]")
            first = n if first is None else first
        else:
            marked.append(word)
    start = max(0, (first or 0) - width // 3)
    out = " ".join(marked[start : start + width])
    return ("… " if start > 0 else "") + out + (" …" if start + width < len(words) else "")
