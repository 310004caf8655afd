"""An IMAP sync's quick reading of header blocks (kithkin.core.exchange.mailheaders.HeaderBlock,
found_in_block, and the packed records of kithkin.core.sync.mailread) gives what the
email package's full parser (compat32) gives through the same rules: the same
values, the same records, the same reasons, on generated blocks as servers and
clients write them, and as they should not."""

from __future__ import annotations

import marshal
from collections import Counter
from email.parser import BytesParser
from email.policy import compat32

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kithkin.core.exchange import mail as rules
from kithkin.core.exchange import mailheaders as headers
from kithkin.core.sync import mailread
from kithkin.core.sync.config import SourceConfig

ME = "me@example.org"
CFG = SourceConfig(id=1, name="work", kind="imap", url="imaps://127.0.0.1/",
                   options={"me": [ME, "Me.Too@Example.NET"]})  # fmt: skip
MINE = frozenset(rules.my_addresses(CFG.me))

_addr = st.sampled_from([
    ME, "ME@Example.org", "me.too@example.net", "ann@example.com", "bob@example.com",
    "b.roe@elsewhere.net", "not an address", "@example.com", "ann@", "j\xf6rg@example.de",
    "", "x@[127.0.0.1]",
])  # fmt: skip
_name = st.sampled_from([
    "", "Ann", "Ann Lee", '"Roe, Bob"', '"Lee (work)"', "J\xf6rg M\xfcller",
    "=?utf-8?q?J=C3=B6rg?=", "=?UTF-8?B?SsO2cmc=?=", "=?iso-8859-1?q?Andr=E9?= Roe",
    "=?bogus?q?x?=", "Bob \\\"B\\\"", "\u4e2d\u6587", "a\u2028b", "x\x85y",
])  # fmt: skip


@st.composite
def _mailbox(draw: st.DrawFn) -> str:
    addr, name = draw(_addr), draw(_name)
    form = draw(st.sampled_from(["named", "bare", "comment", "mailto", "angle"]))
    if form == "named" and name:
        return f"{name} <{addr}>"
    if form == "comment":
        return f"{addr} ({name or 'c'})"
    if form == "mailto":
        return f"{name} <mailto:{addr}>".strip()
    if form == "angle":
        return f"<{addr}>"
    return addr


@st.composite
def _address_list(draw: st.DrawFn) -> str:
    boxes = draw(st.lists(_mailbox(), min_size=0, max_size=4))
    if draw(st.booleans()) and boxes:
        return f"team: {', '.join(boxes)};" + (
            ", " + draw(_mailbox()) if draw(st.booleans()) else ""
        )
    if not boxes and draw(st.booleans()):
        return "undisclosed-recipients:;"
    return ", ".join(boxes)


