"""An IMAP mailbox into email interactions, incrementally and resumably.

Folders: the ones named, else the server's ``\\All`` folder (Gmail: everything
once) or, without one, the inbox and the ``\\Sent`` folder (your replies are what
answers R8). Each folder is read from the UID after the last one read, as long
as its ``UIDVALIDITY`` is the one recorded; when it changed, the folder is read
again from the start, and the Message-IDs already logged add nothing.

Headers only, read in chunks of :data:`CHUNK` messages; each chunk is written
with its checkpoint in one transaction, so an interrupted first sync of 50,000
messages goes on where it stopped. Each message goes through the rules every
mail source shares (:mod:`kithkin.core.exchange.mail`); people who are not
contacts are counted for ``kith source suggestions`` instead.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date
from email.parser import BytesParser
from email.policy import compat32
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from kithkin.core.exchange import mail as rules
from kithkin.core.exchange.incoming import Batch, InteractionRecord
from kithkin.core.sync import checkpoints, suggestions
from kithkin.core.sync.config import SourceConfig
from kithkin.core.sync.outcome import Outcome, awaiting
from kithkin.core.sync.ports import FOLDERS, Folder, FolderState, MailServer, status_names
from kithkin.core.vocabulary import Direction
from kithkin.errors import BadInput

if TYPE_CHECKING:
    from kithkin.core.exchange.matching import Index

CHUNK = 10_000  # messages written per transaction, each with its checkpoint
MALFORMED = ("no date in the message",)  # reasons that mean a broken message, counted
Progress = Callable[[int, int], None]
Opener = Callable[[], AbstractContextManager[Session]]


def folders(cfg: SourceConfig, found: list[Folder]) -> list[str]:
    """The folders to read: the ones named, else ``\\All``, else the inbox and ``\\Sent``."""
    by_name = {f.name: f for f in found}
    if cfg.folders:
        missing = [n for n in cfg.folders if n not in by_name]
        if missing:
            have = ", ".join(sorted(by_name)) or "none"
            raise BadInput(f"{cfg.label}: no folder {missing[0]!r} on the server (folders: {have})")
        return cfg.folders
    every = [f.name for f in found if "\\all" in f.flags]
    if every:
        return every[:1]
    inbox = next((f.name for f in found if f.name.upper() == "INBOX"), None)
    sent = [f.name for f in found if "\\sent" in f.flags]
    out = ([inbox] if inbox else []) + sent[:1]
    if not out:
        raise BadInput(f"{cfg.label}: no inbox, sent or all-mail folder found; name folders "
                       "with --folder")  # fmt: skip
    return out


def _plan(
    cfg: SourceConfig, box: MailServer, remembered: list[str]
) -> list[tuple[str, FolderState | None]]:
    """The folders to read, each with its state when ``STATUS`` was asked.

    Named folders, or the ones found at the last sync, are asked with ``STATUS``
    alone: with nothing new, nothing is listed or opened. Otherwise (a first sync, or
    a remembered folder that vanished) they are found again with ``LIST``, and their
    state comes with ``EXAMINE``.
    """
    names = cfg.folders or remembered
    if names:
        states = [(n, box.status(n)) for n in names]
        if all(st is not None for _, st in states):
            return states
    listed = folders(cfg, box.folders())  # a named folder that is not there: BadInput
    return [(n, None) for n in listed]


def sync_mail(
    open_session: Opener,
    cfg: SourceConfig,
    box: MailServer,
    today: date,
    *,
    rescan: bool = False,
    progress: Progress | None = None,
) -> Outcome:
    out = Outcome(cfg.name, cfg.kind)
    with open_session() as s:
        saved = {} if rescan else checkpoints.load_all(s, cfg.id)
    remembered = [] if cfg.folders else status_names([], saved)
    plan = _plan(cfg, box, remembered)
    reader = _Reader(open_session, cfg, out, today)
    reader.folders = [] if cfg.folders else [n for n, _ in plan]
    for folder, status in plan:
        cp = saved.get(folder, {})
        last = int(cp.get("last_uid", 0))
        if status is not None and status.adds_nothing_to(cp):
            continue  # nothing new: the folder is not even opened
        state = box.examine(folder)
        fresh = cp.get("uidvalidity") != state.uidvalidity
        if fresh and cp:
            out.rescanned.append(folder)
        last = 0 if fresh else last
        if not fresh and state.uidnext <= last + 1:
            continue  # nothing new: no FETCH at all
        from kithkin.core.exchange.importer import quiet_gc  # only when there is mail to read

        reader.start(folder, state.uidvalidity, last)
        total = state.exists if fresh else max(0, state.uidnext - last - 1)
        chunk: list[tuple[int, bytes]] = []
        reset = fresh
        if progress:
            progress(out.read, total)  # the bar shows from the start of a long read
        with quiet_gc():
            for uid, raw in box.headers(folder, last + 1, cfg.with_snippets):
                chunk.append((uid, raw))
                if len(chunk) >= CHUNK:
                    reader.write(chunk, reset)
                    reset, chunk = False, []
                    if progress:
                        progress(out.read, total)
            # Every message below UIDNEXT has been seen: the next sync starts there,
            # even when the last ones were deleted before this one fetched them.
            upto = state.uidnext - 1 if state.uidnext < 1 << 62 else 0
            if chunk or reset or upto > reader.last_uid:
                reader.write(chunk, reset, upto)
        if progress:
            progress(out.read, total)
    with open_session() as s:
        out.owed = reader.owed(s)
        if reader.folders and reader.folders != remembered:  # found again: remembered anew
            checkpoints.save(s, cfg.id, FOLDERS, {"folders": reader.folders})
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
        self.mine = frozenset(rules.my_addresses(cfg.me))  # hashed once, not per message
        self.parser = BytesParser(policy=compat32)
        self.index: Index | None = None
        self.watched: set[int] = set()  # contacts who wrote during this sync
        self.before: set[int] = set()  # ... and who awaited a reply before it
        self.folders: list[str] = []  # saved with the checkpoint (none when named)
        self.folder = ""
        self.uidvalidity = 0
        self.last_uid = 0

    def start(self, folder: str, uidvalidity: int, last_uid: int) -> None:
        self.folder, self.uidvalidity, self.last_uid = folder, uidvalidity, last_uid

    def records(self, chunk: list[tuple[int, bytes]]) -> list[InteractionRecord]:
        records: list[InteractionRecord] = []
        invalid: Counter[str] = Counter()
        source, mine, snippets = self.cfg.interaction_source, self.mine, self.cfg.with_snippets
        # The quick header block, or the full parser when the text is wanted too.
        parse = self.parser.parsebytes if snippets else rules.HeaderBlock
        interaction, cc_touch, skipped = rules.interaction, rules.cc_touch, self.out.skipped
        self.out.read += len(chunk)
        if chunk:
            self.last_uid = max(self.last_uid, max(uid for uid, _ in chunk))
        for uid, raw in chunk:
            try:
                msg = parse(raw)
            except Exception:  # the parser is lenient; anything it raises is a broken message
                skipped["unreadable message"] += 1
                continue
            rec = interaction(msg, mine, source, line=uid, with_body=snippets, invalid=invalid)
            if type(rec) is str:
                if rec in MALFORMED:
                    skipped[rec] += 1
                continue
            records.append(rec)  # type: ignore[arg-type]
            copied = cc_touch(msg, mine, rec)  # type: ignore[arg-type]
            if copied is not None:
                records.append(copied)
        return records

    def write(self, chunk: list[tuple[int, bytes]], reset: bool, upto: int = 0) -> None:
        records = self.records(chunk)
        with self.open_session() as s:
            if reset:
                suggestions.reset(s, self.cfg.id, self.folder)
            if records:
                self._store(s, records)
            self.last_uid = max(self.last_uid, upto)
            state = {"uidvalidity": self.uidvalidity, "last_uid": self.last_uid}
            checkpoints.save(s, self.cfg.id, self.folder, state)
            if self.folders:
                checkpoints.save(s, self.cfg.id, FOLDERS, {"folders": self.folders})

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
        self.out.suggestions += suggestions.count(s, self.cfg.id, self.folder, records, unknown)

    def owed(self, s: Session) -> int:
        """The contacts who await a reply now and did not before this sync wrote."""
        if not self.watched:
            return 0
        return len(awaiting(s, self.watched, self.today) - self.before)
