"""What one email is to kithkin: the rules every mail source shares.

An mbox file (:mod:`kithkin.formats.mbox`) and an IMAP folder (``kith sync``) hand
the same :class:`email.message.Message` to :func:`interaction`, so a message
counts the same whichever way it arrived, and once: its Message-ID is its key
in the ``email`` family of sources (:data:`kithkin.core.exchange.incoming.FAMILY`).

- Direction comes from the user's addresses: from one of them is outbound (to
  every other recipient, To and Cc), to one of them is inbound (from the sender).
- The Cc recipients of an inbound message were on the thread without being
  written to: they get a light touch (R10, kind ``cc``, :func:`cc_touch`), not a
  conversation, and never a reply owed.
- Spam (Gmail's label) and mail neither from nor to the user (lists, forwards)
  are no interaction; neither is mail to oneself.
- Addresses are data: what cannot be an address is counted, never a person.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from datetime import UTC, date, datetime, time, timedelta
from email.errors import MessageError
from email.header import Header, decode_header, make_header
from email.message import Message
from email.parser import BytesParser
from email.policy import compat32
from email.utils import getaddresses, parsedate_to_datetime
from functools import lru_cache
from itertools import repeat
from typing import Any, Protocol

from kithkin.core.exchange.incoming import InteractionRecord, Party
from kithkin.core.userinput import email_key
from kithkin.core.vocabulary import Channel, Direction

# The headers a mail source needs; nothing else of a message is read unless asked.
HEADERS = ("From", "To", "Cc", "Date", "Message-ID", "In-Reply-To", "Subject")
BODY_LIMIT = 4000
CC_KIND = "cc"  # R10: a light touch, see kithkin.core.vocabulary.LIGHT_KINDS
_CC_SUFFIX = "#cc"

When = tuple[date, time]
_SURROGATE = re.compile("[\udc80-\udcff]")  # raw 8-bit bytes the parser could not decode


def eight_bit(raw: bytes) -> str:
    """Raw 8-bit header bytes (RFC 6532 allows UTF-8; older clients wrote their own
    charset): UTF-8, else Windows-1252, else Latin-1, never a replacement character."""
    for cs in ("utf-8", "cp1252"):
        try:
            return raw.decode(cs)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def as_written(value: object) -> str:
    """A header value with its raw 8-bit bytes decoded (:func:`eight_bit`) and its
    RFC 2047 words left as they are: what an address list is parsed from."""
    if value is None:
        return ""
    if type(value) is str and value.isascii():  # the common case: nothing to decode
        return value
    if isinstance(value, Header):  # the parser's wrapper for raw 8-bit header bytes
        parts = []
        for chunk, charset in decode_header(value):
            if isinstance(chunk, bytes):
                if charset and charset != "unknown-8bit":
                    try:
                        chunk = chunk.decode(charset)
                    except (LookupError, ValueError):  # ValueError: a name with raw bytes
                        chunk = eight_bit(chunk)
                else:
                    chunk = eight_bit(chunk)
            parts.append(chunk)
        return "".join(parts)
    raw = str(value)
    if _SURROGATE.search(raw):
        return eight_bit(raw.encode("utf-8", "surrogateescape"))
    return raw


_ENCODED_WORD = re.compile(r"=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=")
_BETWEEN_WORDS = re.compile(r"(\?=)\s+(=\?)")  # white space between two words is no text


def _one_word(m: re.Match[str]) -> str:
    try:
        return str(make_header(decode_header(m[0])))
    except (LookupError, ValueError, MessageError):  # CharsetError: "=?€iso-8859-1?..."
        return m[0]


def text(value: object) -> str:
    """A header as text: RFC 2047 words decoded, raw 8-bit UTF-8 (common in the wild) too."""
    if not value:
        return ""
    raw = as_written(value)
    if "=?" not in raw:  # nothing encoded: the common case, and the quick one
        return " ".join(raw.split())
    if not raw.isascii():  # raw 8-bit text and encoded words in one header
        return " ".join(_ENCODED_WORD.sub(_one_word, _BETWEEN_WORDS.sub(r"\1\2", raw)).split())
    try:
        return " ".join(str(make_header(decode_header(raw))).split())
    except (LookupError, ValueError, MessageError):  # a charset name no codec has
        return " ".join(raw.split())


# "Tue, 01 Jan 2025 10:00:00 +0000": nearly every Date header, read without the
# general parser (a fifth of a sync's time); anything else goes through it.
_DATE = re.compile(
    r"^\s*(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{1,2}):(\d{2})"
    r"(?::(\d{2}))?\s+([+-])(\d{2})(\d{2})(?:\s*\(.*\))?\s*$"
)
_MONTHS = {
    m: n
    for n, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}


# Its commonest form, "Tue, 01 Jan 2025 10:00:00 +0000" in UTC (or "-0000"), is read
# at its fixed places, the day once per day named; anything else by the pattern above.
_DAY_PART = re.compile(r"(\d\d) ([A-Z][a-z]{2}) (\d{4})")


@lru_cache(maxsize=1 << 12)
def _day(part: str) -> date | None:
    m = _DAY_PART.fullmatch(part)
    number = _MONTHS.get(m[2].lower()) if m else None
    if m is None or number is None:
        return None
    try:
        return date(int(m[3]), number, int(m[1]))
    except ValueError:
        return None


def _quick_date(raw: str) -> When | None:
    if (
        len(raw) == 31
        and raw[3:5] == ", "
        and raw[25:] in (" +0000", " -0000")
        and raw.isascii()
        and raw[:3].isalpha()
        and raw[16] == raw[25] == " "
        and raw[19] == raw[22] == ":"
        and (on := _day(raw[5:16])) is not None
    ):
        try:  # "HH:MM:SS" with its colons in place: ASCII digits or ValueError, in C
            return on, time.fromisoformat(raw[17:25])
        except ValueError:  # "24:00:00", "1x:00:00": as the general reading below says
            pass
    m = _DATE.match(raw)
    if m is None:
        return None
    day, name, year, hour, minute, second, sign, off_h, off_m = m.groups()
    month = _MONTHS.get(name.lower())
    if month is None:
        return None
    try:
        dt = datetime(int(year), month, int(day), int(hour), int(minute), int(second or 0))
    except ValueError:
        return None
    if off_h == "00" and off_m == "00":  # UTC, or "-0000": a local time kept as is
        return dt.date(), dt.time()
    offset = timedelta(hours=int(off_h), minutes=int(off_m))
    dt = dt - offset if sign == "+" else dt + offset
    return dt.date(), dt.time()


def date_header(msg: Headers) -> When | None:
    """The ``Date`` header in UTC, or ``None`` when it is absent or unreadable."""
    return _date_value(msg.get("Date"))


def _date_value(raw: Any) -> When | None:
    if not raw:
        return None
    if isinstance(raw, str) and (quick := _quick_date(raw)) is not None:
        return quick
    try:
        dt = parsedate_to_datetime(str(raw))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC)
    return dt.date(), dt.time().replace(microsecond=0)


class Headers(Protocol):
    """What the rules read of a message: :class:`email.message.Message`, or the
    lighter :class:`HeaderBlock` a mail source parses its fetched headers into."""

    def get(self, name: str, failobj: Any = None) -> Any: ...

    def get_all(self, name: str, failobj: Any = None) -> Any: ...


class HeaderBlock:
    """The header fields of one message, as :class:`email.message.Message` under the
    ``compat32`` policy gives them (:meth:`get`, :meth:`get_all`), read the quick way.

    An IMAP source fetches only :data:`HEADERS`, tens of thousands at a time; the
    ``email`` package's full parser is most of the cost there and adds nothing to
    a block of plain ``Name: value`` lines ended by CRLF, which is what a server
    sends. Such a block is split here, each value kept as that parser keeps it
    (folded lines with their line breaks, a value with raw 8-bit bytes as its
    :class:`~email.header.Header`); any other block (bare CR or LF, a line that is
    no field, an envelope ``From`` line...) is read by the parser itself. Either
    way the rules get the very values the parser would give.
    """

    __slots__ = ("fields",)

    def __init__(self, raw: bytes) -> None:
        fields = _quick_fields(raw)
        if fields is None:
            fields = {}
            for name, value in _parse_headers(raw).items():  # values as Message.get gives them
                fields.setdefault(name.lower(), []).append(value)
        self.fields = fields

    def get(self, name: str, failobj: Any = None) -> Any:
        values = self.fields.get(_LOWER.get(name) or name.lower())
        return values[0] if values else failobj

    def get_all(self, name: str, failobj: Any = None) -> Any:
        return self.fields.get(_LOWER.get(name) or name.lower(), failobj)


def _parse_headers(raw: bytes) -> Message:
    return BytesParser(policy=compat32).parsebytes(raw, headersonly=True)


_FIELD_NAME = re.compile(r"[!-9;-~]+")  # what the parser takes for a field's name
_FIELD_NAMES: dict[str, str] = {}  # a field's name as written -> as compared


def _quick_fields(raw: bytes) -> dict[str, list[Any]] | None:
    """The fields of a plain header block as ``compat32`` reads them (name in lower
    case -> values in order), or ``None`` for a block the parser must read."""
    end = raw.find(b"\r\n\r\n")
    if end >= 0:
        raw = raw[: end + 2]
    breaks = raw.count(b"\r\n")
    if raw.count(b"\n") != breaks or raw.count(b"\r") != breaks:
        return None  # a bare CR or LF: the parser splits lines at each
    text = raw.decode("ascii", "surrogateescape")  # as the parser decodes
    fields: dict[str, list[Any]] = {}
    names = _FIELD_NAMES
    values: list[Any] | None = None
    for line in text.split("\r\n"):
        key, sep, value = line.partition(":")
        name = names.get(key) if sep else None
        if name is not None:
            values = fields.get(name)
            if values is None:
                fields[name] = values = [value.lstrip(" \t")]
            else:
                values.append(value.lstrip(" \t"))
        elif not line:
            break  # the blank line that ends the block (or the end of the data)
        elif line[0] in " \t":
            if values is None:
                return None  # a block that starts with a folded line
            values[-1] += "\r\n" + line  # folded: kept as the parser keeps it
        elif sep and _FIELD_NAME.fullmatch(key):
            name = key.lower()
            if len(names) < 512:  # the few spellings every mailbox repeats
                names[key] = name
            values = fields.get(name)
            if values is None:
                fields[name] = values = [value.lstrip(" \t")]
            else:
                values.append(value.lstrip(" \t"))
        else:
            return None  # no field (the parser would end the block), or an odd name
    if not text.isascii():  # raw 8-bit bytes: the parser's Header for those values
        fetch = compat32.header_fetch_parse
        for name, vs in fields.items():
            vs[:] = [v if v.isascii() else fetch(name, v) for v in vs]
    return fields


_LOWER = {h: h.lower() for h in (*HEADERS, "X-Gmail-Labels")}


# "Name <addr>" or a bare address: what almost every header holds; anything with
# quotes, comments, groups or escapes goes through email.utils.getaddresses.
_PLAIN_LIST = re.compile(r'^[^"()\\;:]*$')
_NAMED = re.compile(r"^\s*(.*?)\s*<([^<>\s]*)>\s*$")
_BARE = re.compile(r"^\s*([^\s<>]+)\s*$")
_MAILTO = re.compile(r"<\s*mailto:", re.IGNORECASE)


def _pairs(value: str) -> list[tuple[str, str]]:
    """(display name, address) of a header value, as ``getaddresses`` gives them."""
    if "=?" not in value and _PLAIN_LIST.match(value):
        out = []
        for part in value.split(","):
            m = _NAMED.match(part) or _BARE.match(part)
            if m is None:
                if not part.strip():
                    continue
                return getaddresses([value])
            out.append((m[1], m[2]) if m.re is _NAMED else ("", m[1]))
        return out
    return getaddresses([value])


def addresses(
    msg: Headers, *fields: str, invalid: Counter[str] | None = None
) -> list[tuple[str, str]]:
    """(display name, normalised address) of each address in the headers; what cannot be
    an address is left out and counted in ``invalid`` (reported once, never a person)."""
    out: list[tuple[str, str]] = []
    for f in fields:
        for v in msg.get_all(f) or ():
            found, bad = _value(v if type(v) is str and v.isascii() else as_written(v))
            out += found
            if bad and invalid is not None:
                for raw in bad:
                    invalid[raw] += 1
    return out


@lru_cache(maxsize=1 << 15)
def _value(value: str) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """The addresses of one header value, and what in it cannot be one (as reported):
    the same few thousand values come back in every mailbox, read once each."""
    found, bad = [], []
    if "mailto:" in value.lower():  # "<mailto:a@example.com>", as some clients write
        value = _MAILTO.sub("<", value)
    for display, raw in _pairs(value):
        if not raw.strip():
            continue  # "undisclosed-recipients:;" and empty list items
        addr = email_key(raw)
        if addr is None:  # the header as written when it names one address
            bad.append(raw.strip() if "," in value else text(value)[:200])
            continue
        found.append((text(display), addr))
    return tuple(found), tuple(bad)


def body(msg: Message) -> str | None:
    """The first plain-text part, cut at :data:`BODY_LIMIT` (only when the user asks)."""
    part = next((p for p in msg.walk() if p.get_content_type() == "text/plain"), None)
    if part is None:
        return None
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return None
    charset = part.get_content_charset() or "utf-8"
    try:
        decoded = payload.decode(charset, errors="replace")
    except LookupError:
        decoded = payload.decode("utf-8", errors="replace")
    return decoded.strip()[:BODY_LIMIT] or None


def my_addresses(me: Iterable[str]) -> set[str]:
    """The user's addresses in the form messages are compared in."""
    return {k for k in (email_key(m) for m in me) if k}


