"""The Contact page: who they are, what you share, what happened, and the forms to add to it.

Every form posts to its own URL and redirects back (post/redirect/get); a refused
form re-renders the page with the message and what was typed, status 4xx.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from kithkin.core import views
from kithkin.core.agenda.boundaries import do_not_contact_warning
from kithkin.core.agenda.reciprocity import ask_warning, leaning_warning
from kithkin.core.book import contacts as core
from kithkin.core.book import details, jobs
from kithkin.core.book import interactions as ix
from kithkin.core.book.contacts import ContactInput
from kithkin.core.book.interactions import InteractionInput
from kithkin.core.userinput import parse_date
from kithkin.core.vocabulary import KINDS, Channel, DetailCategory, Direction, Nature, Tie, Tier
from kithkin.errors import KithError
from kithkin.store.tables import Contact
from kithkin.web.api.interactions import parse_time
from kithkin.web.deps import database, opt, opt_int, session, split_list
from kithkin.web.errors import status_of
from kithkin.web.pages.contacts import PAGE_SIZE
from kithkin.web.render import render
from kithkin.web.served import net_of
from kithkin.web.snooze import snooze_choices

router = APIRouter(include_in_schema=False)


def _kinds() -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {n.value: [] for n in Nature}
    for kind, nature in KINDS.items():
        grouped[nature.value].append(kind)
    return grouped


def page_context(s: Session, c: Contact, page: int = 1, focus: int | None = None) -> dict[str, Any]:
    """The page's context; its timeline shows ``page`` (of :data:`PAGE_SIZE` interactions,
    newest first), or the page that holds interaction ``focus``."""
    detail = views.contact_detail(s, c)
    shared = set()
    for p in c.positions:
        if p.org_id is not None and c.id in jobs.colleague_ids(s, p.org_id):
            shared.add(p.id)
    positions = [
        {"id": p.id, **views.position_record(p), "shared": p.id in shared}
        for p in sorted(
            c.positions, key=lambda p: (p.start_date is None, p.start_date), reverse=True
        )
    ]
    ctx: dict[str, Any] = {
        "c": detail,
        "positions": positions,
        "ties": details.current_ties(c),
        "kinds": _kinds(),
        "channels": [ch.value for ch in Channel],
        "tiers": [t.value for t in Tier],
        "categories": [d.value for d in DetailCategory],
        "tie_types": [t.value for t in Tie],
        "error": None,
        "form": {},
        "failed": None,
        "health": detail["health"],  # the record's, as `kith show` prints it
        "draft_url": None if c.do_not_contact else f"/today/{c.id}#draft",
        "next_item": detail["agenda"],
        "snooze": snooze_choices(),
    }
    ctx.update(_timeline(c.id, detail["interactions"], page, focus))
    return ctx


def _timeline(cid: int, rows: list[dict[str, Any]], page: int, focus: int | None) -> dict[str, Any]:
    """One page of the timeline: a correction form per interaction made every one of
    1,500 LinkedIn messages a 5 MB page."""
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    at = next((k for k, i in enumerate(rows) if i["id"] == focus), None)
    if at is not None:
        page = at // PAGE_SIZE + 1
    page = min(max(page, 1), pages)

    def query_for(page: int) -> str:
        return f"/contacts/{cid}?page={page}#timeline" if page > 1 else f"/contacts/{cid}#timeline"

    return {
        "timeline": rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
        "timeline_total": len(rows),
        "page": page,
        "pages": pages,
        "query_for": query_for,
    }


@router.get("/me", response_class=HTMLResponse)
def my_page(request: Request) -> Response:
    """Your own record's page (where your jobs go), made on first use as ``kith init`` does."""
    with session(request) as s:
        me = s.scalar(select(Contact.id).where(Contact.is_me.is_(True)))
    if me is None:
        with database(request).session(write=True) as s:
            me = core.me(s).id
        net_of(request).generation += 1
    return RedirectResponse(f"/contacts/{me}", status_code=302)


