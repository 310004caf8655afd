"""Every importer under generated and mutated input (hypothesis).

Whatever bytes a file holds, reading and importing it either works or raises the
importers' one documented error (:class:`BadInput`, naming the file); nothing
else escapes, and a file that fails commits nothing. ``make fuzz`` tries 10,000
inputs per seed (KITH_FUZZ=1); ``make test`` a few dozen.

Each importer has its plain seed, and the paths files from the wild take have their
own (issue 12): LinkedIn's name-only connections and messages, vCard 2.1 values in
their CHARSET (quoted-printable and 8-bit), numbers without their country under a
phone region and an address's country, several VCALENDAR objects, and a recurring
series with RDATE, EXDATE, moved and cancelled occurrences in time zones.
"""

from __future__ import annotations

import os
import shutil
import traceback
import warnings
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

SEEDS: dict[str, tuple[str, bytes]] = {  # seed -> (file name, bytes); kind: KIND
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
    "linkedin-name-only": (
        "Connections.csv",
        b'Notes:\n"When exporting your connection data..."\n\n'
        b"First Name,Last Name,Email Address,Company,Position,Connected On\n"
        b"John,Smith,,Globex,Engineer,14 Mar 2022\nJohn,Smith,,Initech,Sales,02 Nov 2021\n"
        b"Rahul,Sharma,,Infosys,Analyst,11 Nov 2021\nRahul,Sharma,,Infosys,Analyst,11 Nov 2021\n"
        b"Priya,Raman,,Umbrella,Data Scientist,30 Feb 2022\n",
    ),
    "linkedin-name-only-messages": (
        "messages.csv",
        b"CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,SUBJECT,CONTENT,"
        b"FOLDER\n"
        b"c1,,John Smith,https://www.linkedin.com/in/js,Me Myself,2022-04-05 11:30:00 UTC,,Hi,"
        b"INBOX\nc1,,Me Myself,https://www.linkedin.com/in/me,,2022-04-06 08:00:00 UTC,,Yo,"
        b"INBOX\nc2,,Me Myself,https://www.linkedin.com/in/me,Priya Raman,2022-04-07 08:00:00 UTC"
        b',,"<p>Congrats, Priya</p>",SENT\nc3,Sponsored Conversation,LinkedIn Member,,Me Myself,'
        b"2022-04-08 08:00:00 UTC,,Ad,INBOX\n",
    ),
    "vcard-charsets": (
        "old-phone.vcf",
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:M=FCller;J"
        b"=FCrgen\r\nFN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:J=FCrgen M=FCller\r\nORG;CH"
        b"ARSET=WINDOWS-1252;QUOTED-PRINTABLE:Caf=E9 =96 Stra=DFe\r\nNOTE;CHARSET=UTF-8;ENCODING=QU"
        b"OTED-PRINTABLE:=C3=A9t=C3=A9 long line with a soft=\r\n break\r\nTEL;CELL:0340842530"
        b"\r\nADR;WORK:;;1 rue X;Lyon;;69001;France\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=SHIFT_JIS:\x8eR\x93c;\x91\xbe\x98Y\r\n"
        b"FN;CHARSET=SHIFT_JIS:\x8eR\x93c \x91\xbe\x98Y\r\nTEL:090-1234-5678\r\n"
        b"N;CHARSET=X-UNKNOWN:Doe;J\xe9r\xf4me\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nPROFILE:VCard\r\nFN:Babs Jensen\r\nN:Jensen;Babs;;;"
        b"\r\nAGENT:BEGIN:VCARD\\nFN:Susan\\nEND:VCARD\\n\r\nTEL:098765 43210\r\nX-KITHKIN-TIER:"
        b"close\r\nX-KITHKIN-CONNECTED-ON:2021-02-03\r\nCATEGORIES:friends\\, old,work\r\nEND:VCA"
        b"RD\r\n",
    ),
    "google-region": (
        "google.csv",
        b"Name,Given Name,Family Name,Phone 1 - Type,Phone 1 - Value,Phone 2 - Value,"
        b"Address 1 - Country\nRavi Kumar,Ravi,Kumar,Mobile,098765 43210 ::: +91 98765 43211,"
        b"+999 1234567,India\nSue Ito,Sue,Ito,Mobile,090-1234-5678,0033 6 12 34 56 78,\n",
    ),
    "outlook-region": (
        "outlook.csv",
        b"First Name,Last Name,E-mail Address,Mobile Phone,Business Phone,"
        b"Business Country/Region\r\n"
        b"Karl,Busch,,030 1234567,+49 30 1234567 ext. 12,Deutschland\r\n",
    ),
    "mbox-wild": (
        "netscape.mbox",
        b'\xef\xbb\xbfFrom - Mon Jan  1 00:00:00 2024\nFrom: "\xc3\x9cn\xc3\xaf" <uni@b\xc3'
        b"\xbccher.example>\nTo: me@test.local\nContent-Length: 3\nSubject: =?iso-8859-1?q?R=E9"
        b"union?=\nDate: Thu, 01 Feb 2024 10:00:00 +0000\n\nhi\nFrom - Mon Jan  2 00:00:00 2024\n"
        b"From: MAILER-DAEMON\nTo: me@test.local\nDate: Fri, 02 Feb 2024 10:00:00 +0000\n\nx\n"
        b"From x Mon Jan  3 00:00:00 2024\nFrom: undisclosed-recipients:;\nTo: <mailto:me@test"
        b".local>\nDate: Sat, 03 Feb 2024 10:00:00 +0000\n\ny\n",
    ),
    "ics-recurrence": (
        "series.ics",
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\nBEGIN:STAN"
        b"DARD\r\nDTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nTZOFFSE"
        b"TFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\n"
        b"UID:w1\r\nDTSTART;TZID=Europe/Paris:20240105T233000\r\nDTEND;TZID=Europe/Paris:20240106"
        b"T000000\r\nRRULE:FREQ=WEEKLY;UNTIL=20240301T000000Z\r\nEXDATE;TZID=Europe/Paris:2024011"
        b"2T233000\r\nRDATE;TZID=Europe/Paris:20240108T233000\r\nORGANIZER:mailto:me@example.com"
        b"\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:ann@example.com\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\n"
        b"UID:w1\r\nRECURRENCE-ID;TZID=Europe/Paris:20240119T233000\r\nDTSTART;TZID=Europe/Paris:"
        b"20240120T100000\r\nORGANIZER:mailto:me@example.com\r\nATTENDEE:mailto:ann@example.com"
        b"\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:w1\r\nRECURRENCE-ID;TZID=Europe/Paris:20240126T2"
        b"33000\r\nDTSTART;TZID=Europe/Paris:20240126T233000\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nUID:bad\r\nDTSTART:20240110T100000Z\r\nDTSTART:x\r\nEND:VEVENT\r\n"
        b"END:VCALENDAR\r\nBEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:w2\r\nDTSTART;"
        b"VALUE=DATE:20240201\r\nORGANIZER:mailto:ann@example.com\r\nATTENDEE:mailto:me@example."
        b"com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    ),
}


def _kind(seed: str) -> str:
    """The importer a seed is for: the part of its name before the first dash."""
    return seed.split("-", 1)[0]


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
                     b"RRULE:FREQ=SECONDLY\r\n", b"BEGIN:VEVENT\r\n", b"=?utf-8?b?AAAA?=",
                     b";CHARSET=SHIFT_JIS", b";ENCODING=QUOTED-PRINTABLE", b"=E9", b"=\r\n",
                     b"CHARSET=base64:", b"0340842530", b"+999 1234567", b"Content-Length: 9\n",
                     b"\xef\xbb\xbf", b"END:VCALENDAR\r\nBEGIN:VCALENDAR\r\n",
                     b"STATUS:CANCELLED\r\n", b"EXDATE:20240119T233000\r\n",
                     b"RECURRENCE-ID:20240112T233000Z\r\n", b"RDATE;VALUE=PERIOD:2024", b",,,"]
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
    kith = Kith(f"sqlite:///{path}")
    kith.ok("add", "Known Person", "--email", "ann@example.com")
    # Namesakes (name-only LinkedIn messages meet ambiguity), and a phone region: the
    # paths numbers without their country take.
    kith.ok("add", "John Smith", "--org", "Globex")
    kith.ok("add", "John Smith", "--org", "Initech", "--force")
    kith.ok("add", "Priya Raman", "--phone", "0340842530")
    kith.ok("config", "set", "phone.region", "FR")
    db = open_db(f"sqlite:///{path}")
    yield db
    db.dispose()