def interaction(msg: Headers, mine: AbstractSet[str], source: str, *, line: int = 0,
                fallback: Callable[[], When | None] | None = None, with_body: bool = False,
                invalid: Counter[str] | None = None,
                undated: str = "no date in the message") -> InteractionRecord | str:  # fmt: skip
    """The interaction one message is, or the reason it is none (:func:`found`);
    ``with_body`` keeps its text (:func:`body`) as the note."""
    got = found(msg, mine, fallback=fallback, invalid=invalid, undated=undated)
    if isinstance(got, str):
        return got
    key, when, direction, parties, subject = got
    return InteractionRecord(
        line=line,
        source=source,
        source_key=key,
        occurred_on=when[0],
        occurred_at=when[1],
        channel=Channel.EMAIL,
        direction=direction,
        parties=[Party(name=n, email=a) for n, a in parties],
        subject=subject,
        note=body(msg) if with_body and isinstance(msg, Message) else None,
    )


# What one message is to the rules: (key, when, direction, the other people as (name
# or None, address), subject or None); an IMAP sync packs it without a record between.
Found = tuple[str, When, Direction, tuple[tuple[str | None, str], ...], str | None]


def found(msg: Headers, mine: AbstractSet[str], *,
          fallback: Callable[[], When | None] | None = None,
          invalid: Counter[str] | None = None,
          undated: str = "no date in the message") -> Found | str:  # fmt: skip
    """What one message is (:data:`Found`), or the reason it is no interaction.

    ``mine`` holds the user's addresses, normalised by :func:`email_key` (a frozenset
    is hashed once, not once a message);
    ``fallback`` gives a date when the message has no usable ``Date`` header (an
    mbox's ``From`` line, an IMAP server's arrival date).
    """
    get, get_all = msg.get, msg.get_all
    froms = tuple(map(as_written, get_all("From") or ()))
    recipients = tuple(map(as_written, (get_all("To") or []) + (get_all("Cc") or [])))
    return _found(get("X-Gmail-Labels"), get("Date"), froms, recipients, get("Message-ID"),
                  get("Subject"), frozenset(mine), fallback, invalid, undated)  # fmt: skip


