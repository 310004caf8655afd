"""Each importer, on generated files: reading the same file again, or kithkin's own vCard
export of what it read, changes nothing (mbox and ICS have theirs beside their fixtures).

The generators mix what the wild has: namesakes with and without profile URLs, the same
company written two ways, impossible dates, phone numbers with and without their
country, names and notes with vCard's special characters. ``KITH_FUZZ=1`` (make fuzz)
runs many more examples.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Kith, dump

AS_OF = "2026-03-01"
FUZZ = os.environ.get("KITH_FUZZ") == "1"
PROPERTY = settings(
    max_examples=150 if FUZZ else 8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

firsts = st.sampled_from(["John", "Maria", "Zoë", "Li", "Ola", "Anne-Sophie", "Ed"])
lasts = st.sampled_from(["Smith", "García", "Ångström", "O'Neil", "Nordmann", "Lee"])
companies = st.sampled_from(["", " -", "Acme", "ACME, Inc.", "Globex", "Café; Crème, Ltd"])
titles = st.sampled_from(["", "Engineer", "CTO", "Head, Sales"])
days = st.sampled_from(["14 Mar 2022", "02 Nov 2021", "30 Feb 2022", "", "23-Nov-21"])
phones = st.sampled_from(["", "+44 20 7946 0000", "03 40 84 25 30", "098765 43210", "12"])
notes = st.sampled_from(["", "likes, commas; and\nnew lines", "back\\slash", "Ünïcödé ✓"])


def _fresh(template: Path, tmp: Path) -> Kith:
    """A new empty database for each example, so that a failure replays alone."""
    shutil.copy(template, tmp / "kithkin.db")
    return Kith(f"sqlite:///{tmp / 'kithkin.db'}")


def _import_twice(kith: Kith, kind: str, path: Path) -> None:
    kith.ok("import", kind, str(path), as_of=AS_OF)
    before = dump(kith.url)
    kith.ok("import", kind, str(path), as_of="2026-04-01")
    assert dump(kith.url) == before


def _export_and_back(kith: Kith, tmp: Path) -> None:
    """kithkin's own vCard export of the database, read back in: nothing changes."""
    before = dump(kith.url)
    cards = tmp / "cards"
    kith.ok("export", "vcard", str(cards), as_of=AS_OF)
    kith.ok("import", "vcard", str(cards), as_of="2026-04-01")
    assert dump(kith.url) == before


connection = st.tuples(firsts, lasts, st.booleans(), companies, titles, days)


@PROPERTY
@given(rows=st.lists(connection, min_size=1, max_size=12), urls=st.booleans())
def test_linkedin_connections_property(_sqlite_template, tmp_path_factory, rows, urls):
    tmp = tmp_path_factory.mktemp("li")
    kith = _fresh(_sqlite_template, tmp)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["First Name", "Last Name", *(["URL"] if urls else []), "Email Address",
                "Company", "Position", "Connected On"])  # fmt: skip
    for n, (first, last, email, company, title, day) in enumerate(rows):
        url = [f"https://www.linkedin.com/in/{first}-{last}-{n}".lower()] if urls else []
        mail = f"{first}.{n}@example.org".lower() if email and first.isascii() else ""
        w.writerow([first, last, *url, mail, company, title, day])
    path = tmp / "Connections.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    _import_twice(kith, "linkedin", path)
    _export_and_back(kith, tmp)


card = st.tuples(firsts, lasts, companies, phones, notes, st.booleans(), st.booleans())


def _vcard(n: int, first: str, last: str, org: str, phone: str, note: str, uid: bool,
           email: bool) -> str:  # fmt: skip
    def esc(v: str) -> str:
        return v.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")

    lines = ["BEGIN:VCARD", "VERSION:3.0", f"FN:{esc(first)} {esc(last)}",
             f"N:{esc(last)};{esc(first)};;;"]  # fmt: skip
    if uid:
        lines.append(f"UID:card-{n}")
    if org.strip(" -"):
        lines.append(f"ORG:{esc(org)}")
    if phone:
        lines.append(f"TEL;TYPE=CELL:{phone}")
    if email:
        lines.append(f"EMAIL:{first.lower()}.{n}@example.org")
    if note:
        lines.append(f"NOTE:{esc(note)}")
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"


@PROPERTY
@given(cards=st.lists(card, min_size=1, max_size=8), region=st.sampled_from(["none", "FR"]))
def test_vcard_property(_sqlite_template, tmp_path_factory, cards, region):
    tmp = tmp_path_factory.mktemp("vc")
    kith = _fresh(_sqlite_template, tmp)
    kith.ok("config", "set", "phone.region", region)
    path = tmp / "contacts.vcf"
    path.write_text("".join(_vcard(n, *c) for n, c in enumerate(cards)), encoding="utf-8")
    _import_twice(kith, "vcard", path)
    _export_and_back(kith, tmp)


