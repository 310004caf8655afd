"""Hosted mode's Account page: a user's own password, and the API tokens of their scripts.

Changing the password asks for the current one, checked like a login (the same argon2id
hash, the same waits after repeated failures: :meth:`kithkin.store.accounts.Accounts.log_in`),
and the new one twice, held to the rule ``kith hosted passwd`` applies; every other
session of the user then ends. API tokens (:mod:`kithkin.store.apitokens`) are made
here, shown once in the answer that made them, listed by name, and revoked. Only in
hosted mode: ``kith serve`` has no accounts.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from kithkin.errors import BadInput
from kithkin.store import apitokens
from kithkin.store.accounts import MIN_PASSWORD, Refused, User
from kithkin.web.hosted import SESSION_COOKIE, USER_KEY, Hosted
from kithkin.web.render import render

router = APIRouter(include_in_schema=False)

WRONG_CURRENT = "Your current password is wrong."
DIFFER = "The two new passwords differ."


def _user(request: Request) -> User:
    user: User = request.scope["state"][USER_KEY]
    return user


def _page(request: Request, error: str | None = None, status: int = 200, **more: Any) -> Response:
    hosted: Hosted = request.app.state.hosted
    ctx: dict[str, Any] = {
        "error": error,
        "min_password": MIN_PASSWORD,
        "tokens": apitokens.listing(hosted.accounts, _user(request)),
        "new_token": None,
        "label": "",
        **more,
    }
    return render(request, "account.html", ctx, status=status)


@router.get("/account")
def account_page(request: Request) -> Response:
    return _page(request)


@router.post("/account/tokens")
def new_token(request: Request, label: str = Form("")) -> Response:
    """A new API token, shown in this answer once (never in a URL: the page is the answer)."""
    hosted: Hosted = request.app.state.hosted
    try:
        made, token = apitokens.add(hosted.accounts, _user(request), label)
    except BadInput as exc:
        return _page(request, str(exc), 400, label=label)
    return _page(request, None, 201, new_token={"label": made.label, "token": token})


@router.post("/account/tokens/{token_id:int}/revoke")
def revoke_token(request: Request, token_id: int) -> Response:
    hosted: Hosted = request.app.state.hosted
    apitokens.revoke(hosted.accounts, _user(request), token_id)  # NotFound: 404
    return RedirectResponse("/account?saved=token_revoked", status_code=303)


def _field(form: Any, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


@router.post("/account/password")
async def change_password(request: Request) -> Response:
    hosted: Hosted = request.app.state.hosted
    form = await request.form()
    current, new = _field(form, "current_password"), _field(form, "new_password")
    user = _user(request)
    ip = request.client.host if request.client else "?"
    wait = hosted.failures.wait(ip)
    if wait is None:
        checked = await run_in_threadpool(hosted.log_in, user.email, current)
        if isinstance(checked, Refused):
            hosted.failures.note(ip)
            wait = checked.wait
            if wait is None:
                return _page(request, WRONG_CURRENT, 400)
    if wait is not None:
        seconds = max(1, round(wait))
        page = _page(request, f"Too many wrong passwords: try again in {seconds} seconds.", 429)
        page.headers["retry-after"] = str(seconds)
        return page
    if new != _field(form, "new_password_again"):
        return _page(request, DIFFER, 400)
    try:
        await run_in_threadpool(
            hosted.accounts.set_password, user.email, new, request.cookies.get(SESSION_COOKIE)
        )
    except BadInput as exc:
        return _page(request, str(exc), 400)
    return RedirectResponse("/account?saved=password", status_code=303)