def found_in_block(raw: bytes, mine: frozenset[str]) -> tuple[Found | str, list[Any]]:
    """:func:`found` of a header block (:class:`HeaderBlock`), and its ``Cc`` values for
    :func:`copied_in`.

    The commonest block, a few ASCII fields of the names in :data:`HEADERS` as spelled
    there, each once and on one line, is split with no loop over its lines (a
    line that is no such field fails the ``dict``); its values are as written
    already (:func:`as_written`). Any other block is a :class:`HeaderBlock`.
    """
    end = raw.find(b"\r\n\r\n")
    part = raw[:end] if end >= 0 else raw[:-2] if raw.endswith(b"\r\n") else raw
    n = part.count(b"\r\n")
    if part.count(b"\r") == n == part.count(b"\n"):  # no bare CR or LF
        text = part.decode("ascii", "surrogateescape")
        lines = text.split("\r\n")
        try:
            fields = dict(map(str.split, lines, _COLON, _ONCE))  # "Name: value" each
        except ValueError:  # a line with no colon
            fields = None
        if (
            fields is not None
            and len(fields) == len(lines)  # each field once
            and fields.keys() <= _SPELLED
            and text.isascii()
        ):
            get, blank = fields.get, " \t"  # a value without the blanks before it, as parsed
            on, mid, subject = get("Date"), get("Message-ID"), get("Subject")
            labels, sender, to, cc = get("X-Gmail-Labels"), get("From"), get("To"), get("Cc")
            if cc is not None:
                cc = cc.lstrip(blank)
            recipients = (() if to is None else (to.lstrip(blank),)) + (() if cc is None else (cc,))
            got = _found(
                labels and labels.lstrip(blank), on and on.lstrip(blank),
                () if sender is None else (sender.lstrip(blank),), recipients,
                mid and mid.lstrip(blank), subject and subject.lstrip(blank), mine, None, None,
                _UNDATED,
            )  # fmt: skip
            return got, [] if cc is None else [cc]
    msg = HeaderBlock(raw)
    return found(msg, mine), msg.get_all("Cc") or []


