"""Today: the agenda, and from each item its draft, "done" and "snooze".

The flow a person follows every morning: open an item (its explanation and, once
drafts exist, the message to send), send it in their own mail or phone, come back
and press *Done*: an interaction of the suggested kind is logged, the agenda is
recomputed and the item leaves the list. *Snooze* hides someone for a while.
Both work from the list itself too; with JavaScript on, without a page reload.
"""

from __future__ import annotations

import secrets
from typing import Any, NamedTuple
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.routing import Route

from kithkin.core import views
from kithkin.core.agenda import boundaries, planner
from kithkin.core.book import contacts as core
from kithkin.core.book import interactions as ix
from kithkin.core.book.firststeps import FirstSteps, anyone_kept_in_touch, first_steps
from kithkin.core.book.interactions import InteractionInput
from kithkin.core.career import drafts
from kithkin.core.vocabulary import KINDS, Channel, Direction
from kithkin.errors import KithError
from kithkin.web.agenda_cache import agenda_response, etag_of
from kithkin.web.api.agenda import kept_plan, today_snapshot
from kithkin.web.deps import opt, session
from kithkin.web.errors import error_response
from kithkin.web.render import render
from kithkin.web.served import net_of
from kithkin.web.snooze import snooze_choices

# Stands for the CSRF token in the cached Today page; letters only, so escaping
# leaves it as it is.
TOKEN_SLOT = "KithCsrfTokenSlot" + secrets.token_hex(8)

router = APIRouter(include_in_schema=False)
NAV = [("Today", "/today")]

REASON_LABEL = {
    "awaiting_reply": "Reply",
    "event_followup": "Event follow-up",
    "congratulate": "Congratulate",
    "first_touch": "First touch",
    "give_first": "Give first",
    "cadence_due": "Check in",
    "reconnect": "Reconnect",
}


def _decorate(item: dict[str, Any]) -> dict[str, Any]:
    return {
        **item,
        "label": REASON_LABEL.get(item["reason"], item["reason"]),
        "done_kind": item["log_kind"],  # what the Done button logs
    }


def _wants_json(request: Request) -> bool:
    return request.headers.get("x-kith-fetch") == "1"


def _back(request: Request, default: str) -> str:
    """Where to go after a form: the page it came from (same site only)."""
    target = request.query_params.get("next", "")
    return target if target.startswith("/") and not target.startswith("//") else default


async def today_page(request: Request) -> Response:
    flash = bool(request.scope["query_string"])  # the scope: request.url builds a URL
    if not flash:
        kept = _kept_page(request)
        if kept is not None:
            return _answer_page(request, kept)
    snap = await today_snapshot(request)
    items = [_decorate(i) for i in snap.items]
    start, nobody_kept = (None, False) if items else await run_in_threadpool(_empty, request)
    ctx = {"items": items, "snooze": snooze_choices(), "start": start, "nobody_kept": nobody_kept}
    if flash:  # a flash message: rendered for this request only
        return render(request, "today.html", ctx)
    # The page is the same for everyone until the agenda changes, but for each
    # browser's CSRF token: render it once with a placeholder.
    page = bytes(render(request, "today.html", {**ctx, "csrf_token": TOKEN_SLOT}).body)
    kept = KeptPage(snap.key, page, etag_of(page))
    net_of(request).today_page = kept
    return _answer_page(request, kept)


HTML = "text/html; charset=utf-8"


class KeptPage(NamedTuple):
    """The Today page rendered with :data:`TOKEN_SLOT` for the agenda of ``key``."""

    key: Any
    page: bytes
    etag: str


def _answer_page(request: Request, kept: KeptPage) -> Response:
    """The kept page with this browser's token, computed or cached alike.

    The ``ETag`` is of the page and the token, which together make the bytes sent:
    the same value as a hash of those bytes would be for a client, without hashing
    the whole page again on every request.
    """
    token = request.state.csrf_token
    body = kept.page.replace(TOKEN_SLOT.encode(), token.encode())
    return agenda_response(request, body, HTML, etag_of(f"{kept.etag}{token}".encode()))


def _kept_page(request: Request) -> KeptPage | None:
    """The Today page rendered for the agenda as it still is, or None."""
    net = net_of(request)
    kept: KeptPage | None = net.today_page
    if kept is None:
        return None
    snap = net.agenda.fresh(net.generation)
    if snap is None or snap.key != kept.key:
        return None
    return kept


def _empty(request: Request) -> tuple[FirstSteps | None, bool]:
    """For an empty agenda: the first-day guide while nobody but the user is on record,
    and whether nobody is kept in touch with on a cadence yet."""
    with session(request) as s:
        start = first_steps(s)
        if start.empty:
            return start, False
        return None, not anyone_kept_in_touch(s)


