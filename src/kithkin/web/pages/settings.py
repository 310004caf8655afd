"""Settings: every ``kith config`` key on one form, grouped; the calendar feed's address.

The feed's address is shown only when it is on (making one is a button, not a side
effect of looking); the digest can be sent now, to check the mail settings.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from kithkin.core import settings
from kithkin.errors import KithError
from kithkin.web.deps import session
from kithkin.web.feed import feed_state, links_base
from kithkin.web.hosted import OPERATOR_ONLY, check_setting, is_hosted
from kithkin.web.pages import forms
from kithkin.web.served import net_of

router = APIRouter(include_in_schema=False)
NAV = [("Settings", "/settings")]

# The form's sections, in order: a title and the prefix of the keys it holds.
GROUPS = [
    ("Agenda", ("budget", "cadence.")),
    ("Sources", ("sync.",)),
    ("Email digest", ("digest.",)),
    ("Mail server for the digest", ("smtp.",)),
    ("Links", ("web.",)),
    ("Imports", ("phone.",)),
]
NUMERIC = {"budget", "cadence.close", "cadence.regular", "cadence.wide", "sync.every", "smtp.port"}


def _input(key: str) -> dict[str, str]:
    if key in NUMERIC:
        return {"type": "text", "inputmode": "numeric"}
    if key == "digest.time":
        return {"type": "time"}
    if key in ("digest.from", "digest.to"):
        return {"type": "text", "inputmode": "email"}
    if key == "web.url":
        return {"type": "text", "inputmode": "url"}
    return {"type": "text", "inputmode": "text"}


def _builder(request: Request) -> Any:
    hosted = is_hosted(request)

    def build(s: Session) -> dict[str, Any]:
        values = settings.all_values(s)
        groups = []
        for title, prefixes in GROUPS:
            keys = [k for k in values if k.startswith(prefixes)]
            fields = [
                {"key": k, **values[k], "choices": settings.KNOWN[k].choices, **_input(k),
                 "locked": hosted and k in OPERATOR_ONLY}
                for k in keys
            ]  # fmt: skip
            groups.append({"title": title, "fields": fields})
        return {"values": values, "groups": groups, "feed": feed_state(request, s)}

    return build


@router.get("/settings", response_class=HTMLResponse)
def settings_page(request: Request) -> Response:
    return forms.page(request, "settings.html", _builder(request))


@router.post("/settings", response_class=HTMLResponse)
async def save_settings(request: Request) -> Response:
    """``kith config set`` for every changed field, ``unset`` for emptied ones, at once."""
    form = await request.form()

    def act(s: Session) -> str:
        current = settings.all_values(s)
        for key, now in current.items():
            if key not in form:
                continue
            value = str(form.get(key, "")).strip()
            if not value and not now["is_default"]:
                check_setting(request, key)
                settings.unset(s, key)
            elif value and value != now["value"]:
                check_setting(request, key)
                settings.set_value(s, key, value)
        return "/settings?saved=edit"

    out = await run_in_threadpool(
        forms.act, request, act, "settings.html", _builder(request),
        {k: str(v) for k, v in form.items()},
    )  # fmt: skip
    if isinstance(out, RedirectResponse):
        # a new time or schedule applies now
        request.app.state.background.wake(net_of(request).job("digest"))
    return out


def _feed_action(request: Request, what: str) -> Response:
    from kithkin.core.reach import tokens

    def act(s: Session) -> str:
        if what == "on":
            tokens.current(s, create=True)
        elif what == "rotate":
            tokens.rotate(s)
        else:
            tokens.turn_off(s)
        return f"/settings?saved=feed_{what}#feed"

    return forms.act(request, act, "settings.html", _builder(request), {})


@router.post("/settings/feed/on", response_class=HTMLResponse)
def feed_on(request: Request) -> Response:
    """``kith feed url``: make the address (shown on the page)."""
    return _feed_action(request, "on")


@router.post("/settings/feed/rotate", response_class=HTMLResponse)
def feed_rotate(request: Request) -> Response:
    """``kith feed rotate``: a new address; the old one stops working."""
    return _feed_action(request, "rotate")


@router.post("/settings/feed/off", response_class=HTMLResponse)
def feed_off(request: Request) -> Response:
    """``kith feed off``."""
    return _feed_action(request, "off")


@router.post("/settings/digest/send", response_class=HTMLResponse)
def digest_send(request: Request) -> Response:
    """``kith digest --send``: today's digest now, to check the mail settings."""
    from kithkin.core.reach import digest
    from kithkin.remote import smtp

    try:
        with session(request) as s:
            mail = digest.outgoing(s, base_url=links_base(request, s))
        if not mail.skip:
            assert mail.server is not None
            smtp.send(mail.server, mail.envelope, mail.message)
    except KithError as exc:
        return forms.page(request, "settings.html", _builder(request), exc)
    flash = "digest_skipped" if mail.skip else "digest_sent"
    return RedirectResponse(f"/settings?saved={flash}#digest", status_code=303)
