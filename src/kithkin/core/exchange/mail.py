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
- Mail to more than :data:`GROUP` people besides the user (a farewell to the team,
  an announcement) is a light touch too (kind ``cc``) for everyone on it: nobody
  was written to personally, so it is no first touch (R1) nor check-in (R2), it
  owes no reply (R8), and nobody on it is a suggestion.
- Spam (Gmail's label) and mail neither from nor to the user (lists, forwards)
  are no interaction; neither is mail to oneself, nor a newsletter or an automatic
  message (:func:`automatic`: nobody wrote it to you, and nobody awaits a reply),
  nor a calendar's invitation or answer (:func:`calendar_mail`: the calendar
  counts the meeting itself).
- A message dated after the day it is read (a sender's wrong clock) is dated on
  that day (:func:`dated`): the latest it can have arrived.
- The Bcc recipients of a message the user sent (the sent folder's copy names them)
  were written to as the To recipients were.
- Addresses are data: what cannot be an address is counted, never a person.

How each header value is read (text, dates, a fetched header block) is
:mod:`kithkin.core.exchange.mailheaders`.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from datetime import date
from email.message import Message
from email.utils import getaddresses
from functools import lru_cache
from itertools import repeat
from typing import Any

from kithkin.core.exchange.incoming import InteractionRecord, Party
from kithkin.core.exchange.mailheaders import (
    HEADERS,
    HeaderBlock,
    Headers,
    When,
    as_written,
    date_value,
    text,
)
from kithkin.core.userinput import email_key
from kithkin.core.vocabulary import CC_KIND, Channel, Direction

BODY_LIMIT = 4000
_CC_SUFFIX = "#cc"


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
                invalid: Counter[str] | None = None, undated: str = "no date in the message",
                today: date | None = None) -> InteractionRecord | str:  # fmt: skip
    """The interaction one message is, or the reason it is none (:func:`found`);
    ``with_body`` keeps its text (:func:`body`) as the note."""
    got = found(msg, mine, fallback=fallback, invalid=invalid, undated=undated, today=today)
    if isinstance(got, str):
        return got
    key, when, direction, parties, subject, kind = got
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
        kind=kind,
    )


# What one message is to the rules: (key, when, direction, the other people as (name
# or None, address), subject or None, kind: a check-in, or a light touch when it went
# to many); an IMAP sync packs it without a record between.
Found = tuple[str, When, Direction, tuple[tuple[str | None, str], ...], str | None, str]
# More people than this on a message besides you (To, Cc, Bcc) make it mail to a group:
# a light touch (R10) for each of them, not a conversation.
GROUP = 10
_CHECKIN = InteractionRecord.__dataclass_fields__["kind"].default  # a record's own: a conversation


def found(msg: Headers, mine: AbstractSet[str], *,
          fallback: Callable[[], When | None] | None = None,
          invalid: Counter[str] | None = None, undated: str = "no date in the message",
          today: date | None = None) -> Found | str:  # fmt: skip
    """What one message is (:data:`Found`), or the reason it is no interaction.

    ``mine`` holds the user's addresses, normalised by :func:`email_key` (a frozenset
    is hashed once, not once a message);
    ``fallback`` gives a date when the message has no usable ``Date`` header (an
    mbox's ``From`` line); ``today``, the day it is read (:func:`dated`).
    """
    get, get_all = msg.get, msg.get_all
    froms = tuple(map(as_written, get_all("From") or ()))
    recipients = tuple(
        map(as_written, (get_all("To") or []) + (get_all("Cc") or []) + (get_all("Bcc") or []))
    )
    if automatic(get("Precedence"), get("Auto-Submitted"), get("List-Unsubscribe"),
                 get("List-Post")):  # fmt: skip
        return AUTOMATIC
    if calendar_mail(get("Sender"), froms, get("Content-Class")):
        return CALENDAR
    return _found(get("X-Gmail-Labels"), get("Date"), froms, recipients, get("Message-ID"),
                  get("Subject"), frozenset(mine), fallback, invalid, undated, today)  # fmt: skip


