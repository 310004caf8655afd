"""A page with a form: render it, run its one write, redirect or show the error.

Each form calls the same core function as its ``kith`` command and redirects back;
a refused form re-renders its page with the message and a 4xx status.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from kithkin.errors import KithError
from kithkin.web.deps import session
from kithkin.web.errors import status_of
from kithkin.web.render import render


def page(
    request: Request,
    template: str,
    build: Callable[[Session], dict[str, Any]],
    error: KithError | None = None,
    form: dict[str, Any] | None = None,
) -> Response:
    with session(request) as s:
        ctx = build(s)
    ctx.update(error=str(error) if error else None, form=form or {})
    return render(request, template, ctx, status=status_of(error)[0] if error else 200)


def act(
    request: Request,
    act: Callable[[Session], str],
    template: str,
    build: Callable[[Session], dict[str, Any]],
    form: dict[str, Any],
) -> Response:
    """Run one write; on success go to the URL it returns, else show the page again."""
    try:
        with session(request) as s:
            where = act(s)
    except KithError as exc:
        return page(request, template, build, exc, form)
    return RedirectResponse(where, status_code=303)
