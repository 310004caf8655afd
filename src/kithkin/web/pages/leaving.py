"""Leaving well and the safety net: the departure plan as a checklist (R14), who do I know (R16)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kithkin.core import keptlists
from kithkin.core.career import departure, references
from kithkin.core.userinput import parse_date
from kithkin.errors import KithError, NotFound
from kithkin.web.deps import opt, opt_int, session
from kithkin.web.errors import status_of
from kithkin.web.render import render
from kithkin.web.served import net_of

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50
NAV = [("Who do I know", "/who"), ("Leaving", "/departure")]


@router.get("/who", response_class=HTMLResponse)
def who_page(request: Request, org: str = "", page: int = 1) -> Response:
    """``kith who ORG``: current staff first, then former, strongest ties first, in
    pages of :data:`PAGE_SIZE`; the ranking is kept in this process (web.memo) for the
    next page, and by data version in the database (core.keptlists) for ``kith who``."""
    org = org.strip()
    rows: list[dict[str, Any]] = []
    if org:
        rows = net_of(request).memo.get(
            (keptlists.WHO_KIND, org), net_of(request).generation, lambda: _who(request, org)
        )
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    ctx = {
        "org": org,
        "rows": rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
        "total": len(rows),
        "page": page,
        "pages": pages,
        "query_for": lambda page: "/who?" + urlencode({"org": org, "page": page}),
    }
    return render(request, "who.html", ctx)


def _who(request: Request, org: str) -> list[dict[str, Any]]:
    with session(request) as s:
        return keptlists.who(s, org)


def plan_context(request: Request, org: str | None) -> dict[str, Any]:
    with session(request) as s:
        employers = departure.my_employers(s)
        try:
            o = departure.latest_plan_org(s, org)
        except NotFound:
            return {"org": None, "steps": [], "rehire": None, "employers": employers}
        steps = [departure.step_record(s, st) for st in departure.steps_for(s, o.id)]
        return {
            "org": o.name,
            "steps": steps,
            "rehire": references.rehire_label(o),
            "employers": employers,
        }


@router.get("/departure", response_class=HTMLResponse)
def departure_page(request: Request, org: str = "") -> Response:
    ctx = plan_context(request, opt(org))
    return render(request, "departure.html", {**ctx, "error": None, "form": {}, "warnings": []})


@router.post("/departure", response_class=HTMLResponse)
def leave(
    request: Request,
    org: str = Form(""),
    last_day: str = Form(""),
    notice_days: str = Form(""),
    new_org: str = Form(""),
    start_date: str = Form(""),
    new_title: str = Form(""),
) -> Response:
    """``kith leave``: end my position there and make the dated plan."""
    form = {
        "org": org,
        "last_day": last_day,
        "notice_days": notice_days,
        "new_org": new_org,
        "start_date": start_date,
        "new_title": new_title,
    }
    try:
        with session(request) as s:
            d = departure.leave(
                s,
                org.strip(),
                parse_date(last_day, "last day"),
                opt_int(notice_days, "notice period") or departure.MIN_NOTICE_DAYS,
                opt(new_org),
                parse_date(start_date, "start date") if opt(start_date) else None,
                opt(new_title),
            )
            name, warnings = d.org.name, list(d.warnings)
    except KithError as exc:
        ctx = plan_context(request, None)
        return render(
            request,
            "departure.html",
            {**ctx, "error": str(exc), "form": form, "warnings": []},
            status=status_of(exc)[0],
        )
    ctx = plan_context(request, name)
    return render(
        request, "departure.html", {**ctx, "error": None, "form": {}, "warnings": warnings}
    )


@router.post("/departure/done", response_class=HTMLResponse)
def step_done(
    request: Request,
    org: str = Form(""),
    key: str = Form(""),
    undo: str = Form(""),
    rehire: str = Form(""),
) -> Response:
    """``kith plan done``: tick a step off (or back on), with the rehire answer when asked."""
    try:
        with session(request) as s:
            o = departure.latest_plan_org(s, opt(org))
            st = departure.mark_done(s, o, key, None, bool(undo))
            if opt(rehire) and st.key == "ask_rehire":
                references.set_rehire(s, o.name, rehire)
            name = o.name
    except KithError as exc:
        ctx = plan_context(request, opt(org))
        return render(
            request,
            "departure.html",
            {**ctx, "error": str(exc), "form": {}, "warnings": []},
            status=status_of(exc)[0],
        )
    from urllib.parse import quote

    return RedirectResponse(f"/departure?org={quote(name)}#step-{key}", status_code=303)
