"""kith import linkedin: Connections.csv in every shape LinkedIn (and Excel) has written."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from sqlalchemy import select

from conftest import dump
from importing_support import shared
from kithkin.store.tables import Occasion, Position

AS_OF = "2026-03-01"


def _by_name(kith, name: str) -> dict:
    return kith.ok("show", name, "--json").json()


def test_connections_2024_shape(kith):
    path = shared("linkedin", "Connections_2024_shape.csv")
    out = kith.ok("import", "linkedin", str(path), "--json", as_of=AS_OF).json()
    assert out["contacts"]["new"] == 13
    # The last row is blank but for its date: a member who hides their profile.
    assert [(s["line"], s["reason"].split(":")[0]) for s in out["skipped"]] == [
        (18, "hidden member")
    ]
    people = {p["name"]: p for p in kith.ok("list", "--json").json()}
    assert people["Alex Example"]["org"] == "Cakewalk"
    assert people["Alex Example"]["tier"] == "none"
    assert "Igor Fictional" in people  # a tab inside the first name
    assert 'James "Tyler" Fakename' in people  # doubled quotes
    assert people["Sudhanshu 🔸 Madeup"]["org"] == "80,000 Hours"  # quoted comma, emoji
    assert people["Hendrik Jan Invented"]["org"] is None  # company " -"
    assert people["Manoj Spaceprefix"]["title"] == "Senior Team Lead - Delivery"
    alex = _by_name(kith, "Alex Example")
    assert alex["connected_on"] == "2024-10-09"
    assert alex["urls"] == [
        {"url": "https://www.linkedin.com/in/alex-example-776372252", "kind": "linkedin"}
    ]
    goran = _by_name(kith, "Goran")
    assert goran["urls"][0]["url"] == "https://www.linkedin.com/in/goran-stipetić-5b837a2a0"
    assert _by_name(kith, "Jordan")["emails"] == ["jordan.testcase@example.com"]


def test_reimport_changes_nothing(kith):
    path = shared("linkedin", "Connections_2024_shape.csv")
    kith.ok("import", "linkedin", str(path), as_of=AS_OF)
    before = dump(kith.url)
    out = kith.ok("import", "linkedin", str(path), "--json", as_of="2026-04-01").json()
    assert out["contacts"] == {
        "new": 0,
        "updated": 0,
        "merged": 0,
        "unchanged": 13,
        "possible_duplicates": 0,
    }
    assert dump(kith.url) == before


def test_new_company_ends_old_position_and_creates_new_role(kith, db, tmp_path: Path):
    path = shared("linkedin", "Connections_2024_shape.csv")
    kith.ok("import", "linkedin", str(path), as_of=AS_OF)
    text = path.read_text(encoding="utf-8")
    moved = tmp_path / "Connections.csv"
    moved.write_text(
        text.replace("Cakewalk,Founding SDR", "Globex,Head of Sales")
        # A hidden company (" -") that became a real one is a new role too.
        .replace(" -,Looking for new job / Exploring opportunities", "Initech,Engineer"),
        encoding="utf-8",
    )
    out = kith.ok("import", "linkedin", str(moved), "--json", as_of="2026-05-10").json()
    assert out["contacts"]["updated"] == 2
    assert out["new_roles"] == 2
    alex = _by_name(kith, "Alex Example")
    jobs = sorted(alex["positions"], key=lambda p: p["start"] or "")
    assert [(p["org"], p["title"], p["start"], p["end"]) for p in jobs] == [
        ("Cakewalk", "Founding SDR", None, "2026-05-10"),
        ("Globex", "Head of Sales", "2026-05-10", None),
    ]
    with db.session() as s:
        occasions = s.scalars(select(Occasion).order_by(Occasion.id)).all()
        assert [(o.kind, o.occurred_on.isoformat(), o.source) for o in occasions] == [
            ("new_role", "2026-05-10", "linkedin"),
            ("new_role", "2026-05-10", "linkedin"),
        ]
        assert "Head of Sales at Globex" in (occasions[0].note or "")
    # The note says what the role is; the occasion's kind already says "new role", and a
    # draft that said it twice ("your new role (new role: ...)") was not sendable.
    text = kith.ok("draft", "Alex Example", "--json", as_of="2026-05-10").json()["text"]
    assert "Congratulations on your new role (Head of Sales at Globex)!" in text
    why = kith.ok("today", "--json", as_of="2026-05-10").json()
    assert all("new role (new role" not in item["why"] for item in why)
    # And importing the new file again is a no-op.
    before = dump(kith.url)
    kith.ok("import", "linkedin", str(moved), as_of="2026-05-11")
    assert dump(kith.url) == before


def test_legacy_2018_shape(kith):
    path = shared("linkedin", "Connections_2018_legacy_shape.csv")
    out = kith.ok("import", "linkedin", str(path), "--json", as_of=AS_OF).json()
    assert out["contacts"]["new"] == 4
    claus = _by_name(kith, "Claus")
    assert claus["connected_on"] == "2018-01-08"
    assert claus["emails"] == ["claus@example.dk"]
    assert claus["org"] == "ApproveIT"
    vaibhav = _by_name(kith, "Vaibhav")
    assert vaibhav["org"] == "The Startup Edge-Entrepreneurship Cell, Ramjas College."
    # 2018 exports put member URNs in the e-mail column: not an address.
    assert _by_name(kith, "Yugam")["emails"] == []
    before = dump(kith.url)
    kith.ok("import", "linkedin", str(path), as_of=AS_OF)
    assert dump(kith.url) == before


def test_excel_resaved_shape_is_read_and_nameless_rows_skipped(kith):
    path = shared("linkedin", "Connections_excel_resaved_shape.csv")
    out = kith.ok("import", "linkedin", str(path), "--json", as_of=AS_OF).json()
    assert out["contacts"]["new"] == 0
    assert [s["line"] for s in out["skipped"]] == [5, 6]
    assert "no name" in out["skipped"][0]["reason"]


def test_bom_and_crlf(kith, tmp_path: Path):
    text = shared("linkedin", "Connections_2024_shape.csv").read_text(encoding="utf-8")
    path = tmp_path / "Connections.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    out = kith.ok("import", "linkedin", str(path), "--json", as_of=AS_OF).json()
    assert out["contacts"]["new"] == 13


def test_dry_run_writes_nothing(kith):
    path = shared("linkedin", "Connections_2024_shape.csv")
    kith.ok("list")
    before = dump(kith.url)
    out = kith.ok("import", "linkedin", str(path), "--dry-run", "--json").json()
    assert out["dry_run"] is True and out["contacts"]["new"] == 13
    assert dump(kith.url) == before


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    path.write_bytes(buf.getvalue())
    return path


def test_zip_and_folder(kith, tmp_path: Path):
    conn = shared("linkedin", "Connections_2024_shape.csv").read_bytes()
    z = _zip(tmp_path / "export.zip", {"Basic_LinkedInDataExport/Connections.csv": conn})
    assert kith.ok("import", "linkedin", str(z), "--json").json()["contacts"]["new"] == 13
    folder = tmp_path / "unpacked"
    folder.mkdir()
    (folder / "Connections.csv").write_bytes(conn)
    out = kith.ok("import", "linkedin", str(folder), "--json").json()
    assert out["contacts"]["unchanged"] == 13


# ---- bad input: one line naming file and line, exit 2, nothing written ------------------


def _refused(kith, *args: str) -> str:
    kith.ok("list")
    before = dump(kith.url)
    run = kith.bad(*args)
    assert dump(kith.url) == before
    return run.stderr.strip()


def test_truncated_csv(kith, tmp_path: Path):
    text = shared("linkedin", "Connections_2024_shape.csv").read_text(encoding="utf-8")
    cut = text[: text.index("Principal Consultant") + 5]  # inside a quoted field
    path = tmp_path / "Connections.csv"
    path.write_text(cut, encoding="utf-8")
    msg = _refused(kith, "import", "linkedin", str(path))
    assert str(path) in msg and "line 8" in msg


def test_truncated_row(kith, tmp_path: Path):
    path = tmp_path / "Connections.csv"
    path.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ada,Lovelace,https://www.linkedin.com/in/ada,,Engines,Analyst,09 Oct 2024\n"
        "Bob,Tru\n",
        encoding="utf-8",
    )
    msg = _refused(kith, "import", "linkedin", str(path))
    assert "line 3" in msg and "truncated" in msg


def test_undecodable_byte(kith, tmp_path: Path):
    data = shared("linkedin", "Connections_2024_shape.csv").read_bytes()
    lines = data.split(b"\n")
    lines[5] = lines[5].replace(b"Mira", b"M\xefra")
    path = tmp_path / "Connections.csv"
    path.write_bytes(b"\n".join(lines))
    msg = _refused(kith, "import", "linkedin", str(path))
    assert str(path) in msg and "line 6" in msg and "0xef" in msg


def test_excel_resaved_in_windows_1252_reads_with_the_encoding_the_error_names(
    kith, tmp_path: Path
):
    """Excel's "CSV (Comma delimited)" re-save writes the Windows code page, not UTF-8:
    the refusal says "try --encoding", so `kith import linkedin` must take it."""
    path = tmp_path / "Connections.csv"
    path.write_bytes(
        (
            "Notes:,,,,,,\r\n"
            '"When exporting your connection data, you may notice that some of the email '
            'addresses are missing.",,,,,,\r\n'
            ",,,,,,\r\n"
            "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
            "José,Müller,https://www.linkedin.com/in/jose-muller,,Société Générale,"
            "Directeur Général,23-Nov-21\r\n"
        ).encode("cp1252")
    )
    msg = _refused(kith, "import", "linkedin", str(path))
    assert "line 5" in msg and "try --encoding" in msg
    before = dump(kith.url)
    assert kith.bad("import", "linkedin", str(path), "--encoding", "klingon").stderr.strip() == (
        "error: unknown encoding 'klingon'"
    )
    assert dump(kith.url) == before
    out = kith.ok("import", "linkedin", str(path), "--encoding", "cp1252", "--json").json()
    assert out["contacts"]["new"] == 1
    jose = _by_name(kith, "José Müller")
    assert (jose["org"], jose["title"], jose["connected_on"]) == (
        "Société Générale",
        "Directeur Général",
        "2021-11-23",
    )
    again = kith.ok("import", "linkedin", str(path), "--encoding", "cp1252", "--json").json()
    assert again["contacts"]["unchanged"] == 1


def test_excel_resaved_in_a_european_locale_with_semicolons_and_dotted_dates(kith, tmp_path: Path):
    """Excel in German or French settings re-saves a CSV with ";" between the cells
    and its own dates (23.11.2021): it was refused with "',' expected after '\"'"."""
    path = tmp_path / "Connections.csv"
    path.write_bytes(
        (
            "Notes:;;;;;;\r\n"
            '"When exporting your connection data; you may notice that some of the email '
            'addresses are missing.";;;;;;\r\n'
            ";;;;;;\r\n"
            "First Name;Last Name;URL;Email Address;Company;Position;Connected On\r\n"
            "José;Müller;https://www.linkedin.com/in/jose-muller;;Société Générale, S.A.;"
            '"Directeur; Général";23.11.2021\r\n'
            "Ann;Lee;https://www.linkedin.com/in/ann-lee;;Acme;CTO;05.03.19\r\n"
        ).encode("cp1252")
    )
    out = kith.ok("import", "linkedin", str(path), "--encoding", "cp1252", "--json").json()
    assert out["contacts"]["new"] == 2 and out["warnings"] == []
    jose = _by_name(kith, "José Müller")
    assert (jose["org"], jose["title"], jose["connected_on"]) == (
        "Société Générale, S.A.",
        "Directeur; Général",
        "2021-11-23",
    )
    assert _by_name(kith, "Ann Lee")["connected_on"] == "2019-03-05"


def test_not_a_linkedin_file(kith):
    vcf = shared("vcard", "khard_category.vcf")
    msg = _refused(kith, "import", "linkedin", str(vcf))
    assert "not a LinkedIn export file" in msg


def test_zip_without_expected_members(kith, tmp_path: Path):
    z = _zip(tmp_path / "export.zip", {"Rich_Media.csv": b"a,b\n1,2\n"})
    msg = _refused(kith, "import", "linkedin", str(z))
    assert "Connections.csv" in msg


def test_broken_zip(kith, tmp_path: Path):
    path = tmp_path / "export.zip"
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    msg = _refused(kith, "import", "linkedin", str(path))
    assert "not a readable zip" in msg


def test_missing_path(kith, tmp_path: Path):
    _refused(kith, "import", "linkedin", str(tmp_path / "nope.zip"))


def test_a_first_linkedin_import_after_an_address_book_congratulates_nobody(kith, tmp_path: Path):
    """Google Contacts knew Ada at Analytical Engines with no title, Ben as an engineer at
    Globex: their first LinkedIn export is not a job change seen (R9 speaks of a
    re-import). It made a "new role" of each, to congratulate today."""
    book = tmp_path / "google.csv"
    book.write_text(
        "First Name,Last Name,Organization Name,Organization Title,E-mail 1 - Label,"
        "E-mail 1 - Value\n"
        "Ada,Lovelace,Analytical Engines Ltd,,* Work,ada@example.org\n"
        "Ben,Okafor,Globex,Engineer,* Work,ben@example.org\n",
        encoding="utf-8",
    )
    kith.ok("import", "google", str(book), as_of=AS_OF)
    conn = tmp_path / "Connections.csv"
    conn.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ada,Lovelace,https://www.linkedin.com/in/ada,,Analytical Engines,Analyst,09 Oct 2024\n"
        "Ben,Okafor,https://www.linkedin.com/in/ben,ben@example.org,Initech,CTO,10 Oct 2024\n",
        encoding="utf-8",
    )
    out = kith.ok("import", "linkedin", str(conn), "--json", as_of=AS_OF).json()
    assert out["contacts"]["merged"] == 2 and out["new_roles"] == 0
    assert "congratulate" not in kith.ok("today", as_of=AS_OF).stdout
    ben = _by_name(kith, "Ben Okafor")
    assert (ben["org"], ben["title"]) == ("Initech", "CTO")  # LinkedIn's job is current
    # From now on LinkedIn knows them: a newer export with a change is a new role.
    conn.write_text(
        conn.read_text(encoding="utf-8").replace("Initech,CTO", "Initech,CEO"),
        encoding="utf-8",
    )
    out = kith.ok("import", "linkedin", str(conn), "--json", as_of="2026-04-01").json()
    assert out["new_roles"] == 1
    assert "Ben Okafor" in kith.ok("today", as_of="2026-04-01").stdout


def test_positions_of_reimported_people_stay_single(kith, db):
    path = shared("linkedin", "Connections_2024_shape.csv")
    kith.ok("import", "linkedin", str(path))
    kith.ok("import", "linkedin", str(path))
    with db.session() as s:
        # 11 at a company, and Hendrik's title at none (company " -"): kept, once.
        assert len(s.scalars(select(Position)).all()) == 12


def test_a_second_open_job_is_no_job_change(kith):
    """A job the user typed beside the one LinkedIn reports (a side project, or a card's
    organization brought in by a merge) is not a change of job: re-importing the same
    export ends nothing and congratulates nobody (before, the latest open job was taken
    for the current one, ended, and a new role made up)."""
    path = shared("linkedin", "Connections_2024_shape.csv")
    kith.ok("import", "linkedin", str(path), as_of=AS_OF)
    kith.ok("job", "add", "Alex Example", "--org", "Side Project", "--title", "Advisor",
            "--start", "2025-01-01", as_of=AS_OF)  # fmt: skip
    before = dump(kith.url)
    out = kith.ok("import", "linkedin", str(path), "--json", as_of="2026-04-01").json()
    assert out["new_roles"] == 0
    assert out["contacts"]["updated"] == 0
    assert dump(kith.url) == before
