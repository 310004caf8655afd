"""LinkedIn's data export: a zip, its unpacked folder, or one of its CSV files.

LinkedIn names the members ``Connections.csv``, ``messages.csv`` (``Messages.csv``
in 2018), ``Invitations.csv``, ``Positions.csv`` and ``Profile.csv``, sometimes in
a sub-folder; they are found by base name, case-insensitively. A lone CSV is
recognised by its header, whatever the file is called.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from kithkin.core.exchange.incoming import Batch
from kithkin.errors import BadInput
from kithkin.formats import safezip, textio
from kithkin.formats.linkedin import connections, messages, profile

SOURCE = "linkedin"

# Base name -> parser(data, display name, batch). Profile first: it names "me".
PARSERS: dict[str, Callable[[bytes, str, Batch], None]] = {
    "profile.csv": profile.parse_profile,
    "positions.csv": profile.parse_positions,
    "connections.csv": connections.parse,
    "messages.csv": messages.parse,
    "invitations.csv": messages.parse_invitations,
}


def read_export(path: Path, shown: str | None = None) -> dict[str, tuple[str, bytes]]:
    """The export's known members: base name -> (name to show the user, bytes).

    ``shown`` names a file (or zip) in place of ``path``: an upload's own name, since its
    temporary copy on the server means nothing to the user."""
    found: dict[str, tuple[str, bytes]] = {}
    if path.is_dir():
        for p in sorted(path.rglob("*")):
            key = p.name.lower()
            if p.is_file() and key in PARSERS and key not in found:
                found[key] = (str(p), p.read_bytes())
        if not found:
            raise BadInput(f"{path}: no LinkedIn export files ({_expected()}) in this folder")
        return found
    if not path.is_file():
        raise BadInput(f"{path}: no such file or folder")
    data = path.read_bytes()
    label = shown or str(path)
    if data[:4] == b"PK\x03\x04" or path.suffix.lower() == ".zip":
        found = safezip.read(path, _member_key, shown=label)
        if not found:
            raise BadInput(f"{label}: the zip holds none of {_expected()}")
        return found
    return {_kind_of(path, data, label): (label, data)}


def _member_key(name: str) -> str | None:
    key = Path(name).name.lower()
    return key if key in PARSERS else None


def _expected() -> str:
    return ", ".join(k.capitalize() if k != "messages.csv" else k for k in PARSERS)


def _kind_of(path: Path, data: bytes, label: str) -> str:
    key = path.name.lower()
    if key in PARSERS:
        return key
    head = data[:4096].decode(textio.sniff(data), errors="replace").lower()
    if "connected on" in head:
        return "connections.csv"
    if "conversation id" in head or ("subject" in head and "folder" in head):
        return "messages.csv"
    if "sent at" in head:
        return "invitations.csv"
    if "started on" in head:
        return "positions.csv"
    if "first name" in head and "headline" in head:
        return "profile.csv"
    raise BadInput(f"{label}: not a LinkedIn export file (no known LinkedIn header)")


def parse(files: dict[str, tuple[str, bytes]], encoding: str | None = None) -> Batch:
    """The export's records. LinkedIn writes UTF-8; a file re-saved by Excel ("CSV
    (Comma delimited)") is in the machine's code page, read with ``encoding``; one saved
    as "Unicode Text" is UTF-16, known by its byte-order mark when no encoding is named."""
    batch = Batch(source=SOURCE, authoritative_jobs=True)
    digest = hashlib.sha256()
    for key, parser in PARSERS.items():
        if key in files:
            name, data = files[key]
            # The parsers read UTF-8: another encoding is decoded (a bad byte reported
            # with its line) and handed on as UTF-8; the digest stays the file's own.
            parser(textio.utf8(data, name, encoding), name, batch)
            for part in (key, name):
                digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
            digest.update(b"%d\0" % len(data) + data)
    batch.digest = digest.hexdigest()
    return batch
