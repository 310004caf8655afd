"""/api/health and /api/contacts/{ref}/health: kith health, network and per contact."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from kithkin.core.agenda import health
from kithkin.core.book import contacts
from kithkin.web.api.schemas.agenda import ContactHealth, HealthSummary
from kithkin.web.api.schemas.errors import ERRORS
from kithkin.web.deps import session
from kithkin.web.served import net_of

router = APIRouter(responses=ERRORS)


@router.get("/health", response_model=HealthSummary, tags=["agenda"])
def network_health(request: Request) -> dict[str, Any]:
    """``kith health``: the network by state, strength bands, weakest and strongest ties."""
    return kept_summary(request)


def kept_summary(request: Request) -> dict[str, Any]:
    """:func:`health.summary`, a second at 30,000 contacts: kept (web.memo) until
    something is written or the day turns, for this endpoint and the Network page."""

    def compute() -> dict[str, Any]:
        with session(request) as s:
            return health.summary(s)

    net = net_of(request)
    return net.memo.get("health", net.generation, compute)


@router.get("/contacts/{ref}/health", response_model=ContactHealth, tags=["agenda"])
def contact_health(request: Request, ref: str) -> dict[str, Any]:
    """The strength (0-100) of one relationship and its four parts."""
    with session(request) as s:
        return health.contact_health(s, contacts.resolve(s, ref).id)
