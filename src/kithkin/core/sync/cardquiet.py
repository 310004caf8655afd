"""When an address book's sync can stop before it starts: nothing moved on either side.

A sync with nothing new read every linked contact and asked the server for each
address book's changes: 0.65-0.95 s of CPU for 3,000 cards, every 15 minutes. Two
numbers tell that nothing can have changed since the last sync:

- on the server, each address book's ``sync-token`` and CTag (one short PROPFIND
  each, :meth:`~kithkin.core.sync.ports.AddressBookServer.state`), read before the
  changes are asked, so a card saved while a sync runs moves it for the next one;
- in kithkin, the data version (:mod:`kithkin.store.memo`), read before the contacts
  are, so an edit made while a sync runs moves it too. Any write counts (an
  interaction logged as well as a card's field): a sync that goes the whole way
  for nothing is only slower, one that stops wrongly would lose an edit. The record
  of a sync is not a write that counts (:func:`kithkin.store.memo.stop_counting`).

Both are kept after a sync that went the whole way (:func:`remember`); the next one
stops (:func:`unchanged`) when both are the same, the address books the same, and
it is the same day: the first sync of each day lists the address books again (one
made on the server since is found then), as a mailbox's folders are (docs/sources.md).
A sync that wrote (a card, a contact) moves one of them itself: the next sync goes
the whole way once, finds nothing, and the one after that stops.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the quick path (kithkin.cli.quicksync) asks :func:`still` alone
    from sqlalchemy.orm import Session

    from kithkin.core.sync.config import SourceConfig
    from kithkin.core.sync.ports import AddressBookServer

SCOPE = ":unchanged-since"  # the checkpoint's scope (address books are paths: never this)


def version(s: Session) -> int | None:
    """kithkin's data version now (read it first in the transaction)."""
    from kithkin.store import memo

    return memo.current(s)


def still(
    kept: dict[str, Any], now: int | None, today: date, state_of: Callable[[str], str | None]
) -> bool:
    """The rule: the same day as the kept state, the same data version ``now``, and each
    address book's state (``state_of``, which asks the server) as kept."""
    books = kept.get("books")
    if not isinstance(books, dict) or not books or kept.get("day") != today.isoformat():
        return False
    if now is None or kept.get("version") != now:
        return False
    return all(state is not None and state_of(book) == state for book, state in books.items())


def unchanged(s: Session, cfg: SourceConfig, server: AddressBookServer, today: date) -> bool:
    """Whether nothing moved on either side since the last whole sync of ``cfg``."""
    from kithkin.core.sync import checkpoints

    return still(checkpoints.load(s, cfg.id, SCOPE), version(s), today, server.state)


def remember(
    s: Session, cfg: SourceConfig, today: date, at: int | None, books: dict[str, Any]
) -> None:
    """Keep what the whole sync started from: the data version ``at`` and each address
    book's state, read before anything else was."""
    from kithkin.core.sync import checkpoints

    if at is None or not books or any(v is None for v in books.values()):
        checkpoints.save(s, cfg.id, SCOPE, {})
        return
    state = {"day": today.isoformat(), "version": at, "books": books}
    checkpoints.save(s, cfg.id, SCOPE, state)
