"""Hosted mode: many users on one PostgreSQL database, each with a network of their own.

``kith serve --hosted`` serves every user of :class:`kithkin.store.accounts.Accounts`.
Before any route runs, :class:`LoginMiddleware` finds the request's user from the
session cookie and puts that user's :class:`~kithkin.web.served.Served` in the
request's scope, so every page and ``/api`` route reads and writes that user's
schema alone, through a connection whose ``search_path`` is that schema and
nothing else; kept answers (agenda, memo, feed, Today page) and background jobs
are per user as well. Without a session a page redirects to ``/login`` and the
API answers 401. Open to all: ``/login`` and ``/static``, and the calendar feed,
whose token alone finds its owner.

Logging in checks an argon2id hash. A login form is a POST with the CSRF token
like every other form (:mod:`kithkin.web.security`); a script may instead POST
JSON (``{"email": ..., "password": ...}``), which no browser can send across
origins without a preflight. The session cookie is ``HttpOnly``,
``SameSite=Lax``, ``Secure`` when the request came over https, and holds a
random token of which only the hash is stored. Repeated failures wait: per
account (stored, doubling after 5 in a row) and per client address (in memory,
20 in 10 minutes). A script may instead send one of its user's API tokens as
``Authorization: Bearer`` (:mod:`kithkin.store.apitokens`), which opens ``/api`` alone.
Every answer to a signed-in user says ``Cache-Control: no-store``.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kithkin.core import settings
from kithkin.core.reach import options as reach_options
from kithkin.errors import BadInput
from kithkin.store.accounts import SESSION_DAYS, Accounts, Refused, User
from kithkin.store.db import Database
from kithkin.web.background import Background, Job, describe
from kithkin.web.render import ACCOUNT_KEY, render
from kithkin.web.security import BEARER_KEY, _cookie, _error, _send_error
from kithkin.web.served import SCOPE_KEY, Served

log = logging.getLogger("kithkin.web")

SESSION_COOKIE = "kith_session"
OPEN_PATHS = frozenset({"/login"})
# The feed route finds its network from its token (web.feed), the static files are no one's.
OPEN_PREFIXES = ("/static/", "/feed/")
USER_KEY = "kith_user"

# Settings that name a file on the server, or a machine it connects to: only the operator
# sets them (with the CLI, against the user's network); a user could otherwise make the
# server read any file, or probe the operator's network through the digest's SMTP server.
SERVER_FILES = frozenset(k for k, key in settings.KNOWN.items() if key.parse is reach_options.path)
SERVER_MACHINES = frozenset({"smtp.host", "smtp.port"})
OPERATOR_ONLY = SERVER_FILES | SERVER_MACHINES

IP_TRIES = 20  # failed logins from one address ...
IP_WINDOW = 600.0  # ... in this many seconds, before it waits
LOOK_LATER = 3600.0
CHECKS_AT_ONCE = 4  # a removed user's background job: seconds until it looks again


class Failures:
    """Failed logins per client address, in memory (see the module's docstring)."""

    def __init__(self, tries: int = IP_TRIES, window: float = IP_WINDOW) -> None:
        self.tries = tries
        self.window = window
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, ip: str, now: float) -> deque[float]:
        q = self._seen.setdefault(ip, deque())
        while q and q[0] <= now - self.window:
            q.popleft()
        return q

    def wait(self, ip: str) -> float | None:
        """Seconds this address must wait before its next try, or None."""
        now = time.monotonic()
        with self._lock:
            q = self._recent(ip, now)
            if len(q) < self.tries:
                return None
            return q[0] + self.window - now

    def note(self, ip: str) -> None:
        now = time.monotonic()
        with self._lock:
            if len(self._seen) > 10_000:  # forget addresses gone quiet
                for key in [k for k, q in self._seen.items() if not q or q[-1] <= now - 600]:
                    del self._seen[key]
            self._recent(ip, now).append(now)