@router.get("/contacts/{cid:int}", response_class=HTMLResponse)
def contact_page(
    request: Request, cid: int, page: int = 1, ix: int | None = None, warn: str = ""
) -> Response:
    """``page`` of the timeline, or the page holding interaction ``ix``; ``warn`` (after
    the log form) names the rules to warn of, each shown only if it holds: ``r4`` if
    the recent balance leans to my asks, ``r7`` if they are marked do-not-contact.
    Worded from the database, so a link cannot make the page say what is not so."""
    with session(request) as s:
        c = core.get(s, cid)
        ctx = page_context(s, c, page, ix)
        asked = warn.split(",")
        ctx["warnings"] = [
            w
            for w in [
                leaning_warning(s, c.id, c.display_name) if "r4" in asked else None,
                do_not_contact_warning(c, "outbound") if "r7" in asked else None,
            ]
            if w
        ]
    return render(request, "contact.html", ctx)


def _refused(
    request: Request, cid: int, exc: KithError, which: str, form: dict[str, Any]
) -> Response:
    """The page again, with the message next to the form that failed and what was typed
    (a refused correction of an interaction: on the timeline's page that holds it)."""
    focus = int(which[3:]) if which.startswith("ix-") else None
    with session(request) as s:
        ctx = page_context(s, core.get(s, cid), focus=focus)
    ctx.update(error=str(exc), failed=which, form=form)
    return render(request, "contact.html", ctx, status=status_of(exc)[0])


def _done(
    cid: int, what: str, anchor: str = "", focus: int | None = None, page: int = 1, warn: str = ""
) -> RedirectResponse:
    """Back to the page; ``focus``: to the timeline's page that holds that interaction,
    ``page``: to that page of the timeline; ``warn``: a rule's warning to show there."""
    held = f"&ix={focus}" if focus is not None else (f"&page={page}" if page > 1 else "")
    held += f"&warn={warn}" if warn else ""
    return RedirectResponse(f"/contacts/{cid}?saved={what}{held}{anchor}", status_code=303)


@router.post("/contacts/{cid:int}/log", response_class=HTMLResponse)
def log(
    request: Request,
    cid: int,
    channel: str = Form("email"),
    kind: str = Form("checkin"),
    direction: str = Form(Direction.OUTBOUND.value),
    date: str = Form(""),
    time: str = Form(""),
    note: str = Form(""),
    topics: str = Form(""),
) -> Response:
    form = {
        "channel": channel,
        "kind": kind,
        "direction": direction,
        "date": date,
        "time": time,
        "note": note,
        "topics": topics,
    }
    try:
        with session(request) as s:
            c = core.get(s, cid)
            # R4: another ask to someone who already leans to my asks warns (and logs);
            # decided before the ask counts, as kith log and the API decide it.
            way = direction.strip().lower()
            owed = ask_warning(s, c.id, c.display_name, kind.strip().lower(), way)
            row = ix.log(
                s,
                InteractionInput(
                    contact_ids=[c.id],
                    channel=channel,
                    kind=kind,
                    direction=direction,
                    occurred_on=parse_date(date) if opt(date) else None,
                    occurred_at=parse_time(opt(time)),
                    note=opt(note),
                    topics=split_list(topics),
                ),
            )
            # R7: the user's own outreach to someone marked do-not-contact warns (and logs).
            dnc = do_not_contact_warning(c, row.direction) is not None
    except KithError as exc:
        return _refused(request, cid, exc, "log", form)
    warn = ",".join(r for r, due in (("r4", owed is not None), ("r7", dnc)) if due)
    return _done(cid, "log", "#timeline", warn=warn)


