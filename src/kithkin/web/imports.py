"""Uploaded files to import, read by the same table of readers as ``kith import``
(:mod:`kithkin.formats.readers`) and imported by the same service.

The upload is written to a private temporary folder under its own base name first,
because every reader reads from disk (a LinkedIn export is read as a zip).
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
from kithkin.formats import readers

KINDS = readers.uploadable()
kind_for = readers.choose


def upload_name(filename: str) -> str:
    """The uploaded file's name as messages show it and as it is saved for the reader:
    its last part, no control characters, not ``.``/``..``, at most 100 characters
    (the suffix kept, since readers go by it)."""
    name = "".join(ch for ch in PurePath(filename.replace("\\", "/")).name if ch >= " ")
    name = name.replace("/", "").strip()
    if name in ("", ".", ".."):
        return "upload"
    if len(name) > 100:
        stem, dot, suffix = name.rpartition(".")
        suffix = suffix[:10] if dot else ""
        name = (stem if dot else name)[: 99 - len(suffix)] + (f".{suffix}" if suffix else "")
    return name


def parse(kind: str, filename: str, data: bytes) -> Batch:
    """Bytes of an upload to the records the import service takes."""
    name = upload_name(filename)
    if not data:
        raise BadInput(f"{name}: the file is empty")
    with tempfile.TemporaryDirectory(prefix="kith-upload-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        return readers.read(kind, path, readers.ReadOptions(shown_as=name))


def run(s: Session, kind: str, filename: str, batch: Batch, tier: str, dry_run: bool) -> Summary:
    """Import the batch in the session's transaction; a preview raises
    :class:`importer.Preview` once the summary is complete, so the caller's
    transaction rolls back."""
    tier = parse_choice(tier or "none", Tier, "tier").value
    return importer.run(s, batch, kind, upload_name(filename), dry_run=dry_run, tier=tier)
