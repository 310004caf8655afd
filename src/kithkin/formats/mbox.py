"""An mbox file (Gmail Takeout, Thunderbird, mutt) into email interactions.

Each message to or from the user becomes one interaction record keyed by its
Message-ID, so the copies Gmail Takeout writes under several labels count once.
Addresses come from ``email.utils.getaddresses``; a message without a usable
``Date`` header takes the date of its ``From `` separator line. Bodies are left
out unless asked for: an interaction keeps the subject, not the mail.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time
from email import message_from_bytes
from email.header import Header, decode_header, make_header
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime

from kithkin.core.exchange.incoming import Batch, InteractionRecord, Party, Skip
from kithkin.core.userinput import email_key
from kithkin.core.vocabulary import Channel, Direction
from kithkin.errors import BadInput
from kithkin.formats.dates import MONTHS

SOURCE = "mbox"
BOM = b"\xef\xbb\xbf"
BODY_LIMIT = 4000
# "From sender@example.com Sat Jan  3 01:05:34 1996" (asctime; may carry a zone before the year)
_FROM_LINE = re.compile(
    rb"^From \S+\s+\w{3} (\w{3})\s+(\d{1,2}) (\d{1,2}):(\d{2})(?::(\d{2}))?(?: [+-]\d{4})? (\d{4})"
)


def messages(source: bytes | Iterable[bytes], name: str) -> Iterator[tuple[int, bytes, bytes]]:
    """(line of the separator, the separator line, the message bytes) for each message.

    Split exactly as the standard library's ``mailbox.mbox`` does: every line that
    starts with ``From `` begins a message, whether a blank line comes before it or not
    (Netscape's Content-Length mboxes have none), and lines end at ``\n`` only. A
    leading UTF-8 byte-order mark is dropped. ``source`` is the file's bytes or, for a
    Takeout of several gigabytes, the open file itself: only one message is held at a time.
    """
    lines: Iterable[bytes] = io.BytesIO(source) if isinstance(source, bytes) else source
    it = iter(lines)
    n = 0
    sep = b""
    for ln in it:
        n += 1
        if n == 1 and ln.startswith(BOM):
            ln = ln[len(BOM) :]
        if ln.strip():
            sep = ln
            break
    if not sep.startswith(b"From "):
        raise BadInput(f"{name}: not an mbox file (it does not start with a 'From ' line)")
    start = n
    buf: list[bytes] = []
    for ln in it:
        n += 1
        if ln.startswith(b"From "):
            yield start, sep, _without_separator_blank(buf)
            start, sep, buf = n, ln, []
        else:
            buf.append(ln)
    yield start, sep, _without_separator_blank(buf)


def _without_separator_blank(buf: list[bytes]) -> bytes:
    """The message without the blank line that separates it from the next one."""
    if buf and buf[-1] == b"\n":
        buf.pop()
    return b"".join(buf)


def _text(value: object) -> str:
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
    try:
        return " ".join(str(make_header(decode_header(raw))).split())
    except (UnicodeDecodeError, LookupError, ValueError):
        return " ".join(str(value).split())


def _when(msg: Message, sep: bytes) -> tuple[date, time] | None:
    raw = msg.get("Date")
    if raw:
        try:
            dt = parsedate_to_datetime(str(raw))
            if dt.tzinfo is not None:
                dt = dt.astimezone(UTC)
            return dt.date(), dt.time().replace(microsecond=0)
        except (TypeError, ValueError, IndexError, OverflowError):
            pass
    m = _FROM_LINE.match(sep)
    if m:
        month = MONTHS.get(m[1].decode().lower())
        try:
            dt = datetime(int(m[6]), month or 0, int(m[2]), int(m[3]), int(m[4]), int(m[5] or 0))
        except ValueError:
            return None
        return dt.date(), dt.time()
    return None


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
                    invalid[raw.strip() if "," in value else _text(value)[:200]] += 1
                continue
            out.append((_text(display), addr))
    return out


def _body(msg: Message) -> str | None:
    part = next((p for p in msg.walk() if p.get_content_type() == "text/plain"), None)
    if part is None:
        return None
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return None
    charset = part.get_content_charset() or "utf-8"
    try:
        text = payload.decode(charset, errors="replace")
    except LookupError:
        text = payload.decode("utf-8", errors="replace")
    return text.strip()[:BODY_LIMIT] or None


def interaction(msg: Message, mine: set[str], *, line: int = 0, separator: bytes = b"",
                with_body: bool = False, invalid: Counter[str] | None = None,
                source: str = SOURCE) -> InteractionRecord | str:  # fmt: skip
    """The interaction one message is, or the reason it is none: the rules a mailbox
    shares with any other mail source (an IMAP folder gives the same ``Message``).

    ``mine`` holds the user's addresses, normalised by :func:`email_key`.
    """
    labels = _text(msg.get("X-Gmail-Labels")).lower()
    if "spam" in labels.split(","):
        return "spam"
    when = _when(msg, separator)
    if when is None:
        return "no date in the message or its From line"
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
        subject=_text(msg.get("Subject")) or None,
        note=_body(msg) if with_body else None,
    )


def _has_invalid_sender(msg: Message) -> bool:
    return any(raw.strip() and email_key(raw) is None
               for _, raw in getaddresses([str(v) for v in msg.get_all("From") or []]))  # fmt: skip


def message_key(msg: Message, sender: list[tuple[str, str]], when: tuple[date, time]) -> str:
    """The Message-ID (Takeout's copies under several labels count once), or a digest."""
    mid = _text(msg.get("Message-ID")).strip("<> ")
    if not mid:
        basis = f"{sender}|{when}|{_text(msg.get('Subject'))}"
        mid = "sha1:" + hashlib.sha1(basis.encode()).hexdigest()
    return mid


def my_addresses(me: Iterable[str]) -> set[str]:
    """The user's addresses in the form messages are compared in."""
    return {k for k in (email_key(m) for m in me) if k}


def parse(data: bytes | Iterable[bytes], name: str, me: set[str], with_body: bool = False,
          batch: Batch | None = None) -> Batch:  # fmt: skip
    batch = batch or Batch(source=SOURCE)
    mine = my_addresses(me)
    invalid: Counter[str] = Counter()
    for line, sep, raw in messages(data, name):
        got = interaction(message_from_bytes(raw), mine, line=line, separator=sep,
                          with_body=with_body, invalid=invalid)  # fmt: skip
        if isinstance(got, str):
            batch.skipped.append(Skip(line, got, name))
        else:
            batch.interactions.append(got)
    for raw_addr, n in sorted(invalid.items()):
        times = "once" if n == 1 else f"in {n} messages"
        batch.warnings.append(
            f"{name}: {raw_addr!r} is not an email address ({times}): left out, nobody added"
        )
    return batch


def _unique(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for n, a in pairs:
        seen.setdefault(a, n)
    return [(n, a) for a, n in seen.items()]
