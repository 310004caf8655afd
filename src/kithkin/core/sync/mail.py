"""An IMAP mailbox into email interactions, incrementally and resumably.

Folders: the ones named, else the server's ``\\All`` folder (Gmail: everything
once) or, without one, the inbox, the ``\\Sent`` folder (your replies are what
answers R8) and the ``\\Archive`` ones (:func:`.mailread.folders`). Each folder
is read from the UID after the last one read, as long as its ``UIDVALIDITY`` is
the one recorded; when it changed, the folder is read again from the start, and
the Message-IDs already logged add nothing.

Headers only, read in chunks of :data:`CHUNK` messages; each chunk is written
with its checkpoint in one transaction, so an interrupted first sync of 50,000
messages goes on where it stopped. Each message goes through the rules every
mail source shares (:mod:`kithkin.core.exchange.mail`); people who are not
contacts are counted for ``kith source suggestions`` instead.

The reading (the server, the header blocks, the rules) is :mod:`.mailread`, which
needs no database; this module writes what it yields. The command reads in a child
process while it writes (:func:`kithkin.remote.read_mail`), the same events either way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, ExitStack
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from kithkin.core.exchange.incoming import Batch, InteractionRecord
from kithkin.core.sync import checkpoints, mailread, suggestions
from kithkin.core.sync.config import SourceConfig
from kithkin.core.sync.mailread import CHUNK, Event, folders
from kithkin.core.sync.outcome import Outcome, awaiting
from kithkin.core.sync.ports import FOLDERS, MailServer
from kithkin.core.vocabulary import Direction

if TYPE_CHECKING:
    from kithkin.core.exchange.matching import Index

__all__ = ["CHUNK", "folders", "saved", "sync_mail", "write_mail"]
Progress = Callable[[int, int], None]
Opener = Callable[[], AbstractContextManager[Session]]


def saved(
    open_session: Opener, cfg: SourceConfig, rescan: bool = False
) -> dict[str, dict[str, Any]]:
    """The checkpoints the reading starts from (none with ``rescan``)."""
    if rescan:
        return {}
    with open_session() as s:
        return checkpoints.load_all(s, cfg.id)


def sync_mail(
    open_session: Opener,
    cfg: SourceConfig,
    box: MailServer,
    today: date,
    *,
    rescan: bool = False,
    progress: Progress | None = None,
) -> Outcome:
    """Read what is new in ``box`` and write it, in this process."""
    events = mailread.read(cfg, box, saved(open_session, cfg, rescan), today)
    return write_mail(open_session, cfg, events, today, progress=progress, rescan=rescan)


def write_mail(
    open_session: Opener,
    cfg: SourceConfig,
    events: Iterable[Event],
    today: date,
    *,
    progress: Progress | None = None,
    rescan: bool = False,
) -> Outcome:
    """Write what :func:`kithkin.core.sync.mailread.read` yields, each chunk with its
    checkpoint in one transaction; then the replies newly owed and the sync's line.
    ``rescan``: the reading starts from no checkpoint, and the suggestions are counted
    again from nothing (by the rules of this version)."""
    out = Outcome(cfg.name, cfg.kind)
    reader = _Reader(open_session, cfg, out, today)
    reader.recount = rescan
    total = 0
    reset = quiet = False
    with ExitStack() as reading:
        for event in events:
            what = event[0]
            if what == "chunk":
                _, n, top, skipped, records, upto = event
                out.read += n
                out.skipped.update(skipped)
                reader.last_uid = max(reader.last_uid, top)
                if upto is None:
                    reader.write(records, reset)
                    reset = False
                else:
                    if n or reset or upto > reader.last_uid:
                        reader.write(records, reset, upto)
                if progress:
                    progress(out.read, total)
            elif what == "folder":
                if not quiet:  # only when there is mail to read
                    from kithkin.core.exchange.importer import quiet_gc

                    reading.enter_context(quiet_gc())
                    quiet = True
                _, folder, uidvalidity, last, reset, again, total = event
                if again:
                    out.rescanned.append(folder)
                reader.start(folder, uidvalidity, last)
                if progress:
                    progress(out.read, total)  # the bar shows from the start of a long read
            else:  # "plan"
                reader.remember = event[2]
    with open_session() as s:
        out.owed = reader.owed(s)
        if reader.remember:  # listed: remembered anew, with the day (unless the same)
            checkpoints.save(s, cfg.id, FOLDERS, reader.remember)
        checkpoints.finished(s, cfg.id, out.line())
    return out


class _Reader:
    """Writes the chunks of each folder, each with its checkpoint, in one transaction.

    The contacts' identities are loaded once, at the first chunk with an
    interaction, and serve every chunk after it (a sync adds nobody). Whether
    someone awaited a reply (R8) is asked before the first write that concerns
    them, and once more at the end for all of them: the replies newly owed.
    """

    def __init__(self, open_session: Opener, cfg: SourceConfig, out: Outcome,
                 today: date) -> None:  # fmt: skip
        self.open_session = open_session
        self.cfg = cfg
        self.out = out
        self.today = today
        self.index: Index | None = None
        self.tally = suggestions.Tally(cfg.id)
        self.recount = False  # the tallies are dropped with the first chunk written
        self.watched: set[int] = set()  # contacts who wrote during this sync
        self.before: set[int] = set()  # ... and who awaited a reply before it
        # the folders listed, as saved with the checkpoints (none when not listed)
        self.remember: dict[str, Any] | None = None
        self.folder = ""
        self.uidvalidity = 0
        self.last_uid = 0

    def start(self, folder: str, uidvalidity: int, last_uid: int) -> None:
        self.folder, self.uidvalidity, self.last_uid = folder, uidvalidity, last_uid

    def write(self, records: list[InteractionRecord], reset: bool, upto: int = 0) -> None:
        with self.open_session() as s:
            if self.recount:  # every checkpoint too: an interrupted rescan goes on as one
                checkpoints.forget(s, self.cfg.id)
                self.tally.counted = set()
                self.recount = False
            if reset:
                suggestions.reset(s, self.cfg.id, self.folder)
            if records:
                self._store(s, records)
            self.last_uid = max(self.last_uid, upto)
            state = {"uidvalidity": self.uidvalidity, "last_uid": self.last_uid}
            checkpoints.save(s, self.cfg.id, self.folder, state)
            if self.remember:
                checkpoints.save(s, self.cfg.id, FOLDERS, self.remember)

    def _store(self, s: Session, records: list[InteractionRecord]) -> None:
        from kithkin.core.exchange import importer
        from kithkin.core.exchange.matching import Index

        if self.index is None:
            self.index = Index.load(s)
        by_email, me = self.index.by_email, self.index.me_id
        wrote = {
            cid
            for r in records
            if r.direction == Direction.INBOUND and r.kind == "checkin"
            for p in r.parties
            if p.email and (cid := by_email.get(p.email)) is not None and cid != me
        }
        new = wrote - self.watched
        if new:
            self.before |= awaiting(s, new, self.today)
            self.watched |= new
        batch = Batch(source=self.cfg.interaction_source, interactions=records)
        summary = importer.run(s, batch, self.cfg.kind, self.cfg.name, me_emails=self.cfg.me,
                               record_run=False, index=self.index)  # fmt: skip
        self.out.logged += summary.interactions_new
        unknown = {k for k in summary.unknown if "@" in k}
        self.out.suggestions += self.tally.count(s, records, unknown)

    def owed(self, s: Session) -> int:
        """The contacts who await a reply now and did not before this sync wrote."""
        if not self.watched:
            return 0
        return len(awaiting(s, self.watched, self.today) - self.before)