def _case(seed: str, db, folder: Path, data: bytes, *, whole: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Read and import ``data``; anything but the documented outcome fails the test with
    a message in ASCII (a message holding surrogates, raw bytes of the file, cannot cross
    to pytest-xdist's controller, which then crashes instead of reporting the failure)."""
    try:
        with warnings.catch_warnings():  # a library's warning may quote the file's raw
            warnings.simplefilter("ignore")  # bytes too (tests/test_import_ics_* watch them)
            _read_and_import(seed, db, folder, data, whole)
    except AssertionError as exc:
        raise AssertionError(f"{seed}: {str(exc)!a}") from None
    except Exception as exc:
        where = traceback.extract_tb(exc.__traceback__)[-3:]
        trail = "; ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno}" for f in where)
        raise AssertionError(f"{seed}: {type(exc).__name__}: {str(exc)!a} at {trail}") from None


def _read_and_import(seed: str, db, folder: Path, data: bytes, whole: bool) -> None:  # type: ignore[no-untyped-def]
    name, kind = SEEDS[seed][0], _kind(seed)
    path = folder / name
    path.write_bytes(data)
    me = frozenset({"me@example.com", "me@test.local"})
    options = readers.ReadOptions(me=me, today=date(2026, 2, 10))
    try:
        batch = readers.read(kind, path, options)
    except BadInput as exc:
        assert not whole, f"the seed itself is refused: {exc}"
        assert name in str(exc), f"the error names no file: {exc}"
        return
    if whole:
        assert batch.people or batch.interactions, f"the seed {seed} reads as nothing"
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
    _case(kind, _database, tmp_path, seed, whole=True)  # the seed itself imports

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
        # make test tries the same few dozen inputs every run, so that CI is red only
        # when the code changed; make fuzz explores new ones each time it runs
        derandomize=not FUZZ,
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
