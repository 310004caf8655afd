"""An import written a chunk at a time matches people as one written at once."""

from __future__ import annotations

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
