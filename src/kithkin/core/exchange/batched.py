"""A long import in bounded transactions, resumable where it stopped.

One transaction for a 50,000-row import held SQLite's write lock for tens of
seconds, so every other writer (a ``kith add``, a click in the web UI) waited out
its busy timeout and failed. Here the records are written :data:`CHUNK` at a time,
each chunk its own short transaction, so other writers get the lock in between.

The import stays one logical import: each chunk's transaction also records how far
the import got (a checkpoint in ``settings``, keyed by the batch's fingerprint), so
an import that is killed or fails half-way resumes from there when the same file is
imported again: nothing is written twice, nothing is lost. The import history row
is written, and the checkpoint removed, by the last chunk's transaction.
"""

from __future__ import annotations

import hashlib
import json
from array import array
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from kithkin.core.book.orgs import OrgResolver
from kithkin.core.exchange import importer
from kithkin.core.exchange.incoming import Batch, Skip
from kithkin.core.exchange.matching import Index
from kithkin.core.exchange.me import apply_me
from kithkin.core.exchange.people import PersonWriter
from kithkin.core.exchange.summary import Progress, Summary
from kithkin.errors import KithError
from kithkin.store import fts
from kithkin.store.bulkio import roomy_cache
from kithkin.store.tables import Setting, table_of

Opener = Callable[[], AbstractContextManager[Session]]

# Records per transaction: a chunk holds the write lock well under a second (about
# 0.2 s of a 30,000-row LinkedIn import). At 2,000, each chunk's fixed cost (its
# commit, the search index's and the touched contacts' triggers set aside and made
# again, its checkpoint) came to a twelfth of that import.
CHUNK = 5000
CHECKPOINT = "kithkin.import."
_COUNTS = (
    "new",
    "updated",
    "merged",
    "unchanged",
    "possible_duplicates",
    "new_roles",
    "my_positions",
    "interactions_new",
    "interactions_known",
    "interactions_unmatched",
    "interactions_ambiguous",
)


def fingerprint(batch: Batch, kind: str) -> str:
    """The same file read twice gives the same fingerprint (its records, in order).

    Where the adapter hashed the files it read (``batch.digest``), that hash stands for
    the records, with the lines that became records (should a later kithkin read the
    file otherwise, the chunks counted would no longer be the same rows): a ``repr`` of
    every record was a twentieth of a 30,000-row import.
    """
    h = hashlib.sha256(kind.encode())
    if batch.digest:
        h.update(batch.digest.encode())
        for records in (batch.positions, batch.people, batch.interactions):
            h.update(array("q", map(_LINE, records)).tobytes() + b"/")
        h.update(b"me" if batch.me is not None else b"-")
        return h.hexdigest()[:32]
    for part in (batch.me, batch.positions, batch.people, batch.interactions):
        h.update(repr(part).encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:32]


_LINE = attrgetter("line")


@dataclass
class _Progress:
    people: int = 0
    unknown: bool = False
    interactions: int = 0
    me: bool = False


