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
from datetime import date
from email.parser import BytesParser
from email.policy import compat32

from sqlalchemy.orm import Session

from kithkin.core.exchange import importer
from kithkin.core.exchange import mail as rules
from kithkin.core.exchange.incoming import Batch, InteractionRecord
from kithkin.core.exchange.matching import Index
from kithkin.core.sync import checkpoints, suggestions
from kithkin.core.sync.calendar import Opener
from kithkin.core.sync.outcome import Outcome, awaiting, contact_ids
from kithkin.core.sync.ports import Folder, MailServer
from kithkin.core.sync.sources import SourceConfig
from kithkin.core.vocabulary import Direction
from kithkin.errors import BadInput

CHUNK = 5000
MALFORMED = ("no date in the message",)  # reasons that mean a broken message, counted
Progress = Callable[[int, int], None]


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
    mine = rules.my_addresses(cfg.me)
    known: list[Index] = []  # the contacts' identities, loaded once for every chunk
    for folder in folders(cfg, box.folders()):
        state = box.examine(folder)
        with open_session() as s:
            cp = {} if rescan else checkpoints.load(s, cfg.id, folder)
        fresh = cp.get("uidvalidity") != state.uidvalidity
        if fresh and cp:
            out.rescanned.append(folder)
        last = 0 if fresh else int(cp.get("last_uid", 0))
        if not fresh and state.uidnext <= last + 1:
            continue  # nothing new: no FETCH at all
        reader = _Reader(open_session, cfg, folder, state.uidvalidity, mine, out, today, known)
        total = state.exists if fresh else max(0, state.uidnext - last - 1)
        chunk: list[tuple[int, bytes]] = []
        reset = fresh
        for uid, raw in box.headers(folder, last + 1, cfg.with_snippets):
            if uid <= last:
                continue  # "n:*" answers the last message even when it is older than n
            chunk.append((uid, raw))
            if len(chunk) >= CHUNK:
                reader.write(chunk, reset)
                reset, chunk = False, []
                if progress:
                    progress(out.read, total)
        if chunk or reset:
            reader.write(chunk, reset)
        if progress:
            progress(out.read, total)
    with open_session() as s:
        checkpoints.finished(s, cfg.id, out.line())
    return out


class _Reader:
    """Writes chunks of one folder, each with its checkpoint, in one transaction."""

    def __init__(
        self,
        open_session: Opener,
        cfg: SourceConfig,
        folder: str,
        uidvalidity: int,
        mine: set[str],
        out: Outcome,
        today: date,
        known: list[Index],
    ) -> None:
        self.open_session = open_session
        self.cfg = cfg
        self.folder = folder
        self.uidvalidity = uidvalidity
        self.mine = mine
        self.out = out
        self.today = today
        self.known = known
        self.parser = BytesParser(policy=compat32)
        self.last_uid = 0

    def parse(self, raw: bytes) -> rules.Headers:
        """The quick header block, or the full parser when the text is wanted too."""
        if self.cfg.with_snippets:
            return self.parser.parsebytes(raw)
        return rules.HeaderBlock(raw)

    def write(self, chunk: list[tuple[int, bytes]], reset: bool) -> None:
        batch = Batch(source=self.cfg.interaction_source)
        invalid: Counter[str] = Counter()
        for uid, raw in chunk:
            self.out.read += 1
            self.last_uid = max(self.last_uid, uid)
            try:
                msg = self.parse(raw)
            except Exception:  # the parser is lenient; anything it raises is a broken message
                self.out.skipped["unreadable message"] += 1
                continue
            rec = rules.interaction(msg, self.mine, batch.source, line=uid,
                                    with_body=self.cfg.with_snippets, invalid=invalid)  # fmt: skip
            if isinstance(rec, str):
                if rec in MALFORMED:
                    self.out.skipped[rec] += 1
                continue
            batch.interactions.append(rec)
            copied = rules.cc_touch(msg, self.mine, rec)
            if copied is not None:
                batch.interactions.append(copied)
        with self.open_session() as s:
            if reset:
                suggestions.reset(s, self.cfg.id, self.folder)
            self._store(s, batch.interactions)
            state = {"uidvalidity": self.uidvalidity, "last_uid": self.last_uid}
            checkpoints.save(s, self.cfg.id, self.folder, state)

    def _store(self, s: Session, records: list[InteractionRecord]) -> None:
        if not records:
            return
        inbound = {
            p.email
            for r in records
            if r.direction == Direction.INBOUND and r.kind == "checkin"
            for p in r.parties
            if p.email
        }
        ids = contact_ids(s, inbound).values()
        before = awaiting(s, ids, self.today)
        batch = Batch(source=self.cfg.interaction_source, interactions=records)
        if not self.known:
            self.known.append(Index.load(s))
        summary = importer.run(s, batch, self.cfg.kind, self.cfg.name, me_emails=self.cfg.me,
                               record_run=False, index=self.known[0])  # fmt: skip
        self.out.logged += summary.interactions_new
        self.out.owed += len(awaiting(s, ids, self.today) - before)
        unknown = {k for k in summary.unknown if "@" in k}
        self.out.suggestions += suggestions.count(s, self.cfg.id, self.folder, records, unknown)
