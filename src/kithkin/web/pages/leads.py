"""Job leads (R11): list, add, match and share, as ``kith lead``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from kithkin.core.book import contacts
from kithkin.core.career import leads
from kithkin.store.tables import Lead
from kithkin.web.deps import opt
from kithkin.web.pages import forms
from kithkin.web.served import net_of

router = APIRouter(include_in_schema=False)
NAV = [("Leads", "/leads")]
MATCHES = 20  # people a lead's page lists


def _leads(s: Session) -> dict[str, Any]:
    return {"leads": leads.listing(s)}


@router.get("/leads", response_class=HTMLResponse)
def leads_page(request: Request) -> Response:
    return forms.page(request, "leads.html", _leads)


@router.post("/leads", response_class=HTMLResponse)
def add_lead(
    request: Request,
    title: str = Form(""),
    org: str = Form(""),
    skills: str = Form(""),
    url: str = Form(""),
    text: str = Form(""),
) -> Response:
    def act(s: Session) -> str:
        if not org.strip():
            from kithkin.errors import BadInput

            raise BadInput("a lead needs the organization that offers it")
        lead = leads.add(s, title, org.strip(), opt(skills), opt(url))
        lead.text = opt(text)  # the CLI reads it from --text-file; here it is typed
        return f"/leads/{lead.id}"

    form = {"title": title, "org": org, "skills": skills, "url": url, "text": text}
    return forms.act(request, act, "leads.html", _leads, form)


def kept_matches(request: Request, s: Session, lead: Lead, limit: int) -> list[leads.Match]:
    """:func:`leads.match`, kept (web.memo) until anything is written or the day turns:
    for the lead's page and ``/api/leads/{ref}/matches`` alike."""
    net = net_of(request)  # the network of this request: in hosted mode, its user's
    matches: list[leads.Match] = net.memo.get(
        ("lead-matches", lead.id, limit), net.generation, lambda: leads.match(s, lead, limit)
    )
    return matches


@router.get("/leads/{lid:int}", response_class=HTMLResponse)
def lead_page(request: Request, lid: int) -> Response:
    """The lead and whom it would help. Matching reads every contact (0.85 s at 25,000),
    so the matches are kept (web.memo) until anything is written or the day turns: a
    second look or a reload costs the lead's own row."""

    def build(s: Session) -> dict[str, Any]:
        lead = leads.resolve(s, str(lid))
        return {"lead": leads.record(s, lead), "matches": kept_matches(request, s, lead, MATCHES)}

    return forms.page(request, "lead.html", build)


@router.post("/leads/{lid:int}/share", response_class=HTMLResponse)
def share_lead(
    request: Request, lid: int, contact_id: int = Form(...), channel: str = Form("email")
) -> Response:
    def act(s: Session) -> str:
        leads.share(s, leads.resolve(s, str(lid)), contacts.get(s, contact_id), None, channel)
        return f"/leads/{lid}?saved=log"

    return forms.act(request, act, "leads.html", _leads, {})