def run(
    open_session: Opener,
    batch: Batch,
    kind: str,
    path: str,
    *,
    tier: str = "none",
    me_emails: tuple[str, ...] | list[str] = (),
    add_unknown: bool = False,
    progress: Progress | None = None,
    chunk: int | None = None,
    after_chunk: Callable[[], None] | None = None,
) -> Summary:
    """Import ``batch`` ``chunk`` records per transaction; see the module's docstring.

    ``after_chunk`` is called after each committed chunk (tests kill the process there).
    """
    chunk = chunk or CHUNK
    total = len(batch.people) + len(batch.interactions)
    if total <= chunk:  # one short transaction: none-or-all, no checkpoint needed
        with open_session() as s:
            return importer.run(
                s,
                batch,
                kind,
                path,
                tier=tier,
                me_emails=me_emails,
                add_unknown=add_unknown,
                progress=progress,
            )
    key = CHECKPOINT + fingerprint(batch, kind)
    summary = Summary(kind=kind, path=path, skipped=list(batch.skipped))
    summary.warnings = list(batch.warnings)
    # What the file itself says (read again on a resume) ends here; the chunks' own
    # skipped rows, notes and unknown people are kept with the checkpoint.
    base = _Base(len(summary.skipped), len(summary.warnings))
    with importer.quiet_gc():
        with open_session() as s:
            at = _load(s, key, summary)
            index = Index.load(s)
            # What every row of a connections list says, before any row is matched, as
            # importer.run does: a contact one row describes exactly is that row's,
            # whichever chunk the row falls in.
            PersonWriter(
                s,
                index,
                summary,
                source=batch.source,
                tier=tier,
                authoritative_jobs=batch.authoritative_jobs,
            ).expect(batch.people)
        if at.people or at.interactions or at.me:
            base.resumed = (
                f"resumed an interrupted import of this file ({at.people} people and "
                f"{at.interactions} interactions were already in)"
            )
            summary.warnings.append(base.resumed)

        def step(write: Callable[[Session, Index], None], last: bool = False) -> None:
            try:
                with open_session() as s:
                    with roomy_cache(s):
                        write(s, index)
                    if last:
                        _finish(s, key, summary, kind, path)
                    else:
                        _save(s, key, at, summary, base)
            except KithError as exc:  # a full disk, a lock held too long: say what is in
                if at.me or at.people or at.interactions:
                    raise type(exc)(
                        f"{exc} ({at.people} people and {at.interactions} interactions of "
                        f"this file are in; importing it again resumes there)"
                    ) from None
                raise
            if after_chunk is not None:
                after_chunk()

        def me(s: Session, ix: Index) -> None:
            apply_me(s, ix, summary, batch.source, batch.me, batch.positions, me_emails)
            at.me = True

        resolver: list[OrgResolver] = []  # one for every chunk, made by the first

        def writer(s: Session, ix: Index) -> PersonWriter:
            w = PersonWriter(
                s,
                ix,
                summary,
                source=batch.source,
                tier=tier,
                authoritative_jobs=batch.authoritative_jobs,
                orgs=resolver[0] if resolver else None,
            )
            resolver[:] = [w.orgs]
            return w

        if not at.me:
            step(me)
        while at.people < len(batch.people):
            persons = batch.people[at.people : at.people + chunk]

            def people(s: Session, ix: Index, part: Any = persons) -> None:
                w = writer(s, ix)
                for rec in part:
                    w.person(rec)
                w.flush()
                at.people += len(part)

            step(people)
            if progress:
                progress(at.people, total)
        if add_unknown and batch.interactions and not at.unknown:

            def unknown(s: Session, ix: Index) -> None:
                w = writer(s, ix)
                for rec in importer._unknown_people(batch.interactions, ix, w):
                    w.person(rec)
                w.flush()
                at.unknown = True

            step(unknown)
        while True:
            records = batch.interactions[at.interactions : at.interactions + chunk]
            last = at.interactions + len(records) >= len(batch.interactions)

            def interactions(s: Session, ix: Index, part: Any = records) -> None:
                done = len(batch.people) + at.interactions
                importer._interactions(s, ix, part, summary, None, done, total)
                at.interactions += len(part)

            step(interactions, last=last)
            if progress:
                progress(len(batch.people) + at.interactions, total)
            if last:
                break
        with open_session() as s:
            fts.settle(s)  # the first searches after it as fast as later ones
    return summary


@dataclass
class _Base:
    """How many skipped rows and notes the file itself gave (the summary starts with
    them), and the note saying the import resumed: neither is the chunks' to keep."""

    skipped: int
    warnings: int
    resumed: str | None = None


# The checkpoint is read and written with Core statements, as every row of a long
# import is: the import then never configures the ORM's mappers (importer.record).
_SETTINGS = table_of(Setting)


def _checkpoint(s: Session, key: str) -> str | None:
    return s.connection().execute(select(_SETTINGS.c.value).where(_SETTINGS.c.key == key)).scalar()


def _load(s: Session, key: str, summary: Summary) -> _Progress:
    value = _checkpoint(s, key)
    if value is None:
        return _Progress()
    saved = json.loads(value)
    for name in _COUNTS:
        setattr(summary, name, int(saved.get("counts", {}).get(name, 0)))
    # What the chunks already in reported: the summary of a resumed import is the
    # summary of the whole import, not of its last chunks.
    summary.skipped += [Skip(*sk) for sk in saved.get("skipped", [])]
    summary.warnings += saved.get("warnings", [])
    summary.unknown.update(saved.get("unknown", {}))
    return _Progress(**saved.get("at", {}))


def _save(s: Session, key: str, at: _Progress, summary: Summary, base: _Base) -> None:
    value = json.dumps(
        {
            "at": at.__dict__,
            "counts": {name: getattr(summary, name) for name in _COUNTS},
            "skipped": [[sk.line, sk.reason, sk.file] for sk in summary.skipped[base.skipped :]],
            "warnings": [w for w in summary.warnings[base.warnings :] if w is not base.resumed],
            "unknown": summary.unknown,
        }
    )
    s.flush()  # what the chunk wrote through the ORM (your own row), first
    conn = s.connection()
    if _checkpoint(s, key) is None:
        conn.execute(insert(_SETTINGS).values(key=key, value=value))
    else:
        conn.execute(update(_SETTINGS).where(_SETTINGS.c.key == key).values(value=value))


def _finish(s: Session, key: str, summary: Summary, kind: str, path: str) -> None:
    s.flush()
    s.connection().execute(delete(_SETTINGS).where(_SETTINGS.c.key == key))
    if summary.changed:
        importer.record(s, summary, kind, path)
