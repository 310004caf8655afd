"""/api/dupes, /api/dupes/distinct and /api/merge: kith dupes, distinct and merge.

``POST /api/dupes/distinct`` keeps a pair out of ``/api/dupes`` (``kith distinct``).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from kithkin.core.book import contacts
from kithkin.core.exchange import merging
from kithkin.web.api.schemas.errors import ERRORS
from kithkin.web.api.schemas.imports import (
    DistinctRequest,
    DistinctResult,
    DupePair,
    MergeRequest,
    MergeResult,
)
from kithkin.web.deps import session

router = APIRouter(responses=ERRORS)


@router.get("/dupes", response_model=list[DupePair], tags=["import"])
def dupes(request: Request) -> list[dict[str, Any]]:
    """``kith dupes``: pairs of contacts that may be one person."""
    with session(request) as s:
        return merging.dupe_records(s)


@router.post("/dupes/distinct", response_model=DistinctResult, tags=["import"])
def distinct(request: Request, body: DistinctRequest) -> dict[str, Any]:
    """``kith distinct``: two people, not one; ``/api/dupes`` stops listing the pair."""
    with session(request) as s:
        return merging.distinct(s, contacts.resolve(s, body.a), contacts.resolve(s, body.b))


@router.post("/merge", response_model=MergeResult, tags=["import"])
def merge(request: Request, body: MergeRequest) -> dict[str, Any]:
    """``kith merge``: one person recorded twice becomes one contact; nothing is lost."""
    with session(request) as s:
        return merging.merge(s, contacts.resolve(s, body.keep), contacts.resolve(s, body.other))
