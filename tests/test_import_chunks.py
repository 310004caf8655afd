"""An import written a chunk at a time matches people as one written at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

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


def test_namesakes_of_one_day_keep_their_rows_in_a_chunked_import(
    kith, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/importing.md's namesakes rule holds whatever the chunk size: the row that
    still describes the designer exactly is hers, even when it comes last."""
    monkeypatch.setattr(batched, "CHUNK", 1)
    first = tmp_path / "2022.csv"
    first.write_text(
        "First Name,Last Name,Email Address,Company,Position,Connected On\n"
        "Anna,Kowalska,,Allegro,Designer,03 Feb 2021\n"
        "Anna,Kowalska,,Allegro,Engineer,03 Feb 2021\n"
    )
    kith.ok("import", "linkedin", str(first), as_of="2026-03-01")
    people = kith.ok("list", "--json").json()
    ids = {p["title"]: p["id"] for p in people}
    later = tmp_path / "2024.csv"
    later.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Anna,Kowalska,https://www.linkedin.com/in/ak-1,,Allegro,Senior Engineer,03 Feb 2021\n"
        "Anna,Kowalska,https://www.linkedin.com/in/ak-2,,Allegro,Designer,03 Feb 2021\n"
    )
    out = kith.ok("import", "linkedin", str(later), "--json", as_of="2026-04-01").json()
    assert out["contacts"]["new"] == 0 and out["new_roles"] == 1
    titles = {p["id"]: p["title"] for p in kith.ok("list", "--json").json()}
    assert titles == {ids["Designer"]: "Designer", ids["Engineer"]: "Senior Engineer"}
