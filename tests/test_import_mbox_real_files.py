"""kith import mbox on mailboxes as programs write them: split exactly as the standard
library splits them (Netscape's Content-Length files, From lines without a blank line
before them, a byte-order mark), invalid senders reported once and never made people,
special-use addresses (.local) accepted as the data they are."""

from __future__ import annotations

import mailbox
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import dump
from importing_support import LOCAL
from kithkin.formats import mbox

AS_OF = "2026-03-01"
ME = {"me@example.org", "me@test.local"}
MBOXES = sorted(LOCAL.glob("*.mbox"))
NETSCAPE = LOCAL / "netscape_content_length_from_dash_no_blank_line.mbox"
PINE = LOCAL / "pine_from_line_right_after_body_formfeed_lone_cr.mbox"
BOM = LOCAL / "takeout_resaved_with_utf8_bom.mbox"
INVALID = LOCAL / "evolution_invalid_senders_and_special_use_local_addresses.mbox"


def _stdlib_count(data: bytes, tmp_path: Path) -> int:
    path = tmp_path / "copy.mbox"
    path.write_bytes(data.removeprefix(mbox.BOM))  # the standard library knows no BOM
    box = mailbox.mbox(path, create=False)
    try:
        return len(box)
    finally:
        box.close()


@pytest.mark.parametrize("path", MBOXES, ids=[p.name for p in MBOXES])
def test_split_is_the_standard_librarys_on_every_fixture(path: Path, tmp_path: Path):
    data = path.read_bytes()
    ours = list(mbox.messages(data, path.name))
    assert len(ours) == _stdlib_count(data, tmp_path)
    with path.open("rb") as fh:  # a streamed file splits the same way
        assert [m[0] for m in mbox.messages(fh, path.name)] == [m[0] for m in ours]
    batch = mbox.parse(data, path.name, ME)
    assert len(batch.interactions) + len(batch.skipped) == len(ours)  # none lost silently


def test_netscape_content_length_mbox_is_four_messages():
    batch = mbox.parse(NETSCAPE.read_bytes(), NETSCAPE.name, ME)
    got = [(r.occurred_on.isoformat(), r.direction, r.subject) for r in batch.interactions]
    assert got == [
        ("2026-01-12", "inbound", "Budget for Q1"),
        ("2026-01-12", "outbound", "Re: Budget for Q1"),
        ("2026-01-13", "inbound", "Lunch?"),
        ("2026-01-14", "outbound", "Re: Lunch?"),
    ]
    assert [p.email for p in batch.interactions[3].parties] == [
        "dana@example.net", "alice@example.com"]  # fmt: skip


def test_from_line_right_after_a_body_and_odd_line_ends_inside_one():
    batch = mbox.parse(PINE.read_bytes(), PINE.name, ME, with_body=True)
    assert [r.subject for r in batch.interactions] == [
        "Report", "Re: Report", "Hello", "Hello again"]  # fmt: skip
    body = batch.interactions[0].note
    # A form feed or a lone CR is not a line end: the text after them is still the body.
    assert "\x0cFrom the archive" in body and "\rFrom nobody" in body
    assert ">From the escaped line" in body
    assert batch.interactions[1].note == "Got it."


def test_a_leading_byte_order_mark():
    batch = mbox.parse(BOM.read_bytes(), BOM.name, ME)
    assert [r.subject for r in batch.interactions] == ["Re: Mañana", "Re: Re: Mañana"]
    assert batch.skipped == []


def test_an_encoded_word_in_a_charset_no_codec_has_is_kept_as_written():
    """email's CharsetError is no ValueError: "=?€iso-8859-1?Q?...?=" beside raw 8-bit
    text ended the import with a traceback (found by make fuzz)."""
    raw = (
        "From - Mon Jan  1 00:00:00 2024\nFrom: Ann <ann@example.com>\nTo: me@test.local\n"
        "Subject: =?\u20aciso-8859-1?Q?caf=E9?= und Gr\u00fc\u00dfe\n"
        "Date: Sat, 03 Feb 2024 10:00:00 +0000\n\nhi\n"
    ).encode()
    batch = mbox.parse(raw, "odd.mbox", ME)
    assert [r.subject for r in batch.interactions] == ["=?\u20aciso-8859-1?Q?caf=E9?= und Grüße"]


def test_invalid_senders_are_reported_once_and_never_become_people(kith):
    out = kith.ok("import", "mbox", str(INVALID), "--me", "me@test.local", "--add-unknown",
                  "--json", as_of=AS_OF).json()  # fmt: skip
    assert out["contacts"]["new"] == 2  # the colleague and the printer, nobody else
    notes = [w for w in out["warnings"] if "is not an email address" in w]
    assert len(notes) == 2
    assert any("'Jane Typo <jane@@example.com>'" in w and "in 2 messages" in w for w in notes)
    assert any("MAILER-DAEMON" in w and "(once)" in w for w in notes)
    assert out["interactions"] == {"new": 2, "known": 0, "unmatched": 3}
    colleague = kith.ok("show", "colleague@corp.local", "--json").json()
    assert colleague["emails"] == ["colleague@corp.local"]
    assert len(colleague["interactions"]) == 2
    assert kith.ok("show", "printer@localhost", "--json").json()["name"] == "Printer Room"
    assert kith.ok("show", "me", "--json").json()["emails"] == ["me@test.local"]
    before = dump(kith.url)
    again = kith.ok("import", "mbox", str(INVALID), "--add-unknown", "--json",
                    as_of=AS_OF).json()  # fmt: skip
    assert again["contacts"]["new"] == 0
    assert dump(kith.url) == before


