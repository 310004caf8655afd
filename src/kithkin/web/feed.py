"""``GET /feed/{token}.ics``: the calendar feed, for calendar apps that poll it.

A calendar polls every 15 minutes or so, forever, so the answer is kept per
(data version, day, server writes, address asked): while nothing changed a poll
costs a token check and a version probe, and one carrying the ``ETag`` it was
given gets ``304 Not Modified`` with no body. ``Last-Modified`` is the newest
change the feed published (``If-Modified-Since`` is honoured when no ``ETag``
is sent).

The token is checked on every request, before the cache is looked at, so a
rotated or disabled address answers 404 at once; a wrong token gets the same
404 as an unknown page, saying nothing about whether a feed exists. The token
opens this document and nothing else: no other route reads it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException

from kithkin import clock
from kithkin.core import settings
from kithkin.core.reach import feed, tokens
from kithkin.errors import KithError
from kithkin.store.db import Database
from kithkin.store.version import DataVersion
from kithkin.web.served import net_of

router = APIRouter(include_in_schema=False)
MEDIA_TYPE = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class _Kept:
    key: tuple[Any, date, int, str]
    doc: feed.Feed


class FeedCache:
    """The last feed computed, valid while its key holds (see the module's docstring)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.version = DataVersion(db)
        self._lock = threading.Lock()
        self._kept: _Kept | None = None

    def _key(self, generation: int, base: str) -> tuple[Any, date, int, str]:
        return (self.version(), clock.today(), generation, base)

    def _fresh(self, generation: int, base: str) -> feed.Feed | None:
        kept = self._kept
        if kept is None or kept.key[0] is None or kept.key != self._key(generation, base):
            return None
        return kept.doc

    def get(self, generation: int, base: str) -> feed.Feed:
        doc = self._fresh(generation, base)
        if doc is not None:
            return doc
        with self._lock:
            doc = self._fresh(generation, base)
            if doc is not None:
                return doc
            with self.db.session() as s:
                doc = feed.build(s, base)
            # Building remembers the plan and the events (a commit): key on the version after.
            self._kept = _Kept(self._key(generation, base), doc)
            return doc

    def close(self) -> None:
        self.version.close()


def base_url(request: Request, configured: str) -> str:
    """Links point at ``web.url`` when the user set it, else at the address asked."""
    if configured != settings.DEFAULT_WEB_URL:
        return configured
    return str(request.base_url).rstrip("/")


def links_base(request: Request, s: Session) -> str:
    """Where the feed's and the digest's links point: :func:`base_url` of ``web.url``."""
    return base_url(request, settings.web_url(s))


def feed_state(request: Request, s: Session) -> dict[str, Any]:
    """The feed's address as this browser reaches the server, or why it is not shown."""
    if not tokens.is_on(s):
        return {"on": False, "url": None, "problem": None}
    try:
        token = tokens.current(s, create=False)
    except KithError as exc:
        return {"on": True, "url": None, "problem": str(exc)}
    assert token is not None
    base = base_url(request, settings.web_url(s))
    return {"on": True, "url": tokens.address(base, token), "problem": None}


def _not_modified(request: Request, doc: feed.Feed) -> bool:
    match = request.headers.get("if-none-match")
    if match is not None:
        return match.strip() == "*" or doc.etag in match
    since = request.headers.get("if-modified-since")
    if since is None:
        return False
    try:
        when: datetime = parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False
    return when.tzinfo is not None and doc.last_modified <= when


@router.api_route("/feed/{token}.ics", methods=["GET", "HEAD"])
def calendar_feed(request: Request, token: str) -> Response:
    hosted = request.app.state.hosted
    # Hosted mode: the token alone finds its owner's network (kithkin.web.hosted).
    net = net_of(request) if hosted is None else hosted.for_feed(token)
    if net is None:
        raise HTTPException(404, "Not Found")
    with net.db.session(write=False) as s:
        ok = tokens.valid(s, token)
        configured = settings.web_url(s)
    if not ok:
        raise HTTPException(404, "Not Found")
    doc = net.feed.get(net.generation, base_url(request, configured))
    headers = {
        "cache-control": "private, no-cache",
        "etag": doc.etag,
        "last-modified": format_datetime(doc.last_modified, usegmt=True),
        "referrer-policy": "no-referrer",
    }
    if _not_modified(request, doc):
        return Response(status_code=304, headers=headers)
    return Response(doc.body, media_type=MEDIA_TYPE, headers=headers)
