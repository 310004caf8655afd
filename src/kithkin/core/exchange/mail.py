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
from email.utils import getaddresses, parsedate_to_datetime
from functools import lru_cache
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
    raw = msg.get("Date")
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
    """The header fields of one message, parsed the quick way (unfolded, first colon).

    An IMAP source fetches only :data:`HEADERS`, tens of thousands at a time; the
    ``email`` package's full parser is most of the cost there and adds nothing to
    a block of plain fields. Undecodable bytes stay as surrogates, as the standard
    parser leaves them, and :func:`text` decodes them the same way.
    """

    __slots__ = ("fields",)

    def __init__(self, raw: bytes) -> None:
        fields: dict[str, list[str]] = {}
        self.fields = fields
        block = raw.decode("utf-8", "surrogateescape")
        end = block.find("\r\n\r\n")
        if end >= 0:
            block = block[:end]
        current: list[str] | None = None
        names = _FIELD_NAMES
        for line in block.splitlines():
            key, sep, value = line.partition(":")
            if sep and line[0] not in " \t":  # "Name: value", most lines (never blank)
                name = names.get(key)
                if name is None:
                    name = key.strip().lower()
                    if len(names) < 512:  # the few spellings every mailbox repeats
                        names[key] = name
                current = fields.get(name)
                if current is None:
                    fields[name] = current = [value.strip()]
                else:
                    current.append(value.strip())
                continue
            if not line or line.isspace():
                if fields:
                    break  # the blank line that ends the header block
                continue
            if line[0] in " \t":
                if current is not None:
                    current[-1] += " " + line.strip()
                continue
            current = None  # a line that is no field, and what folds onto it

    def get(self, name: str, failobj: Any = None) -> Any:
        values = self.fields.get(_LOWER.get(name) or name.lower())
        return values[0] if values else failobj

    def get_all(self, name: str, failobj: Any = None) -> Any:
        return self.fields.get(_LOWER.get(name) or name.lower(), failobj)


_LOWER = {h: h.lower() for h in (*HEADERS, "X-Gmail-Labels")}
_FIELD_NAMES: dict[str, str] = {}  # a field's name as written -> as compared


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
    """The interaction one message is, or the reason it is none.

    ``mine`` holds the user's addresses, normalised by :func:`email_key` (a frozenset
    is hashed once, not once a message);
    ``fallback`` gives a date when the message has no usable ``Date`` header (an
    mbox's ``From`` line, an IMAP server's arrival date).
    """
    labels = msg.get("X-Gmail-Labels")
    if labels and "spam" in text(labels).lower().split(","):
        return "spam"
    when = date_header(msg) or (fallback() if fallback else None)
    if when is None:
        return undated
    froms = tuple(map(as_written, msg.get_all("From") or ()))
    recipients = tuple(map(as_written, (msg.get_all("To") or []) + (msg.get_all("Cc") or [])))
    sender, direction, others, bad = _correspondents(froms, recipients, frozenset(mine))
    if bad and invalid is not None:
        for raw in bad:
            invalid[raw] += 1
    if direction is None:
        return _NONE[others]  # type: ignore[index]  # why it is no interaction
    return InteractionRecord(
        line=line,
        source=source,
        source_key=message_key(msg, list(sender), when),
        occurred_on=when[0],
        occurred_at=when[1],
        channel=Channel.EMAIL,
        direction=direction,
        parties=[Party(name=n, email=a) for n, a in others],  # type: ignore[union-attr]
        subject=text(msg.get("Subject")) or None,
        note=body(msg) if with_body and isinstance(msg, Message) else None,
    )


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
    if rec.direction != Direction.INBOUND or not msg.get_all("Cc"):
        return None
    taken = mine | {p.email for p in rec.parties if p.email}
    copied = [(n, a) for n, a in _unique(addresses(msg, "Cc")) if a not in taken]
    if not copied:
        return None
    return InteractionRecord(
        line=rec.line,
        source=rec.source,
        source_key=rec.source_key[: 500 - len(_CC_SUFFIX)] + _CC_SUFFIX,
        occurred_on=rec.occurred_on,
        occurred_at=rec.occurred_at,
        channel=rec.channel,
        direction=rec.direction,
        parties=[Party(name=n or None, email=a) for n, a in copied],
        subject=rec.subject,
        kind=CC_KIND,
    )


def _has_invalid_sender(froms: tuple[str, ...]) -> bool:
    """Whether the ``From`` values (as written) name something that cannot be an address."""
    return any(raw.strip() and email_key(raw) is None for _, raw in getaddresses(list(froms)))


def message_key(msg: Headers, sender: list[tuple[str, str]], when: When) -> str:
    """The Message-ID (copies under several labels or folders count once), or a digest."""
    mid = text(msg.get("Message-ID")).strip("<> ")
    if not mid:
        basis = f"{sender}|{when}|{text(msg.get('Subject'))}"
        mid = "sha1:" + hashlib.sha1(basis.encode()).hexdigest()
    return mid


def _unique(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for n, a in pairs:
        seen.setdefault(a, n)
    return [(n, a) for a, n in seen.items()]
