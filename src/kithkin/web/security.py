"""Local safety for a server that only ever talks to its own user's browser.

Even on 127.0.0.1 a hostile page open in the same browser can reach the server,
so every request passes these checks before any route runs:

- DNS rebinding: the ``Host`` header must name the address the server is bound to
  (or one of the extra names it was told about); anything else is refused with 400.
- Cross-site requests: a state-changing request (POST, PUT, PATCH, DELETE) whose
  ``Origin`` is not this server, or whose ``Sec-Fetch-Site`` says it comes from
  another site, is refused with 403.
- CSRF: a POST must also carry the token of the ``kith_csrf`` cookie, in the
  ``csrf_token`` form field or the ``X-CSRF-Token`` header. JSON POSTs and the
  PUT, PATCH and DELETE methods are exempt from the token: a browser cannot send
  them across origins without a CORS preflight, which this server never grants,
  and the same-origin check above still applies to them. The check itself is :func:`csrf_protect`,
  a dependency every route runs, so that it sees the parsed form.
- Uploads over ``max_body`` bytes are refused with 413, whether announced by
  ``Content-Length`` or only discovered while streaming.
- Every response carries a Content-Security-Policy (no inline script, no third
  party), ``X-Content-Type-Options: nosniff``, ``X-Frame-Options: DENY`` and a
  strict referrer policy.

This is plain ASGI (no ``BaseHTTPMiddleware``) because it runs on every request,
including the benchmarked ones.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import secrets
from collections.abc import Iterable
from http.cookies import SimpleCookie
from typing import Any

from fastapi import Request
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kithkin.core.userinput import as_id

CSRF_COOKIE = "kith_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
# Set in the request's state when an API token (hosted mode's ``Authorization: Bearer``)
# authenticated it: a browser never sends that header by itself, so no form token is asked.
BEARER_KEY = "kith_bearer"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "object-src 'none'"
)
SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class CsrfError(Exception):
    """A state-changing request without a valid token or from another origin."""


class TooLarge(HTTPException):
    """The request body passed the configured limit (an HTTP error, so that body
    parsers let it through instead of reporting a malformed body)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the upload is larger than the limit of {limit / 1e6:g} MB")


def allowed_hosts(host: str, port: int, extra: Iterable[str] = ()) -> frozenset[str]:
    """The ``Host`` header values this server answers to.

    Bound to a loopback address, it answers to every loopback spelling; bound to
    a concrete address, to that address; bound to all interfaces, to loopback
    and the names given in ``extra`` only (a rebinding attacker controls names,
    not the user's list).
    """
    names: set[str] = set()
    h = host.strip("[]")
    try:
        ip = ipaddress.ip_address(h)
    except ValueError:
        ip = None
    if h == "localhost" or (ip is not None and (ip.is_loopback or ip.is_unspecified)):
        names.update(LOOPBACK_NAMES)
    elif ip is not None:
        names.add(f"[{h}]" if ip.version == 6 else h)
    else:
        names.add(h.lower())
    names.update(e.lower() for e in extra)
    out = set()
    for n in names:
        out.add(n)
        out.add(f"{n}:{port}")
    return frozenset(out)


class Signer:
    """Makes and checks CSRF tokens: a random nonce signed with a per-process key.

    Signing means a token planted in the cookie from outside is rejected; a server
    restart invalidates open forms, which then ask the user to reload.
    """

    def __init__(self, key: bytes | None = None) -> None:
        self.key = key or secrets.token_bytes(32)

    def _mac(self, nonce: str) -> str:
        return hmac.new(self.key, nonce.encode(), hashlib.sha256).hexdigest()[:32]

    def new(self) -> str:
        nonce = secrets.token_urlsafe(16)
        return f"{nonce}.{self._mac(nonce)}"

    def valid(self, token: str | None) -> bool:
        if not token or "." not in token:
            return False
        nonce, mac = token.rsplit(".", 1)
        return hmac.compare_digest(mac, self._mac(nonce))


def _header(scope: Scope, name: bytes) -> str | None:
    for k, v in scope["headers"]:
        if k == name:
            return str(v.decode("latin-1"))
    return None


