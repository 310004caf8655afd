"""A message's header values as the mail rules read them (:mod:`kithkin.core.exchange.mail`):
text with its RFC 2047 words and raw 8-bit bytes decoded, the ``Date`` in UTC, and
the fields of a fetched header block read the quick way, with the values the
``email`` package's ``compat32`` parser gives.

Kept apart from the rules so that each module reads whole: here, how a value is read;
there, what a message is to kithkin.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from email.errors import MessageError
from email.header import Header, decode_header, make_header
from email.message import Message
from email.parser import BytesParser
from email.policy import compat32
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import Any, Protocol

# The headers a mail source needs; nothing else of a message is read unless asked.
# Bcc: who you wrote to in Bcc (the sent folder's copy keeps it); the next four tell
# a newsletter or an automatic message from mail a person wrote (mail.automatic), the
# last two a calendar's invitation or answer (mail.calendar_mail).
HEADERS = ("From", "To", "Cc", "Date", "Message-ID", "In-Reply-To", "Subject", "Bcc",
           "Precedence", "Auto-Submitted", "List-Unsubscribe", "List-Post", "Sender",
           "Content-Class")  # fmt: skip
# A day and the time of day in UTC; no time for a message dated on the day it was read
# (its own date was in the future: mail.dated).
When = tuple[date, time | None]
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
    return date_value(msg.get("Date"))


def date_value(raw: Any) -> When | None:
    """A ``Date`` value (as :meth:`Headers.get` gives it) in UTC, or ``None``."""
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
