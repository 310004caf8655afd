"""Full-text search over contacts, personal details, notes, interactions and positions.

One function for both backends; the dialect-specific SQL lives in
:mod:`kithkin.store.fts` (SQLite's in :mod:`kithkin.store.ftsread`, which
``kith search`` also runs before SQLAlchemy loads, then :func:`found` here: so this
module loads without SQLAlchemy).
"""

from __future__ import annotations

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
    kind: str  # contact | detail | interaction | position
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


def _matches(token: str, term: str) -> bool:
    """Whether a word of a text is marked for a word of the query, both unaccented:
    as the search finds it, by prefix, or inside it for a script written without
    spaces between words (:func:`kithkin.store.ftsread.split`)."""
    return term in token if folding.unspaced(term) else token.startswith(term)


def snippet(body: str, terms: list[str], width: int = 12) -> str:
    """About ``width`` words of ``body`` around the first match, matches in [brackets].

    Words match as the search does: by prefix (inside them, for Thai, Chinese,
    Japanese...), ignoring case and accents, a word whole with its vowel signs.
    """
    words = body.split()
    folded_terms = [folding.unaccent(t) for t in terms]
    marked, first = [], None
    for n, word in enumerate(words):
        tokens = folding.words(folding.unaccent(word))
        if any(_matches(tok, t) for tok in tokens for t in folded_terms):
            marked.append(f"[{word}]")
            first = n if first is None else first
        else:
            marked.append(word)
    start = max(0, (first or 0) - width // 3)
    out = " ".join(marked[start : start + width])
    return ("… " if start > 0 else "") + out + (" …" if start + width < len(words) else "")
