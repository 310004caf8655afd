"""Full-text search over contacts, personal details, notes and interactions.

One function for both backends; the dialect-specific SQL lives in
:mod:`kithkin.store.fts`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from kithkin.store import fts


@dataclass(frozen=True)
class Hit:
    contact_id: int
    name: str
    kind: str  # contact | detail | interaction
    snippet: str


def search(s: Session, query: str, limit: int = 20) -> list[Hit]:
    """Best matches first; every word must match (as a prefix, for search-as-you-type)."""
    terms = fts.terms(query)
    if not terms:
        return []
    return [Hit(*row) for row in fts.search(s, terms, limit)]