AUTOMATIC = "a newsletter or an automatic message"
CALENDAR = "a calendar invitation or answer (the calendar counts the meeting)"
# The senders of a calendar's mail about a meeting: Google Calendar sends invitations,
# updates and answers on the organizer's or the attendee's behalf (Sender), and its
# own notifications (From).
CALENDAR_SENDERS = ("calendar-notification@google.com",)
_CALENDAR_SENDER = re.compile("|".join(map(re.escape, CALENDAR_SENDERS)), re.IGNORECASE)
# Exchange's (Outlook, Teams) mark of a meeting request, update, answer or cancellation.
CALENDAR_CLASS = "urn:content-classes:calendarmessage"


def calendar_mail(sender: Any, froms: tuple[str, ...], content_class: Any) -> bool:
    """Whether a message is a calendar's invitation, update, answer or notification, by
    its ``Sender``, its ``From`` values (as written, :func:`as_written`) and its
    ``Content-Class``: no conversation, and nobody to suggest (the calendar source counts the
    meeting; an invitation is no more a talk than the event is).

    Known by the sender Google Calendar writes (:data:`CALENDAR_SENDERS`, as ``Sender``
    or ``From``) and by Exchange's ``Content-Class`` (:data:`CALENDAR_CLASS`), whatever
    the subject says ("Invitation:", "Accepted:", or the meeting's title from Outlook):
    a person's mail whose subject merely reads like one still counts. iCloud and Zoom
    send theirs from an address that reads no reply (:func:`automatic`).
    """
    if content_class is not None and text(content_class).strip().lower() == CALENDAR_CLASS:
        return True
    search = _CALENDAR_SENDER.search
    if sender is not None and search(as_written(sender)):
        return True
    return any(search(f) for f in froms)


def dated(when: When, today: date | None) -> When:
    """The day a message counts on: its own, unless that is after ``today`` (the day a
    sync or an import reads it: the sender's clock was wrong), then ``today`` with no
    time, the latest day it can have arrived. Its day is UTC's, so mail written this
    evening west of Greenwich (tomorrow in UTC) counts today; a date a year ahead
    never puts the contact's next check-in past its real one."""
    if today is not None and when[0] > today:
        return today, None
    return when


_BULK = frozenset(("bulk", "junk"))


def automatic(precedence: Any, auto_submitted: Any, unsubscribe: Any, post: Any) -> bool:
    """Whether a message is a newsletter or automatic, by its headers: no interaction.

    ``Auto-Submitted`` other than ``no`` (RFC 3834: notifications, out-of-office
    replies), ``Precedence: bulk`` (or ``junk``), or an unsubscribe link
    (``List-Unsubscribe``: newsletters, marketing, a sales tool's sequences) on a
    list where nobody posts (no ``List-Post``). A discussion list's post (it has a
    ``List-Post``, and ``Precedence: list``) is a person's mail, and counts when it
    was written to you too. A sender whose address says it reads no reply
    (``noreply@``, ``no-reply@``, ``do-not-reply@``...) is automatic as well
    (:func:`_correspondents`).
    """
    if auto_submitted is not None:
        kind = text(auto_submitted).split(";")[0].strip().lower()
        if kind and kind != "no":
            return True
    if precedence is not None and text(precedence).strip().lower() in _BULK:
        return True
    return unsubscribe is not None and post is None


