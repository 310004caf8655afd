"""/api/leads, /api/events, /api/references, /api/health, /api/dupes, /api/merge.

``POST /api/dupes/distinct`` keeps a pair out of ``/api/dupes`` (``kith distinct``).

kith lead add/list/match/share, event add/list/met, ref add/ask/list, rehire,
health, dupes and merge.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request

from kithkin.core.agenda import health
from kithkin.core.book import contacts, events
from kithkin.core.career import leads, references
from kithkin.core.exchange import merging
from kithkin.core.userinput import parse_date
from kithkin.web.api.models import (
    ERRORS,
    ContactHealth,
    DistinctRequest,
    DistinctResult,
    DupePair,
    EventCreate,
    EventMet,
    EventRecord,
    HealthSummary,
    LeadCreate,
    LeadMatch,
    LeadRecord,
    LeadShare,
    Logged,
    MergeRequest,
    MergeResult,
    ReferenceCreate,
    ReferenceResult,
    ReferenceRow,
    RehireRecord,
    RehireUpdate,
)
from kithkin.web.deps import session

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
        return [vars(m) for m in leads.match(s, leads.resolve(s, ref), limit)]


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


@router.get("/health", response_model=HealthSummary, tags=["agenda"])
def network_health(request: Request) -> dict[str, Any]:
    """``kith health``: the network by state, strength bands, weakest and strongest ties."""
    with session(request) as s:
        return health.summary(s)


@router.get("/contacts/{ref}/health", response_model=ContactHealth, tags=["agenda"])
def contact_health(request: Request, ref: str) -> dict[str, Any]:
    """The strength (0-100) of one relationship and its four parts."""
    with session(request) as s:
        return health.contact_health(s, contacts.resolve(s, ref).id)


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
