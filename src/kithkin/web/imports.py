"""Uploaded files to import: which adapter reads them, and the core import service.

The same adapters (``kithkin.formats``) and the same service
(:func:`kithkin.core.exchange.importer.run`) as ``kith import``; the upload is written to
a private temporary folder under its own base name first, because a LinkedIn
export is read as a zip (or a single CSV) from disk.
"""

from __future__ import annotations

import tempfile
from pathlib import Path, PurePath

from sqlalchemy.orm import Session

from kithkin.core.exchange import importer
from kithkin.core.exchange.incoming import Batch
from kithkin.core.exchange.summary import Summary
from kithkin.core.userinput import parse_choice
from kithkin.core.vocabulary import Tier
from kithkin.errors import BadInput

KINDS = {
    "linkedin": "LinkedIn data export (.zip, or one of its CSV files)",
    "vcard": "vCard (.vcf)",
    "google": "Google Contacts CSV",
    "outlook": "Outlook contacts CSV",
}
BY_SUFFIX = {".zip": "linkedin", ".vcf": "vcard", ".vcard": "vcard"}


class DryRun(Exception):
    """Raised inside the transaction so that a preview rolls everything back."""


def kind_for(kind: str, filename: str) -> str:
    """The adapter to use: the one chosen, or for ``auto`` the file's extension."""
    if kind in KINDS:
        return kind
    if kind not in ("", "auto"):
        raise BadInput(f"unknown import kind {kind!r}: expected one of {', '.join(KINDS)}")
    found = BY_SUFFIX.get(PurePath(filename).suffix.lower())
    if found is None:
        raise BadInput(
            f"{filename}: choose what this file is (LinkedIn, Google or Outlook CSV); "
            "only .zip and .vcf files are recognised by their name"
        )
    return found


def parse(kind: str, filename: str, data: bytes) -> Batch:
    """Bytes of an upload to the records the import service takes."""
    name = PurePath(filename).name or "upload"
    if not data:
        raise BadInput(f"{name}: the file is empty")
    if kind == "linkedin":
        from kithkin.formats import linkedin

        with tempfile.TemporaryDirectory(prefix="kith-upload-") as tmp:
            path = Path(tmp) / name
            path.write_bytes(data)
            with importer.quiet_gc():
                return linkedin.parse(linkedin.read_export(path))
    if kind == "vcard":
        from kithkin.formats import vcard

        return vcard.parse(data, name)
    from kithkin.formats import google_csv, outlook_csv

    reader = google_csv.parse if kind == "google" else outlook_csv.parse
    with importer.quiet_gc():
        return reader(data, name)


def run(s: Session, kind: str, filename: str, batch: Batch, tier: str, dry_run: bool) -> Summary:
    """Import the batch in the session's transaction; a preview raises :class:`DryRun`
    after the summary is complete, so the caller's transaction rolls back."""
    tier = parse_choice(tier or "none", Tier, "tier").value
    summary = importer.run(s, batch, kind, PurePath(filename).name, tier=tier)
    summary.dry_run = dry_run
    if dry_run:
        raise DryRun(summary)
    return summary