_COLON, _ONCE = repeat(":"), repeat(1)
_SPELLED = frozenset((*HEADERS, "X-Gmail-Labels"))
_UNDATED = "no date in the message"


def _found(labels: Any, on: Any, froms: tuple[str, ...], recipients: tuple[str, ...],
           message_id: Any, subject: Any, mine: frozenset[str],
           fallback: Callable[[], When | None] | None, invalid: Counter[str] | None,
           undated: str) -> Found | str:  # fmt: skip
    """:func:`found` of the header values: the first of each field, and every ``From``
    and every ``To`` then ``Cc`` as written (:func:`as_written`)."""
    if labels and "spam" in text(labels).lower().split(","):
        return "spam"
    when = _date_value(on) or (fallback() if fallback else None)
    if when is None:
        return undated
    sender, direction, others, bad = _correspondents(froms, recipients, mine)
    if bad and invalid is not None:
        for raw in bad:
            invalid[raw] += 1
    if direction is None:
        return _NONE[others]  # type: ignore[index]  # why it is no interaction
    key = _key(message_id, subject, sender, when)
    return key, when, direction, others, text(subject) or None  # type: ignore[return-value]


_NONE = ("neither from nor to you (a list or a forward?)", "a message to yourself",
         "no sender address")  # fmt: skip
