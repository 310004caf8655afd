"""Phone numbers without a country code: kept as written unless the region is known.

Reading ``0340842530`` as a US number invented ``+10340842530``, and phone matching
then merged different people. Now the region comes from ``phone.region`` (by default
the system locale's region), the text as written is kept beside the E.164 form, and a
number shared without the names agreeing is only a ``kith dupes`` suggestion.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from conftest import dump
from kithkin.core import phones
from kithkin.store.tables import ContactPhone

CARDS = (
    Path(__file__).resolve().parent
    / "fixtures"
    / "phones_without_country_code_and_shared_office_line.vcf"
)


@pytest.fixture(autouse=True)
def _no_locale_region(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("LC_ALL", "LC_TELEPHONE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


def _phones(kith, name: str) -> list[str]:
    return kith.ok("show", name, "--json").json()["phones"]


def test_without_a_region_numbers_are_kept_as_written(kith, db):
    out = kith.ok("import", "vcard", str(CARDS), "--json").json()
    assert out["contacts"]["new"] == 5
    assert _phones(kith, "Claire Dubois") == ["03 40 84 25 30"]
    assert _phones(kith, "Anil Kumar") == ["098765 43210"]
    assert _phones(kith, "Bob Office") == ["+442079460000"]  # it says its country
    with db.session() as s:
        rows = set(s.execute(select(ContactPhone.phone, ContactPhone.raw)).tuples().all())
    assert {raw for phone, raw in rows if phone == "+442079460000"} == {
        "+44 20 7946 0000",
        "+44 (0)20 7946 0000",
        "0044 20 7946 0000",
    }
    assert not any(phone.startswith("+1") for phone, _ in rows)


def test_the_region_setting_parses_valid_numbers_only(kith, db):
    assert kith.ok("config", "set", "phone.region", "fr").stdout.strip() == "phone.region = FR"
    kith.ok("import", "vcard", str(CARDS))
    assert _phones(kith, "Claire Dubois") == ["+33340842530"]
    claire = kith.ok("show", "Claire Dubois", "--json").json()
    assert claire["phones_as_written"] == ["03 40 84 25 30"]
    assert _phones(kith, "Anil Kumar") == ["098765 43210"]  # not a French number: as written
    with db.session() as s:
        rows = s.execute(select(ContactPhone.phone, ContactPhone.raw)).tuples().all()
    assert ("+33340842530", "03 40 84 25 30") in rows


def test_indian_mobiles_with_region_in(kith):
    kith.ok("config", "set", "phone.region", "IN")
    kith.ok("import", "vcard", str(CARDS))
    assert _phones(kith, "Anil Kumar") == ["+919876543210"]
    assert _phones(kith, "Claire Dubois") == ["03 40 84 25 30"]


def test_a_typed_number_follows_the_region_too(kith):
    cid = kith.ok("add", "Zoe Martin", "--phone", "03 40 84 25 31").stdout.strip()
    assert _phones(kith, cid) == ["03 40 84 25 31"]
    kith.ok("config", "set", "phone.region", "FR")
    kith.ok("edit", cid, "--phone", "06 12 34 56 78")
    assert _phones(kith, cid) == ["03 40 84 25 31", "+33612345678"]


def test_bad_region_is_refused(kith):
    run = kith.bad("config", "set", "phone.region", "France")
    assert "two-letter country code" in run.stderr


def test_default_region_is_the_locales(kith, monkeypatch: pytest.MonkeyPatch):
    assert kith.ok("config", "show", "--json").json()["phone.region"]["value"] == "none"
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert phones.locale_region() == "FR"
    shown = kith.ok("config", "show", "--json").json()["phone.region"]
    assert shown["value"] == "FR" and shown["is_default"]
    kith.ok("import", "vcard", str(CARDS))
    assert _phones(kith, "Claire Dubois") == ["+33340842530"]
    monkeypatch.setenv("LC_TELEPHONE", "en_IN.UTF-8")  # the category for phone numbers wins
    assert phones.locale_region() == "IN"


def test_a_shared_number_alone_merges_nobody(kith):
    out = kith.ok("import", "vcard", str(CARDS), "--json").json()
    # Bob, Jane and Robert share the office line; only names that agree would merge.
    assert out["contacts"]["new"] == 5 and out["contacts"]["merged"] == 0
    assert out["contacts"]["possible_duplicates"] == 2
    pairs = kith.ok("dupes", "--json").json()
    shared = {
        frozenset((p["a"]["name"], p["b"]["name"]))
        for p in pairs
        if p["reason"] == "same phone number"
    }
    assert shared == {
        frozenset(("Bob Office", "Jane Reception")),
        frozenset(("Bob Office", "Robert Office")),
        frozenset(("Jane Reception", "Robert Office")),
    }
    before = dump(kith.url)
    again = kith.ok("import", "vcard", str(CARDS), "--json").json()
    assert again["contacts"]["new"] == 0 and dump(kith.url) == before


def test_a_shared_number_with_the_same_name_is_one_person(kith, tmp_path: Path):
    kith.ok("import", "vcard", str(CARDS))
    card = tmp_path / "bob.vcf"
    card.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Bob  Office\nTEL:+442079460000\n"
        "EMAIL:bob.office@example.org\nEND:VCARD\n"
    )
    out = kith.ok("import", "vcard", str(card), "--json").json()
    assert out["contacts"]["merged"] == 1 and out["contacts"]["new"] == 0
    assert kith.ok("show", "Bob Office", "--json").json()["emails"] == ["bob.office@example.org"]


def test_a_region_set_later_adds_no_second_copy_of_a_number(kith, tmp_path: Path):
    kith.ok("import", "vcard", str(CARDS))
    kith.ok("config", "set", "phone.region", "FR")
    before = dump(kith.url)
    kith.ok("import", "vcard", str(CARDS))
    cards = tmp_path / "cards"
    kith.ok("export", "vcard", str(cards))
    kith.ok("import", "vcard", str(cards))
    assert dump(kith.url) == before


def test_the_address_country_is_the_sources_own_hint(kith, tmp_path: Path):
    card = tmp_path / "stuttgart.vcf"
    card.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Jonas Weber\nN:Weber;Jonas;;;\n"
        "ADR;TYPE=WORK:;;Königstraße 1;Stuttgart;;70173;Deutschland\n"
        "TEL;TYPE=WORK:0711 1234567\nEND:VCARD\n"
    )
    kith.ok("import", "vcard", str(card))
    jonas = kith.ok("show", "Jonas Weber", "--json").json()
    assert jonas["phones"] == ["+497111234567"]
    assert jonas["phones_as_written"] == ["0711 1234567"]
    assert phones.region_of_country("USA") == "US"
    assert phones.region_of_country("Narnia") is None


IMPOSSIBLE = [
    ("+999 1234567", "no country has the code +999"),
    ("+33 1 23 45 67 89 00 11", "too long for a number in France (+33)"),
    ("+33 12 34", "too short for a number in France (+33)"),
    ("0044 207", "too short for a number in United Kingdom (+44)"),
    ("12345678901234567890", "more digits than any phone number has"),
    ("12", "too few digits"),
]


@pytest.mark.parametrize(("typed", "reason"), IMPOSSIBLE)
def test_a_phone_that_cannot_be_valid_is_refused_with_the_reason(kith, typed, reason):
    """Issue 13: kith add and kith edit refuse it (exit 2, one line, nothing written)."""
    cid = kith.ok("add", "Zoe Martin", "--phone", "+33 6 12 34 56 78").stdout.strip()
    before = dump(kith.url)
    for args in (("add", "Bo Chan", "--phone", typed), ("edit", cid, "--phone", typed)):
        run = kith.bad(*args)
        assert run.stderr.startswith(f"error: invalid phone {typed!r}: {reason}")
        assert dump(kith.url) == before


def test_numbers_that_may_be_valid_are_kept(kith):
    """Without its code a number may be another country's; an extension is no digit more."""
    kith.ok("config", "set", "phone.region", "FR")
    typed = ["098765 43210", "+44 20 7946 0018 ext. 1234", "0033 6 12 34 56 78"]
    cid = kith.ok("add", "Anil Kumar", *(a for t in typed for a in ("--phone", t))).stdout.strip()
    assert _phones(kith, cid) == ["098765 43210", "+442079460018", "+33612345678"]


def test_the_api_refuses_it_with_the_same_reason(web):
    r = web.post("/api/contacts", json={"name": "Bo Chan", "phones": ["+999 1234567"]})
    assert r.status_code == 400, r.text
    assert "no country has the code +999" in r.text
    r = web.post("/api/contacts", json={"name": "Bo Chan", "phones": ["+33 6 12 34 56 78"]})
    assert r.status_code == 201
    r = web.patch(f"/api/contacts/{r.json()['id']}", json={"phones": ["+33 12 34"]})
    assert r.status_code == 400 and "too short for a number in France (+33)" in r.text


def test_an_imported_number_that_cannot_be_valid_is_left_out_with_the_reason(kith, tmp_path):
    cards = tmp_path / "cards.vcf"
    cards.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Chan\r\nTEL:+999 1234567\r\n"
        "TEL:+44 20 7946 0018\r\nEND:VCARD\r\n"
    )
    out = kith.ok("import", "vcard", str(cards), "--json").json()
    assert _phones(kith, "Bo Chan") == ["+442079460018"]
    assert any("invalid phone '+999 1234567': no country has the code +999; left out" in w
               for w in out["warnings"])  # fmt: skip
