"""/api/events: kith event add, list and met (R13)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from kithkin.core.book import events
from kithkin.core.userinput import parse_date
from kithkin.web.api.schemas.career import (
    EventCreate,
    EventMet,
    EventRecord,
)
from kithkin.web.api.schemas.errors import ERRORS
from kithkin.web.deps import session

router = APIRouter(responses=ERRORS)


@router.get("/events", response_model=list[EventRecord], tags=["events"])
def list_events(request: Request) -> list[dict[str, Any]]:
    """``kith event list``: events, newest first, with the people met there."""
    with session(request) as s:
        return events.listing(s)


@router.post("/events", response_model=EventRecord, status_code=201, tags=["events"])
def add_event(request: Request, body: EventCreate) -> dict[str, Any]:
    """``kith event add``: a conference or meetup (R13)."""
    with session(request) as s:
        return events.record(
            s, events.add(s, body.name, parse_date(body.date, "event date"), body.place)
        )


@router.post("/events/{ref}/met", response_model=EventRecord, tags=["events"])
def event_met(request: Request, ref: str, body: EventMet) -> dict[str, Any]:
    """``kith event met``: whom you met there; unknown names become contacts."""
    with session(request) as s:
        e = events.resolve(s, ref)
        met = events.met(s, e, body.people)
        return {
            **events.record(s, e),
            "added": [
                {"id": m.contact.id, "name": m.contact.display_name, "created": m.created}
                for m in met
            ],
        }