Addresses = tuple[tuple[str, str], ...]


@lru_cache(maxsize=1 << 14)
def _correspondents(
    froms: tuple[str, ...], recipients: tuple[str, ...], mine: frozenset[str]
) -> tuple[Addresses, Direction | None, tuple[tuple[str | None, str], ...] | int, tuple[str, ...]]:
    """Who a message is with, from its ``From`` values and its ``To`` and ``Cc`` values
    (as written, :func:`as_written`): (the sender's addresses, the direction, the
    parties as (name or ``None``, address), what cannot be an address); with no
    direction, the index in :data:`_NONE` of the reason it is no interaction in place
    of the parties.

    A function of the header values alone: a mailbox says the same few thousand
    From/To pairs again and again, so each is worked out once.
    """
    sender, bad = _listed(froms)
    to_cc, bad_to_cc = _listed(recipients)
    bad += bad_to_cc
    from_me = bool(sender) and sender[0][1] in mine
    if from_me:
        others = [(n, a) for n, a in to_cc if a not in mine]
        direction = Direction.OUTBOUND
    elif any(a in mine for _, a in to_cc):
        others = list(sender[:1])
        direction = Direction.INBOUND
    else:
        return sender, None, 0, bad
    if not others and from_me:
        return sender, None, 1, bad
    if not others and not _has_invalid_sender(froms):
        return sender, None, 2, bad  # "undisclosed-recipients:;", an empty From
    parties = tuple((n or None, a) for n, a in _unique(others))
    return sender, direction, parties, bad


