"""Protocol adapters for the sources ``kith sync`` reads: IMAP (:mod:`.imap`),
CalDAV (:mod:`.caldav`), CardDAV (:mod:`.carddav`, which writes too) and ICS URLs
(:mod:`.feed`), their password
(:mod:`.secrets`), and :func:`sync`, the one entry the CLI and ``kith serve`` share.

The rules live in :mod:`kithkin.core.sync`; this package only talks to servers.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Generator, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from kithkin import clock
from kithkin.core.sync.config import SourceConfig

if TYPE_CHECKING:  # the quick path (kithkin.cli.quicksync) loads no database layer
    from kithkin.core.sync.mailread import Event
    from kithkin.core.sync.outcome import Outcome
    from kithkin.store.db import Database

Progress = Callable[[int, int], None]


class Reading(Protocol):
    """A mailbox's reading under way (:func:`read_mail`): its events, and ``close``."""

    def __iter__(self) -> Iterator[Event]: ...

    def close(self) -> None: ...


def sync(
    db: Database,
    cfg: SourceConfig,
    *,
    rescan: bool = False,
    progress: Progress | None = None,
    reading: Reading | None = None,
) -> Outcome:
    """Read what is new in one source and write it; raises a one-line error naming it.

    ``reading``: a mailbox's reading already under way (:func:`read_mail`), started
    from the checkpoints before the database layer was loaded."""
    from kithkin.remote import secrets

    today = clock.today()
    if reading is not None:
        from kithkin.core.sync import mail

        with contextlib.closing(reading):
            return mail.write_mail(db.session, cfg, reading, today, progress=progress)
    password = secrets.password(cfg)
    if cfg.kind == "ics":
        from kithkin.core.sync import calendar
        from kithkin.remote.feed import IcsFeed

        with contextlib.closing(IcsFeed(cfg, password)) as feed:
            return calendar.sync_feed(db.session, cfg, feed, today, rescan=rescan)
    if cfg.kind == "caldav":
        from kithkin.core.sync import calendar
        from kithkin.remote.caldav import CalDav

        with contextlib.closing(CalDav(cfg, password)) as server:
            return calendar.sync_caldav(db.session, cfg, server, today, rescan=rescan)
    if cfg.kind == "carddav":
        from kithkin.core.sync import cards
        from kithkin.remote.carddav import CardDav

        with contextlib.closing(CardDav(cfg, password)) as book:
            return cards.sync_carddav(db.session, cfg, book, today, rescan=rescan)
    from kithkin.core.sync import mail

    events = read_mail(cfg, mail.saved(db.session, cfg, rescan), password, today)
    with contextlib.closing(events):
        return mail.write_mail(db.session, cfg, events, today, progress=progress, rescan=rescan)


def read_mail(
    cfg: SourceConfig, saved: dict[str, dict[str, Any]], password: str | None, today: date
) -> Reading:
    """A mailbox's reading from the checkpoints ``saved`` (:func:`kithkin.core.sync.mailread.read`),
    started at once in a child process when :func:`kithkin.remote.forked.available`:
    it logs in and fetches while this process loads the database layer and writes.
    A generator otherwise, logging in at the first event. Either has ``close``."""
    from kithkin.core.sync import mailread
    from kithkin.remote import forked

    if forked.available():
        packed = lambda: _read_mail(cfg, saved, password, today, mailread.read_packed)  # noqa: E731
        return forked.Stream(packed, mailread.unpack)
    return _read_mail(cfg, saved, password, today, mailread.read)


def _read_mail(
    cfg: SourceConfig, saved: dict[str, dict[str, Any]], password: str | None, today: date,
    read: Callable[[SourceConfig, Any, dict[str, dict[str, Any]], date], Iterator[Event]],
) -> Generator[Event]:  # fmt: skip
    from kithkin.remote.imap import Imap

    box = Imap.connect(cfg, password)
    try:
        yield from read(cfg, box, saved, today)
    finally:
        box.close()


class Tested(NamedTuple):
    """What ``kith source test`` found: a line for each folder or calendar and, for a
    mailbox, the folders a sync reads (none when it could not choose: ``why``)."""

    found: list[str]
    reads: list[str] | None = None
    why: str | None = None


def test(cfg: SourceConfig) -> Tested:
    """Connect and list what the source holds (folders, calendars); writes nothing."""
    from kithkin.remote import secrets

    password = secrets.password(cfg)
    if cfg.kind == "ics":
        from kithkin.remote.feed import IcsFeed

        feed = IcsFeed(cfg, password)
        try:
            return Tested([feed.test()])
        finally:
            feed.close()
    if cfg.kind in ("caldav", "carddav"):
        from kithkin.remote.caldav import CalDav
        from kithkin.remote.carddav import CardDav

        server = (CardDav if cfg.kind == "carddav" else CalDav)(cfg, password)
        what = "address book" if cfg.kind == "carddav" else "calendar"
        try:  # an address book server is a calendar server with CardDAV's words
            return Tested([f"{what} {name or href} ({href})" for href, name in server.calendars()])
        finally:
            server.close()
    from kithkin.core.sync.mailread import folders
    from kithkin.errors import BadInput
    from kithkin.remote.imap import Imap

    box = Imap.connect(cfg, password)
    try:
        found = box.folders()
    finally:
        box.close()
    lines = [
        f"folder {f.name}" + (f" ({' '.join(sorted(f.flags))})" if f.flags else "") for f in found
    ]
    try:
        return Tested(lines, folders(cfg, found))
    except BadInput as exc:
        return Tested(lines, [], str(exc).removeprefix(f"{cfg.label}: "))
