"""Settings: every ``kith config`` key on one form."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from kithkin.core import settings
from kithkin.web.pages import forms

router = APIRouter(include_in_schema=False)
NAV = [("Settings", "/settings")]


def _settings(s: Session) -> dict[str, Any]:
    return {"values": settings.all_values(s)}


@router.get("/settings", response_class=HTMLResponse)
def settings_page(request: Request) -> Response:
    return forms.page(request, "settings.html", _settings)


@router.post("/settings", response_class=HTMLResponse)
async def save_settings(request: Request) -> Response:
    """``kith config set`` for every changed field, ``unset`` for emptied ones, at once."""
    form = await request.form()

    def act(s: Session) -> str:
        current = settings.all_values(s)
        for key, now in current.items():
            value = str(form.get(key, "")).strip()
            if not value and not now["is_default"]:
                settings.unset(s, key)
            elif value and value != now["value"]:
                settings.set_value(s, key, value)
        return "/settings?saved=edit"

    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(
        forms.act, request, act, "settings.html", _settings, {k: str(v) for k, v in form.items()}
    )