def found_in_block(
    raw: bytes, mine: frozenset[str], today: date | None = None
) -> tuple[Found | str, list[Any]]:
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
            if automatic(get("Precedence"), get("Auto-Submitted"), get("List-Unsubscribe"),
                         get("List-Post")):  # fmt: skip
                return AUTOMATIC, []
            on, mid, subject = get("Date"), get("Message-ID"), get("Subject")
            labels, sender, to, cc = get("X-Gmail-Labels"), get("From"), get("To"), get("Cc")
            if calendar_mail(get("Sender"), () if sender is None else (sender,),
                             get("Content-Class")):  # fmt: skip
                return CALENDAR, []
            if cc is not None:
                cc = cc.lstrip(blank)
            bcc = get("Bcc")
            recipients = (() if to is None else (to.lstrip(blank),)) + (() if cc is None else (cc,))
            if bcc is not None:
                recipients += (bcc.lstrip(blank),)
            got = _found(
                labels and labels.lstrip(blank), on and on.lstrip(blank),
                () if sender is None else (sender.lstrip(blank),), recipients,
                mid and mid.lstrip(blank), subject and subject.lstrip(blank), mine, None, None,
                _UNDATED, today,
            )  # fmt: skip
            return got, [] if cc is None else [cc]
    msg = HeaderBlock(raw)
    return found(msg, mine, today=today), msg.get_all("Cc") or []


_COLON, _ONCE = repeat(":"), repeat(1)
_SPELLED = frozenset((*HEADERS, "X-Gmail-Labels"))
_UNDATED = "no date in the message"


def _found(labels: Any, on: Any, froms: tuple[str, ...], recipients: tuple[str, ...],
           message_id: Any, subject: Any, mine: frozenset[str],
           fallback: Callable[[], When | None] | None, invalid: Counter[str] | None,
           undated: str, today: date | None = None) -> Found | str:  # fmt: skip
    """:func:`found` of the header values: the first of each field, and every ``From``
    and every ``To`` then ``Cc`` as written (:func:`as_written`)."""
    if labels and "spam" in text(labels).lower().split(","):
        return "spam"
    when = date_value(on) or (fallback() if fallback else None)
    if when is None:
        return undated
    sender, direction, others, bad, crowd = _correspondents(froms, recipients, mine)
    if bad and invalid is not None:
        for raw in bad:
            invalid[raw] += 1
    if direction is None:
        return _NONE[others]  # type: ignore[index]  # why it is no interaction
    key = _key(message_id, subject, sender, when)  # by its own date: the same any day read
    when = dated(when, today)
    kind = CC_KIND if crowd else _CHECKIN
    return key, when, direction, others, text(subject) or None, kind  # type: ignore[return-value]


_NONE = ("neither from nor to you (a list or a forward?)", "a message to yourself",
         "no sender address", AUTOMATIC)  # fmt: skip
# The local part of an address that reads no reply: noreply@, no-reply@, donotreply@,
# do_not_reply@, noreply+tag@, no-reply-123@; the mail system's own (mailer-daemon@).
_NO_REPLY = re.compile(r"(?:no|do[-_.]?not)[-_.]?reply(?:[-_.+].*)?|mailer-daemon|postmaster")
Addresses = tuple[tuple[str, str], ...]


@lru_cache(maxsize=1 << 14)
def _correspondents(
    froms: tuple[str, ...], recipients: tuple[str, ...], mine: frozenset[str]
) -> tuple[
    Addresses, Direction | None, tuple[tuple[str | None, str], ...] | int, tuple[str, ...], bool
]:
    """Who a message is with, from its ``From`` values and its ``To`` and ``Cc`` values
    (as written, :func:`as_written`): (the sender's addresses, the direction, the
    parties as (name or ``None``, address), what cannot be an address, whether it went
    to more than :data:`GROUP` people besides the user); with no direction, the index
    in :data:`_NONE` of the reason it is no interaction in place of the parties.

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
        if sender and _NO_REPLY.fullmatch(sender[0][1].partition("@")[0]):
            return sender, None, 3, bad, False  # automatic: nobody writes from there
        others = list(sender[:1])
        direction = Direction.INBOUND
    else:
        return sender, None, 0, bad, False
    if not others and from_me:
        return sender, None, 1, bad, False
    if not others and not _has_invalid_sender(froms):
        return sender, None, 2, bad, False  # "undisclosed-recipients:;", an empty From
    parties = tuple((n or None, a) for n, a in _unique(others))
    crowd = len(to_cc) > GROUP and len({a for _, a in to_cc} - mine) > GROUP
    return sender, direction, parties, bad, crowd


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
