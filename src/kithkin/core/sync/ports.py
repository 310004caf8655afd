"""What the sync asks of a protocol adapter: the shape of a mail server, a CalDAV
server, a published calendar and a CardDAV address book, as the core sees them.

The adapters (:mod:`kithkin.remote`) speak IMAP and HTTP; the core only calls
these methods, so its rules are tested against real servers and written without
a socket in sight. An adapter reports trouble as :class:`kithkin.errors.BadInput`
(the user's configuration: wrong password, untrusted certificate, a folder that
is not there; exit 2) or :class:`kithkin.errors.Unreachable` (the server's
fault: down, timed out, refused; exit 1), never with the password in the text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from kithkin.core.exchange.incoming import PersonRecord
from kithkin.core.exchange.meetings import Occurrence


@dataclass(frozen=True)
class Folder:
    name: str
    flags: frozenset[str]  # SPECIAL-USE and attributes, lower case ("\\sent", "\\all")


@dataclass(frozen=True)
class FolderState:
    uidvalidity: int
    uidnext: int
    exists: int

    def adds_nothing_to(self, checkpoint: dict[str, Any]) -> bool:
        """Whether a folder in this state holds nothing past its checkpoint: the same
        ``UIDVALIDITY``, and no UID given out since the last one read."""
        last = int(checkpoint.get("last_uid", 0))
        return checkpoint.get("uidvalidity") == self.uidvalidity and self.uidnext <= last + 1


FOLDERS = "*"  # the checkpoint of which folders a source reads: IMAP's wildcard, no folder's name
# The version of the rule that finds the folders (kithkin.core.sync.mailread.folders),
# remembered with the folders it found: 1 reads \Archive too (none: the rules before).
FOLDER_RULE = 1


def status_names(named: list[str], saved: dict[str, dict[str, Any]], today: date) -> list[str]:
    """The folders a sync asks with ``STATUS`` alone: the ones named, else the ones
    found by the rule of this version at the first sync of ``today``.

    None, so that they are listed again (``LIST``), at a first sync, after an upgrade
    that changed the rule, and at the first sync of each day: a folder made since
    (the archive folder a mail client starts using) is found the next day at the
    latest, and every other sync of the day is a ``STATUS`` per folder."""
    found = saved.get(FOLDERS, {})
    if named or found.get("rule") != FOLDER_RULE:
        return named
    if str(found.get("listed", "")) < today.isoformat():
        return []
    return list(found.get("folders", []))


def folders_checkpoint(folders: list[str], listed: date) -> dict[str, Any]:
    """The checkpoint :data:`FOLDERS` of the folders the rule found on the day ``listed``."""
    return {"folders": folders, "listed": listed.isoformat(), "rule": FOLDER_RULE}


class MailServer(Protocol):
    def folders(self) -> list[Folder]: ...

    def status(self, folder: str) -> FolderState | None:
        """The folder's state without opening it (STATUS); ``None`` when it is not
        on the server."""
        ...

    def examine(self, folder: str) -> FolderState:
        """Select ``folder`` read-only (EXAMINE)."""
        ...

    def headers(self, folder: str, first_uid: int, snippets: bool) -> Iterator[tuple[int, bytes]]:
        """(UID, the header block, plus the start of the text when ``snippets``) of
        every message from ``first_uid`` on, in UID order, never marking one read."""
        ...

    def close(self) -> None: ...


@dataclass
class CalendarItem:
    """One calendar object (a CalDAV resource, or a whole ICS feed), expanded."""

    href: str
    etag: str | None
    occurrences: list[Occurrence] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # why components were left out
    repeats: bool = False  # has a rule or extra dates: may have occurrences past the horizon


@dataclass
class Delta:
    """What changed in a calendar since ``token`` (or the whole listing)."""

    token: str | None
    changed: list[str]
    gone: list[str]


class CalendarServer(Protocol):
    def calendars(self) -> list[tuple[str, str]]:
        """(href, display name) of each calendar the URL holds."""
        ...

    def delta(self, calendar: str, token: str | None, known: dict[str, str | None]) -> Delta:
        """Changed and removed objects since ``token`` (sync-collection), or by
        comparing ETags with ``known`` when the server has no sync-token."""
        ...

    def fetch(self, calendar: str, hrefs: list[str], until: date) -> list[CalendarItem]:
        """The objects, expanded up to (not including) ``until``."""
        ...

    def addresses(self) -> list[str]:
        """The user's own addresses as the server knows them (none when it tells none)."""
        ...

    def close(self) -> None: ...


class Feed(Protocol):
    def fetch(self, etag: str | None, until: date) -> CalendarItem | None:
        """The published calendar expanded up to ``until``, or ``None`` when it has
        not changed since ``etag`` (If-None-Match)."""
        ...

    def close(self) -> None: ...


@dataclass
class CardItem:
    """One card of an address book as the server holds it: its vCard text, and what it
    says of the person (``None`` when it is malformed: ``problem`` says why)."""

    href: str
    etag: str | None
    text: str
    record: PersonRecord | None = None
    problem: str | None = None


@dataclass
class Written:
    """What the server said to a card written with ``If-Match`` (or ``If-None-Match: *``):
    ``status`` 2xx with its new ETag (``None`` when it gives none), 412 when the card
    changed on the server since it was read, anything else when it refused it."""

    status: int
    etag: str | None = None
    card: CardItem | None = None  # the card as written

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


class AddressBookServer(Protocol):
    def addressbooks(self) -> list[tuple[str, str]]:
        """(href, display name) of each address book the URL holds."""
        ...

    def delta(self, book: str, token: str | None, known: dict[str, str | None]) -> Delta:
        """As :meth:`CalendarServer.delta`, of an address book."""
        ...

    def state(self, book: str) -> str | None:
        """What moves whenever a card of ``book`` does (its sync-token, its CTag);
        ``None`` when the server tells nothing of the kind."""
        ...

    def cards(self, book: str, hrefs: list[str]) -> list[CardItem]:
        """The cards (``addressbook-multiget``); one deleted meanwhile is left out."""
        ...

    def write(self, book: str, base: CardItem, changes: dict[str, Any], region: str | None,
              new_uid: str | None = None) -> Written:  # fmt: skip
        """Write ``changes`` (managed fields, as :func:`kithkin.core.sync.cardfields.merge`
        gives them) on the card ``base`` as read, with ``If-Match`` of its ETag: never over
        a card changed since. With ``new_uid``, ``base`` is only where a new card goes
        (``If-None-Match: *``)."""
        ...

    def card_href(self, book: str, uid: str) -> str:
        """Where a new card of ``uid`` goes in ``book``."""
        ...

    def close(self) -> None: ...