class Hosted:
    """Every user's network as the server keeps it, opened on first use."""

    def __init__(
        self,
        db_url: str,
        background: Background,
        jobs: Callable[[Database], list[Job]],
        schema: str | None = None,
    ) -> None:
        self.dropped = drop_shared_mail_settings()  # kith serve says so
        self.accounts = Accounts(db_url, schema)
        self.accounts.ensure()
        self.background = background
        self.jobs = jobs
        self.failures = Failures()
        # A password check holds 64 MiB for a moment (argon2id): a few at a time.
        self.checking = threading.BoundedSemaphore(CHECKS_AT_ONCE)
        self._served: dict[int, Served] = {}
        self._lock = threading.Lock()
        for user in self.accounts.users():  # migrated, and their jobs running, from the start
            try:
                self.network(user)
            except Exception as exc:  # one broken network keeps no one else out
                log.error("hosted mode: cannot open %s's network (%s)", user.email, describe(exc))

    def network(self, user: User) -> Served:
        net = self._served.get(user.id)
        if net is not None:
            return net
        with self._lock:
            net = self._served.get(user.id)
            if net is not None:
                return net
            net = Served(self.accounts.open_network(user), job_suffix=f"@{user.id}")
            for job in self.jobs(net.db):
                self.background.add(
                    replace(job, name=net.job(job.name), run=self._while_there(user, job.run))
                )
            self._served[user.id] = net
            return net

    def _while_there(self, user: User, run: Callable[[], float | None]) -> Callable[[], Any]:
        def guarded() -> float | None:
            if self.accounts.exists(user):
                return run()
            self.forget(user)  # removed while the server runs: its pool is closed
            return LOOK_LATER

        return guarded

    def forget(self, user: User) -> None:
        """Close a removed user's network (its connections); their jobs only look, hourly."""
        with self._lock:
            net = self._served.pop(user.id, None)
        if net is not None:
            net.close()

    def log_in(self, email: str, password: str) -> User | Refused:
        with self.checking:
            return self.accounts.log_in(email, password)

    def for_session(self, token: str | None) -> tuple[User, Served] | None:
        user = self.accounts.session_user(token)
        return None if user is None else (user, self.network(user))

    def for_api_token(self, token: str) -> tuple[User, Served] | None:
        from kithkin.store import apitokens

        user = apitokens.owner(self.accounts, token)
        return None if user is None else (user, self.network(user))

    def for_feed(self, token: str) -> Served | None:
        user = self.accounts.feed_owner(token)
        return None if user is None else self.network(user)

    def close(self) -> None:
        with self._lock:
            for net in self._served.values():
                net.close()
            self._served.clear()
        self.accounts.close()


def drop_shared_mail_settings() -> list[str]:
    """Forget the environment's mail settings that would mix users up (their names).

    The environment's digest address would receive every user's digest; its SMTP
    password would go to whichever server a user names, unless the environment names
    the server too (``KITH_SMTP_HOST`` comes first: the operator's relay for all).
    """
    from kithkin.core.reach.mailer import ENV, PASSWORD_ENV

    names = [ENV["digest.to"]]
    if not os.environ.get(ENV["smtp.host"]):
        names.append(PASSWORD_ENV)
    return [n for n in names if os.environ.pop(n, None) is not None]


def is_hosted(request: Request) -> bool:
    return request.app.state.hosted is not None


def check_setting(request: Request, key: str) -> None:
    """Refuse, in hosted mode, a user's change to a setting only the operator may make."""
    if key in OPERATOR_ONLY and is_hosted(request):
        what = "a file on the server" if key in SERVER_FILES else "a machine the server reaches"
        raise BadInput(f"{key} names {what}: in hosted mode only the server's operator sets it")


class LoginMiddleware:
    """Chooses the request's network from its session (or feed token), or sends it to log in."""

    def __init__(self, app: ASGIApp, *, hosted: Hosted) -> None:
        self.app = app
        self.hosted = hosted

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if path in OPEN_PATHS or path.startswith(OPEN_PREFIXES):
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        token = _bearer(scope) if path.startswith("/api") or path == "/openapi.json" else None
        if token is not None:  # a script's: it opens the API alone, and needs no form token
            found = await anyio.to_thread.run_sync(self.hosted.for_api_token, token)
            if found is None:
                await _send_error(send, *_error(401, "unauthorized", "unknown or revoked token"))
                return
            state[BEARER_KEY] = True
        else:
            cookie = _cookie(scope, SESSION_COOKIE)
            found = (
                await anyio.to_thread.run_sync(self.hosted.for_session, cookie) if cookie else None
            )
        if found is None:
            await self._to_login(scope, send)
            return
        user, net = found
        state[SCOPE_KEY] = net
        state[ACCOUNT_KEY] = user.email
        state[USER_KEY] = user
        await self.app(scope, receive, _not_stored(send))

    @staticmethod
    async def _to_login(scope: Scope, send: Send) -> None:
        path: str = scope["path"]
        if path.startswith("/api") or path == "/openapi.json":
            await _send_error(send, *_error(401, "unauthorized", "log in first (POST /login)"))
            return
        target = "/login"
        if scope["method"] in ("GET", "HEAD") and path != "/":
            query = scope.get("query_string", b"").decode("latin-1")
            from urllib.parse import quote

            target += "?next=" + quote(path + (f"?{query}" if query else ""), safe="")
        headers = [(b"location", target.encode("latin-1")), (b"content-length", b"0"),
                   (b"cache-control", b"no-store")]  # fmt: skip
        from kithkin.web.security import SECURITY_HEADERS

        await send({"type": "http.response.start", "status": 303,
                    "headers": [*headers, *SECURITY_HEADERS]})  # fmt: skip
        await send({"type": "http.response.body", "body": b""})


