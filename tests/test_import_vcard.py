"""kith import vcard: the real exports of iPhone, Mac, Gmail, Outlook, Android, Evolution..."""

from __future__ import annotations

from pathlib import Path

from conftest import dump
from importing_support import LOCAL, shared
from kithkin.formats import vcard


def _records(name: str):
    path = shared("vcard", name)
    return vcard.parse(path.read_bytes(), name)


def test_iphone_cr_cr_lf_and_photo():
    [rec] = _records("ezvcard_John_Doe_IPHONE.vcf").people
    assert rec.display_name == "Mr. John Richter James Doe Sr."
    assert (rec.given_name, rec.family_name) == ("John", "Doe")
    assert rec.org == "IBM" and rec.title == "Money Counter"
    assert rec.emails == ["john.doe@ibm.com"]
    assert "905-222-1234" in rec.phones  # item2.TEL with an X-ABLabel
    assert rec.urls == ["http://www.ibm.com"]  # "http\://" unescaped
    assert rec.photo and rec.photo.startswith("data:image/jpeg;base64,/9j/")


def test_quoted_printable_21_with_soft_breaks_and_a_broken_byte():
    batch = _records("ezvcard_John_Doe_ANDROID.vcf")
    names = [r.display_name for r in batch.people]
    assert "Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ" in names  # QP value continued on the next line
    assert len(batch.people) == 6  # the card with a stray =80 byte is kept, not lost
    assert batch.skipped == []
    assert any("photo" in w for w in batch.warnings)  # a truncated base64 photo: skipped


def test_outlook_qp_note_and_org_with_comma():
    [rec] = _records("ezvcard_outlook-2003.vcf").people
    assert rec.notes == "This is the note field!!\nSecond line\n\nThird line is empty"
    assert rec.org == "Company, The"
    assert rec.birthday == "1980-03-21"


def test_gmail_unescaped_comma_in_fn():
    [rec] = _records("ezvcard_John_Doe_GMAIL.vcf").people
    assert rec.display_name == "Mr. John Richter, James Doe Sr."


def test_categories_with_escaped_commas():
    [rec] = _records("ezvcard_thunderbird-MoreFunctionsForAddressBook-extension.vcf").people
    assert rec.categories == ["category1", "category2", "category3"]


def test_yearless_birthdays(tmp_path: Path):
    [rfc] = _records("ezvcard_rfc6350-example.vcf").people
    assert rfc.birthday == "--02-03"
    [tb] = _records("radicale_contact4-with-bday-no-year.vcf").people
    assert tb.birthday == "--01-01"  # Thunderbird's 16040101
    apple = vcard.parse((LOCAL / "apple_omit_year_birthday.vcf").read_bytes(), "x.vcf")
    assert [r.birthday for r in apple.people] == ["--04-15"]
    [text] = _records("khard_text-bday.vcf").people
    assert text.birthday is None  # "circa 1800" is not a date


def test_photos_in_every_shape_never_crash():
    for name in (
        "khard_photov3.vcf",
        "khard_photov4.vcf",
        "radicale_contact_photo_with_data_uri.vcf",
        "radicale_contact_photo_with_data_uri_v4.vcf",
    ):
        [rec] = _records(name).people
        assert rec.photo and rec.photo.startswith("data:image/png;base64,iVBOR"), name


def test_card_without_name_or_uid():
    [rec] = _records("radicale_broken-vcard.vcf").people
    assert rec.display_name is None and rec.emails == ["test-misses-N-or-FN@example.com"]
    [mac] = _records("apple_macos14_shape_from_parser_test.vcf").people[:1]
    assert mac.uid and mac.uid.startswith("vcard-sha1:")


