"""The Contacts page: search as you type, filters, sorting; and adding a contact."""

from __future__ import annotations

from array import array
from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from kithkin.core import views
from kithkin.core.agenda import health
from kithkin.core.book import contacts as core
from kithkin.core.book import listing
from kithkin.core.book.contacts import ContactInput
from kithkin.core.book.search import search
from kithkin.core.vocabulary import Channel, Tier
from kithkin.errors import Conflict, KithError
from kithkin.web.deps import opt, opt_int, session, split_list
from kithkin.web.errors import status_of
from kithkin.web.pages.network import STATE_LABEL
from kithkin.web.render import render
from kithkin.web.served import net_of

router = APIRouter(include_in_schema=False)
NAV = [("Contacts", "/contacts")]

PAGE_SIZE = 50
SORTS = {
    "name": lambda r: (r["name"].lower(), r["id"]),
    "org": lambda r: ((r["org"] or "\uffff").lower(), r["name"].lower()),
    "tier": lambda r: (list(Tier).index(Tier(r["tier"])), r["name"].lower()),
    "strength": lambda r: (-(r.get("strength") or 0), r["name"].lower()),
}


def _rows(
    request: Request, q: str, tag: str, tier: str, org: str, state: str, sort: str
) -> list[dict[str, Any]]:
    """Contacts matching the query (best first) and the filters, with state and strength."""
    with session(request) as s:
        return _with_health(s, _matching(s, q, tag, tier, org), state, sort)


def _with_health(
    s: Session, rows: list[dict[str, Any]], state: str, sort: str
) -> list[dict[str, Any]]:
    """The rows in this state (all without one), with their strength to sort by it."""
    if state or sort == "strength":
        ids = [r["id"] for r in rows]
        states = health.states(s, ids) if state else {}
        strength = health.strength_scores(s, ids) if sort == "strength" else {}
        if state:
            rows = [r for r in rows if states.get(r["id"]) == state]
        for r in rows:
            r["strength"] = strength.get(r["id"])
    return rows


