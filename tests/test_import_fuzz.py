"""Every importer under generated and mutated input (hypothesis).

Whatever bytes a file holds, reading and importing it either works or raises the
importers' one documented error (:class:`BadInput`, naming the file); nothing
else escapes, and a file that fails commits nothing. ``make fuzz`` tries 10,000
inputs per importer (KITH_FUZZ=1); ``make test`` a few dozen.
"""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Kith, dump
from kithkin.core.exchange import importer
from kithkin.errors import BadInput
from kithkin.formats import readers
from kithkin.store.db import open_db

FUZZ = os.environ.get("KITH_FUZZ") == "1"
EXAMPLES = 10_000 if FUZZ else 40

SEEDS: dict[str, tuple[str, bytes]] = {
    "linkedin": (
        "Connections.csv",
        b'Notes:\n"When exporting..."\n\n'
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        b"Ann,Lee,https://www.linkedin.com/in/ann-lee,ann@example.com,Acme,CTO,09 Oct 2024\n"
        b'"Bo","Chan",https://www.linkedin.com/in/bo,,"Globex, Inc.",Dev,1/8/18\n',
    ),
    "vcard": (
        "contacts.vcf",
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nN:Lee;Ann;;;\r\nEMAIL;TYPE=work:ann@ex"
        b"ample.com\r\nTEL:+1 555 0100\r\nORG:Acme\r\nTITLE:CTO\r\nBDAY:1980-04-15\r\n"
        b"URL:https://example.com\r\nNOTE:hello\\, there\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Bo Chan\r\nEMAIL:bo@example.com\r\nEND:VCARD\r\n",
    ),
    "google": (
        "google.csv",
        b"Name,Given Name,Family Name,E-mail 1 - Value,Phone 1 - Value,Organization 1 - Name,"
        b"Organization 1 - Title,Website 1 - Value,Birthday\n"
        b"Ann Lee,Ann,Lee,ann@example.com,+1 555 0100,Acme,CTO,https://a.example,1980-04-15\n",
    ),
    "outlook": (
        "outlook.csv",
        b"First Name,Last Name,E-mail Address,Business Phone,Company,Job Title\n"
        b"Ann,Lee,ann@example.com,+1 555 0100,Acme,CTO\n",
    ),
    "mbox": (
        "mail.mbox",
        b"From ann@example.com Mon Jan  1 00:00:00 2024\nFrom: Ann Lee <ann@example.com>\n"
        b"To: me@example.com\nCc: Bo <bo@example.com>\nSubject: hi\n"
        b"Date: Thu, 01 Feb 2024 10:00:00 +0000\nMessage-ID: <1@example.com>\n\nhello\n\n"
        b"From me@example.com Mon Jan  1 00:00:00 2024\nFrom: me@example.com\n"
        b"To: ann@example.com\nSubject: re\nDate: Fri, 02 Feb 2024 10:00:00 +0100\n"
        b"Message-ID: <2@example.com>\n\nback\n\n",
    ),
    "ics": (
        "cal.ics",
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:e1\r\n"
        b"DTSTART:20240201T100000Z\r\nDTEND:20240201T110000Z\r\nSUMMARY:Coffee\r\n"
        b"ORGANIZER:mailto:me@example.com\r\nATTENDEE;CN=Ann Lee:mailto:ann@example.com\r\n"
        b"RRULE:FREQ=WEEKLY;COUNT=3\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    ),
}


@st.composite
def _mutated(draw, seed: bytes):  # type: ignore[no-untyped-def]
    """The seed file with a few random edits, or (sometimes) arbitrary bytes."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=400))
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["insert", "delete", "replace", "dup"]))
        chunk = draw(
            st.one_of(
                st.binary(max_size=12),
                st.sampled_from(
                    [b"\x00", b"\r", b"\n", b'"', b",", b";", b":", b"\xff\xfe", b"=", b"\\",
                     b"99999999999999999999", b"9999-12-31", b"30 Feb 2026", b"BEGIN:VCARD\r\n",
                     b"END:VCARD\r\n", b"\nFrom x Mon Jan  1 00:00:00 2024\n", b"\xe2\x80\xae",
                     b"RRULE:FREQ=SECONDLY\r\n", b"BEGIN:VEVENT\r\n", b"=?utf-8?b?AAAA?="]
                ),
            )
        )  # fmt: skip
        if op == "insert":
            data[at:at] = chunk
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif op == "replace":
            data[at : at + len(chunk)] = chunk
        else:
            end = min(len(data), at + draw(st.integers(1, 200)))
            data[at:at] = data[at:end] * draw(st.integers(1, 5))
    return bytes(data)


@pytest.fixture(scope="module")
def _database(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("fuzz") / "kithkin.db"
    Kith(f"sqlite:///{path}").ok("add", "Known Person", "--email", "ann@example.com")
    db = open_db(f"sqlite:///{path}")
    yield db
    db.dispose()


def _case(kind: str, db, folder: Path, data: bytes) -> None:  # type: ignore[no-untyped-def]
    name = SEEDS[kind][0]
    path = folder / name
    path.write_bytes(data)
    options = readers.ReadOptions(me=frozenset({"me@example.com"}), today=date(2026, 2, 10))
    try:
        batch = readers.read(kind, path, options)
    except BadInput as exc:
        assert name in str(exc), f"the error names no file: {exc}"
        return
    try:
        with db.session() as s:
            importer.run(s, batch, kind, str(path), dry_run=True, add_unknown=True)
    except importer.Preview:
        return
    except BadInput as exc:
        assert name in str(exc) or "line" in str(exc), f"the error names no file: {exc}"


@pytest.mark.parametrize("kind", sorted(SEEDS))
def test_importers_take_any_bytes(kind: str, _database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    seed = SEEDS[kind][1]
    _case(kind, _database, tmp_path, seed)  # the seed itself imports

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(data=_mutated(seed))
    def run(data: bytes) -> None:
        _case(kind, _database, tmp_path, data)

    run()


def test_a_file_that_fails_commits_nothing(tmp_path: Path) -> None:
    """A file with a fatal fault half-way: nothing of its first half is written."""
    url = f"sqlite:///{tmp_path / 'kithkin.db'}"
    kith = Kith(url)
    kith.ok("add", "Ann Lee")
    before = dump(url)
    cards = tmp_path / "half.vcf"
    good = "".join(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Good {i}\r\nEND:VCARD\r\n" for i in range(50))
    cards.write_bytes(good.encode() + b"\xff\xfe\x00 not utf-8 at all \x81\x82")
    run = kith("import", "vcard", str(cards))
    if run.exit_code == 0:  # the reader skipped the bad tail: then all 50 are in
        assert len(kith.ok("list", "--json").json()) == 51
    else:
        assert run.exit_code == 2 and "half.vcf" in run.stderr
        assert dump(url) == before
    shutil.rmtree(tmp_path / "home", ignore_errors=True)
