"""Templates: one Jinja2 environment, autoescaped, with the few filters pages share."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from kithkin import clock
from kithkin.core.wording import count

# The scope's key for the email of the user logged in (hosted mode; see web.hosted).
ACCOUNT_KEY = "kith_account"

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


def _as_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def nice_date(value: Any) -> str:
    """``Nov 2, 2026``; the year is left out when it is this year's."""
    d = _as_date(value)
    if d is None:
        return ""
    if d.year == clock.today().year:
        return f"{d:%b} {d.day}"
    return f"{d:%b} {d.day}, {d.year}"


def relative(value: Any) -> str:
    """``today``, ``in 3 days``, ``5 days ago``: how far a date is from today."""
    d = _as_date(value)
    if d is None:
        return ""
    delta = (d - clock.today()).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    return f"in {delta} days" if delta > 0 else f"{-delta} days ago"


def marks(value: Any) -> Markup:
    """A search snippet with its ``[match]`` brackets shown as ``<mark>``, safely escaped."""
    text = str(escape(str(value or "")))
    return Markup(text.replace("[", "<mark>").replace("]", "</mark>"))


def humanize(value: Any) -> str:
    return str(value or "").replace("_", " ")


LINK_SCHEMES = ("http", "https", "mailto")


def linkable(value: Any) -> bool:
    """Whether a stored address may become a link: only ``http``, ``https`` and
    ``mailto``. A ``javascript:``, ``vbscript:`` or ``data:`` URL (typed, or from a
    vCard or a CSV) is shown as text, never made clickable."""
    text = "".join(str(value or "").split()).lower()  # browsers ignore inner whitespace
    scheme, colon, _ = text.partition(":")
    return bool(colon) and scheme in LINK_SCHEMES


env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html", "svg"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
env.filters.update(
    nice_date=nice_date, relative=relative, humanize=humanize, marks=marks, count=count
)
env.tests["linkable"] = linkable


# Messages shown after a redirect (``?saved=key``): fixed texts, so a link cannot
# make the page say something the server did not.
FLASH = {
    "log": "Logged. It is on the timeline.",
    "edit": "Changes saved.",
    "add": "Contact added.",
    "detail": "Personal detail noted.",
    "job": "Position recorded.",
    "done": "Logged as done; the item has left today's list.",
    "snooze": "Snoozed.",
    "pause": "Paused: they will not be suggested until you resume.",
    "resume": "Resumed.",
    "reset": "Unanswered outreach forgotten; they are back on the agenda.",
    "removed": "Contact removed.",
    "triage": "Sorted. Here is the next person.",
    "tie": "Tie saved. Now choose a tier.",
    "undo": "The last decision is undone.",
    "feed_on": "Your calendar address is ready: copy it into your calendar app.",
    "feed_rotate": "A new calendar address; the previous one no longer works.",
    "feed_off": "The calendar feed is off; its address no longer works.",
    "digest_sent": "Today's digest is on its way.",
    "digest_skipped": "Nobody is due today, so no digest was sent.",
    "interaction": "Interaction corrected; the agenda follows it.",
    "forgot": "Removed; the agenda no longer counts it.",
    "position": "Position corrected.",
    "merged": "Merged: one contact now holds everything of both.",
    "distinct": "Noted: two people. The pair will not be listed again.",
    "password": "Password changed; your other sessions have ended.",
    "token_revoked": "Token revoked; the scripts using it are refused.",
}


def nav_items(request: Request) -> list[tuple[str, str]]:
    return list(request.app.state.nav)


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, status: int = 200
) -> HTMLResponse:
    ctx = {
        "request": request,
        "csrf_token": getattr(request.state, "csrf_token", ""),
        "nav": nav_items(request),
        "account": request.scope.get("state", {}).get(ACCOUNT_KEY),
        "hosted": request.app.state.hosted is not None,
        "path": request.url.path,
        "today": clock.today(),
        "flash": FLASH.get(request.query_params.get("saved", "")),
        **(context or {}),
    }
    html = env.get_template(name).render(ctx)
    return HTMLResponse(html, status_code=status, headers={"cache-control": "no-store"})
