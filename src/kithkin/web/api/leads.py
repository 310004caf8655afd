"""/api/leads: kith lead add, list, match and share (R11)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request

from kithkin.core.book import contacts
from kithkin.core.career import leads
from kithkin.core.userinput import parse_date
from kithkin.web.api.schemas.career import (
    LeadCreate,
    LeadMatch,
    LeadRecord,
    LeadShare,
)
from kithkin.web.api.schemas.contacts import Logged
from kithkin.web.api.schemas.errors import ERRORS
from kithkin.web.deps import session
from kithkin.web.pages.leads import kept_matches

router = APIRouter(responses=ERRORS)


@router.get("/leads", response_model=list[LeadRecord], tags=["leads"])
def list_leads(request: Request) -> list[dict[str, Any]]:
    """``kith lead list``: your job leads, newest first, with whom each was shared."""
    with session(request) as s:
        return leads.listing(s)


@router.post("/leads", response_model=LeadRecord, status_code=201, tags=["leads"])
def add_lead(request: Request, body: LeadCreate) -> dict[str, Any]:
    """``kith lead add``: a job lead or opportunity to pass on (R11)."""
    with session(request) as s:
        lead = leads.add(s, body.title, body.org, body.skills, body.url)
        lead.text = body.text
        return leads.record(s, lead)


@router.get("/leads/{ref}/matches", response_model=list[LeadMatch], tags=["leads"])
def match_lead(request: Request, ref: str, limit: int = Query(10, ge=1, le=200)) -> list[Any]:
    """``kith lead match``: the contacts this lead would help, best fit first."""
    with session(request) as s:
        return [vars(m) for m in kept_matches(request, s, leads.resolve(s, ref), limit)]


@router.post("/leads/{ref}/share", response_model=Logged, status_code=201, tags=["leads"])
def share_lead(request: Request, ref: str, body: LeadShare) -> dict[str, Any]:
    """``kith lead share``: log that you passed the lead on (a give, R4)."""
    with session(request) as s:
        c = contacts.resolve(s, body.contact)
        row = leads.share(
            s, leads.resolve(s, ref), c, parse_date(body.date) if body.date else None, body.channel
        )
        return {
            "id": row.id,
            "date": row.occurred_on.isoformat(),
            "kind": row.kind,
            "nature": row.nature,
            "contact_ids": [c.id],
        }