_date = st.one_of(
    st.builds(
        lambda wd, d, m, y, hh, mm, ss, tz: f"{wd}{d:02d} {m} {y} {hh:02d}:{mm:02d}:{ss:02d} {tz}",
        st.sampled_from(["Tue, ", "", "Xyz, ", "tue,"]),
        st.integers(0, 32),
        st.sampled_from(["Jan", "Feb", "mar", "Dec", "Foo"]),
        st.sampled_from([1999, 2025, 75, 10000]),
        st.integers(0, 25),
        st.integers(0, 60),
        st.integers(0, 61),
        st.sampled_from(
            ["+0000", "-0000", "+0200", "-0530", "GMT", "UT", "EST", "+0000 (UTC)", "+9999", ""]
        ),
    ),
    st.sampled_from(
        [
            "",
            "   ",
            "yesterday",
            "Tue, 01 Jan 2025 10:00:00 +0000",
            "2025-01-01T10:00:00Z",
            "Tue, 01 Jan 2025 24:00:00 +0000",
            "Tue, 01 Jan 2025 1x:00:00 +0000",
            "Tue, 01 Jan 2025 10:00:00 +0000  ",
            "Tue, 01 Jan 2025\u00a010:00:00 +0000",
            "Tue, \u0661 Jan 2025 10:00:00 +0000",
            "Tue, 29 Feb 2025 10:00:00 +0000",
        ]
    ),
)
_subject = st.one_of(
    st.text(
        st.characters(min_codepoint=32, max_codepoint=0x2030, blacklist_categories=("Cs",)),
        max_size=20,
    ),
    st.sampled_from(
        [
            "=?utf-8?q?caf=C3=A9?=",
            "Re: =?utf-8?b?w6k=?= x",
            "=?x?q?a?=",
            "=?utf-8?q?a?= =?utf-8?q?b?=",
            "tab\there",
            "caf\xe9 =?utf-8?q?=C3=A9?=",
        ]
    ),
)
_value = {
    "From": _address_list(),
    "To": _address_list(),
    "Cc": _address_list(),
    "Date": _date,
    "Message-ID": st.sampled_from(["<a1@example.com>", "", "  <b2@example.com>  ", "plain-id",
                                   "=?utf-8?q?id?=", "<\xe9@x>"]),
    "Subject": _subject,
    "X-Gmail-Labels": st.sampled_from(["Inbox", "Spam", "Inbox,Spam", "\\Important", "spam "]),
    "X-Other": st.sampled_from(["x", "a: b", ""]),
}  # fmt: skip
_SPELLINGS = {
    "From": ["From", "FROM", "from"], "To": ["To", "TO"], "Cc": ["Cc", "CC", "cc"],
    "Date": ["Date", "DATE"], "Message-ID": ["Message-ID", "Message-Id", "message-id"],
    "Subject": ["Subject", "SUBJECT"], "X-Gmail-Labels": ["X-Gmail-Labels"],
    "X-Other": ["X-Other"],
}  # fmt: skip
_BYTES = st.sampled_from([b"", b"\xff", b"\xe9t\xe9", b"\xc3\xa9", b"\x80\x81", b"\xed\xa0\x80"])


_MY = st.sampled_from([ME, "ME@Example.org", "Me <me.too@example.net>"])
_THEIRS = st.sampled_from(["Ann Lee <ann@example.com>", "bob@example.com", '"Roe, Bob" <b@x.org>',
                           "=?utf-8?q?J=C3=B6rg?= <j@example.de>"])  # fmt: skip


@st.composite
def _field(draw: st.DrawFn, field: str, nl: str) -> bytes:
    spellings = _SPELLINGS[field]
    name = spellings[0] if draw(st.integers(0, 3)) else draw(st.sampled_from(spellings))
    if field in ("From", "To") and draw(st.integers(0, 2)):  # mostly a message with the user
        value = draw(st.one_of(_MY, _THEIRS)).encode()
    else:
        value = draw(_value[field]).encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 7)) == 0:  # raw bytes no charset describes, or Latin-1
        value += draw(_BYTES)
    if draw(st.integers(0, 4)) == 0:  # folded at a space
        spaces = [i for i, c in enumerate(value) if c == 32]
        if spaces:
            i = draw(st.sampled_from(spaces))
            fold = nl.encode() + draw(st.sampled_from([b" ", b"\t", b"  "]))
            value = value[:i] + fold + value[i + 1 :]
    sep = b": " if draw(st.integers(0, 2)) else draw(st.sampled_from([b":", b":\t", b":   "]))
    return name.encode() + sep + value


_GOOD_DATE = st.builds(
    lambda d, hh, mm, tz: f"Tue, {d:02d} Jan 2025 {hh:02d}:{mm:02d}:00 {tz}",
    st.integers(1, 31),
    st.integers(0, 23),
    st.integers(0, 59),
    st.sampled_from(["+0000", "+0000", "-0000", "+0100"]),
)