def _error(status: int, code: str, message: str) -> tuple[int, bytes]:
    return status, json.dumps({"error": {"code": code, "message": message}}).encode()


class SecurityMiddleware:
    """Host check, origin check, body limit, CSRF cookie and security headers."""

    def __init__(
        self, app: ASGIApp, *, hosts: frozenset[str], max_body: int, signer: Signer
    ) -> None:
        self.app = app
        self.hosts = hosts
        self.max_body = max_body
        self.signer = signer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = (_header(scope, b"host") or "").lower()
        if host not in self.hosts:
            await _send_error(send, *_error(400, "bad_host", f"unexpected Host header {host!r}"))
            return
        method = scope["method"]
        if method not in SAFE_METHODS:
            problem = self._cross_site(scope, host)
            if problem:
                await _send_error(send, *_error(403, "cross_site", problem))
                return
            length = _header(scope, b"content-length")
            declared = as_id(length) if length is not None else None  # ASCII digits only
            if declared is not None and (declared < 0 or declared > self.max_body):
                await _send_error(send, *self._too_large())
                return
            receive = self._limited(receive)

        token = _cookie(scope, CSRF_COOKIE)
        fresh = None
        if not self.signer.valid(token):
            token = fresh = self.signer.new()
        scope.setdefault("state", {})
        scope["state"]["csrf_token"] = token
        scope["state"]["csrf_cookie_ok"] = fresh is None
        started = False

        async def send_wrapper(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                headers.extend(SECURITY_HEADERS)
                if fresh is not None:
                    headers.append(
                        (
                            b"set-cookie",
                            (f"{CSRF_COOKIE}={fresh}; Path=/; HttpOnly; SameSite=Strict").encode(),
                        )
                    )
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        except TooLarge:
            if started:
                raise
            await _send_error(send, *self._too_large())

    def _too_large(self) -> tuple[int, bytes]:
        mb = self.max_body / 1_000_000
        return _error(413, "too_large", f"the upload is larger than the limit of {mb:g} MB")

    @staticmethod
    def _cross_site(scope: Scope, host: str) -> str | None:
        origin = _header(scope, b"origin")
        if origin is not None and origin != "null":
            scheme = scope.get("scheme", "http")
            if origin.lower() != f"{scheme}://{host}":
                return f"cross-origin request from {origin} refused"
        elif origin == "null":
            return "request from an opaque origin refused"
        site = _header(scope, b"sec-fetch-site")
        if site is not None and site not in ("same-origin", "none"):
            return f"{site} request refused"
        return None

    def _limited(self, receive: Receive) -> Receive:
        seen = 0
        limit = self.max_body

        async def wrapped() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise TooLarge(limit)
            return message

        return wrapped


async def _send_error(send: Send, status: int, body: bytes) -> None:
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        *SECURITY_HEADERS,
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _cookie(scope: Scope, name: str) -> str | None:
    raw = _header(scope, b"cookie")
    if not raw or name not in raw:
        return None
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(raw)
    except Exception:
        return None
    morsel = jar.get(name)
    return morsel.value if morsel else None


def csrf_token(request: Request) -> str:
    """The token to embed in this response's forms (and its ``<meta>`` for scripts)."""
    return str(request.state.csrf_token)


async def csrf_protect(request: Request) -> None:
    """Refuse a state-changing request without this browser's CSRF token.

    Runs as an app-wide dependency so no route can forget it. The token must match
    the cookie the browser sent (a signed value only this server can make).
    """
    if request.method != "POST":
        return  # PUT/PATCH/DELETE cannot be sent across origins without a preflight
    if request.scope["state"].get(BEARER_KEY):
        return  # a script's API token, which no other site can make a browser send
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "application/json":
        return  # same-origin already checked; cross-origin JSON needs a preflight
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.form()
        value: Any = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not (
        request.state.csrf_cookie_ok
        and sent
        and hmac.compare_digest(sent, request.state.csrf_token)
    ):
        raise CsrfError("missing or stale form token: reload the page and try again")
