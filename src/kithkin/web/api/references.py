"""/api/references and /api/rehire: kith ref add and list, kith rehire (R15)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from kithkin.core.book import contacts
from kithkin.core.career import references
from kithkin.core.userinput import parse_date
from kithkin.web.api.schemas.career import (
    ReferenceCreate,
    ReferenceResult,
    ReferenceRow,
    RehireRecord,
    RehireUpdate,
)
from kithkin.web.api.schemas.errors import ERRORS
from kithkin.web.deps import session

router = APIRouter(responses=ERRORS)


@router.get("/references", response_model=list[ReferenceRow], tags=["references"])
def list_references(request: Request) -> list[dict[str, Any]]:
    """``kith ref list``: who agreed, when each was last asked and for what (R15)."""
    with session(request) as s:
        return references.overview(s)


@router.post("/references", response_model=ReferenceResult, status_code=201, tags=["references"])
def add_reference(request: Request, body: ReferenceCreate) -> dict[str, Any]:
    """``kith ref add`` or, with ``asked``, ``kith ref ask`` (warns on over-use)."""
    with session(request) as s:
        c = contacts.resolve(s, body.contact)
        day = parse_date(body.date) if body.date else None
        warnings: list[str] = []
        if body.asked:
            warnings = references.ask(s, c, body.role or "", day).warnings
        else:
            references.agree(s, c, body.role, day)
        return {"contact_id": c.id, "warnings": warnings}


@router.put("/rehire/{org}", response_model=RehireRecord, tags=["references"])
def set_rehire(request: Request, org: str, body: RehireUpdate) -> dict[str, Any]:
    """``kith rehire``: would this former employer hire you again (yes, no, unknown)."""
    with session(request) as s:
        o = references.set_rehire(s, org, body.answer, body.note)
        return {"org": o.name, "rehire_eligible": references.rehire_label(o), "note": o.rehire_note}