# GET /today, which a browser tab polls all day, is a plain Starlette route tried before
# every other one: it takes nothing FastAPI would parse or inject (the app-wide CSRF
# check lets every GET through), and FastAPI's dependency solving was most of its cost
# on a cached page, which issue 6 holds to half of what a bare Starlette app serves.
polled = Route("/today", today_page, methods=["GET"])


@router.get("/today/{cid:int}", response_class=HTMLResponse)
def item_page(request: Request, cid: int, occasion: str = "") -> Response:
    """One item: why, the draft (``kith draft``), and the form that logs it done."""
    with session(request) as s:
        c = core.get(s, cid)
        reason = planner.reason_for(s, cid)
        ctx: dict[str, Any] = {
            "c": views.contact_summary(c),
            "item": _decorate(reason) if reason else None,
            "kinds": list(KINDS),
            "channels": [ch.value for ch in Channel],
            "snooze": snooze_choices(),
            "occasions": drafts.OCCASIONS,
            "draft": None,
            "draft_error": None,
        }
        try:
            d = drafts.draft(s, c, opt(occasion))
        except KithError as exc:
            ctx["draft_error"] = str(exc)
        else:
            ctx["draft"] = {
                "occasion": d.occasion,
                "text": d.text,
                "facts": sorted(d.facts),
                "warnings": d.warnings,
                "mailto": _mailto(c.emails[0].email, d.text) if c.emails else None,
            }
    return render(request, "today_item.html", ctx)


def _mailto(address: str, text: str) -> str:
    """A link that opens the user's own mail app with the draft: kithkin sends nothing."""
    return f"mailto:{quote(address, safe='@')}?body={quote(text, safe='')}"


def _answer(request: Request, message: str, where: str, saved: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"message": message})
    sep = "&" if "?" in where else "?"
    return RedirectResponse(f"{where}{sep}saved={saved}", status_code=303)


def _refused(request: Request, exc: KithError) -> Response:
    from kithkin.web.errors import status_of

    status, code = status_of(exc)
    if _wants_json(request):
        return JSONResponse({"error": {"code": code, "message": str(exc)}}, status_code=status)
    return error_response(request, status, code, str(exc))


@router.post("/today/{cid:int}/done", response_class=HTMLResponse)
def done(
    request: Request,
    cid: int,
    kind: str = Form("checkin"),
    channel: str = Form(Channel.EMAIL.value),
    note: str = Form(""),
) -> Response:
    """Log the suggested interaction; the next agenda no longer lists them."""
    try:
        with session(request) as s:
            c = core.get(s, cid)
            ix.log(
                s,
                InteractionInput(
                    contact_ids=[c.id],
                    channel=channel,
                    kind=kind,
                    direction=Direction.OUTBOUND,
                    note=opt(note),
                ),
            )
            name = c.display_name
    except KithError as exc:
        return _refused(request, exc)
    return _answer(
        request, f"Logged {kind.replace('_', ' ')} with {name}.", _back(request, "/today"), "done"
    )


@router.post("/contacts/{cid:int}/snooze", response_class=HTMLResponse)
def snooze(request: Request, cid: int, until: str = Form("")) -> Response:
    try:
        with session(request) as s:
            c = core.get(s, cid)
            day = boundaries.parse_until(until)
            boundaries.snooze(c, day)
            name = c.display_name
    except KithError as exc:
        return _refused(request, exc)
    return _answer(
        request,
        f"{name} is snoozed through {day.isoformat()}.",
        _back(request, f"/contacts/{cid}"),
        "snooze",
    )


def _flag(request: Request, cid: int, what: str) -> Response:
    with session(request) as s:
        c = core.get(s, cid)
        getattr(boundaries, what)(c)
        name = c.display_name
    messages = {
        "pause": f"{name} is paused.",
        "resume": f"{name} is back on the agenda.",
        "reset": f"Unanswered outreach to {name} forgotten.",
    }
    return _answer(request, messages[what], _back(request, f"/contacts/{cid}"), what)


@router.post("/contacts/{cid:int}/pause", response_class=HTMLResponse)
def pause(request: Request, cid: int) -> Response:
    return _flag(request, cid, "pause")


@router.post("/contacts/{cid:int}/resume", response_class=HTMLResponse)
def resume(request: Request, cid: int) -> Response:
    return _flag(request, cid, "resume")


@router.post("/contacts/{cid:int}/reset", response_class=HTMLResponse)
def reset(request: Request, cid: int) -> Response:
    return _flag(request, cid, "reset")


@router.get("/agenda", response_class=HTMLResponse)
def agenda_page(request: Request, days: int = 7) -> Response:
    """The plan for the coming days (``kith agenda``), grouped by day."""
    days = min(max(days, 1), 60)
    items = kept_plan(request, days)
    grouped: dict[str, list[dict[str, Any]]] = {}
    for it in items:
        grouped.setdefault(it["date"], []).append(it)
    return render(request, "agenda.html", {"days": list(grouped.items()), "n": days})
