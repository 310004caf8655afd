"""Triage: sort imported people one key each, most worth sorting first (``kith triage``).

One person per page. Every choice is a button in a form (Tab and Enter reach them),
and with JavaScript each also answers to its key, as in the terminal: ``c`` close,
``r`` regular, ``w`` wide, ``n`` not tracked, ``k`` keep, a tie by its letter, ``s``
skip, ``u`` undo. ``skip`` in the address is how many people are passed over for now.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from kithkin.core.book import contacts as core
from kithkin.core.book import triage
from kithkin.errors import KithError
from kithkin.web.deps import session
from kithkin.web.errors import error_response, status_of
from kithkin.web.render import render

router = APIRouter(include_in_schema=False)
NAV = [("Triage", "/triage")]

TIER_LABEL = {"close": "Close", "regular": "Regular", "wide": "Wide", "none": "Not tracked"}


def _ctx(s: Session, skip: int) -> dict[str, Any]:
    found = triage.queue(s, 1, skip)
    return {
        "person": found[0] if found else None,
        "left": triage.remaining(s),
        "done": triage.sorted_count(s),
        "skip": skip,
        "tiers": [(k, t.value, TIER_LABEL[t.value]) for k, t in triage.TIER_KEYS.items()],
        "keep_key": triage.KEEP_KEY,
        "ties": [(k, t.value) for k, t in triage.TIE_KEYS.items()],
    }


@router.get("/triage", response_class=HTMLResponse)
def triage_page(request: Request, skip: int = 0) -> Response:
    with session(request) as s:
        ctx = _ctx(s, max(skip, 0))
    return render(request, "triage.html", ctx)


def _refused(request: Request, exc: KithError) -> Response:
    status, code = status_of(exc)
    return error_response(request, status, code, str(exc))


@router.post("/triage/{cid:int}/decide", response_class=HTMLResponse)
def decide(request: Request, cid: int, choice: str = Form(...), skip: int = Form(0)) -> Response:
    try:
        with session(request) as s:
            triage.decide(s, core.get(s, cid), choice)
    except KithError as exc:
        return _refused(request, exc)
    return RedirectResponse(f"/triage?skip={max(skip, 0)}&saved=triage", status_code=303)


@router.post("/triage/{cid:int}/tie", response_class=HTMLResponse)
def set_tie(request: Request, cid: int, tie: str = Form(...), skip: int = Form(0)) -> Response:
    try:
        with session(request) as s:
            triage.tie(s, core.get(s, cid), tie)
    except KithError as exc:
        return _refused(request, exc)
    return RedirectResponse(f"/triage?skip={max(skip, 0)}&saved=tie", status_code=303)


@router.post("/triage/undo", response_class=HTMLResponse)
def undo(request: Request) -> Response:
    with session(request) as s:
        triage.undo_last(s)
    return RedirectResponse("/triage?saved=undo", status_code=303)