def _by_name(
    request: Request, tag: str, tier: str, org: str, page: int
) -> tuple[int, list[dict[str, Any]]]:
    """One page of the list by name; past the end, the last page.

    The order of the whole list (a sort of every contact, tens of milliseconds at
    50,000) is kept as packed ids (web.memo) until something is written, so that a
    page reads only its own rows."""
    filters = listing.Filters(tag or None, tier or None, org or None)
    ids = net_of(request).memo.get(
        ("contacts", filters), net_of(request).generation, lambda: _order(request, filters)
    )
    page = min(page, max(1, -(-len(ids) // PAGE_SIZE)))
    with session(request) as s:
        rows = listing.rows_of(s, ids[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])
    return len(ids), rows


def _ranked(
    request: Request, tag: str, tier: str, org: str, state: str, sort: str, page: int
) -> tuple[int, list[dict[str, Any]]]:
    """One page of the list filtered by state or sorted by something else than the name.

    A state or a strength reads every contact's history (1.7 s at 25,000 contacts, for
    every page and every reload); the order and the strengths are kept (web.memo) until
    something is written, as the list by name's order is."""
    ids, strength = net_of(request).memo.get(
        ("contacts-ranked", tag, tier, org, state, sort),
        net_of(request).generation,
        lambda: _rank(request, tag, tier, org, state, sort),
    )
    page = min(page, max(1, -(-len(ids) // PAGE_SIZE)))
    with session(request) as s:
        rows = listing.rows_of(s, ids[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])
    for r in rows:
        r["strength"] = strength.get(r["id"])
    return len(ids), rows


def _rank(
    request: Request, tag: str, tier: str, org: str, state: str, sort: str
) -> tuple[array[int], dict[int, int]]:
    if sort == "org":
        rows = _rows(request, "", tag, tier, org, state, sort)
    else:  # names and tiers rank them: everyone's emails and jobs wait for the page shown
        with session(request) as s:
            people = listing.matching(s, listing.Filters(tag or None, tier or None, org or None))
            named = s.connection().execute(people)
            rows = _with_health(
                s, [{"id": c, "name": n, "tier": t} for c, n, t in named], state, sort
            )
    rows.sort(key=SORTS.get(sort, SORTS["name"]))
    strength = {r["id"]: r["strength"] for r in rows if r.get("strength") is not None}
    return array("q", (r["id"] for r in rows)), strength


def _order(request: Request, filters: listing.Filters) -> array[int]:
    with session(request) as s:
        return listing.order(s, filters)


def _matching(s: Session, q: str, tag: str, tier: str, org: str) -> list[dict[str, Any]]:
    """Contacts matching the query (best first) and the tag, tier and organization."""
    filters = listing.Filters(tag or None, tier or None, org or None)
    pool = listing.page(s, filters).rows if (tag or tier or org or not q) else None
    if not q:
        return pool or []
    allowed = {r["id"] for r in pool} if pool is not None else None
    rows: dict[int, dict[str, Any]] = {}
    for hit in search(s, q, limit=200):
        if hit.contact_id in rows or (allowed is not None and hit.contact_id not in allowed):
            continue
        row = views.contact_summary(core.get(s, hit.contact_id))
        plain = hit.snippet.replace("[", "").replace("]", "").strip()
        row["snippet"] = hit.snippet if plain != hit.name else None
        rows[hit.contact_id] = row
    return list(rows.values())


@router.get("/contacts", response_class=HTMLResponse)
def contacts_page(
    request: Request,
    q: str = "",
    tag: str = "",
    tier: str = "",
    org: str = "",
    state: str = "",
    sort: str = "",
    page: int = 1,
    partial: bool = False,
) -> Response:
    q, tag, org = q.strip(), tag.strip(), org.strip()
    error = None
    page = max(page, 1)
    try:
        if not q and not state and sort in ("", "name"):
            # The list in its own order: only the page asked for is read.
            total, shown = _by_name(request, tag, tier, org, page)
        elif not q:
            total, shown = _ranked(request, tag, tier, org, state, sort, page)
        else:
            rows = _rows(request, q, tag, tier, org, state, sort)
            if sort in SORTS:
                rows.sort(key=SORTS[sort])
            elif not q:
                rows.sort(key=SORTS["name"])
            total = len(rows)
            page = min(page, max(1, -(-total // PAGE_SIZE)))
            shown = rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    except KithError as exc:
        total, shown, error = 0, [], str(exc)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(page, pages)
    ctx = {
        "rows": shown,
        "total": total,
        "page": page,
        "pages": pages,
        "q": q,
        "tag": tag,
        "tier": tier,
        "org": org,
        "sort": sort,
        "state": state,
        "states": STATE_LABEL,
        "tiers": [t.value for t in Tier],
        "error": error,
        "query_for": lambda **kw: _query(
            **{"q": q, "tag": tag, "tier": tier, "org": org, "state": state, "sort": sort, **kw}
        ),
    }
    status = 400 if error else 200
    if partial:
        return render(request, "_contact_rows.html", ctx, status=status)
    return render(request, "contacts.html", ctx, status=status)


def _query(**params: Any) -> str:
    from urllib.parse import urlencode

    return "?" + urlencode({k: v for k, v in params.items() if v not in ("", None, 1)})


@router.get("/contacts/new", response_class=HTMLResponse)
def new_contact(request: Request) -> Response:
    return render(request, "contact_new.html", _new_ctx({}, None))


def _new_ctx(form: dict[str, Any], error: str | None) -> dict[str, Any]:
    return {
        "form": form,
        "error": error,
        "tiers": [t.value for t in Tier],
        "channels": [c.value for c in Channel],
    }


@router.post("/contacts", response_class=HTMLResponse)
def create_contact(
    request: Request,
    name: str = Form(""),
    email: str = Form(""),
    phone: str = Form(""),
    org: str = Form(""),
    title: str = Form(""),
    tags: str = Form(""),
    tier: str = Form("regular"),
    cadence: str = Form(""),
    channel: str = Form(""),
    how_met: str = Form(""),
    note: str = Form(""),
    force: str = Form(""),
) -> Response:
    form = {
        "force": force,
        "name": name,
        "email": email,
        "phone": phone,
        "org": org,
        "title": title,
        "tags": tags,
        "tier": tier,
        "cadence": cadence,
        "channel": channel,
        "how_met": how_met,
        "note": note,
    }
    try:
        with session(request) as s:
            c = core.add_contact(
                s,
                ContactInput(
                    name=name,
                    emails=split_list(email),
                    phones=split_list(phone),
                    org=opt(org),
                    title=opt(title),
                    tags=split_list(tags),
                    tier=opt(tier),
                    cadence_days=opt_int(cadence, "cadence"),
                    channel=opt(channel),
                    how_met=opt(how_met),
                    note=opt(note),
                ),
                force=bool(force),
            )
            cid = c.id
    except KithError as exc:
        ctx = _new_ctx(form, str(exc))
        ctx["namesake"] = isinstance(exc, Conflict) and "already in your network" in str(exc)
        return render(request, "contact_new.html", ctx, status=status_of(exc)[0])
    return RedirectResponse(f"/contacts/{cid}?saved=add", status_code=303)
