"""/api/agenda and friends: kith today, agenda, snooze, pause, resume, reset, occasion, config."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Path, Query, Request, Response
from starlette.concurrency import run_in_threadpool
from starlette.routing import Route

from kithkin.core import settings, views
from kithkin.core.agenda import boundaries, planner
from kithkin.core.book import contacts, occasions
from kithkin.core.bounds import MAX_COUNT
from kithkin.core.career import drafts
from kithkin.core.userinput import parse_date
from kithkin.store.tables import Contact
from kithkin.web.agenda_cache import agenda_response
from kithkin.web.api.schemas.agenda import (
    AgendaItem,
    ContactFlags,
    DraftRecord,
    OccasionCreate,
    OccasionRecord,
    PlanItem,
    SettingUpdate,
    SettingValue,
    SnoozeRequest,
)
from kithkin.web.api.schemas.errors import ERRORS
from kithkin.web.deps import session
from kithkin.web.hosted import check_setting
from kithkin.web.served import net_of

router = APIRouter(tags=["agenda"], responses=ERRORS)
# GET /api/agenda, included before every other route (see web.app), where it documents
# the endpoint; :data:`served` answers it.
polled = APIRouter(tags=["agenda"], responses=ERRORS)


async def today_snapshot(request: Request):  # type: ignore[no-untyped-def]
    """Today's agenda from the cache; computed in a worker thread when stale."""
    net = net_of(request)
    cache, generation = net.agenda, net.generation
    snap = cache.fresh(generation)
    if snap is None:
        snap = await run_in_threadpool(cache.get, generation)
    return snap


@polled.get("/agenda", response_model=list[AgendaItem])
async def today(request: Request) -> Response:
    """``kith today --json``: whom to contact today, why (with the rule), by when, how."""
    snap = await today_snapshot(request)
    return agenda_response(request, snap.json, "application/json", snap.etag)


# The agenda that scripts poll all day is served by a plain Starlette route placed before
# the documented one: the endpoint takes nothing FastAPI would parse or inject (the
# app-wide CSRF check lets every GET through) and returns its cached bytes as they are,
# and FastAPI's dependency solving was most of a cached answer's cost (issue 6 holds it
# to half of what a bare Starlette app serves).
served = Route("/api/agenda", today, methods=["GET"])


@router.get("/agenda/plan", response_model=list[PlanItem])
def plan(
    request: Request,
    days: int = Query(7, ge=1, le=366),
    budget: int | None = Query(None, ge=1, le=MAX_COUNT),
) -> list[dict[str, Any]]:
    """``kith agenda --days N --json``: the plan for the coming days."""
    return kept_plan(request, days, budget)


def kept_plan(request: Request, days: int, budget: int | None = None) -> list[dict[str, Any]]:
    """:func:`planner.plan`, which plans the whole network (a second at 30,000
    contacts): kept (web.memo) until something is written or the day turns, for this
    endpoint and the coming days' page."""

    def compute() -> list[dict[str, Any]]:
        with session(request) as s:
            return planner.plan(s, days, budget)

    net = net_of(request)
    return net.memo.get(("plan", days, budget), net.generation, compute)


def _flags(c: Contact) -> dict[str, Any]:
    return {
        "id": c.id,
        "name": c.display_name,
        "paused": c.paused,
        "snoozed_until": views.iso(c.snoozed_until),
        "reset_on": views.iso(c.reset_on),
    }


@router.post("/contacts/{ref}/snooze", response_model=ContactFlags)
def snooze(request: Request, ref: str, body: SnoozeRequest) -> dict[str, Any]:
    """``kith snooze``: hide the contact from the agenda through a date."""
    with session(request) as s:
        c = contacts.resolve(s, ref)
        boundaries.snooze(c, boundaries.parse_until(body.until))
        return _flags(c)


@router.post("/contacts/{ref}/pause", response_model=ContactFlags)
def pause(request: Request, ref: str) -> dict[str, Any]:
    """``kith pause``: off the agenda until resumed."""
    with session(request) as s:
        c = contacts.resolve(s, ref)
        boundaries.pause(c)
        return _flags(c)


@router.post("/contacts/{ref}/resume", response_model=ContactFlags)
def resume(request: Request, ref: str) -> dict[str, Any]:
    """``kith resume``: back on the agenda (undoes a pause and a snooze)."""
    with session(request) as s:
        c = contacts.resolve(s, ref)
        boundaries.resume(c)
        return _flags(c)


@router.post("/contacts/{ref}/reset", response_model=ContactFlags)
def reset(request: Request, ref: str) -> dict[str, Any]:
    """``kith reset``: forget unanswered outreach (R7); the usual cadence applies again."""
    with session(request) as s:
        c = contacts.resolve(s, ref)
        boundaries.reset(c)
        return _flags(c)


@router.post("/contacts/{ref}/occasions", response_model=OccasionRecord, status_code=201)
def add_occasion(request: Request, ref: str, body: OccasionCreate) -> dict[str, Any]:
    """``kith occasion add``: a new role, promotion, achievement or anniversary (R9)."""
    with session(request) as s:
        c = contacts.resolve(s, ref)
        row = occasions.record(
            s,
            c,
            body.kind,
            parse_date(body.date, "occasion date") if body.date else None,
            body.note,
        )
        return {
            "id": row.id,
            "contact_id": c.id,
            "kind": row.kind,
            "date": row.occurred_on.isoformat(),
            "note": row.note,
        }


@router.get("/settings", response_model=dict[str, SettingValue], tags=["settings"])
def get_settings(request: Request) -> dict[str, Any]:
    """``kith config show``: every setting with its value and default."""
    with session(request) as s:
        return settings.all_values(s)


# The schema names the settings there are (the core's list); the core refuses others.
SETTING_KEY = Path(json_schema_extra={"enum": list(settings.KNOWN)})


@router.put("/settings/{key}", response_model=dict[str, SettingValue], tags=["settings"])
def set_setting(request: Request, body: SettingUpdate, key: str = SETTING_KEY) -> dict[str, Any]:
    """``kith config set``: change a setting (budget, cadence.close, ...)."""
    check_setting(request, key)
    with session(request) as s:
        settings.set_value(s, key, body.value)
        return settings.all_values(s)


@router.delete("/settings/{key}", response_model=dict[str, SettingValue], tags=["settings"])
def unset_setting(request: Request, key: str = SETTING_KEY) -> dict[str, Any]:
    """``kith config unset``: back to the default."""
    check_setting(request, key)
    with session(request) as s:
        settings.unset(s, key)
        return settings.all_values(s)


@router.get("/contacts/{ref}/draft", response_model=DraftRecord, tags=["agenda"])
def draft(
    request: Request,
    ref: str,
    occasion: str | None = None,
    role: str | None = Query(None, description="The role, for ask_reference and ask_referral."),
    lead: str | None = Query(None, description="The lead to share, for share_lead."),
) -> dict[str, Any]:
    """``kith draft``: a short message from what is known; the occasion defaults to the
    agenda's reason for the contact."""
    with session(request) as s:
        return drafts.draft(s, contacts.resolve(s, ref), occasion, role, lead).as_dict()
