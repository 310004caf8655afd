"""/api/import: kith import linkedin | vcard | google | outlook, with an uploaded file."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, File, Path, Query, Request, UploadFile
from starlette.concurrency import run_in_threadpool

from kithkin.core.vocabulary import Tier
from kithkin.formats import readers
from kithkin.web.api.schemas.errors import ERRORS
from kithkin.web.api.schemas.imports import ImportSummary
from kithkin.web.pages.imports import do_import

router = APIRouter(
    tags=["import"],
    responses={
        **ERRORS,
        413: ERRORS[400] | {"description": "The upload is larger than the server's limit"},
    },
)


@router.post("/import/{kind}", response_model=ImportSummary)
async def import_file(
    request: Request,
    kind: str = Path(json_schema_extra={"enum": [*readers.uploadable(), "auto"]}),
    file: UploadFile = File(..., description="The export: .zip, .vcf or .csv"),
    tier: str = Query(
        "none",
        description="Tier of new people (none: not on the agenda)",
        json_schema_extra={"enum": [t.value for t in Tier]},
    ),
    dry_run: bool = Query(False, description="Report what would change; write nothing"),
) -> dict[str, Any]:
    """Import a file (``kind``: linkedin, vcard, google, outlook, or auto by extension).

    Send it as ``multipart/form-data`` with the ``X-CSRF-Token`` header, like a form.
    """
    data = await file.read()
    result: dict[str, Any] = await run_in_threadpool(
        do_import, request, kind, file.filename or "upload", data, tier, dry_run
    )
    return result