@router.post("/contacts/{cid:int}/edit", response_class=HTMLResponse)
def edit(
    request: Request,
    cid: int,
    name: str = Form(""),
    add_email: str = Form(""),
    add_phone: str = Form(""),
    add_url: str = Form(""),
    add_tags: str = Form(""),
    org: str = Form(""),
    title: str = Form(""),
    tier: str = Form(""),
    cadence: str = Form(""),
    channel: str = Form(""),
    how_met: str = Form(""),
    notes: str = Form(""),
    location: str = Form(""),
    time_zone: str = Form(""),
    min_interval: str = Form(""),
    professional_only: str = Form(""),
    do_not_contact: str = Form(""),
) -> Response:
    form = {
        "name": name,
        "add_email": add_email,
        "add_phone": add_phone,
        "add_url": add_url,
        "add_tags": add_tags,
        "org": org,
        "title": title,
        "tier": tier,
        "cadence": cadence,
        "channel": channel,
        "how_met": how_met,
        "notes": notes,
        "location": location,
        "time_zone": time_zone,
        "min_interval": min_interval,
    }
    try:
        with session(request) as s:
            c = core.get(s, cid)
            core.edit_contact(
                s,
                c,
                ContactInput(
                    name=opt(name),
                    emails=split_list(add_email),
                    phones=split_list(add_phone),
                    urls=split_list(add_url),
                    tags=split_list(add_tags),
                    org=opt(org),
                    title=opt(title),
                    tier=opt(tier),
                    cadence_days=opt_int(cadence, "cadence"),
                    channel=opt(channel),
                    how_met=opt(how_met),
                    note=notes.strip(),
                    location=opt(location),
                    time_zone=opt(time_zone),
                    min_interval_days=opt_int(min_interval, "minimum interval"),
                    professional_only=bool(professional_only),
                    do_not_contact=bool(do_not_contact),
                ),
            )
    except KithError as exc:
        return _refused(request, cid, exc, "edit", form)
    return _done(cid, "edit")


@router.post("/contacts/{cid:int}/details", response_class=HTMLResponse)
def add_detail(
    request: Request,
    cid: int,
    category: str = Form(""),
    fact: str = Form(""),
    learned: str = Form(""),
) -> Response:
    try:
        with session(request) as s:
            details.add_detail(
                s, core.get(s, cid), category, fact, parse_date(learned) if opt(learned) else None
            )
    except KithError as exc:
        return _refused(
            request, cid, exc, "detail", {"category": category, "fact": fact, "learned": learned}
        )
    return _done(cid, "detail", "#personal")


@router.post("/contacts/{cid:int}/positions", response_class=HTMLResponse)
def add_position(
    request: Request,
    cid: int,
    org: str = Form(""),
    title: str = Form(""),
    start: str = Form(""),
    end: str = Form(""),
) -> Response:
    try:
        with session(request) as s:
            c = core.get(s, cid)
            if not opt(org):
                from kithkin.errors import BadInput

                raise BadInput("a position needs an organization")
            jobs.add_position(
                s,
                c,
                org.strip(),
                opt(title),
                parse_date(start, "start date") if opt(start) else None,
                parse_date(end, "end date") if opt(end) else None,
            )
    except KithError as exc:
        return _refused(
            request, cid, exc, "job", {"org": org, "title": title, "start": start, "end": end}
        )
    return _done(cid, "job", "#positions")


@router.post("/contacts/{cid:int}/tie", response_class=HTMLResponse)
def set_tie(request: Request, cid: int, type: str = Form(""), since: str = Form("")) -> Response:
    try:
        with session(request) as s:
            details.set_tie(s, core.get(s, cid), type, parse_date(since) if opt(since) else None)
    except KithError as exc:
        return _refused(request, cid, exc, "tie", {"type": type, "since": since})
    return _done(cid, "edit", "#positions")


@router.post("/contacts/{cid:int}/delete", response_class=HTMLResponse)
def delete(request: Request, cid: int) -> Response:
    with session(request) as s:
        core.remove(s, core.get(s, cid))
    return RedirectResponse("/contacts?saved=removed", status_code=303)
