"""vCards from older phones and mail clients: CHARSET per property, RFC properties that
kithkin does not read, and kithkin's own export coming back in whole."""

from __future__ import annotations

from pathlib import Path

from conftest import Kith, dump
from kithkin.formats import vcard
from kithkin.store.db import open_db

FIXTURES = Path(__file__).resolve().parent / "fixtures"
AS_OF = "2026-03-01"


def _parse(name: str) -> vcard.Batch:
    return vcard.parse((FIXTURES / name).read_bytes(), name)


def test_quoted_printable_values_in_their_charset():
    batch = _parse("vcard21_quoted_printable_charset_per_property.vcf")
    people = {p.display_name: p for p in batch.people}
    assert set(people) == {"Jürgen Müller", "Иван Петров", "Renée François"}
    jurgen = people["Jürgen Müller"]
    assert (jurgen.given_name, jurgen.family_name) == ("Jürgen", "Müller")
    assert jurgen.org == "Café Crème – Straße"  # windows-1252: the en dash is 0x96
    assert jurgen.notes == "Erste Zeile été\nzweite Zeile"  # a soft line break
    assert people["Иван Петров"].family_name == "Петров"  # KOI8-R
    # No CHARSET and bytes that are not UTF-8: Windows-1252, as the clients wrote them.
    assert people["Renée François"].emails == ["renee@example.fr"]
    assert batch.skipped == [] and batch.warnings == []
    assert not any("\ufffd" in repr(p) for p in batch.people)


def test_unknown_x_prefixed_and_non_text_charsets_keep_the_card():
    """A charset Python does not know is read as one that does not say (with a note);
    mail clients' x- names (x-mac-roman, x-sjis) are the charsets they name."""
    batch = _parse("vcard21_unknown_x_prefixed_and_non_text_charsets.vcf")
    assert batch.skipped == []
    names = [p.display_name for p in batch.people]
    assert names == ["Jérôme Doe", "Zoë Müller", "山田 太郎", "Åsa Nilsson"]
    assert not any("\ufffd" in repr(p) for p in batch.people)
    notes = "\n".join(batch.warnings)
    assert "unknown charset 'X-UNKNOWN-CHARSET' ignored" in notes
    assert "'base64'" in notes  # a codec, not a charset (rot13 on UTF-8 text: no matter)
    assert "mac" not in notes and "sjis" not in notes


def test_a_charset_name_holding_raw_bytes_or_nul_is_unknown_not_a_crash():
    """codecs.lookup raises ValueError (not LookupError) for such a name: a mutated
    CHARSET made the import fail with a traceback instead of keeping the card."""
    for name in (b"ISO-8859-1\xff\xfe", b"utf\x00-8"):
        card = (
            b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=" + name + b":M\xfcller;J\xfcrgen\r\n"
            b"FN;CHARSET=" + name + b":J\xfcrgen M\xfcller\r\nEND:VCARD\r\n"
        )
        batch = vcard.parse(card, "odd.vcf")
        assert batch.skipped == []
        assert [p.display_name for p in batch.people] == ["Jürgen Müller"]
        assert any("unknown charset" in w for w in batch.warnings)


def test_eight_bit_values_in_a_file_that_is_not_utf8(kith):
    path = FIXTURES / "vcard21_8bit_charset_file_not_utf8.vcf"
    out = kith.ok("import", "vcard", str(path), "--json").json()
    assert out["contacts"]["new"] == 2 and out["skipped"] == []
    assert out["warnings"] == []
    names = {p["name"]: p for p in kith.ok("list", "--json").json()}
    assert names["Ærle Sørensen"]["org"] == "Københavns Kommune"
    assert "Inés Gómez" in names


def test_a_replacement_character_is_never_stored_silently(kith, tmp_path: Path):
    card = tmp_path / "mangled.vcf"
    card.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Jos\ufffd Garc\ufffda\nEND:VCARD\n")
    out = kith.ok("import", "vcard", str(card), "--json").json()
    assert out["contacts"]["new"] == 1
    [note] = out["warnings"]
    assert "U+FFFD" in note and "line 1" in note


def test_lotus_notes_profile_and_other_rfc_properties_keep_the_card():
    batch = _parse("lotus_notes_profile_vcard_and_other_rfc_properties.vcf")
    assert batch.skipped == []
    [babs] = batch.people
    assert babs.display_name == "Babs Jensen"
    assert babs.emails == ["babs@example.com"] and babs.org == "Example Corp."


def test_every_field_goes_out_and_comes_back(kith, tmp_path: Path):
    kith.ok("import", "linkedin", str(_connections(tmp_path)), as_of=AS_OF)
    kith.ok("edit", "Ada Lovelace", "--tier", "close", "--cadence", "21", "--channel", "call",
            "--how-met", "PyCon 2019", "--time-zone", "Europe/London", "--min-interval", "9",
            "--professional-only", "--phone", "+44 20 7946 0958", "--email", "ada@example.org",
            "--tag", "mentor", "--note", "likes engines", "--location", "London, UK",
            as_of=AS_OF)  # fmt: skip
    cards = tmp_path / "cards"
    kith.ok("export", "vcard", str(cards), as_of=AS_OF)
    [ada_card] = [f for f in cards.glob("*.vcf") if "ada" in f.name.lower()]
    text = ada_card.read_text()
    assert "X-KITHKIN-CONNECTED-ON:2020-10-10" in text and "X-KITHKIN-TIER:close" in text
    before = dump(kith.url)
    again = kith.ok("import", "vcard", str(cards), "--json", as_of=AS_OF).json()
    assert again["contacts"]["new"] == 0 and dump(kith.url) == before
    other = Kith(f"sqlite:///{tmp_path / 'other.db'}")
    open_db(other.url).dispose()
    other.ok("import", "vcard", str(cards), as_of=AS_OF)
    fields = ("name", "emails", "phones", "phones_as_written", "urls", "tags", "tier",
              "cadence_days", "preferred_channel", "how_met", "time_zone", "boundaries",
              "connected_on", "notes", "location", "birthday")  # fmt: skip
    mine = kith.ok("show", "Ada Lovelace", "--json").json()
    theirs = other.ok("show", "Ada Lovelace", "--json").json()
    assert {f: theirs.get(f) for f in fields} == {f: mine.get(f) for f in fields}
    assert theirs["positions"][0]["org"] == "Babbage"
    assert theirs["boundaries"]["min_interval_days"] == 9
    assert theirs["boundaries"]["professional_only"] is True
    assert theirs["phones_as_written"] == ["+44 20 7946 0958"]


