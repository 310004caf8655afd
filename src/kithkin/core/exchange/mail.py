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
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import UTC, date, time
from email.header import Header, decode_header, make_header
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime

from kithkin.core.exchange.incoming import InteractionRecord, Party
from kithkin.core.userinput import email_key
from kithkin.core.vocabulary import Channel, Direction

# The headers a mail source needs; nothing else of a message is read unless asked.
HEADERS = ("From", "To", "Cc", "Date", "Message-ID", "In-Reply-To", "Subject")
BODY_LIMIT = 4000
CC_KIND = "cc"  # R10: a light touch, see kithkin.core.vocabulary.LIGHT_KINDS
_CC_SUFFIX = "#cc"

When = tuple[date, time]


def text(value: object) -> str:
    """A header as text: RFC 2047 words decoded, raw 8-bit UTF-8 (common in the wild) too."""
    if value is None:
        return ""
    if isinstance(value, Header):  # the parser's wrapper for raw 8-bit header bytes
        parts = []
        for chunk, charset in decode_header(value):
            if isinstance(chunk, bytes):
                cs = charset if charset and charset != "unknown-8bit" else "utf-8"
                try:
                    chunk = chunk.decode(cs, "replace")
                except LookupError:
                    chunk = chunk.decode("utf-8", "replace")
            parts.append(chunk)
        return " ".join("".join(parts).split())
    raw = str(value)
    if any("\udc80" <= c <= "\udcff" for c in raw):
        raw = raw.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        return " ".join(raw.split())
    if "=?" not in raw:  # nothing encoded: the common case, and the quick one
        return " ".join(raw.split())
    try:
        return " ".join(str(make_header(decode_header(raw))).split())
    except (UnicodeDecodeError, LookupError, ValueError):
        return " ".join(str(value).split())


def date_header(msg: Message) -> When | None:
    """The ``Date`` header in UTC, or ``None`` when it is absent or unreadable."""
    raw = msg.get("Date")
    if not raw:
        return None
    try:
        dt = parsedate_to_datetime(str(raw))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC)
    return dt.date(), dt.time().replace(microsecond=0)


def addresses(
    msg: Message, *fields: str, invalid: Counter[str] | None = None
) -> list[tuple[str, str]]:
    """(display name, normalised address) of each address in the headers; what cannot be
    an address is left out and counted in ``invalid`` (reported once, never a person)."""
    out = []
    for value in (str(v) for f in fields for v in (msg.get_all(f) or [])):
        for display, raw in getaddresses([value]):
            if not raw.strip():
                continue  # "undisclosed-recipients:;" and empty list items
            addr = email_key(raw)
            if addr is None:
                if invalid is not None:  # the header as written when it names one address
                    invalid[raw.strip() if "," in value else text(value)[:200]] += 1
                continue
            out.append((text(display), addr))
    return out


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


def interaction(msg: Message, mine: set[str], source: str, *, line: int = 0,
                fallback: Callable[[], When | None] | None = None, with_body: bool = False,
                invalid: Counter[str] | None = None,
                undated: str = "no date in the message") -> InteractionRecord | str:  # fmt: skip
    """The interaction one message is, or the reason it is none.

    ``mine`` holds the user's addresses, normalised by :func:`email_key`;
    ``fallback`` gives a date when the message has no usable ``Date`` header (an
    mbox's ``From`` line, an IMAP server's arrival date).
    """
    labels = text(msg.get("X-Gmail-Labels")).lower()
    if "spam" in labels.split(","):
        return "spam"
    when = date_header(msg) or (fallback() if fallback else None)
    if when is None:
        return undated
    sender = addresses(msg, "From", invalid=invalid)
    recipients = addresses(msg, "To", "Cc", invalid=invalid)
    from_me = bool(sender) and sender[0][1] in mine
    to_me = any(a in mine for _, a in recipients)
    if from_me:
        others = [(n, a) for n, a in recipients if a not in mine]
        direction = Direction.OUTBOUND
    elif to_me:
        others = sender[:1]
        direction = Direction.INBOUND
    else:
        return "neither from nor to you (a list or a forward?)"
    if not others and (from_me or not _has_invalid_sender(msg)):
        return "a message to yourself"
    return InteractionRecord(
        line=line,
        source=source,
        source_key=message_key(msg, sender, when),
        occurred_on=when[0],
        occurred_at=when[1],
        channel=Channel.EMAIL,
        direction=direction,
        parties=[Party(name=n or None, email=a) for n, a in _unique(others)],
        subject=text(msg.get("Subject")) or None,
        note=body(msg) if with_body else None,
    )


def cc_touch(msg: Message, mine: set[str], rec: InteractionRecord) -> InteractionRecord | None:
    """R10: the people copied on an inbound message, as one light touch (kind ``cc``).

    They were on the thread, not written to: the touch keeps them on the radar
    without counting as a conversation or asking for a reply (R8).
    """
    if rec.direction != Direction.INBOUND:
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


def _has_invalid_sender(msg: Message) -> bool:
    return any(raw.strip() and email_key(raw) is None
               for _, raw in getaddresses([str(v) for v in msg.get_all("From") or []]))  # fmt: skip


def message_key(msg: Message, sender: list[tuple[str, str]], when: When) -> str:
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