google_row = st.tuples(firsts, lasts, companies, phones, notes, st.sampled_from(["", "Friends",
                       "Work ::: Friends"]))  # fmt: skip


@PROPERTY
@given(rows=st.lists(google_row, min_size=1, max_size=8))
def test_google_csv_property(_sqlite_template, tmp_path_factory, rows):
    tmp = tmp_path_factory.mktemp("gc")
    kith = _fresh(_sqlite_template, tmp)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["First Name", "Last Name", "Organization Name", "Notes", "Labels",
                "E-mail 1 - Value", "Phone 1 - Value"])  # fmt: skip
    for n, (first, last, org, phone, note, labels) in enumerate(rows):
        w.writerow([first, last, org, note, labels, f"g{n}@example.org" if n % 2 else "", phone])
    path = tmp / "google.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    _import_twice(kith, "google", path)
    _export_and_back(kith, tmp)


@PROPERTY
@given(rows=st.lists(google_row, min_size=1, max_size=8))
def test_outlook_csv_property(_sqlite_template, tmp_path_factory, rows):
    tmp = tmp_path_factory.mktemp("ol")
    kith = _fresh(_sqlite_template, tmp)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["First Name", "Last Name", "Company", "Job Title", "Notes", "E-mail Address",
                "Mobile Phone", "Categories"])  # fmt: skip
    for n, (first, last, org, phone, note, labels) in enumerate(rows):
        w.writerow([first, last, org, "", note, f"o{n}@example.org" if n % 2 else "", phone,
                    labels.replace(" ::: ", ";")])  # fmt: skip
    path = tmp / "outlook.csv"
    path.write_bytes(buf.getvalue().encode("utf-8-sig"))
    _import_twice(kith, "outlook", path)
    _export_and_back(kith, tmp)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
@PROPERTY
@given(cards=st.lists(card, min_size=1, max_size=6), region=st.sampled_from(["none", "FR", "IN"]))
def test_vcard_into_a_database_that_holds_earlier_imports_property(
    kith, tmp_path_factory, cards, region
):
    """The database keeps what the earlier examples imported (under other regions)."""
    tmp = tmp_path_factory.mktemp("vc")
    kith.ok("config", "set", "phone.region", region)
    path = tmp / "contacts.vcf"
    path.write_text("".join(_vcard(n, *c) for n, c in enumerate(cards)), encoding="utf-8")
    kith.ok("import", "vcard", str(path), as_of=AS_OF)
    _export_and_back(kith, tmp)


# ---- the paths of issue 12's files from the wild --------------------------------------

message = st.tuples(
    st.integers(0, 5), st.sampled_from(["in", "out", "out-no-to"]), st.integers(1, 28)
)


@PROPERTY
@given(rows=st.lists(connection, min_size=1, max_size=8),
       msgs=st.lists(message, min_size=1, max_size=10))  # fmt: skip
def test_linkedin_name_only_messages_property(_sqlite_template, tmp_path_factory, rows, msgs):
    """A 2021-2022 export (no URLs anywhere): the same zip again changes nothing, and a
    message is linked only to the one contact of its name, never to a namesake."""
    import zipfile

    tmp = tmp_path_factory.mktemp("lm")
    kith = _fresh(_sqlite_template, tmp)
    conns = io.StringIO()
    w = csv.writer(conns, lineterminator="\n")
    w.writerow(["First Name", "Last Name", "Email Address", "Company", "Position", "Connected On"])
    for first, last, _email, company, title, day in rows:
        w.writerow([first, last, "", company, title, day])
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO",
                "DATE", "SUBJECT", "CONTENT", "FOLDER"])  # fmt: skip
    me = "Me Myself"
    for n, (who, way, day) in enumerate(msgs):
        first, last = rows[who % len(rows)][:2]
        other = f"{first} {last}"
        when = f"2022-03-{day:02d} 10:{n % 60:02d}:00 UTC"
        if way == "in":
            w.writerow([f"c{who}", "", other, f"https://www.linkedin.com/in/x{who}", me, when, "",
                        f"m{n}", "INBOX"])  # fmt: skip
        else:
            to = "" if way == "out-no-to" else other
            w.writerow([f"c{who}", "", me, "https://www.linkedin.com/in/me", to, when, "",
                        f"m{n}", "INBOX"])  # fmt: skip
    path = tmp / "Basic_LinkedInDataExport.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("Connections.csv", conns.getvalue())
        zf.writestr("messages.csv", out.getvalue())
    _import_twice(kith, "linkedin", path)
    names: dict[str, int] = {}
    for p in kith.ok("list", "--json", as_of=AS_OF).json():
        names[p["name"]] = names.get(p["name"], 0) + 1
    for p in kith.ok("list", "--json", as_of=AS_OF).json():
        got = kith.ok("show", str(p["id"]), "--json", as_of=AS_OF).json()["interactions"]
        if names[p["name"]] > 1:
            assert got == [], f"{p['name']} has namesakes: a message is nobody's"
    _export_and_back(kith, tmp)