@st.composite
def _block(draw: st.DrawFn) -> bytes:
    nl = draw(st.sampled_from(["\r\n"] * 5 + ["\n", "\r"]))
    names = [f for f in ("From", "To", "Cc", "Date", "Message-ID", "Subject")
             if draw(st.integers(0, 9)) < (3 if f == "Cc" else 8)]  # fmt: skip
    names += draw(st.lists(st.sampled_from(list(_value)), max_size=3))  # repeated, or more
    names = draw(st.permutations(names))
    lines = []
    for name in names:
        if name == "Date" and draw(st.booleans()):
            lines.append(b"Date: " + draw(_GOOD_DATE).encode())
        else:
            lines.append(draw(_field(name, nl)))
    odd = draw(st.integers(0, 12))
    if odd == 0:  # a line the parser does not take for a field
        lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(
            [b"no colon here", b" folded first", b":no name", b"From me@example.org Tue",
             b"Name With Space: x", b"\xc3\xa9: x", b"Subject : spaced", b"\tx"])))  # fmt: skip
    if odd == 1 and lines:  # a bare line break of another kind inside
        i = draw(st.integers(0, len(lines) - 1))
        lines[i] += draw(st.sampled_from([b"\r", b"\n"])) + b"X-Tail: y"
    block = nl.encode().join(lines)
    end = draw(st.sampled_from(["blank", "blank", "break", "none", "body"]))
    if end == "blank":
        block += (nl * 2).encode()
    elif end == "break" and lines:
        block += nl.encode()
    elif end == "body":
        block += (nl * 2).encode() + b"From: body@example.com" + nl.encode() + b"text"
    return block


@st.composite
def _plain_block(draw: st.DrawFn) -> bytes:
    """What a server mostly sends: each field once, as spelled in HEADERS, ASCII, CRLF."""
    odds = {"X-Gmail-Labels": 2, "X-Other": 0, "Cc": 5, "Date": 10}
    names = [f for f in _value if draw(st.integers(0, 9)) < odds.get(f, 8)]
    lines = []
    for name in draw(st.permutations(names)):
        if name == "From" and draw(st.integers(0, 3)):
            value = draw(st.one_of(_MY, _THEIRS))
        elif name in ("To", "Cc") and draw(st.integers(0, 3)):
            value = ", ".join(draw(st.lists(st.one_of(_MY, _THEIRS, _mailbox()), min_size=1,
                                            max_size=3)))  # fmt: skip
        elif name == "Date" and draw(st.integers(0, 3)):
            value = draw(_GOOD_DATE)
        else:
            value = draw(_value[name])
        value = value.encode("ascii", "replace").decode()
        lines.append(f"{name}:{draw(st.sampled_from([' ', '', '  ', chr(9)]))}{value}")
    end = draw(st.sampled_from(["\r\n\r\n", "\r\n", ""]))
    return ("\r\n".join(lines) + (end if lines else "")).encode()


_blocks = st.one_of(_plain_block(), _block())


def _full(raw: bytes) -> tuple[list, str | None]:
    """The records and reason of the email package's parser through the shared rules."""
    msg = BytesParser(policy=compat32).parsebytes(raw)
    rec = rules.interaction(msg, MINE, CFG.interaction_source, line=7)
    if isinstance(rec, str):
        return [], rec
    cc = rules.cc_touch(msg, MINE, rec)
    return [rec] + ([cc] if cc is not None else []), None


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_blocks)
def test_quick_reading_is_the_parsers(raw: bytes) -> None:
    msg = BytesParser(policy=compat32).parsebytes(raw)
    block = headers.HeaderBlock(raw)
    for name in (*headers.HEADERS, "X-Gmail-Labels"):
        ours, theirs = block.get_all(name), msg.get_all(name)
        assert [(type(v), str(v)) for v in ours or ()] == [
            (type(v), str(v)) for v in theirs or ()
        ], name  # the very values, Header objects where the parser makes them

    records, reason = _full(raw)
    got, _ = rules.found_in_block(raw, MINE)
    assert (got if isinstance(got, str) else None) == reason

    # the sync's chunk, packed as it crosses to the writing process, and back
    n, top, skipped, packed = mailread._Parser(CFG)([(7, raw)])
    event = mailread.unpack(marshal.loads(marshal.dumps(("chunk", n, top, skipped, packed, 7))))
    assert event[4] == records
    assert (n, top) == (1, 7)
    want = Counter({reason: 1}) if reason in mailread.MALFORMED else Counter()
    assert skipped == want


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_blocks, min_size=1, max_size=6))
def test_a_chunk_of_blocks_is_each_block_read_alone(raws: list[bytes]) -> None:
    chunk = [(i + 1, raw) for i, raw in enumerate(raws)]
    want = [r for i, raw in chunk for r in _full(raw)[0] if not setattr(r, "line", i)]
    n, top, _, packed = mailread._Parser(CFG)(chunk)
    assert (n, top) == (len(raws), len(raws))
    assert mailread.unpack(("chunk", n, top, {}, packed, None))[4] == want
