"""/api/feed and /api/digest: kith feed url|rotate|off and kith digest [--send]."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from kithkin.core.reach import digest, tokens
from kithkin.web.api.schemas.errors import ERRORS
from kithkin.web.api.schemas.reach import Digest, DigestSent, FeedState
from kithkin.web.deps import session
from kithkin.web.feed import feed_state, links_base

router = APIRouter(responses=ERRORS)


@router.get("/feed", response_model=FeedState, tags=["reach"])
def get_feed(request: Request) -> dict[str, Any]:
    """Whether the calendar feed is on, and its address (which opens the feed alone)."""
    with session(request) as s:
        return feed_state(request, s)


@router.post("/feed", response_model=FeedState, tags=["reach"])
def feed_on(request: Request) -> dict[str, Any]:
    """``kith feed url``: the address, made when there is none."""
    with session(request) as s:
        tokens.current(s, create=True)
        return feed_state(request, s)


@router.post("/feed/rotate", response_model=FeedState, tags=["reach"])
def feed_rotate(request: Request) -> dict[str, Any]:
    """``kith feed rotate``: a new address; the old one answers 404 at once."""
    with session(request) as s:
        tokens.rotate(s)
        return feed_state(request, s)


@router.delete("/feed", response_model=FeedState, tags=["reach"])
def feed_off(request: Request) -> dict[str, Any]:
    """``kith feed off``: every address stops working."""
    with session(request) as s:
        tokens.turn_off(s)
        return feed_state(request, s)


@router.get("/digest", response_model=Digest, tags=["reach"])
def get_digest(request: Request) -> dict[str, Any]:
    """``kith digest --json``: today's items with reasons, drafts and links, then the week."""
    with session(request) as s:
        return digest.compose(s, base_url=links_base(request, s)).as_dict()


@router.post("/digest/send", response_model=DigestSent, tags=["reach"])
async def send_digest(request: Request) -> dict[str, Any]:
    """``kith digest --send``: today's digest by email now (nothing on an empty day,
    unless digest.empty is send)."""

    def run() -> dict[str, Any]:
        from kithkin.remote import smtp

        with session(request) as s:
            mail = digest.outgoing(s, base_url=links_base(request, s))
        if not mail.skip:
            assert mail.server is not None
            smtp.send(mail.server, mail.envelope, mail.message)
        return {"sent": not mail.skip, "to": mail.envelope.recipients}

    return await run_in_threadpool(run)
