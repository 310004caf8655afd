"""Files in UTF-16, as Excel's "Unicode Text" and Windows tools write them: read without
``--encoding``, known by their byte-order mark (FF FE, or FE FF for big-endian), for
every text format; an encoding the user names still wins over the mark."""

from __future__ import annotations

import codecs
import shutil
from datetime import date
from pathlib import Path

from importing_support import LOCAL
from kithkin.formats import ics

GOOGLE_UNICODE_TEXT = LOCAL / "google_contacts_excel_unicode_text_utf16le_bom_tabs.txt"
OUTLOOK_UTF16BE = LOCAL / "outlook_contacts_utf16be_bom.csv"
CONNECTIONS_UTF16 = LOCAL / "linkedin_connections_resaved_utf16le_bom.csv"
VCARD_UTF16 = LOCAL / "windows_contacts_vcard_utf16le_bom.vcf"
OUTLOOK_ICS = LOCAL / "outlook_weekly_exdate_rdate_moved_cancelled_windows_tzid.ics"


def _people(kith) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    return {p["name"]: p for p in kith.ok("list", "--json").json()}


def _show(kith, name: str) -> str:  # type: ignore[no-untyped-def]
    return kith.ok("show", name).stdout


def test_google_csv_saved_as_excel_unicode_text_is_read_without_an_option(kith):
    out = kith.ok("import", "google", str(GOOGLE_UNICODE_TEXT), "--json").json()
    assert out["contacts"]["new"] == 2 and out["skipped"] == []
    assert set(_people(kith)) == {"José Müller", "Ольга Петрова"}
    shown = _show(kith, "José Müller")
    assert "jose@example.org" in shown and "École Polytechnique" in shown
    assert "Acme, Inc." in _show(kith, "Ольга Петрова")  # a quoted cell, tab-separated


def test_outlook_csv_in_big_endian_utf16_is_read_without_an_option(kith):
    out = kith.ok("import", "outlook", str(OUTLOOK_UTF16BE), "--json").json()
    assert out["contacts"]["new"] == 1
    shown = _show(kith, "Zoë Ångström")
    assert "zoe@example.org" in shown and "Ærø Shipping" in shown


def test_an_encoding_named_by_the_user_wins_over_the_byte_order_mark(kith):
    run = kith.bad("import", "outlook", str(OUTLOOK_UTF16BE), "--encoding", "utf-8")
    assert "line 1: undecodable byte 0xfe (not utf-8; try --encoding)" in run.stderr
    assert kith.ok("list", "--json").json() == []
    # and naming the right one reads it as detection does
    kith.ok("import", "outlook", str(OUTLOOK_UTF16BE), "--encoding", "utf-16")
    assert set(_people(kith)) == {"Zoë Ångström"}


def test_a_truncated_utf16_file_is_reported_with_its_line(kith, tmp_path: Path):
    cut = tmp_path / "contacts.txt"
    cut.write_bytes(GOOGLE_UNICODE_TEXT.read_bytes()[:-1])  # half a character at the end
    run = kith.bad("import", "google", str(cut))
    assert "contacts.txt: line 3: undecodable byte" in run.stderr
    assert "(not utf-16; try --encoding)" in run.stderr


def test_a_lone_linkedin_connections_csv_in_utf16_is_recognised(kith, tmp_path: Path):
    # by its header whatever it is called, and by its name as LinkedIn calls it
    out = kith.ok("import", "linkedin", str(CONNECTIONS_UTF16), "--json").json()
    assert out["contacts"]["new"] == 2
    assert set(_people(kith)) == {"Søren Kierkegaard", "Aiko Tanaka"}
    assert "Københavns Universitet" in _show(kith, "Søren Kierkegaard")
    named = tmp_path / "Connections.csv"
    shutil.copy(CONNECTIONS_UTF16, named)
    again = kith.ok("import", "linkedin", str(named), "--json").json()
    assert again["contacts"]["new"] == 0 and again["contacts"]["unchanged"] == 2


def test_a_vcard_in_utf16_is_read_without_an_option(kith):
    out = kith.ok("import", "vcard", str(VCARD_UTF16), "--json").json()
    assert out["contacts"]["new"] == 1
    shown = _show(kith, "François Côté")
    assert "francois@example.ca" in shown and "Société Générale" in shown


def test_a_calendar_in_utf16_is_read_as_its_utf8_original(tmp_path: Path):
    text = OUTLOOK_ICS.read_bytes().decode("utf-8")
    path = tmp_path / "calendar.ics"
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    me, today = {"me@example.org"}, date(2026, 3, 1)
    wide = ics.parse(path.read_bytes(), path.name, me, today)
    plain = ics.parse(OUTLOOK_ICS.read_bytes(), path.name, me, today)
    assert wide.interactions and wide.interactions == plain.interactions
    assert [(s.line, s.reason) for s in wide.skipped] == [(s.line, s.reason) for s in plain.skipped]