def test_folder_import_merges_one_person_and_is_idempotent(kith):
    folder = shared("vcard")
    out = kith.ok("import", "vcard", str(folder), "--json").json()
    assert out["skipped"] == []
    # Five John Doe exports share john.doe@ibm.com: one contact.
    john = kith.ok("show", "john.doe@ibm.com", "--json").json()
    assert john["org"] == "IBM"
    assert "905-222-1234" in " ".join(john["phones"]) or "+19052221234" in john["phones"]
    before = dump(kith.url)
    again = kith.ok("import", "vcard", str(folder), "--json").json()
    assert again["contacts"]["new"] == again["contacts"]["updated"] == 0
    assert again["contacts"]["merged"] == 0
    assert dump(kith.url) == before


def test_vcard_then_linkedin_merges_by_name_and_org(kith, tmp_path: Path):
    card = tmp_path / "ada.vcf"
    card.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ada Lovelace\nN:Lovelace;Ada;;;\n"
        "ORG:Analytical Engines Ltd\nEMAIL:ada@example.org\nEND:VCARD\n"
    )
    kith.ok("import", "vcard", str(card))
    conn = tmp_path / "Connections.csv"
    conn.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ada,Lovelace,https://www.linkedin.com/in/ada,,Analytical Engines,"
        "Analyst,09 Oct 2024\n"
        "Ada,Lovelace,https://www.linkedin.com/in/ada-2,,Babbage & Co,Clerk,"
        "10 Oct 2024\n"
    )
    out = kith.ok("import", "linkedin", str(conn), "--json").json()
    assert out["contacts"]["merged"] == 1  # same name, same organization
    # Another LinkedIn profile is another person, however alike the names.
    assert out["contacts"]["new"] == 1 and out["contacts"]["possible_duplicates"] == 0
    ada = kith.ok("show", "ada@example.org", "--json").json()
    assert [u["url"] for u in ada["urls"]] == ["https://www.linkedin.com/in/ada"]
    assert kith.ok("dupes", "--json").json() == []
    # A card with the same name and no shared identity or organization: kept apart, listed.
    other = tmp_path / "ada2.vcf"
    other.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ada  Lovelace\nN:Lovelace;Ada;;;\n"
        "ORG:Somewhere Else\nTEL:+44 20 7946 0000\nEND:VCARD\n"
    )
    out = kith.ok("import", "vcard", str(other), "--json").json()
    assert out["contacts"]["new"] == 1 and out["contacts"]["possible_duplicates"] == 1
    pairs = kith.ok("dupes", "--json").json()
    assert len(pairs) == 2
    assert {p["a"]["name"] for p in pairs} == {"Ada Lovelace"}
    first = pairs[0]
    kith.ok("merge", str(first["a"]["id"]), str(first["b"]["id"]))
    kept = kith.ok("show", str(first["a"]["id"]), "--json").json()
    assert "+442079460000" in kept["phones"]


def test_apple_social_profile_is_the_linkedin_connection(kith, tmp_path: Path):
    """Apple Contacts (and iCloud) keep a LinkedIn profile as X-SOCIALPROFILE, not URL:
    the card of a connection who has since changed jobs was a second person."""
    conn = tmp_path / "Connections.csv"
    conn.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace-1815,,Babbage & Co,"
        "Analyst,09 Oct 2024\n"
    )
    kith.ok("import", "linkedin", str(conn))
    card = tmp_path / "Ada Lovelace.vcf"
    card.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//macOS 14.4.1//EN\r\n"
        b"N:Lovelace;Ada;;;\r\nFN:Ada Lovelace\r\nORG:Analytical Engines Ltd;\r\n"
        b"item1.EMAIL;type=INTERNET;type=pref:ada@example.org\r\n"
        b"item1.X-ABLabel:_$!<Other>!$_\r\n"
        b"X-SOCIALPROFILE;type=linkedin;x-user=ada-lovelace-1815:http://www.linkedin.com/in/"
        b"ada-lovelace-1815\r\n"
        b"X-SOCIALPROFILE;type=twitter:https://twitter.com/ada\r\n"
        b"X-SOCIALPROFILE;type=facebook;x-user=ada:x-apple:ada\r\n"
        b"UID:5D3A1B2C-0000-4000-8000-ADA000000001\r\nEND:VCARD\r\n"
    )
    out = kith.ok("import", "vcard", str(card), "--json").json()
    assert out["contacts"]["new"] == 0 and out["contacts"]["updated"] == 1
    ada = kith.ok("show", "ada@example.org", "--json").json()
    assert [u["url"] for u in ada["urls"]] == [
        "https://www.linkedin.com/in/ada-lovelace-1815",
        "https://twitter.com/ada",
    ]
    assert kith.ok("dupes", "--json").json() == []
    before = dump(kith.url)
    again = kith.ok("import", "vcard", str(card), "--json").json()
    assert again["contacts"]["unchanged"] == 1 and dump(kith.url) == before


