"""Re-importing a file that changes nothing leaves the data version where it was, so
what was kept from it (``kith today``'s memo, the web's kept pages) stays valid."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Kith
from importing_support import LOCAL
from kithkin.store import memo
from kithkin.store.db import Database

VCARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Alice Known\r\nN:Known;Alice;;;\r\n"
    "EMAIL:alice@example.com\r\nORG:Acme\r\nTITLE:Engineer\r\nBDAY:1980-04-15\r\n"
    "CATEGORIES:Friends\r\nEND:VCARD\r\n"
)
CONNECTIONS = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Ada,Lovelace,https://www.linkedin.com/in/ada-l,,Analytical Engines,Countess,09 Oct 2024\n"
)
GOOGLE = (
    "First Name,Last Name,Organization Name,E-mail 1 - Value,Labels\n"
    "Grace,Hopper,US Navy,grace@navy.example,Friends ::: * myContacts\n"
)
OUTLOOK = (
    "First Name,Last Name,E-mail Address,Company,Job Title\n"
    "Lena,Müller,lena@example.de,Initech,CTO\n"
)
ME = ("--me", "me@example.org")
FILES = {
    "vcard": ("people.vcf", VCARD, ()),
    "linkedin": ("Connections.csv", CONNECTIONS, ()),
    "google": ("google.csv", GOOGLE, ()),
    "outlook": ("outlook.csv", OUTLOOK, ()),
    "mbox": (LOCAL / "gmail_takeout_duplicates_and_from_line_dates.mbox", None, ME),
    "ics": (LOCAL / "calendar_past_future_cancelled_meetings.ics", None, ME),
}


def _version(url: str) -> int | None:
    database = Database(url)
    with database.session(write=False) as s:
        version = memo.current(s)
    database.dispose()
    return version


@pytest.mark.parametrize("kind", FILES)
def test_a_reimport_that_changes_nothing_keeps_the_data_version(
    kith: Kith, tmp_path: Path, kind: str
) -> None:
    kith.ok("import", "vcard", str(_write(tmp_path, ("alice.vcf", VCARD, ()))))  # someone known
    path = _write(tmp_path, FILES[kind])
    args = ("import", kind, str(path), *FILES[kind][2])
    kith.ok(*args)
    kith.ok("today", as_of="2026-12-06")  # kept
    before = _version(kith.url)
    again = kith.ok(*args, "--json").json()
    assert again["contacts"]["new"] == again["contacts"]["updated"] == 0
    assert _version(kith.url) == before


def _write(tmp_path: Path, spec: tuple) -> Path:  # type: ignore[type-arg]
    name, body, _ = spec
    if body is None:
        return Path(name)
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path
