"""The network a request is served from: its database and what the server keeps of it.

``kith serve`` serves one network: the app holds one :class:`Served`. In hosted
mode (:mod:`kithkin.web.hosted`) every user has their own, found from the
session cookie (or the feed's token) before any route runs and put in the
request's scope; the routes ask :func:`net_of` and never know which it was.

What is kept per network: the agenda (:mod:`kithkin.web.agenda_cache`), the
feed (:mod:`kithkin.web.feed`), the expensive reads (:mod:`kithkin.web.memo`),
the Today page, and the server's own count of its writes (``generation``), so
that no answer kept for one user is ever looked up for another.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from kithkin.store.db import Database

SCOPE_KEY = "kith_served"


class Served:
    """One network as the web face serves it."""

    def __init__(self, db: Database, job_suffix: str = "") -> None:
        from kithkin.web.agenda_cache import AgendaCache
        from kithkin.web.feed import FeedCache
        from kithkin.web.memo import Memo

        self.db = db
        self.generation = 0
        self.agenda = AgendaCache(db)
        self.feed = FeedCache(db)
        self.memo = Memo(db)
        self.today_page: Any = None
        self.job_suffix = job_suffix

    def job(self, name: str) -> str:
        """The name of this network's background job ``name`` (``digest``, ``sync``)."""
        return name + self.job_suffix

    def close(self) -> None:
        self.agenda.close()
        self.feed.close()
        self.memo.close()
        self.db.dispose()


def net_of(request: Request) -> Served:
    """The network this request reads and writes."""
    state = request.scope.get("state")
    if state is not None:
        found = state.get(SCOPE_KEY)
        if found is not None:
            return found  # type: ignore[no-any-return]
    one: Served | None = request.app.state.served
    if one is None:  # hosted mode, and nothing chose a user: serve nobody's data
        raise RuntimeError("no network chosen for this request")
    return one
