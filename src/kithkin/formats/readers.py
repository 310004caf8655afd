"""Every file kithkin can import, in one table: the adapter that reads it, the
suffixes that name it, and whether it needs your own addresses first.

``kith import KIND`` and the web's Import page choose and run their adapter here,
so a format is offered by both faces, and read the same way, from one entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePath

from kithkin.core.exchange.importer import quiet_gc
from kithkin.core.exchange.incoming import Batch
from kithkin.errors import BadInput


@dataclass(frozen=True)
class ReadOptions:
    encoding: str | None = None  # None: UTF-8, or what the file's byte-order mark says
    me: frozenset[str] = frozenset()  # your own addresses: who "you" are in mail and calendars
    with_body: bool = False  # mbox: keep each message's text as the note
    today: date | None = None  # calendars: meetings up to this day happened; mbox: mail
    # dated after it counts on it
    shown_as: str | None = None  # the file's name in messages (an upload's, not its temp path)

    def name(self, path: Path) -> str:
        return self.shown_as or str(path)


@dataclass(frozen=True)
class Reader:
    kind: str
    label: str  # what the web's chooser says
    suffixes: tuple[str, ...]  # recognised by name when the user says "auto"
    needs_me: bool  # mail and calendars: direction comes from your addresses
    read: Callable[[Path, ReadOptions], Batch]

    @property
    def uploadable(self) -> bool:
        """The web's Import page takes the formats that need nothing but the file."""
        return not self.needs_me


def _file(path: Path) -> Path:
    if not path.is_file():
        raise BadInput(f"{path}: not a file")
    return path


def _linkedin(path: Path, o: ReadOptions) -> Batch:
    from kithkin.formats import linkedin

    with quiet_gc():
        return linkedin.parse(linkedin.read_export(path, o.shown_as), o.encoding)


def _vcard(path: Path, o: ReadOptions) -> Batch:
    from kithkin.formats import vcard

    files = [path]
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in VCF)
        if not files:
            raise BadInput(f"{path}: no .vcf files in this folder")
    batch = Batch(source=vcard.SOURCE)
    for f in files:
        vcard.parse(f.read_bytes(), o.name(f) if f == path else str(f), batch, o.encoding)
    return batch


def _google(path: Path, o: ReadOptions) -> Batch:
    from kithkin.formats import google_csv

    with quiet_gc():
        return google_csv.parse(_file(path).read_bytes(), o.name(path), encoding=o.encoding)


def _outlook(path: Path, o: ReadOptions) -> Batch:
    from kithkin.formats import outlook_csv

    with quiet_gc():
        return outlook_csv.parse(_file(path).read_bytes(), o.name(path), encoding=o.encoding)


def _mbox(path: Path, o: ReadOptions) -> Batch:
    from kithkin import clock
    from kithkin.formats import mbox

    with quiet_gc(), _file(path).open("rb") as fh:
        return mbox.parse(
            fh, o.name(path), set(o.me), with_body=o.with_body, today=o.today or clock.today()
        )


def _ics(path: Path, o: ReadOptions) -> Batch:
    """One .ics file, or every one of a folder (Takeout's ``Calendar/``) or of a zip
    (Google Calendar's export, ``you@gmail.com.ical.zip``: one per calendar)."""
    from kithkin import clock
    from kithkin.formats import ics, safezip

    today = o.today or clock.today()
    if path.is_dir():
        found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ICS)
        if not found:
            raise BadInput(f"{path}: no .ics files in this folder")
        files = [(str(f), f.read_bytes()) for f in found]
    else:
        data = _file(path).read_bytes()
        files = [(o.name(path), data)]
        if data[:4] == b"PK\x03\x04" or path.suffix.lower() == ".zip":
            members = safezip.read(path, _ics_member, shown=o.name(path))
            if not members:
                raise BadInput(f"{o.name(path)}: the zip holds no .ics file")
            files = [members[k] for k in sorted(members)]
    batch = Batch(source=ics.SOURCE)
    for name, data in files:
        ics.parse(data, name, set(o.me), today, batch)
    return batch


def _ics_member(name: str) -> str | None:
    return name if PurePath(name).suffix.lower() in ICS else None


VCF = (".vcf", ".vcard")
ICS = (".ics", ".ical", ".ifb", ".icalendar")
LINKEDIN = "LinkedIn data export (.zip, or one of its CSV files)"
READERS: dict[str, Reader] = {
    r.kind: r
    for r in (
        Reader("linkedin", LINKEDIN, (".zip",), False, _linkedin),
        Reader("vcard", "vCard (.vcf)", VCF, False, _vcard),
        Reader("google", "Google Contacts CSV", (), False, _google),
        Reader("outlook", "Outlook contacts CSV", (), False, _outlook),
        Reader("mbox", "Email (an mbox file)", (".mbox",), True, _mbox),
        Reader("ics", "Calendar (.ics)", (".ics",), True, _ics),
    )
}  # fmt: skip


def read(kind: str, path: Path, options: ReadOptions | None = None) -> Batch:
    """The records in ``path`` as the import service takes them."""
    if not path.exists():
        raise BadInput(f"{path}: no such file or folder")
    return READERS[kind].read(path, options or ReadOptions())


def uploadable() -> dict[str, str]:
    """Kind -> label of what the web's Import page offers."""
    return {r.kind: r.label for r in READERS.values() if r.uploadable}


def choose(kind: str, filename: str, data: bytes = b"") -> str:
    """The kind of an upload: the one chosen, or for ``auto`` the file's extension, or
    for a CSV (every one is ``.csv``) its header row (:func:`recognised`)."""
    offered = uploadable()
    if kind in offered:
        return kind
    if kind not in ("", "auto"):
        raise BadInput(f"unknown import kind {kind!r}: expected one of {', '.join(offered)}")
    suffix = PurePath(filename).suffix.lower()
    found = [k for k in offered if suffix and suffix in READERS[k].suffixes]
    if not found and (by_header := recognised(data)) is not None:
        found = [by_header]
    if not found:
        named = ", ".join(s for k in offered for s in READERS[k].suffixes)
        raise BadInput(
            f"{filename}: choose what this file is (LinkedIn, Google or Outlook CSV); "
            f"only {named} files are recognised by their name, and a CSV by the header "
            "row of one of those"
        )
    return found[0]


HEAD = 64 * 1024  # where a CSV's header row is looked for (LinkedIn's notes come first)


def recognised(data: bytes) -> str | None:
    """The kind of a CSV by its header row, as each reader finds its own (LinkedIn's
    Connections or messages, Outlook's, Google's): ``None`` when none is there."""
    if not data:
        return None
    from kithkin.formats import google_csv, outlook_csv, textio
    from kithkin.formats.linkedin import connections, messages

    head = data[:HEAD]
    text = head.decode(textio.sniff(head), errors="replace")
    for kind, is_header in (
        ("linkedin", connections.is_header), ("linkedin", messages.is_header),
        ("outlook", outlook_csv.is_header), ("google", google_csv.is_header),
    ):  # fmt: skip
        if textio.has_header(text, is_header):
            return kind
    return None
