"""An import written a chunk at a time matches people as one written at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from conftest import BACKENDS, Kith, dump
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


def _message(n: int, sender: str) -> str:
    return (
        f"From {sender} Mon Jan 0{n} 10:00:00 2026\n"
        f"Message-ID: <m{n}@mail.example>\nDate: Mon, 0{n} Jan 2026 10:00:00 +0000\n"
        f"From: {sender}\nTo: me@example.org\nSubject: hello {n}\n\nhi\n\n"
    )


def test_a_resumed_import_reports_what_an_uninterrupted_one_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Takeout mbox killed half-way and imported again: the report counted only the
    people and notes of the chunks after the kill ("3 with nobody you know (1 unknown
    person)")."""
    box = tmp_path / "All mail Including Spam and Trash.mbox"
    box.write_text(
        _message(1, "ann@example.org") + _message(2, "news@shop.example")
        + _message(3, "bob@example.org") + _message(4, "MAILER-DAEMON")
        + _message(5, "cy@example.org")
    )  # fmt: skip
    args = ("import", "mbox", str(box), "--me", "me@example.org", "--json", "--list-unknown")
    whole = Kith(f"sqlite:///{tmp_path / 'whole.db'}").ok(*args).json()
    assert whole["unknown_people"] == 4

    monkeypatch.setattr(batched, "CHUNK", 2)
    cut = Kith(f"sqlite:///{tmp_path / 'cut.db'}")
    real = batched.run
    commits = {"n": 0}

    def killed_after_two_chunks(*args, **kw):  # type: ignore[no-untyped-def]
        def after() -> None:
            commits["n"] += 1
            if commits["n"] == 3:  # you, then two chunks of messages
                raise RuntimeError("killed")

        return real(*args, **kw, after_chunk=after)

    monkeypatch.setattr(batched, "run", killed_after_two_chunks)
    with pytest.raises(RuntimeError, match="killed"):
        cut(*args)
    monkeypatch.setattr(batched, "run", real)
    resumed = cut.ok(*args).json()
    note = (
        "resumed an interrupted import of this file (0 people and 4 interactions were already in)"
    )
    assert resumed["warnings"][-1] == note
    resumed["warnings"].pop()
    assert resumed == whole


@pytest.mark.parametrize("db_url", BACKENDS[1:], indirect=True)  # PostgreSQL's statistics
def test_a_long_import_leaves_postgresql_ready_to_search(db: Database) -> None:
    # After a bulk import the planner had no statistics and the GIN indexes' pending
    # lists held every new row, read through on each search (5-8 ms each, 30,000 rows)
    # until autovacuum came by: the import analyses the tables it filled.
    batched.run(db.session, _batch(), "vcard", "cards.vcf", chunk=2)
    with db.session(write=False) as s:
        seen = s.execute(
            text(
                "SELECT relname, last_analyze IS NOT NULL FROM pg_stat_user_tables"
                " WHERE relname IN ('contacts', 'organizations', 'positions')"
                " AND schemaname = current_schema()"
            )
        ).all()
    assert sorted(seen) == [("contacts", True), ("organizations", True), ("positions", True)]
