"""Duplicates: the pairs ``kith dupes`` lists, each merged or kept apart with one button.

*Merge* is ``kith merge A B`` for the pair as ``kith dupes`` prints it (the first of
the two is kept); *Not the same person* is ``kith distinct A B``. Both call the core
functions the CLI and ``/api/merge``, ``/api/dupes/distinct`` call, and come back to
the page they were pressed on (post, redirect, get).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from kithkin.core import keptlists
from kithkin.core.book import contacts
from kithkin.core.exchange import merging
from kithkin.errors import KithError
from kithkin.web.deps import session
from kithkin.web.errors import status_of
from kithkin.web.render import render
from kithkin.web.served import net_of

router = APIRouter(include_in_schema=False)
NAV = [("Duplicates", "/dupes")]
PAGE_SIZE = 50


def _pairs(request: Request) -> keptlists.Answer:
    """Every pair, kept in this process until anything is written (web.memo), and by
    data version in the database (core.keptlists) for ``kith dupes``: a page reads only
    its own 50 pairs out of the kept text, not the hundreds of thousands a network of
    namesakes has."""
    answer: keptlists.Answer = net_of(request).memo.get(
        (keptlists.DUPES_KIND,), net_of(request).generation, lambda: _answer(request)
    )
    return answer


def _answer(request: Request) -> keptlists.Answer:
    with session(request) as s:
        return keptlists.dupes_answer(s)


def _url(page: int, **extra: str) -> str:
    params = {"page": str(page)} if page > 1 else {}
    params.update(extra)
    return "/dupes" + ("?" + urlencode(params) if params else "")


def _page(request: Request, page: int, error: KithError | None = None) -> Response:
    answer = _pairs(request)
    total = len(answer)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)  # past the end: the last page
    ctx = {
        "pairs": answer.cut(PAGE_SIZE, (page - 1) * PAGE_SIZE).rows(),
        "total": total,
        "page": page,
        "pages": pages,
        "query_for": lambda page: _url(page),
        "error": str(error) if error else None,
    }
    return render(request, "dupes.html", ctx, status=status_of(error)[0] if error else 200)


@router.get("/dupes", response_class=HTMLResponse)
def dupes_page(request: Request, page: int = 1) -> Response:
    return _page(request, page)


def _act(request: Request, page: int, saved: str, write: Callable[[Session], Any]) -> Response:
    """Run one write, then back to the page it was pressed on; a refusal is shown there."""
    try:
        with session(request) as s:
            write(s)
    except KithError as exc:
        return _page(request, page, exc)
    return RedirectResponse(_url(page, saved=saved), status_code=303)


@router.post("/dupes/merge", response_class=HTMLResponse)
def merge(
    request: Request, keep: int = Form(...), other: int = Form(...), page: int = Form(1)
) -> Response:
    """``kith merge KEEP OTHER``: everything of both on ``keep``; ``other`` is removed."""
    return _act(
        request,
        page,
        "merged",
        lambda s: merging.merge(s, contacts.get(s, keep), contacts.get(s, other)),
    )


@router.post("/dupes/distinct", response_class=HTMLResponse)
def distinct(
    request: Request, a: int = Form(...), b: int = Form(...), page: int = Form(1)
) -> Response:
    """``kith distinct A B``: two people; the pair is never listed again."""
    return _act(
        request,
        page,
        "distinct",
        lambda s: merging.distinct(s, contacts.get(s, a), contacts.get(s, b)),
    )
