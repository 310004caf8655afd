"""/api/search: kith search."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request

from kithkin.core.book.search import search as core_search
from kithkin.web.api.schemas.contacts import SearchHit
from kithkin.web.api.schemas.errors import ERRORS
from kithkin.web.deps import session

router = APIRouter(tags=["search"], responses=ERRORS)


@router.get("/search", response_model=list[SearchHit])
def search(
    request: Request,
    q: str = Query(..., description="Words to find; each may be the start of a word."),
    limit: int = Query(20, ge=1, le=200),
) -> list[dict[str, Any]]:
    """Full-text search over contacts, personal details, notes, interactions and positions."""
    with session(request) as s:
        return [
            {"contact_id": h.contact_id, "name": h.name, "kind": h.kind, "snippet": h.snippet}
            for h in core_search(s, q, limit)
        ]