def test_not_a_vcard(kith):
    kith.ok("list")
    before = dump(kith.url)
    run = kith.bad("import", "vcard", str(shared("linkedin", "Connections_2024_shape.csv")))
    assert "not a vCard file" in run.stderr
    assert dump(kith.url) == before


def test_truncated_vcard(kith, tmp_path: Path):
    path = tmp_path / "cut.vcf"
    path.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:A\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nFN:B\n")
    kith.ok("list")
    before = dump(kith.url)
    run = kith.bad("import", "vcard", str(path))
    assert "line 5" in run.stderr and str(path) in run.stderr
    assert dump(kith.url) == before


def test_contact_groups_are_no_people(kith, tmp_path: Path) -> None:
    """iCloud and macOS keep each group as a card (X-ADDRESSBOOKSERVER-KIND:group), as
    RFC 6350 does with KIND:group: an export of them holds "Friends", never a person."""
    path = tmp_path / "iCloud vCards.vcf"
    path.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 17.1//EN\r\n"
        b"N:Friends\r\nFN:Friends\r\nX-ADDRESSBOOKSERVER-KIND:group\r\n"
        b"X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:0A1B-ANN\r\nUID:1F2E-GROUP\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:group\r\nFN:Book club\r\n"
        b"MEMBER:urn:uuid:0A1B-ANN\r\nUID:urn:uuid:2F3E-GROUP\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lee;Ann;;;\r\nFN:Ann Lee\r\n"
        b"EMAIL;type=INTERNET:ann@example.org\r\nUID:0A1B-ANN\r\nEND:VCARD\r\n"
    )
    out = kith.ok("import", "vcard", str(path), "--json").json()
    assert out["contacts"]["new"] == 1
    assert [(s["line"], s["reason"]) for s in out["skipped"]] == [
        (1, "contact group (Friends), not a person"),
        (10, "contact group (Book club), not a person"),
    ]
    listed = kith.ok("list", "--json").json()
    assert [c["name"] for c in listed] == ["Ann Lee"]


def test_a_card_with_a_name_and_a_phone_but_no_email_is_a_contact(kith, tmp_path: Path) -> None:
    """A phone's address book is full of them: imported, found again by the number
    (normalised) when the names agree, and a re-import changes nothing."""
    from conftest import dump

    kith.ok("config", "set", "phone.region", "GB")
    first = tmp_path / "phone.vcf"
    first.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Joe Bloggs\r\nN:Bloggs;Joe;;;\r\n"
        "TEL;TYPE=CELL:07911 123456\r\nEND:VCARD\r\n"
    )
    out = kith.ok("import", "vcard", str(first), "--json").json()
    assert (out["contacts"]["new"], out["skipped"]) == (1, [])
    assert kith.ok("show", "Joe Bloggs", "--json").json()["phones"] == ["+447911123456"]
    before = dump(kith.url)
    assert kith.ok("import", "vcard", str(first), "--json").json()["contacts"]["unchanged"] == 1
    assert dump(kith.url) == before
    other = tmp_path / "other-phone.vcf"  # the same number as another phone writes it
    other.write_text(
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Joe Bloggs\r\nTEL;CELL:+44 7911 123456\r\n"
        "NOTE:fixed the boiler\r\nEND:VCARD\r\n"
    )
    assert kith.ok("import", "vcard", str(other), "--json").json()["contacts"]["merged"] == 1
    assert len(kith.ok("list", "--json").json()) == 1
