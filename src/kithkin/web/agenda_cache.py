"""Today's agenda, computed once per (data version, today) and served from memory.

Computing the agenda reads every contact's history (seconds on a 50,000-person
network), while the answer changes only when the data or the day does. The web
face is the one place that asks for it many times, so it keeps the last answer
keyed on :class:`kithkin.store.version.DataVersion` (any commit, by this server or
a ``kith`` command in a terminal, changes it), on ``clock.today()``, and on the
server's own count of writes. The JSON bytes are kept too, so ``GET /api/agenda``
costs one version probe and a memory copy, and so does the Today page, whose HTML
is kept with a slot for each browser's CSRF token.

Both answers go out through :func:`agenda_response`, computed or cached alike:
the same headers either way, and an ``ETag`` of the bytes sent, so a script or a
tab that polls gets ``304 Not Modified`` until the agenda changes.

Only one request computes at a time; the others wait for its answer instead of
computing the same thing again. The agenda remembers its plan (R17) when it is
computed, which is itself a commit: the version is read again after it, so the
cache does not invalidate itself.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import TypeAdapter
from starlette.requests import Request
from starlette.responses import Response

from kithkin import clock
from kithkin.core.agenda import kept
from kithkin.store.db import Database
from kithkin.store.version import DataVersion
from kithkin.web.api.schemas.agenda import AgendaItem

_ITEMS = TypeAdapter(list[AgendaItem])


@dataclass(frozen=True)
class Snapshot:
    key: tuple[Any, date, int]
    items: list[dict[str, Any]]
    json: bytes
    etag: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "etag", etag_of(self.json))


def etag_of(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


def agenda_response(
    request: Request, body: bytes, media_type: str, etag: str | None = None
) -> Response:
    """The one way an agenda answer leaves the server, fresh or from memory.

    ``no-cache`` (not ``no-store``): a client may keep the answer but must ask
    again each time, and the ``ETag`` makes asking again cost a ``304``.
    """
    tag = etag or etag_of(body)
    headers = {"cache-control": "private, no-cache", "etag": tag}
    if tag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


class AgendaCache:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.version = DataVersion(db)
        self._lock = threading.Lock()
        self._snap: Snapshot | None = None

    def _key(self, generation: int) -> tuple[Any, date, int]:
        return (self.version(), clock.today(), generation)

    def fresh(self, generation: int) -> Snapshot | None:
        """The cached agenda if nothing changed since it was computed (cheap)."""
        snap = self._snap
        if snap is None or snap.key[0] is None:
            return None
        return snap if snap.key == self._key(generation) else None

    def get(self, generation: int) -> Snapshot:
        """Today's agenda, computing it (once, for all waiting requests) if needed."""
        snap = self.fresh(generation)
        if snap is not None:
            return snap
        with self._lock:
            snap = self.fresh(generation)
            if snap is not None:
                return snap
            with self.db.session() as s:
                items = kept.today_items(s)
            validated = _ITEMS.validate_python(items)
            snap = Snapshot(self._key(generation), items, _ITEMS.dump_json(validated))
            self._snap = snap
            return snap

    def close(self) -> None:
        self.version.close()
