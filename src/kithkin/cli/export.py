"""kith export vcard|csv|json|ics and kith restore: take the network out, back it up, restore it."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import typer

from kithkin.cli.app import app
from kithkin.cli.common import JSON_OPT, console, print_json, session
from kithkin.core.exchange import backup, exporting
from kithkin.core.wording import count
from kithkin.errors import BadInput
from kithkin.formats import csv_out, json_backup, vcard_out

export_app = typer.Typer(
    name="export", help="Write contacts as vCard or CSV, everything as JSON, or the agenda as ICS.",
    no_args_is_help=True,
)  # fmt: skip
app.add_typer(export_app, name="export")


def _slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "contact"


def _named(path: Path, raw: str) -> Path:
    """A path the user named: an empty argument is not the current folder."""
    if not raw.strip():
        raise BadInput("name a file or folder to write (an empty name was given)")
    return path


def _write(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        raise BadInput(f"{path}: cannot write ({exc.strerror})") from None


@export_app.command("vcard")
def export_vcard(
    folder: str = typer.Argument(
        ..., metavar="DIRECTORY", help="Folder for the .vcf files (created if needed)."
    ),
    as_json: bool = JSON_OPT,
) -> None:
    """One vCard 4.0 file per contact, each with a UID."""
    directory = _named(Path(folder), folder)
    if directory.exists() and not directory.is_dir():
        raise BadInput(f"{directory}: not a folder")
    with session() as s:
        rows = exporting.contact_rows(s)
    files = []
    for row in rows:
        path = directory / f"{row['id']:05d}-{_slug(row['name'])}.vcf"
        _write(path, vcard_out.card(row).encode())
        files.append(str(path))
    if as_json:
        print_json({"written": len(files), "files": files})
    else:
        console.print(f"wrote {len(files)} vCards to {directory}")


@export_app.command("csv")
def export_csv(
    file: Path = typer.Argument(..., help="CSV file to write."), as_json: bool = JSON_OPT
) -> None:
    """Contacts as one CSV (spreadsheet-safe: formula-like cells are neutralised)."""
    with session() as s:
        rows = exporting.contact_rows(s)
    _write(file, csv_out.dumps(rows).encode("utf-8"))
    if as_json:
        print_json({"written": len(rows), "file": str(file)})
    else:
        console.print(f"wrote {count(len(rows), 'contact')} to {file}")


@export_app.command("json")
def export_json(
    file: Path = typer.Argument(..., help="JSON file to write."), as_json: bool = JSON_OPT
) -> None:
    """Everything (a complete backup, versioned); `kith restore` reads it back."""
    with session() as s:
        doc = backup.export(s)
    _write(file, json_backup.dumps(doc))
    rows = {name: len(v) for name, v in doc["tables"].items()}
    if as_json:
        print_json({"file": str(file), "schema": doc["schema"], "rows": rows})
    else:
        console.print(f"wrote a backup of {count(sum(rows.values()), 'row')} to {file}")


@export_app.command("ics")
def export_ics(
    file: Path = typer.Argument(..., help="ICS file to write."), as_json: bool = JSON_OPT
) -> None:
    """The agenda's next 14 days as a calendar file (the feed kith serve publishes)."""
    from kithkin.core import settings
    from kithkin.core.reach import feed

    if file.is_dir():
        raise BadInput(f"{file}: is a folder, not a file")
    with session() as s:
        doc = feed.build(s, settings.web_url(s))
        _write(file, doc.body)  # inside the transaction: a file that cannot be written undoes it
    if as_json:
        print_json({"written": doc.events, "file": str(file)})
    else:
        console.print(f"wrote {count(doc.events, 'event')} to {file}")


@app.command()
def restore(
    file: Path = typer.Argument(..., help="A backup written by `kith export json`."),
    as_json: bool = JSON_OPT,
) -> None:
    """Restore a JSON backup into an empty database (a non-empty one is refused)."""
    if not file.is_file():
        raise BadInput(f"{file}: no such file")
    doc = json_backup.loads(file.read_bytes(), str(file))
    with session() as s:
        written = backup.restore(s, doc)
    if as_json:
        print_json({"file": str(file), "rows": written})
    else:
        console.print(f"restored {count(sum(written.values()), 'row')} from {file}")
