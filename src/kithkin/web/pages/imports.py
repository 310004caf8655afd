"""Import: upload a LinkedIn export, a vCard file or a contacts CSV, then read the summary."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from kithkin.core.exchange import importer
from kithkin.core.vocabulary import Tier
from kithkin.errors import KithError
from kithkin.web import imports
from kithkin.web.deps import session
from kithkin.web.errors import status_of
from kithkin.web.render import render

router = APIRouter(include_in_schema=False)
NAV = [("Import", "/import")]


def _ctx(**extra: Any) -> dict[str, Any]:
    return {
        "kinds": imports.KINDS,
        "tiers": [t.value for t in Tier],
        "summary": None,
        "error": None,
        "form": {},
        **extra,
    }


@router.get("/import", response_class=HTMLResponse)
def import_page(request: Request) -> Response:
    return render(request, "import.html", _ctx())


def do_import(
    request: Request, kind: str, filename: str, data: bytes, tier: str, dry_run: bool
) -> dict[str, Any]:
    """Parse and import (in one transaction); the summary as ``kith import --json`` prints it."""
    chosen = imports.kind_for(kind, filename, data)
    batch = imports.parse(chosen, filename, data)
    try:
        with session(request) as s:
            summary = imports.run(s, chosen, filename, batch, tier, dry_run)
    except importer.Preview as preview:
        summary = preview.summary
    return summary.as_dict()


@router.post("/import", response_class=HTMLResponse)
async def upload(
    request: Request,
    file: UploadFile = File(...),
    kind: str = Form("auto"),
    tier: str = Form("none"),
    dry_run: str = Form(""),
) -> Response:
    form = {"kind": kind, "tier": tier, "dry_run": bool(dry_run)}
    filename = file.filename or "upload"
    try:
        data = await file.read()
        result = await run_in_threadpool(
            do_import, request, kind, filename, data, tier, bool(dry_run)
        )
    except KithError as exc:
        return render(
            request, "import.html", _ctx(error=str(exc), form=form), status=status_of(exc)[0]
        )
    return render(request, "import.html", _ctx(summary=result, form=form))
