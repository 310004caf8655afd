"""References and rehire eligibility (R15), as ``kith ref`` and ``kith rehire``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from kithkin.core.book import contacts
from kithkin.core.career import references
from kithkin.core.userinput import parse_date
from kithkin.errors import KithError
from kithkin.web.deps import opt, session
from kithkin.web.pages import forms
from kithkin.web.render import render

router = APIRouter(include_in_schema=False)
NAV = [("References", "/references")]


def _references(s: Session) -> dict[str, Any]:
    return {"rows": references.overview(s), "employers": references.former_employers(s)}


@router.get("/references", response_class=HTMLResponse)
def references_page(request: Request) -> Response:
    return forms.page(request, "references.html", _references)


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
        return forms.page(request, "references.html", _references, exc, form)
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

    return forms.act(request, act, "references.html", _references, {})
