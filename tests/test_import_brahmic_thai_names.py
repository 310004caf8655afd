"""Names in Devanagari and Thai compared as written: their vowel signs, viramas and tone
marks are part of the letters, not accents to drop (kithkin.core.folding).

"अमित" (Amit) and "अमृत" (Amrit) are two names a vowel sign apart, as are "กอง" and
"ก้อง" (Kong) a tone mark apart: a message to one is never logged with the other. The
same name typed with a zero-width joiner (as Indic keyboards insert) is the same name.
Accents of Latin letters are still dropped: "Jose Muller" is José Müller.
"""

from __future__ import annotations

from conftest import downgrade
from importing_support import LOCAL
from kithkin.core.book.orgs import normalize
from kithkin.core.exchange.matching import fold

BOOK = LOCAL / "google_contacts_hindi_thai_names_a_vowel_sign_apart.csv"
MESSAGES = LOCAL / "linkedin_2022_messages_to_hindi_thai_names_zwj_tone_mark.csv"
AS_OF = "2026-03-01"


def _talks(kith) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """Each contact's name -> the notes of the interactions logged with them."""
    out = {}
    for p in kith.ok("list", "--json").json():
        shown = kith.ok("show", str(p["id"]), "--json").json()
        out[p["name"]] = sorted(i.get("note") or "" for i in shown["interactions"])
    return out


def test_messages_go_to_the_person_named_not_one_a_vowel_sign_away(kith):
    kith.ok("import", "google", str(BOOK), as_of=AS_OF)
    out = kith.ok("import", "linkedin", str(MESSAGES), "--json", as_of=AS_OF).json()
    assert out["interactions"]["new"] == 3
    assert out["interactions"]["unmatched"] == 1  # ก้อง สุขดี: nobody in the book
    assert _talks(kith) == {
        "अमित शर्मा": ["नमस्ते अमित"],  # written with a zero-width joiner in the message
        "अमृत शर्मा": ["नमस्ते अमृत"],
        "กอง สุขดี": [],  # not ก้อง, whom the message was to
        "José Müller": ["Hallo Jose"],
    }


def test_folding_keeps_brahmic_and_thai_marks_and_drops_latin_greek_cyrillic_accents():
    assert fold("अमित शर्मा") != fold("अमृत शर्मा")
    assert fold("अमित शर्मा") == "अमित शर्मा"  # one word each, not split at the signs
    assert fold("ก้อง สุขดี") != fold("กอง สุขดี")
    assert fold("क़ुतुब") == fold("क\u093cुतुब")  # precomposed or letter and nukta
    assert fold("José Müller") == fold("Jose MULLER") == "jose muller"
    assert fold("Ἀθηνᾶ Παππᾶ") == "αθηνα παππα"
    assert fold("Пётр Йорк") == "петр иорк"
    assert normalize("บริษัท ไทยเบฟ จำกัด") != normalize("บริษัท ไทยเบฟ จากด")
    assert normalize("Société Générale SA") == "societe generale"


def test_arabic_and_hebrew_vowel_points_are_optional():
    """Harakat, niqqud and the tatweel are written or not: the name is the same one."""
    assert fold("محمّد علي") == fold("محمد علي") == fold("مـحـمـد عـلـي")
    assert fold("שָׁלוֹם כֹּהֵן") == fold("שלום כהן") == "שלום כהן"
    assert fold("عبد الله") == "عبد الله"


def test_a_database_from_before_the_fix_finds_its_thai_organization_again(kith, db_url: str):
    """Organizations stored folded the old way ("ปนซ เมนต ไทย") are refolded when the
    database is opened (migration 0011): an import naming the company joins it."""
    kith.ok("add", "สมชาย ใจดี", "--org", "ปูนซิเมนต์ไทย")
    downgrade(db_url, "0010")  # the names as 0010's kithkin stored them
    book = LOCAL / "google_contacts_hindi_thai_names_a_vowel_sign_apart.csv"
    kith.ok("import", "google", str(book))  # opening the database migrates it
    staff = kith.ok("who", "ปูนซิเมนต์ไทย", "--json").json()
    assert sorted((p["name"], p["org"]) for p in staff) == [
        ("กอง สุขดี", "ปูนซิเมนต์ไทย"),
        ("สมชาย ใจดี", "ปูนซิเมนต์ไทย"),
    ]
