"""Mistakes undone from the Contact page: edit or remove an interaction, a position, a
personal detail, a tie or a recorded occasion.

Each form posts to the record's own URL under its contact's (the record must be
theirs, else 404) and redirects back to the card it came from; a refused edit
re-renders the page with the message next to that record's form. Every rule
recomputes from what is left: the agenda is computed from the stored history,
and a write tells the agenda cache the data changed.
"""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from kithkin.core.book import details, jobs, occasions
from kithkin.core.book import interactions as ix
from kithkin.core.book.interactions import InteractionEdit
from kithkin.core.userinput import parse_date
from kithkin.errors import KithError, NotFound
from kithkin.web.api.interactions import parse_time
from kithkin.web.deps import opt, session, split_list
from kithkin.web.pages.contact import _done, _refused

router = APIRouter(include_in_schema=False)


def _theirs(owner: int | list[int], cid: int, what: str) -> None:
    """A record is changed only from its own contact's page."""
    ok = cid in owner if isinstance(owner, list) else owner == cid
    if not ok:
        raise NotFound(f"no such {what} on this contact's page")


@router.post("/contacts/{cid:int}/interactions/{iid:int}/edit", response_class=HTMLResponse)
def edit_interaction(
    request: Request,
    cid: int,
    iid: int,
    channel: str = Form(""),
    kind: str = Form(""),
    direction: str = Form(""),
    date: str = Form(""),
    time: str = Form(""),
    note: str = Form(""),
    topics: str = Form(""),
) -> Response:
    form = {"channel": channel, "kind": kind, "direction": direction, "date": date}
    form.update(time=time, note=note, topics=topics)
    try:
        with session(request) as s:
            _theirs(ix.contacts_of(s, iid), cid, "interaction")
            ix.edit(
                s,
                iid,
                InteractionEdit(
                    occurred_on=parse_date(date) if opt(date) else None,
                    occurred_at=parse_time(opt(time)),
                    channel=opt(channel),
                    kind=opt(kind),
                    direction=opt(direction),
                    note=note,
                    topics=split_list(topics),
                ),
            )
    except KithError as exc:
        return _refused(request, cid, exc, f"ix-{iid}", form)
    return _done(cid, "interaction", f"#ix-{iid}", focus=iid)


@router.post("/contacts/{cid:int}/interactions/{iid:int}/delete", response_class=HTMLResponse)
def remove_interaction(request: Request, cid: int, iid: int, page: str = Form("1")) -> Response:
    """Back to the timeline's page the removed interaction was on."""
    with session(request) as s:
        _theirs(ix.contacts_of(s, iid), cid, "interaction")
        ix.remove(s, iid)
    back = int(page) if page.isdecimal() and len(page) < 10 else 1  # a page past the end: the last
    return _done(cid, "forgot", "#timeline", page=back)


@router.post("/contacts/{cid:int}/positions/{pid:int}/edit", response_class=HTMLResponse)
def edit_position(
    request: Request,
    cid: int,
    pid: int,
    org: str = Form(""),
    title: str = Form(""),
    start: str = Form(""),
    end: str = Form(""),
) -> Response:
    """An empty "until" means the job goes on."""
    form = {"org": org, "title": title, "start": start, "end": end}
    try:
        with session(request) as s:
            _theirs(jobs.get_position(s, pid).contact_id, cid, "position")
            jobs.edit_position(
                s,
                pid,
                opt(org),
                title,
                parse_date(start, "start date") if opt(start) else None,
                parse_date(end, "end date") if opt(end) else None,
                current=not opt(end),
            )
    except KithError as exc:
        return _refused(request, cid, exc, f"pos-{pid}", form)
    return _done(cid, "position", "#positions")


@router.post("/contacts/{cid:int}/positions/{pid:int}/delete", response_class=HTMLResponse)
def remove_position(request: Request, cid: int, pid: int) -> Response:
    with session(request) as s:
        _theirs(jobs.get_position(s, pid).contact_id, cid, "position")
        jobs.remove_position(s, pid)
    return _done(cid, "forgot", "#positions")


@router.post("/contacts/{cid:int}/details/{did:int}/delete", response_class=HTMLResponse)
def remove_detail(request: Request, cid: int, did: int) -> Response:
    with session(request) as s:
        _theirs(details.get_detail(s, did).contact_id, cid, "detail")
        details.remove_detail(s, did)
    return _done(cid, "forgot", "#personal")


@router.post("/contacts/{cid:int}/ties/{tid:int}/delete", response_class=HTMLResponse)
def remove_tie(request: Request, cid: int, tid: int) -> Response:
    with session(request) as s:
        _theirs(details.get_tie(s, tid).contact_id, cid, "tie")
        details.remove_tie(s, tid)
    return _done(cid, "forgot", "#positions")


@router.post("/contacts/{cid:int}/occasions/{oid:int}/delete", response_class=HTMLResponse)
def remove_occasion(request: Request, cid: int, oid: int) -> Response:
    with session(request) as s:
        _theirs(occasions.get(s, oid).contact_id, cid, "occasion")
        occasions.remove(s, oid)
    return _done(cid, "forgot", "#personal")
