"""/api/who and /api/departure: kith who, kith leave, kith plan, kith plan done."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request, Response

from kithkin.core import keptlists
from kithkin.core.career import departure, references
from kithkin.core.userinput import parse_date
from kithkin.errors import BadInput
from kithkin.web.api.schemas.career import (
    DeparturePlan,
    DepartureStepRecord,
    LeaveRequest,
    StepUpdate,
    WhoRow,
)
from kithkin.web.api.schemas.errors import ERRORS, LIMIT_DOC, LIMIT_MAX, OFFSET_DOC
from kithkin.web.deps import session

router = APIRouter(tags=["leaving well"], responses=ERRORS)


@router.get("/who", response_model=list[WhoRow])
def who(
    request: Request,
    response: Response,
    org: str = Query(..., examples=["Acme Inc."]),
    limit: int | None = Query(None, ge=1, le=LIMIT_MAX, description=LIMIT_DOC),
    offset: int = Query(0, ge=0, le=LIMIT_MAX, description=OFFSET_DOC),
) -> list[dict[str, Any]]:
    """``kith who ORG``: whom you know there, current staff first, strongest first (R16);
    ``limit`` and ``offset`` page it (``X-Total-Count`` says how many)."""
    with session(request) as s:
        rows = keptlists.who(s, org)
    response.headers["x-total-count"] = str(len(rows))
    return rows[offset : None if limit is None else offset + limit]


@router.get("/departure", response_model=list[DepartureStepRecord])
def plan(request: Request, org: str | None = None) -> list[dict[str, Any]]:
    """``kith plan``: the steps of the departure plan (the latest, or ``org``'s)."""
    with session(request) as s:
        o = departure.latest_plan_org(s, org)
        return [departure.step_record(s, st) for st in departure.steps_for(s, o.id)]


@router.post("/departure", response_model=DeparturePlan, status_code=201)
def leave(request: Request, body: LeaveRequest) -> dict[str, Any]:
    """``kith leave``: end my position at ``org`` and make the dated plan (R14)."""
    with session(request) as s:
        d = departure.leave(
            s,
            body.org,
            parse_date(body.last_day, "last day"),
            body.notice_days,
            body.new_org,
            parse_date(body.start_date, "start date") if body.start_date else None,
            body.new_title,
        )
        return {
            "org": d.org.name,
            "warnings": list(d.warnings),
            "steps": [departure.step_record(s, st) for st in d.steps],
        }


@router.post("/departure/steps/{key}", response_model=DepartureStepRecord)
def step_done(request: Request, key: str, body: StepUpdate) -> dict[str, Any]:
    """``kith plan done STEP``: tick a step off (``undo`` ticks it back on)."""
    with session(request) as s:
        o = departure.latest_plan_org(s, body.org)
        st = departure.mark_done(
            s, o, key, parse_date(body.date, "date") if body.date else None, body.undo
        )
        if body.rehire is not None:
            if st.key != "ask_rehire":
                raise BadInput("rehire goes with the ask_rehire step")
            references.set_rehire(s, o.name, body.rehire, body.note)
        return departure.step_record(s, st)