def _bearer(scope: Scope) -> str | None:
    """The token of an ``Authorization: Bearer ...`` header, or None without one."""
    for name, value in scope["headers"]:
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").strip().partition(" ")
            return token.strip() if scheme.lower() == "bearer" else None
    return None


def _not_stored(send: Send) -> Send:
    """``send``, with every answer marked ``Cache-Control: no-store``.

    Everything a signed-in user is answered holds their data (the agenda's ``ETag``
    and its ``304`` are kept: a script may still ask "changed?"), and no cache between
    the server and the person (a proxy, a shared machine's disk) may keep it; local
    mode's ``private, no-cache`` lets the one browser of the one user keep it.
    """

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = [(k, v) for k, v in message.get("headers", []) if k != b"cache-control"]
            headers.append((b"cache-control", b"no-store"))
            message = {**message, "headers": headers}
        await send(message)

    return sending


router = APIRouter(include_in_schema=False)


def _local(target: str | None) -> str:
    """Where to go after logging in: a path on this server, never another site."""
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and all(" " < c != "\x7f" for c in target)  # browsers drop tabs and line ends
    ):
        return target
    return "/"


def _login_page(
    request: Request, problem: str | None = None, email: str = "", status: int = 200
) -> Response:
    after = _local(request.query_params.get("next"))
    ctx: dict[str, Any] = {
        "nav": [],
        "problem": problem,
        "email": email,
        "next": "" if after == "/" else after,
    }
    return render(request, "login.html", ctx, status=status)


@router.get("/login")
def login_page(request: Request) -> Response:
    return _login_page(request)


WRONG = "Wrong email or password."
STALE = "This form had expired: please log in again."


async def stale_login(request: Request) -> Response:
    """A login form whose token is not this browser's (its cookie lost, or signed by a
    server since gone): the form again with a fresh token and the email typed, 403."""
    form = await request.form()
    email = form.get("email")
    return _login_page(request, STALE, email if isinstance(email, str) else "", 403)


def _too_many(wait: float) -> str:
    return f"Too many failed logins: try again in {max(1, round(wait))} seconds."


@router.post("/login")
async def log_in(request: Request) -> Response:
    hosted: Hosted = request.app.state.hosted
    as_json = request.headers.get("content-type", "").split(";")[0].strip() == "application/json"
    if as_json:
        try:
            body = await request.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            body = {}
        email, password = body.get("email"), body.get("password")
    else:
        form = await request.form()
        email, password = form.get("email"), form.get("password")
    email = email if isinstance(email, str) else ""
    password = password if isinstance(password, str) else ""
    ip = request.client.host if request.client else "?"

    def refuse(status: int, message: str, wait: float | None = None) -> Response:
        headers = {"retry-after": str(max(1, round(wait)))} if wait else None
        if as_json:
            code = "too_many" if status == 429 else "unauthorized"
            return JSONResponse({"error": {"code": code, "message": message}}, status, headers)
        page = _login_page(request, message, email, status)
        if headers:
            page.headers.update(headers)
        return page

    wait = hosted.failures.wait(ip)
    if wait is not None:
        return refuse(429, _too_many(wait), wait)
    result = await run_in_threadpool(hosted.log_in, email, password)
    if isinstance(result, Refused):
        hosted.failures.note(ip)
        if result.wait is not None:
            return refuse(429, _too_many(result.wait), result.wait)
        return refuse(401, WRONG)
    token = await run_in_threadpool(hosted.accounts.new_session, result)
    out: Response
    if as_json:
        out = JSONResponse({"email": result.email})
    else:
        out = RedirectResponse(_local(request.query_params.get("next")), status_code=303)
    out.set_cookie(
        SESSION_COOKIE, token, max_age=SESSION_DAYS * 86400, path="/", httponly=True,
        samesite="lax", secure=request.url.scheme == "https",
    )  # fmt: skip
    return out


@router.post("/logout")
async def log_out(request: Request) -> Response:
    hosted: Hosted = request.app.state.hosted
    await run_in_threadpool(hosted.accounts.end_session, request.cookies.get(SESSION_COOKIE))
    out = RedirectResponse("/login", status_code=303)
    out.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax",
                      secure=request.url.scheme == "https")  # fmt: skip
    return out