def _listed(values: tuple[str, ...]) -> tuple[Addresses, tuple[str, ...]]:
    """(display name, normalised address) of each address in header values already
    as written, and what in them cannot be one (:func:`addresses`)."""
    if len(values) == 1:
        return _value(values[0])
    found: Addresses = ()
    bad: tuple[str, ...] = ()
    for v in values:
        f, b = _value(v)
        found += f
        bad += b
    return found, bad


def cc_touch(
    msg: Headers, mine: AbstractSet[str], rec: InteractionRecord
) -> InteractionRecord | None:
    """R10: the people copied on an inbound message, as one light touch (kind ``cc``).

    They were on the thread, not written to: the touch keeps them on the radar
    without counting as a conversation or asking for a reply (R8).
    """
    people = copied(msg, mine, rec.direction, [(p.name, p.email) for p in rec.parties])
    if not people:
        return None
    return InteractionRecord(
        line=rec.line,
        source=rec.source,
        source_key=cc_key(rec.source_key),
        occurred_on=rec.occurred_on,
        occurred_at=rec.occurred_at,
        channel=rec.channel,
        direction=rec.direction,
        parties=[Party(name=n, email=a) for n, a in people],
        subject=rec.subject,
        kind=CC_KIND,
    )


def copied(
    msg: Headers, mine: AbstractSet[str], direction: str, parties: Iterable[tuple[Any, Any]]
) -> list[tuple[str | None, str]]:
    """The people of :func:`cc_touch` as (name or ``None``, address), given the
    message's direction and its parties as (name, address): none but on an inbound
    message, and never the user or one of its parties."""
    return copied_in(msg.get_all("Cc") or [], mine, direction, parties)


def copied_in(
    cc: list[Any], mine: AbstractSet[str], direction: str, parties: Iterable[tuple[Any, Any]]
) -> list[tuple[str | None, str]]:
    """:func:`copied` of the message's ``Cc`` values."""
    if direction != Direction.INBOUND or not cc:
        return []
    taken = mine | {a for _, a in parties if a}
    people, _ = _listed(tuple(map(as_written, cc)))
    return [(n or None, a) for n, a in _unique(list(people)) if a not in taken]


def cc_key(key: str) -> str:
    """The key of a message's R10 touch, from the message's own."""
    return key[: 500 - len(_CC_SUFFIX)] + _CC_SUFFIX


def _has_invalid_sender(froms: tuple[str, ...]) -> bool:
    """Whether the ``From`` values (as written) name something that cannot be an address."""
    return any(raw.strip() and email_key(raw) is None for _, raw in getaddresses(list(froms)))


def message_key(msg: Headers, sender: list[tuple[str, str]], when: When) -> str:
    """The Message-ID (copies under several labels or folders count once), or a digest."""
    return _key(msg.get("Message-ID"), msg.get("Subject"), sender, when)


def _key(message_id: Any, subject: Any, sender: Iterable[tuple[str, str]], when: When) -> str:
    mid = text(message_id).strip("<> ")
    if not mid:  # the sender as a list, as it has always been written into the digest
        basis = f"{list(sender)}|{when}|{text(subject)}"
        mid = "sha1:" + hashlib.sha1(basis.encode()).hexdigest()
    return mid


def _unique(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for n, a in pairs:
        seen.setdefault(a, n)
    return [(n, a) for a, n in seen.items()]
