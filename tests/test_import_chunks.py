"""An import written a chunk at a time matches people as one written at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from conftest import dump
from kithkin.core.exchange import batched, importer
from kithkin.core.exchange.incoming import Batch, PersonRecord
from kithkin.store.db import Database
from kithkin.store.tables import Contact


def _batch() -> Batch:
    people = [
        PersonRecord(line=1, display_name="Jon Smith", family_name="Smith", org="Acme"),
        PersonRecord(line=2, display_name="Ada Filler", family_name="Filler"),
        # The next chunk: a new person first, then Jon again, spelt another way.
        PersonRecord(line=3, display_name="Zed Other", family_name="Other"),
        PersonRecord(line=4, display_name="John Smith", family_name="Smith", org="Acme Inc."),
    ]
    return Batch(source="vcard", people=people)


def _contacts(db: Database) -> int:
    with db.session(write=False) as s:
        return int(s.scalar(select(func.count()).select_from(Contact)) or 0)


def test_a_person_found_by_name_in_a_later_chunk(db: Database) -> None:
    summary = batched.run(db.session, _batch(), "vcard", "cards.vcf", chunk=2)
    # "John Smith" at Acme is "Jon Smith" at Acme, created by the first chunk: the
    # second chunk's new contacts do not hide the first chunk's from the name search.
    assert summary.new == 3
    assert _contacts(db) == 3


def test_the_same_at_once(db: Database) -> None:
    with db.session() as s:
        summary = importer.run(s, _batch(), "vcard", "cards.vcf")
    assert summary.new == 3
    assert _contacts(db) == 3


def test_a_card_of_a_later_chunk_fills_in_a_person_an_earlier_chunk_created(
    kith, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Google Contacts lists one person twice, the second card with a birthday: past
    the first chunk (5,000 records), the second card crashed the import with a
    traceback (KeyError) where the dry run said "1 merged"."""
    cards = tmp_path / "contacts.vcf"
    cards.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jon Smith\r\nN:Smith;Jon;;;\r\nORG:Acme\r\n"
        "EMAIL;TYPE=INTERNET:jon@acme.example\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Filler\r\nN:Filler;Ada;;;\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jon Smith\r\nN:Smith;Jon;;;\r\nORG:Acme\r\n"
        "EMAIL;TYPE=INTERNET:jon@acme.example\r\nBDAY:1985-04-15\r\n"
        "NOTE:Met at PyCon\r\nEND:VCARD\r\n",
        newline="",
    )
    monkeypatch.setattr(batched, "CHUNK", 2)
    preview = kith.ok("import", "vcard", str(cards), "--dry-run").stdout
    assert "2 new, 0 updated, 1 merged" in preview
    out = kith.ok("import", "vcard", str(cards)).stdout
    assert "imported vcard" in out and "2 new, 0 updated, 1 merged" in out
    jon = kith.ok("show", "jon@acme.example", "--json").json()
    assert (jon["birthday"], jon["notes"]) == ("1985-04-15", "Met at PyCon")
    before = dump(kith.url)
    again = kith.ok("import", "vcard", str(cards)).stdout
    assert "0 new, 0 updated, 0 merged, 3 unchanged" in again and dump(kith.url) == before