def _connections(tmp_path: Path) -> Path:
    path = tmp_path / "Connections.csv"
    path.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace,,Babbage,Analyst,10 Oct 2020\n"
    )
    return path


def test_typed_contacts_without_an_id_namesakes_and_comma_tags_come_back_as_themselves(
    kith, tmp_path: Path
):
    """Contacts typed with kith add (no source UID: the export derives one), namesakes at
    one organization, and a tag holding a comma: the export read back changes nothing,
    and another database gets the same people, not fewer, not split tags."""
    kith.ok("add", "Bob", as_of=AS_OF)
    kith.ok("add", "Carol Jones", "--note", "met once", as_of=AS_OF)
    kith.ok("add", "Dan Brown", "--tag", "friends, old", "--tag", "work", as_of=AS_OF)
    kith.ok("add", "Eve Stone", "--org", "Acme", "--title", "CTO", as_of=AS_OF)
    kith.ok("add", "Eve Stone", "--org", "Acme", "--title", "Designer", "--force", as_of=AS_OF)
    cards = tmp_path / "cards"
    kith.ok("export", "vcard", str(cards), as_of=AS_OF)
    before = dump(kith.url)
    again = kith.ok("import", "vcard", str(cards), "--json", as_of=AS_OF).json()
    assert again["contacts"]["new"] == 0 and again["contacts"]["updated"] == 0
    assert dump(kith.url) == before
    other = Kith(f"sqlite:///{tmp_path / 'other.db'}")
    open_db(other.url).dispose()
    other.ok("import", "vcard", str(cards), as_of=AS_OF)
    people = other.ok("list", "--json").json()
    assert sorted(p["name"] for p in people) == sorted(
        ["Bob", "Carol Jones", "Dan Brown", "Eve Stone", "Eve Stone"]
    )
    assert other.ok("show", "Dan Brown", "--json").json()["tags"] == ["friends, old", "work"]
    again = other.ok("import", "vcard", str(cards), "--json", as_of=AS_OF).json()
    assert again["contacts"]["new"] == 0 and again["contacts"]["updated"] == 0


def test_people_of_any_script_are_found_by_their_name_in_any_case(kith):
    """SQLite's lower() folds ASCII only: Иван Петров could not be found as typed."""
    kith.ok("import", "vcard", str(FIXTURES / "vcard21_quoted_printable_charset_per_property.vcf"),
            as_of=AS_OF)  # fmt: skip
    kith.ok("add", "Ørsted Élodie", as_of=AS_OF)
    for typed, name in (("Иван", "Иван Петров"), ("иван петров", "Иван Петров"),
                        ("ПЕТРОВ", "Иван Петров"), ("ørsted", "Ørsted Élodie"),
                        ("ÉLODIE", "Ørsted Élodie"), ("JÜRGEN", "Jürgen Müller")):  # fmt: skip
        assert kith.ok("show", typed, "--json").json()["name"] == name
    assert "already in your network: #" in kith.bad("add", "ИВАН ПЕТРОВ", as_of=AS_OF).stderr


def test_a_derived_uid_from_another_database_is_not_someone_else_here(tmp_path: Path):
    """Two databases started the same day: the first contact of each gets the same
    derived UID in its export. Bob's card is not Alice, whatever the UID says."""
    home, work = (Kith(f"sqlite:///{tmp_path / n}") for n in ("home.db", "work.db"))
    for k in (home, work):
        open_db(k.url).dispose()
    home.ok("add", "Alice Martin", as_of=AS_OF)
    work.ok("add", "Bob Stone", as_of=AS_OF)
    cards = tmp_path / "cards"
    work.ok("export", "vcard", str(cards), as_of=AS_OF)
    alice = home.ok("show", "Alice Martin", "--json").json()
    assert alice["id"] == work.ok("show", "Bob Stone", "--json").json()["id"]
    out = home.ok("import", "vcard", str(cards), "--json", as_of=AS_OF).json()
    assert out["contacts"]["new"] == 1
    assert sorted(p["name"] for p in home.ok("list", "--json").json()) == [
        "Alice Martin",
        "Bob Stone",
    ]


def test_a_line_vobject_cannot_parse_is_not_printed_to_the_terminal(tmp_path: Path):
    """vobject logged the line it skipped (an email address, raw bytes) through a stream
    handler of its own, to the user's stderr; nothing but kithkin's summary is printed."""
    import subprocess
    import sys

    card = tmp_path / "odd.vcf"
    card.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\n"
        b"EMAIL;TYPE=work\x13\x7f>ann@example.com\r\nEND:VCARD\r\n"
    )
    kith = str(Path(sys.executable).with_name("kith"))
    run = subprocess.run(
        [kith, "--db", str(tmp_path / "k.db"), "import", "vcard", str(card)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert run.stderr == ""
    assert "ann@example.com" not in run.stdout
