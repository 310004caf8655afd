"""Job leads (R11), events (R13), references and rehire (R15), settings: one page each.

Each form calls the same core function as its ``kith`` command and redirects back;
a refused form re-renders its page with the message and a 4xx status.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from kithkin.core import settings
from kithkin.core.book import contacts, events
from kithkin.core.career import leads, references
from kithkin.core.userinput import parse_date
from kithkin.errors import KithError
from kithkin.web.deps import opt, session, split_list
from kithkin.web.errors import status_of
from kithkin.web.render import render

router = APIRouter(include_in_schema=False)
NAV = [
    ("Leads", "/leads"),
    ("Events", "/events"),
    ("References", "/references"),
    ("Settings", "/settings"),
]


def _page(
    request: Request,
    template: str,
    build: Callable[[Session], dict[str, Any]],
    error: KithError | None = None,
    form: dict[str, Any] | None = None,
) -> Response:
    with session(request) as s:
        ctx = build(s)
    ctx.update(error=str(error) if error else None, form=form or {})
    return render(request, template, ctx, status=status_of(error)[0] if error else 200)


def _act(
    request: Request,
    act: Callable[[Session], str],
    template: str,
    build: Callable[[Session], dict[str, Any]],
    form: dict[str, Any],
) -> Response:
    """Run one write; on success go to the URL it returns, else show the page again."""
    try:
        with session(request) as s:
            where = act(s)
    except KithError as exc:
        return _page(request, template, build, exc, form)
    return RedirectResponse(where, status_code=303)


# --- leads (R11) -------------------------------------------------------------------


def _leads(s: Session) -> dict[str, Any]:
    return {"leads": leads.listing(s)}


@router.get("/leads", response_class=HTMLResponse)
def leads_page(request: Request) -> Response:
    return _page(request, "leads.html", _leads)


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
    return _act(request, act, "leads.html", _leads, form)


@router.get("/leads/{lid:int}", response_class=HTMLResponse)
def lead_page(request: Request, lid: int) -> Response:
    def build(s: Session) -> dict[str, Any]:
        lead = leads.resolve(s, str(lid))
        return {"lead": leads.record(s, lead), "matches": leads.match(s, lead, 20)}

    return _page(request, "lead.html", build)


@router.post("/leads/{lid:int}/share", response_class=HTMLResponse)
def share_lead(
    request: Request, lid: int, contact_id: int = Form(...), channel: str = Form("email")
) -> Response:
    def act(s: Session) -> str:
        leads.share(s, leads.resolve(s, str(lid)), contacts.get(s, contact_id), None, channel)
        return f"/leads/{lid}?saved=log"

    return _act(request, act, "leads.html", _leads, {})


# --- events (R13) ------------------------------------------------------------------


def _events(s: Session) -> dict[str, Any]:
    return {"events": events.listing(s)}


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request) -> Response:
    return _page(request, "events.html", _events)


@router.post("/events", response_class=HTMLResponse)
def add_event(
    request: Request, name: str = Form(""), date: str = Form(""), place: str = Form("")
) -> Response:
    def act(s: Session) -> str:
        events.add(s, name, parse_date(date, "event date"), opt(place))
        return "/events?saved=add"

    return _act(request, act, "events.html", _events, {"name": name, "date": date, "place": place})


@router.post("/events/{eid:int}/met", response_class=HTMLResponse)
def met(request: Request, eid: int, people: str = Form("")) -> Response:
    def act(s: Session) -> str:
        events.met(s, events.resolve(s, str(eid)), split_list(people))
        return f"/events?saved=add#event-{eid}"

    return _act(request, act, "events.html", _events, {"people": people, "event": eid})


# --- references and rehire (R15) -----------------------------------------------------


def _references(s: Session) -> dict[str, Any]:
    return {"rows": references.overview(s), "employers": references.former_employers(s)}


@router.get("/references", response_class=HTMLResponse)
def references_page(request: Request) -> Response:
    return _page(request, "references.html", _references)


@router.post("/references", response_class=HTMLResponse)
def reference(
    request: Request,
    contact: str = Form(""),
    role: str = Form(""),
    what: str = Form("agree"),
    date: str = Form(""),
) -> Response:
    """``kith ref add`` (they agreed) or ``kith ref ask`` (I asked them, for a role)."""
    form = {"contact": contact, "role": role, "what": what, "date": date}
    try:
        with session(request) as s:
            c = contacts.resolve(s, contact)
            day = parse_date(date, "date") if opt(date) else None
            notes = []
            if what == "ask":
                notes = references.ask(s, c, role, day).warnings
            else:
                references.agree(s, c, opt(role), day)
    except KithError as exc:
        return _page(request, "references.html", _references, exc, form)
    if not notes:
        return RedirectResponse("/references?saved=edit", status_code=303)
    with session(request) as s:
        ctx = _references(s)
    return render(request, "references.html", {**ctx, "error": None, "form": {}, "warnings": notes})


@router.post("/references/rehire", response_class=HTMLResponse)
def rehire(
    request: Request, org: str = Form(""), answer: str = Form(""), note: str = Form("")
) -> Response:
    def act(s: Session) -> str:
        references.set_rehire(s, org, answer, opt(note))
        return "/references?saved=edit"

    return _act(request, act, "references.html", _references, {})


# --- settings ------------------------------------------------------------------------


def _settings(s: Session) -> dict[str, Any]:
    return {"values": settings.all_values(s)}


@router.get("/settings", response_class=HTMLResponse)
def settings_page(request: Request) -> Response:
    return _page(request, "settings.html", _settings)


@router.post("/settings", response_class=HTMLResponse)
async def save_settings(request: Request) -> Response:
    """``kith config set`` for every changed field, ``unset`` for emptied ones, at once."""
    form = await request.form()

    def act(s: Session) -> str:
        current = settings.all_values(s)
        for key, now in current.items():
            value = str(form.get(key, "")).strip()
            if not value and not now["is_default"]:
                settings.unset(s, key)
            elif value and value != now["value"]:
                settings.set_value(s, key, value)
        return "/settings?saved=edit"

    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(
        _act, request, act, "settings.html", _settings, {k: str(v) for k, v in form.items()}
    )
