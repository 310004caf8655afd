"""Every error as the user should see it: one line, a 4xx code, never a stack trace.

The API answers ``{"error": {"code", "message"}}``; pages answer a small HTML page
with the same message. A bug is logged on the server with its traceback and shown
to the client as ``internal`` with a generic message.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kithkin.errors import Ambiguous, Busy, Conflict, KithError, NotFound
from kithkin.web.security import SECURITY_HEADERS, CsrfError

log = logging.getLogger("kithkin.web")

HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    503: "busy",
    415: "unsupported_media_type",
    422: "invalid",
}


# Seconds a client waits before trying a write again when another writer held the lock.
RETRY_AFTER = 2


def status_of(exc: KithError) -> tuple[int, str]:
    if isinstance(exc, Busy):
        return 503, "busy"
    if isinstance(exc, NotFound):
        return 404, "not_found"
    if isinstance(exc, Conflict):
        return 409, "conflict"
    if isinstance(exc, Ambiguous):
        return 400, "ambiguous"
    return 400, "bad_input"


def wants_html(request: Request) -> bool:
    if request.url.path.startswith("/api") or request.url.path == "/openapi.json":
        return False
    return "text/html" in request.headers.get("accept", "")


def error_response(request: Request, status: int, code: str, message: str) -> Response:
    if wants_html(request):
        from kithkin.web.render import render

        return render(
            request,
            "error.html",
            {"status": status, "code": code, "message": message},
            status=status,
        )
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:3]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path"))
        parts.append(f"{where}: {err.get('msg', 'invalid')}" if where else err.get("msg", ""))
    return "; ".join(parts) or "invalid request"


class RetryAfter:
    """A 503 (another writer held the lock), from a page or the API, says when to retry.

    Plain ASGI rather than ``BaseHTTPMiddleware``, which would buffer the request
    body and so get in the way of the upload size limit.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 503:
                headers = MutableHeaders(scope=message)
                if "retry-after" not in headers:
                    headers["Retry-After"] = str(RETRY_AFTER)
            await send(message)

        await self.app(scope, receive, sending)


# The methods a route can answer; a 405's Allow names those some route at the path has.
METHODS = ("DELETE", "GET", "HEAD", "PATCH", "POST", "PUT")


def allowed_methods(request: Request) -> str:
    """Every method some route answers at this path, for a 405's ``Allow``.

    Starlette names only the methods of the first route that matched the path, so
    ``OPTIONS /api/contacts`` said ``Allow: GET`` although ``POST`` is there too.
    """
    found = [
        method
        for method in METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] == Match.FULL
            for route in request.app.router.routes
        )
    ]
    return ", ".join(found)


def install(app: FastAPI) -> None:
    app.add_middleware(RetryAfter)

    @app.exception_handler(KithError)
    async def _kith(request: Request, exc: KithError) -> Response:
        status, code = status_of(exc)
        return error_response(request, status, code, str(exc))

    @app.exception_handler(CsrfError)
    async def _csrf(request: Request, exc: CsrfError) -> Response:
        if request.app.state.hosted is not None and request.url.path == "/login":
            from kithkin.web.hosted import stale_login

            return await stale_login(request)  # the form again, fresh: nobody logged in
        return error_response(request, 403, "csrf", str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request, 422, "invalid", _validation_message(exc))

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        code = HTTP_CODES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        response = error_response(request, exc.status_code, code, message)
        response.headers.update(exc.headers or {})
        if exc.status_code == 405:
            response.headers["Allow"] = allowed_methods(request)
        return response

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        response = error_response(
            request, 500, "internal", "internal error; the server log has the details"
        )
        # A bug's answer leaves from outside the security middleware: the same headers.
        for name, value in SECURITY_HEADERS:
            response.headers[name.decode()] = value.decode()
        return response
