"""An mbox file (Gmail Takeout, Thunderbird, mutt) into email interactions.

Each message to or from the user becomes one interaction record keyed by its
Message-ID, so the copies Gmail Takeout writes under several labels count once.
Addresses come from ``email.utils.getaddresses``; a message without a usable
``Date`` header takes the date of its ``From `` separator line. Bodies are left
out unless asked for: an interaction keeps the subject, not the mail. The rules that
make a message an interaction are shared with the IMAP source
(:mod:`kithkin.core.exchange.mail`); this module only splits the file and dates
a message by its ``From `` line when it has no ``Date`` header.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from datetime import date, datetime
from email import message_from_bytes
from email.message import Message

from kithkin.core.exchange import mail
from kithkin.core.exchange.incoming import Batch, InteractionRecord, Skip
from kithkin.core.exchange.mail import addresses, message_key, my_addresses
from kithkin.core.exchange.mailheaders import When
from kithkin.errors import BadInput
from kithkin.formats.dates import MONTHS

__all__ = ["addresses", "interaction", "message_key", "messages", "my_addresses", "parse"]

SOURCE = "mbox"
BOM = b"\xef\xbb\xbf"
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


def _from_line(sep: bytes) -> When | None:
    """The date of a ``From `` separator line, for a message without a ``Date`` header."""
    m = _FROM_LINE.match(sep)
    if not m:
        return None
    month = MONTHS.get(m[1].decode().lower())
    try:
        dt = datetime(int(m[6]), month or 0, int(m[2]), int(m[3]), int(m[4]), int(m[5] or 0))
    except ValueError:
        return None
    return dt.date(), dt.time()


def interaction(msg: Message, mine: AbstractSet[str], *, line: int = 0, separator: bytes = b"",
                with_body: bool = False, invalid: Counter[str] | None = None,
                source: str = SOURCE,
                today: date | None = None) -> InteractionRecord | str:  # fmt: skip
    """The interaction one message of the file is (the shared rules of
    :func:`kithkin.core.exchange.mail.interaction`), dated by its ``From`` line when
    it has no ``Date`` header, and on ``today`` when its date is later."""
    return mail.interaction(msg, mine, source, line=line, fallback=lambda: _from_line(separator),
                            with_body=with_body, invalid=invalid,
                            undated="no date in the message or its From line",
                            today=today)  # fmt: skip


def parse(data: bytes | Iterable[bytes], name: str, me: set[str], with_body: bool = False,
          batch: Batch | None = None, today: date | None = None) -> Batch:  # fmt: skip
    """The messages of an mbox file to or from ``me`` as interaction records; ``today``,
    the day of the import (mail dated after it counts on it)."""
    batch = batch or Batch(source=SOURCE)
    mine = frozenset(my_addresses(me))
    invalid: Counter[str] = Counter()
    for line, sep, raw in messages(data, name):
        msg = message_from_bytes(raw)
        got = interaction(msg, mine, line=line, separator=sep, with_body=with_body,
                          invalid=invalid, today=today)  # fmt: skip
        if isinstance(got, str):
            batch.skipped.append(Skip(line, got, name))
            continue
        batch.interactions.append(got)
        copied = mail.cc_touch(msg, mine, got)
        if copied is not None:
            batch.interactions.append(copied)
    for raw_addr, n in sorted(invalid.items()):
        times = "once" if n == 1 else f"in {n} messages"
        batch.warnings.append(
            f"{name}: {raw_addr!r} is not an email address ({times}): left out, nobody added"
        )
    return batch