typed = st.tuples(firsts, lasts, st.sampled_from(["", "Acme", "Globex"]),
                  st.sampled_from(["", "CTO", "Designer"]),
                  st.sampled_from(["", "friends, old", "work", "a;b"]), notes)  # fmt: skip


@PROPERTY
@given(people=st.lists(typed, min_size=1, max_size=8))
def test_typed_contacts_export_and_back_property(_sqlite_template, tmp_path_factory, people):
    """Contacts typed with kith add (no source UID, often no address): the export read
    back changes nothing, and another database gets the same people."""
    tmp = tmp_path_factory.mktemp("tp")
    kith = _fresh(_sqlite_template, tmp)
    for first, last, org, title, tag, note in people:
        args = ["add", f"{first} {last}", "--force"]
        if org:
            args += ["--org", org] + (["--title", title] if title else [])
        if tag:
            args += ["--tag", tag]
        if note:
            args += ["--note", note]
        kith.ok(*args, as_of=AS_OF)
    _export_and_back(kith, tmp)

    def seen(k: Kith) -> list[tuple]:  # type: ignore[type-arg]
        return sorted(
            (
                p["name"],
                p["org"] or "",
                p["title"] or "",
                tuple(sorted(s["tags"])),
                s["notes"] or "",
            )
            for p in k.ok("list", "--json", as_of=AS_OF).json()
            for s in [k.ok("show", str(p["id"]), "--json", as_of=AS_OF).json()]
        )

    other = _fresh(_sqlite_template, tmp_path_factory.mktemp("tp2"))
    other.ok("import", "vcard", str(tmp / "cards"), as_of=AS_OF)
    assert seen(other) == seen(kith)
    before = dump(other.url)
    other.ok("import", "vcard", str(tmp / "cards"), as_of="2026-04-01")
    assert dump(other.url) == before


charset = st.sampled_from(["ISO-8859-1", "WINDOWS-1252", "UTF-8", "SHIFT_JIS", "KOI8-R"])
wild_names = st.sampled_from([("Jürgen", "Müller"), ("Séan", "O’Brien"), ("太郎", "山田"),
                              ("Иван", "Петров"), ("Zoë", "Ångström"), ("Ed", "Lee")])  # fmt: skip


@PROPERTY
@given(cards=st.lists(st.tuples(wild_names, charset, st.booleans(), phones), min_size=1,
                      max_size=6), region=st.sampled_from(["none", "FR"]))  # fmt: skip
def test_vcard21_charsets_property(_sqlite_template, tmp_path_factory, cards, region):
    """2.1 cards whose values say their CHARSET, quoted-printable or 8-bit: the names come
    out as written (never U+FFFD), and the same file again, or the export, changes nothing."""
    import quopri

    tmp = tmp_path_factory.mktemp("v21")
    kith = _fresh(_sqlite_template, tmp)
    kith.ok("config", "set", "phone.region", region)
    data = b""
    expected = []
    for (first, last), cs, qp, phone in cards:
        try:
            n, fn = f"{last};{first}".encode(cs), f"{first} {last}".encode(cs)
        except UnicodeEncodeError:
            cs = "UTF-8"
            n, fn = f"{last};{first}".encode(cs), f"{first} {last}".encode(cs)
        expected.append(f"{first} {last}")
        enc = b";ENCODING=QUOTED-PRINTABLE" if qp else b""
        if qp:
            n, fn = quopri.encodestring(n).strip(), quopri.encodestring(fn).strip()
        tel = b"TEL;CELL:" + phone.encode() + b"\r\n" if phone else b""
        data += (b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=" + cs.encode() + enc + b":" + n +
                 b"\r\nFN;CHARSET=" + cs.encode() + enc + b":" + fn + b"\r\n" + tel +
                 b"END:VCARD\r\n")  # fmt: skip
    path = tmp / "phone.vcf"
    path.write_bytes(data)
    _import_twice(kith, "vcard", path)
    got = sorted(p["name"] for p in kith.ok("list", "--json", as_of=AS_OF).json())
    assert set(got) == set(expected)
    assert "\ufffd" not in repr(dump(kith.url))
    _export_and_back(kith, tmp)
