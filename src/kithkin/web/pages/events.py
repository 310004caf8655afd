"""Events (R13) and the people met there, as ``kith event``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from kithkin.core.book import events
from kithkin.core.book.eventdays import FOLLOW_UP_DAYS
from kithkin.core.userinput import parse_date
from kithkin.web.deps import opt, split_list
from kithkin.web.pages import forms

router = APIRouter(include_in_schema=False)
NAV = [("Events", "/events")]


def _events(s: Session) -> dict[str, Any]:
    return {"events": events.listing(s), "follow_up_days": FOLLOW_UP_DAYS}


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request) -> Response:
    return forms.page(request, "events.html", _events)


@router.post("/events", response_class=HTMLResponse)
def add_event(
    request: Request, name: str = Form(""), date: str = Form(""), place: str = Form("")
) -> Response:
    def act(s: Session) -> str:
        events.add(s, name, parse_date(date, "event date"), opt(place))
        return "/events?saved=add"

    return forms.act(
        request, act, "events.html", _events, {"name": name, "date": date, "place": place}
    )


@router.post("/events/{eid:int}/met", response_class=HTMLResponse)
def met(request: Request, eid: int, people: str = Form("")) -> Response:
    def act(s: Session) -> str:
        events.met(s, events.resolve(s, str(eid)), split_list(people))
        return f"/events?saved=add#event-{eid}"

    return forms.act(request, act, "events.html", _events, {"people": people, "event": eid})
