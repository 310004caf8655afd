"""kith export vcard|csv|json|ics and kith restore: take the network out, back it up, restore it."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import typer

from kithkin import privatefiles
from kithkin.cli.app import app
from kithkin.cli.common import JSON_OPT, console, print_json, session, state
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
        privatefiles.write(path, data)
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
    from kithkin.core.exchange import exporting

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
    from kithkin.core.exchange import exporting

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
    from kithkin.core.exchange import backup

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


@app.command("backup")
def backup_db(
    file: Path | None = typer.Argument(
        None,
        help="The new backup file (default: a dated file in the backups folder "
        "beside the default database).",
    ),
    as_json: bool = JSON_OPT,
) -> None:
    """Copy the SQLite database, consistently even while kithkin writes to it."""
    from kithkin.config import data_dir, resolve_db
    from kithkin.store import snapshot

    source = snapshot.sqlite_path(resolve_db(state.db))
    state.database()  # a missing or foreign database is refused before anything is made
    if file is None:
        folder = data_dir() / "backups"
        folder.mkdir(parents=True, exist_ok=True)
        file = snapshot.default_name(folder)
    schema = snapshot.backup(source, file)
    if as_json:
        print_json({"file": str(file), "schema": schema, "bytes": file.stat().st_size})
    else:
        console.print(f"backed up {source} to {file}")


@app.command()
def restore(
    file: Path = typer.Argument(
        ..., help="A backup: `kith backup`'s SQLite file or `kith export json`'s JSON."
    ),
    as_json: bool = JSON_OPT,
) -> None:
    """Restore a backup; the file is checked before anything is replaced.

    A JSON backup goes into an empty database (a non-empty one is refused). A
    SQLite backup replaces the database, whose previous content is kept aside.
    """
    from kithkin.core.exchange import backup

    if not file.is_file():
        raise BadInput(f"{file}: no such file")
    with file.open("rb") as fh:
        head = fh.read(16)
    if head == b"SQLite format 3\x00":
        _restore_sqlite(file, as_json)
        return
    doc = json_backup.loads(file.read_bytes(), str(file))
    with session() as s:
        written = backup.restore(s, doc)
    if as_json:
        print_json({"file": str(file), "rows": written})
    else:
        console.print(f"restored {count(sum(written.values()), 'row')} from {file}")


def _restore_sqlite(file: Path, as_json: bool) -> None:
    from kithkin.config import resolve_db
    from kithkin.store import snapshot

    target = snapshot.sqlite_path(resolve_db(state.db))
    snapshot.check(file)  # before the target is opened, let alone replaced
    state.database()
    state.close()
    aside = snapshot.restore(file, target)
    state.database()  # an older backup's schema is brought up to date
    if as_json:
        print_json({"file": str(file), "previous": str(aside) if aside else None})
    else:
        kept = f"; the previous database is kept at {aside}" if aside else ""
        console.print(f"restored {file} into {target}{kept}")