def test_special_use_addresses_are_addresses(kith):
    kith.ok("add", "Lan Person", "--email", "Lan@Corp.Local")
    assert kith.ok("show", "Lan", "--json").json()["emails"] == ["lan@corp.local"]
    assert "invalid email" in kith.bad("add", "Typo Person", "--email", "ann@gmail").stderr
    assert "invalid email" in kith.bad("import", "mbox", str(INVALID), "--me",
                                       "me@@test.local").stderr  # fmt: skip


# ---- properties ---------------------------------------------------------------------

line = st.one_of(
    st.sampled_from(
        [
            b"",
            b"From x Mon Jan  5 10:00:00 2026",
            b"From ",
            b">From y",
            b"\r",
            b"Subject: s",
            b"body From z",
            b"\x0c",
            b"From\t",
        ]
    ),
    st.binary(max_size=12).filter(lambda b: b"\n" not in b),
)


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(line, max_size=30), crlf=st.booleans())
def test_split_count_property(tmp_path_factory, lines, crlf):
    end = b"\r\n" if crlf else b"\n"
    data = end.join([b"From a Mon Jan  5 10:00:00 2026", *lines]) + end
    ours = list(mbox.messages(data, "p.mbox"))
    assert len(ours) == _stdlib_count(data, tmp_path_factory.mktemp("mb"))


names = st.sampled_from(["Ann Lee", "Bo", "Zoë Ångström", "", "Li, Wei"])
addrs = st.sampled_from(["ann@example.com", "Ann@Example.com", "bo@corp.local",
                         "root@localhost", "MAILER-DAEMON", "x@@example.com", "", "wei@例え.jp",
                         "zoe@xn--bcher-kva.example"])  # fmt: skip


def _message(n: int, who: tuple[str, str], outbound: bool) -> bytes:
    name, addr = who
    other = f'"{name}" <{addr}>' if name else addr
    frm, to = ("me@example.org", other) if outbound else (other, "me@example.org")
    return (f"From x Mon Jan  5 10:00:00 2026\nMessage-ID: <m{n}@example.org>\n"
            f"Date: Mon, 05 Jan 2026 10:{n % 60:02d}:00 +0000\nFrom: {frm}\nTo: {to}\n"
            f"Subject: n{n}\n\nhello\n\n").encode()  # fmt: skip


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(msgs=st.lists(st.tuples(st.tuples(names, addrs), st.booleans()), min_size=1,
                     max_size=8))  # fmt: skip
def test_reimport_with_add_unknown_changes_nothing_property(kith, tmp_path_factory, msgs):
    path = tmp_path_factory.mktemp("mb") / "m.mbox"
    path.write_bytes(b"".join(_message(i, who, out) for i, (who, out) in enumerate(msgs)))
    kith.ok("import", "mbox", str(path), "--me", "me@example.org", "--add-unknown",
            as_of=AS_OF)  # fmt: skip
    before = dump(kith.url)
    kith.ok("import", "mbox", str(path), "--add-unknown", as_of=AS_OF)
    assert dump(kith.url) == before


RAW_8BIT = LOCAL / "raw_8bit_utf8_and_cp1252_headers_idn_mailto_group_sender.mbox"


def test_raw_8bit_headers_idn_addresses_mailto_and_a_sender_without_address(kith):
    """Headers in raw UTF-8 (RFC 6532) or an old client's Windows-1252 are read as
    written, never as replacement characters; an internationalised domain is an address;
    <mailto:...> is the address it holds; a group with no address is no sender."""
    out = kith.ok("import", "mbox", str(RAW_8BIT), "--me", "me@example.org", "--add-unknown",
                  "--json", as_of=AS_OF).json()  # fmt: skip
    names = sorted(p["name"] for p in kith.ok("list", "--json").json())
    assert names == ["Björn", "José Núñez", "Mail To", "Ørsted, Anne", "Ünï Cödé"]
    assert kith.ok("show", "uni@bücher.example", "--json").json()["name"] == "Ünï Cödé"
    assert not [w for w in out["warnings"] if "not an email address" in w]
    assert [s["reason"] for s in out["skipped"]] == ["no sender address"]
    dumped = repr(dump(kith.url))
    assert "\ufffd" not in dumped and "Réunion n°2" in dumped
    before = dump(kith.url)
    kith.ok("import", "mbox", str(RAW_8BIT), "--add-unknown", as_of=AS_OF)
    assert dump(kith.url) == before
