"""Protocol adapters for the sources ``kith sync`` reads: IMAP (:mod:`.imap`),
CalDAV (:mod:`.caldav`) and ICS URLs (:mod:`.feed`), their password
(:mod:`.secrets`), and :func:`sync`, the one entry the CLI and ``kith serve`` share.

The rules live in :mod:`kithkin.core.sync`; this package only talks to servers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from kithkin import clock
from kithkin.core.sync.config import SourceConfig

if TYPE_CHECKING:  # the quick path (kithkin.cli.quicksync) loads no database layer
    from kithkin.core.sync.outcome import Outcome
    from kithkin.store.db import Database

Progress = Callable[[int, int], None]


def sync(
    db: Database, cfg: SourceConfig, *, rescan: bool = False, progress: Progress | None = None
) -> Outcome:
    """Read what is new in one source and write it; raises a one-line error naming it."""
    from kithkin.remote import secrets

    today = clock.today()
    password = secrets.password(cfg)
    if cfg.kind == "ics":
        from kithkin.core.sync import calendar
        from kithkin.remote.feed import IcsFeed

        feed = IcsFeed(cfg, password)
        try:
            return calendar.sync_feed(db.session, cfg, feed, today, rescan=rescan)
        finally:
            feed.close()
    if cfg.kind == "caldav":
        from kithkin.core.sync import calendar
        from kithkin.remote.caldav import CalDav

        server = CalDav(cfg, password)
        try:
            return calendar.sync_caldav(db.session, cfg, server, today, rescan=rescan)
        finally:
            server.close()
    from kithkin.core.sync import mail
    from kithkin.remote.imap import Imap

    box = Imap.connect(cfg, password)
    try:
        return mail.sync_mail(db.session, cfg, box, today, rescan=rescan, progress=progress)
    finally:
        box.close()


def test(cfg: SourceConfig) -> list[str]:
    """Connect and list what the source holds (folders, calendars); writes nothing."""
    from kithkin.remote import secrets

    password = secrets.password(cfg)
    if cfg.kind == "ics":
        from kithkin.remote.feed import IcsFeed

        feed = IcsFeed(cfg, password)
        try:
            return [feed.test()]
        finally:
            feed.close()
    if cfg.kind == "caldav":
        from kithkin.remote.caldav import CalDav

        server = CalDav(cfg, password)
        try:
            return [f"calendar {name or href} ({href})" for href, name in server.calendars()]
        finally:
            server.close()
    from kithkin.remote.imap import Imap

    box = Imap.connect(cfg, password)
    try:
        return [
            f"folder {f.name}" + (f" ({' '.join(sorted(f.flags))})" if f.flags else "")
            for f in box.folders()
        ]
    finally:
        box.close()
