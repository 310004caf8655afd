"""/api/interactions: kith log, and a contact's timeline."""

from __future__ import annotations

from datetime import time
from typing import Any

from fastapi import APIRouter, Query, Request, Response

from kithkin.core import views
from kithkin.core.agenda.boundaries import do_not_contact_warning
from kithkin.core.agenda.reciprocity import ask_warning
from kithkin.core.book import contacts
from kithkin.core.book import interactions as core
from kithkin.core.book.interactions import InteractionEdit, InteractionInput
from kithkin.core.userinput import parse_date
from kithkin.core.vocabulary import Direction
from kithkin.errors import BadInput
from kithkin.web.api.schemas.contacts import (
    InteractionChange,
    InteractionCreate,
    InteractionRecord,
    Logged,
)
from kithkin.web.api.schemas.errors import ERRORS, LIMIT_DOC, LIMIT_MAX, OFFSET_DOC
from kithkin.web.deps import session

router = APIRouter(tags=["interactions"], responses=ERRORS)


def parse_time(value: str | None) -> time | None:
    if not value:
        return None
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise BadInput(f"invalid time {value!r}: expected HH:MM") from None


@router.post("/interactions", response_model=Logged, status_code=201)
def log_interaction(request: Request, body: InteractionCreate) -> dict[str, Any]:
    """``kith log``: what happened, with whom, by which channel, of which kind."""
    with session(request) as s:
        people = [contacts.resolve(s, ref) for ref in body.contacts]
        direction = Direction.INBOUND if body.inbound else Direction.OUTBOUND
        warnings = [
            w
            for p in people
            if (w := ask_warning(s, p.id, p.display_name, body.kind, direction.value))
        ]
        # R7: the user's own outreach to someone marked do-not-contact, as kith log says.
        warnings += [w for p in people if (w := do_not_contact_warning(p, direction))]
        row = core.log(
            s,
            InteractionInput(
                contact_ids=[p.id for p in people],
                channel=body.channel,
                kind=body.kind,
                direction=direction,
                occurred_on=parse_date(body.date) if body.date else None,
                occurred_at=parse_time(body.time),
                note=body.note,
                topics=body.topics,
                planned=body.planned,
            ),
        )
        return {
            "id": row.id,
            "date": row.occurred_on.isoformat(),
            "kind": row.kind,
            "nature": row.nature,
            "contact_ids": [p.id for p in people],
            "warning": "; ".join(warnings) or None,
        }


@router.get("/contacts/{ref}/interactions", response_model=list[InteractionRecord])
def timeline(
    request: Request,
    response: Response,
    ref: str,
    limit: int | None = Query(None, ge=1, le=LIMIT_MAX, description=LIMIT_DOC),
    offset: int = Query(0, ge=0, le=LIMIT_MAX, description=OFFSET_DOC),
) -> list[dict[str, Any]]:
    """A contact's interactions, newest first; ``limit`` and ``offset`` page it
    (``X-Total-Count`` says how many)."""
    with session(request) as s:
        c = contacts.resolve(s, ref)
        rows = core.for_contact(s, c.id, limit, offset)
        response.headers["x-total-count"] = str(core.count_for_contact(s, c.id))
        ids = [i.id for i in rows]
        topics, people = core.topics_of(s, ids), core.participants(s, ids)
        return [
            views.interaction_record(i, topics.get(i.id, []), people.get(i.id, [])) for i in rows
        ]


def _record(s: Any, iid: int) -> dict[str, Any]:
    row = core.get(s, iid)
    topics, people = core.topics_of(s, [iid]), core.participants(s, [iid])
    return views.interaction_record(row, topics.get(iid, []), people.get(iid, []))


@router.get("/interactions/{iid}", response_model=InteractionRecord)
def get_interaction(request: Request, iid: int) -> dict[str, Any]:
    """One logged interaction, with whom."""
    with session(request) as s:
        return _record(s, iid)


@router.patch("/interactions/{iid}", response_model=InteractionRecord)
def edit_interaction(request: Request, iid: int, body: InteractionChange) -> dict[str, Any]:
    """``kith log edit``: correct what was logged; every rule reads the corrected one."""
    with session(request) as s:
        direction = None if body.inbound is None else ("inbound" if body.inbound else "outbound")
        core.edit(
            s,
            iid,
            InteractionEdit(
                occurred_on=parse_date(body.date) if body.date else None,
                occurred_at=parse_time(body.time),
                channel=body.channel,
                kind=body.kind,
                direction=direction,
                note=body.note,
                topics=body.topics,
                planned=body.planned,
            ),
        )
        return _record(s, iid)


@router.delete("/interactions/{iid}", status_code=204, response_class=Response)
def remove_interaction(request: Request, iid: int) -> Response:
    """``kith log rm``: forget a logged interaction; the agenda recomputes without it."""
    with session(request) as s:
        core.remove(s, iid)
    return Response(status_code=204)
