"""/api/contacts: kith add, edit, show, list, rm, job add|edit|rm, detail, tie, occasion rm."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request, Response

from kithkin.core import views
from kithkin.core.book import contacts as core
from kithkin.core.book import details, jobs, listing, occasions
from kithkin.core.book.contacts import ContactInput
from kithkin.core.userinput import parse_date
from kithkin.web.api.schemas.contacts import (
    ContactCreate,
    ContactDetail,
    ContactEdit,
    ContactSummary,
    DetailChange,
    DetailCreate,
    DetailRecord,
    PositionChange,
    PositionCreate,
    PositionCreated,
    TieChange,
    TieCreate,
    TieRecord,
)
from kithkin.web.api.schemas.errors import ERRORS, LIMIT_DOC, LIMIT_MAX, OFFSET_DOC, Created
from kithkin.web.deps import session

router = APIRouter(tags=["contacts"], responses=ERRORS)


@router.get("/contacts", response_model=list[ContactSummary])
def list_contacts(
    request: Request,
    response: Response,
    tag: str | None = None,
    tier: str | None = None,
    org: str | None = None,
    colleagues_at: str | None = None,
    limit: int | None = Query(None, ge=1, le=LIMIT_MAX, description=LIMIT_DOC),
    offset: int = Query(0, ge=0, le=LIMIT_MAX, description=OFFSET_DOC),
) -> list[dict[str, Any]]:
    """``kith list``: contacts by name, filtered by tag, tier, current organization or
    shared past; ``limit`` and ``offset`` page it (``X-Total-Count`` says how many)."""
    with session(request) as s:
        found = listing.page(s, listing.Filters(tag, tier, org, colleagues_at), limit, offset)
    response.headers["x-total-count"] = str(found.total)
    return found.rows


@router.post("/contacts", response_model=Created, status_code=201)
def add_contact(request: Request, body: ContactCreate) -> dict[str, Any]:
    """``kith add``: a new contact; the answer holds its id."""
    with session(request) as s:
        fields = _fields(body)
        force = fields.pop("force")
        c = core.add_contact(s, ContactInput(**fields), force=force)
        return {"id": c.id, "name": c.display_name}


@router.get("/contacts/{ref}", response_model=ContactDetail)
def show_contact(request: Request, ref: str) -> dict[str, Any]:
    """``kith show``: the contact named by id, email or an unambiguous name fragment."""
    with session(request) as s:
        return views.contact_detail(s, core.resolve(s, ref))


@router.patch("/contacts/{ref}", response_model=ContactSummary)
def edit_contact(request: Request, ref: str, body: ContactEdit) -> dict[str, Any]:
    """``kith edit``: change the fields given; emails, phones, urls and tags are added."""
    with session(request) as s:
        c = core.resolve(s, ref)
        core.edit_contact(s, c, ContactInput(**_fields(body)))
        return views.contact_summary(c)


@router.delete("/contacts/{ref}", status_code=204, response_class=Response)
def remove_contact(request: Request, ref: str) -> Response:
    """``kith rm``: remove the contact and their history with you."""
    with session(request) as s:
        core.remove(s, core.resolve(s, ref))
    return Response(status_code=204)


@router.post("/contacts/{ref}/positions", response_model=PositionCreated, status_code=201)
def add_position(request: Request, ref: str, body: PositionCreate) -> dict[str, Any]:
    """``kith job add``: a position held by the contact (or by you: ``me``)."""
    with session(request) as s:
        c = core.resolve(s, ref)
        p = jobs.add_position(
            s,
            c,
            body.org,
            body.title,
            parse_date(body.start, "start date"),
            parse_date(body.end, "end date") if body.end else None,
        )
        return {"id": p.id, "contact_id": c.id, **views.position_record(p)}


@router.post("/contacts/{ref}/details", response_model=DetailRecord, status_code=201)
def add_detail(request: Request, ref: str, body: DetailCreate) -> dict[str, Any]:
    """``kith detail``: remember a personal fact (drafts use it unless professional-only)."""
    with session(request) as s:
        c = core.resolve(s, ref)
        d = details.add_detail(
            s,
            c,
            body.category,
            body.fact,
            parse_date(body.learned, "date learned") if body.learned else None,
        )
        return _detail(d)


@router.post("/contacts/{ref}/ties", response_model=TieRecord, status_code=201)
def set_tie(request: Request, ref: str, body: TieCreate) -> dict[str, Any]:
    """``kith tie``: how the contact is tied to you now; the previous tie becomes history."""
    with session(request) as s:
        c = core.resolve(s, ref)
        r = details.set_tie(
            s, c, body.type, parse_date(body.since, "since") if body.since else None
        )
        return _tie(r)


def _opt_date(value: str | None, what: str) -> Any:
    return parse_date(value, what) if value else None


def _detail(d: Any) -> dict[str, Any]:
    return {
        "id": d.id,
        "category": d.category,
        "fact": d.fact,
        "learned_on": views.iso(d.learned_on),
    }


def _tie(r: Any) -> dict[str, Any]:
    return {
        "id": r.id,
        "type": r.type,
        "since": views.iso(r.since),
        "until": views.iso(r.until),
        "note": r.note,
    }


@router.patch("/positions/{pid}", response_model=PositionCreated)
def edit_position(request: Request, pid: int, body: PositionChange) -> dict[str, Any]:
    """``kith job edit``: correct a position; colleagues, R1 and R9 follow from it."""
    with session(request) as s:
        p = jobs.edit_position(
            s,
            pid,
            body.org,
            body.title,
            _opt_date(body.start, "start date"),
            _opt_date(body.end, "end date"),
            body.current,
        )
        return {"id": p.id, "contact_id": p.contact_id, **views.position_record(p)}


@router.delete("/positions/{pid}", status_code=204, response_class=Response)
def remove_position(request: Request, pid: int) -> Response:
    """``kith job rm``: forget a position recorded by mistake."""
    with session(request) as s:
        jobs.remove_position(s, pid)
    return Response(status_code=204)


@router.patch("/details/{did}", response_model=DetailRecord)
def edit_detail(request: Request, did: int, body: DetailChange) -> dict[str, Any]:
    """``kith detail edit``: correct a personal detail."""
    with session(request) as s:
        d = details.edit_detail(
            s, did, body.category, body.fact, _opt_date(body.learned, "date learned")
        )
        return _detail(d)


@router.delete("/details/{did}", status_code=204, response_class=Response)
def remove_detail(request: Request, did: int) -> Response:
    """``kith detail rm``: forget a personal detail."""
    with session(request) as s:
        details.remove_detail(s, did)
    return Response(status_code=204)


@router.patch("/ties/{tid}", response_model=TieRecord)
def edit_tie(request: Request, tid: int, body: TieChange) -> dict[str, Any]:
    """``kith tie edit``: correct one period of a tie (R12)."""
    with session(request) as s:
        r = details.edit_tie(
            s,
            tid,
            body.type,
            _opt_date(body.since, "since"),
            _opt_date(body.until, "until"),
            body.current,
        )
        return _tie(r)


@router.delete("/ties/{tid}", status_code=204, response_class=Response)
def remove_tie(request: Request, tid: int) -> Response:
    """``kith tie rm``: forget one period of a tie."""
    with session(request) as s:
        details.remove_tie(s, tid)
    return Response(status_code=204)


@router.delete("/occasions/{oid}", status_code=204, response_class=Response)
def remove_occasion(request: Request, oid: int) -> Response:
    """``kith occasion rm``: forget a recorded occasion (R9)."""
    with session(request) as s:
        occasions.remove(s, oid)
    return Response(status_code=204)


def _fields(body: ContactCreate | ContactEdit) -> dict[str, Any]:
    """The request's fields are named like :class:`ContactInput`'s."""
    return body.model_dump()
