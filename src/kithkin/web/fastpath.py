"""The two hottest reads, answered from memory without FastAPI's router.

``GET /today`` and ``GET /api/agenda`` are what a browser tab and a script poll
all day; their answer only changes with the data (see :mod:`web.agenda_cache`).
When the cached answer is still fresh, this layer sends it directly: same bytes,
same headers, and still inside :class:`~kithkin.web.security.SecurityMiddleware`
(Host check, CSRF cookie, CSP). Otherwise, with a query string, or for any other
request, it hands over to the application, whose routes compute the answer,
fill the caches and document the endpoints in the OpenAPI schema.
"""

from __future__ import annotations

from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from kithkin.web.pages.today import TOKEN_SLOT


class FastPaths:
    def __init__(self, app: ASGIApp, *, state: Any) -> None:
        self.app = app
        self.state = state  # the FastAPI app's state: agenda cache, generation, cached page

    def _agenda(self, scope: Scope) -> tuple[bytes, bytes] | None:
        snap = self.state.agenda.fresh(self.state.generation)
        return (snap.json, b"application/json") if snap is not None else None

    def _today(self, scope: Scope) -> tuple[bytes, bytes] | None:
        cached = getattr(self.state, "today_page", None)
        if cached is None:
            return None
        snap = self.state.agenda.fresh(self.state.generation)
        if snap is None or snap.key != cached[0]:
            return None
        token = scope["state"]["csrf_token"].encode()
        return cached[1].replace(TOKEN_SLOT.encode(), token), b"text/html; charset=utf-8"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and not scope["query_string"]:
            path = scope["path"]
            found = (
                self._agenda(scope)
                if path == "/api/agenda"
                else self._today(scope)
                if path == "/today"
                else None
            )
            if found is not None:
                body, ctype = found
                await send(
                    {
                        "type": "http.response.start",
                        "status": 200,
                        "headers": [
                            (b"content-type", ctype),
                            (b"content-length", str(len(body)).encode()),
                            (b"cache-control", b"no-store"),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)
