"""The one import service: match, merge and save a batch of records in one transaction.

Every format adapter hands over a :class:`~kithkin.core.exchange.incoming.Batch`; this
module decides for each person whether they are new, already known (and what
the source adds), or possibly a duplicate, then writes everything in one
``executemany`` per table. Lookups come from :class:`~kithkin.core.exchange.matching.Index`,
loaded once, so the cost of an import grows with its rows, not rows x contacts.

Policy (documented in docs/importing.md):
- Imported people land in tier ``none`` (not tracked by the agenda) unless the
  user asks for another tier: a 5,000-person LinkedIn network must not flood the
  agenda. The user promotes the people who matter with ``kith edit --tier``.
- A source never overwrites what is stored: it adds emails, phones, URLs and tags
  and fills empty fields. Only LinkedIn moves a known person's current job: the
  old position ends, the new one starts, and an occasion ``new_role`` is created (R9).
- Nothing is written when nothing changed, so a second identical import leaves
  the database byte-for-byte as it was (not even an import log row).
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, or_, select, update
from sqlalchemy.orm import Session

from kithkin import clock
from kithkin.core import bounds
from kithkin.core.book.interactions import LINK_COLUMNS, VALUE_COLUMNS, link_values
from kithkin.core.exchange.incoming import (
    Batch,
    InteractionRecord,
    PersonRecord,
    Skip,
    family,
    kin,
)
from kithkin.core.exchange.matching import Index, Known, fold
from kithkin.core.exchange.me import apply_me
from kithkin.core.exchange.people import PersonWriter
from kithkin.core.exchange.summary import Progress, Summary
from kithkin.core.userinput import (
    email_key,
    normalize_linkedin_url,
    strip_controls,
)
from kithkin.core.vocabulary import CC_KIND, KINDS
from kithkin.store import fts, touched
from kithkin.store.bulkio import insert_values, reserve_ids
from kithkin.store.tables import (
    ImportRun,
    Interaction,
    InteractionContact,
    table_of,
)


class Preview(Exception):
    """Raised, with the finished summary, inside the caller's transaction so that a
    dry run (``--dry-run``, the web's preview) rolls every write back."""

    def __init__(self, summary: Summary) -> None:
        super().__init__(summary)
        self.summary = summary


def run(
    s: Session,
    batch: Batch,
    kind: str,
    path: str,
    *,
    dry_run: bool = False,
    tier: str = "none",
    me_emails: Sequence[str] = (),
    add_unknown: bool = False,
    progress: Progress | None = None,
    record_run: bool = True,
    index: Index | None = None,
    found: list[Known | None] | None = None,
) -> Summary:
    """Import ``batch``; raises :class:`BadInput` before writing when a record is unusable.

    ``record_run=False`` leaves the import history alone: a source's sync keeps its
    own record (``kith source list``) instead of one import row every few minutes.
    ``index``: the contacts' identities already loaded (a sync writes a chunk at a
    time and adds nobody, so one load serves every chunk).
    ``found``: filled with the contact each person record is (``None`` when skipped),
    with their stored ids once written (a CardDAV sync links each card to its contact).
    """
    with quiet_gc():
        summary = _run(
            s,
            batch,
            kind,
            path,
            tier=tier,
            me_emails=me_emails,
            add_unknown=add_unknown,
            progress=progress,
            record_run=record_run,
            index=index,
            found=found,
        )
    summary.dry_run = dry_run
    if dry_run:
        raise Preview(summary)
    return summary


@contextmanager
def quiet_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for a bulk import (parsing included).

    An import allocates hundreds of thousands of small acyclic objects, and the
    collector would rescan them again and again: a third of the run at 30,000 rows.

    On the way out, what the import left alive (the batch, the index of contacts) is
    moved to the oldest generation (``gc.freeze``, then ``gc.unfreeze``): left in the
    youngest, where objects made with the collector paused stay, the first collection
    after would walk all of it at once, a tenth of a second at 30,000 rows. Garbage
    among it is still collected, by the next full collection.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def _run(
    s: Session,
    batch: Batch,
    kind: str,
    path: str,
    *,
    tier: str,
    me_emails: Sequence[str],
    add_unknown: bool,
    progress: Progress | None,
    record_run: bool = True,
    index: Index | None = None,
    found: list[Known | None] | None = None,
) -> Summary:
    summary = Summary(
        kind=kind, path=path, skipped=list(batch.skipped), warnings=list(batch.warnings)
    )
    index = index if index is not None else Index.load(s)
    apply_me(s, index, summary, batch.source, batch.me, batch.positions, me_emails)
    total = len(batch.people) + len(batch.interactions)
    if batch.people or (add_unknown and batch.interactions):
        # (A sync's chunk, interactions only, adds nobody: no writer, nothing it reads.)
        writer = PersonWriter(
            s,
            index,
            summary,
            source=batch.source,
            tier=tier,
            authoritative_jobs=batch.authoritative_jobs,
        )
        writer.expect(batch.people)
        for n, rec in enumerate(batch.people, 1):
            k = writer.person(rec)
            if found is not None:
                found.append(k)
            if progress and n % 500 == 0:
                progress(n, total)
        if add_unknown and batch.interactions:
            for rec in _unknown_people(batch.interactions, index, writer):
                writer.person(rec)
        writer.flush()
    _interactions(s, index, batch.interactions, summary, progress, len(batch.people), total)
    if progress:
        progress(total, total)
    if summary.changed and record_run:
        record(s, summary, kind, path)
    return summary


def record(s: Session, summary: Summary, kind: str, path: str) -> None:
    """The import's row in the history (``import_runs``).

    Written as a Core insert after the session's pending objects: an import that
    writes everything else through Core (a LinkedIn list) then never needs the ORM's
    mappers configured (about 25 ms of that command's process).
    """
    s.flush()
    s.connection().execute(
        insert(table_of(ImportRun)).values(
            kind=kind,
            path=path,
            ran_at=datetime.combine(clock.today(), datetime.now().time()),
            summary=json.dumps(summary.as_dict(), default=str),
        )
    )


def _party_id(index: Index, name: str | None, email: str | None, url: str | None) -> int | None:
    cid = _party(index, name, email, url)
    return cid if cid != AMBIGUOUS else None


AMBIGUOUS = -1  # a name several contacts answer to: linked to nobody, counted
_ME = -2  # the user (an address of theirs): not a party of the interaction


def _party(index: Index, name: str | None, email: str | None, url: str | None) -> int | None:
    """The contact a message's party is: by profile URL, by address, else by full name.

    A name links only when exactly one contact bears it (:data:`AMBIGUOUS` when
    several do), and a party with a profile URL kithkin does not know is never
    linked by name to someone who has another one: that is another profile.
    """
    if url:
        li = normalize_linkedin_url(url)
        if li and li in index.by_url:
            return index.by_url[li]
    if email:
        e = email_key(email)
        if e in index.by_email:
            return index.by_email[e]
    if name and not email:
        ids = [k.id for k in index.by_name.get(fold(name), ()) if k.id in index.people]
        if url:
            ids = [i for i in ids if not index.people[i].linkedin]
        if len(ids) > 1:
            return AMBIGUOUS
        if ids:
            return ids[0]
    return None


def _is_me(index: Index, url: str | None, email: str | None) -> bool:
    if index.me_id is None:
        return False
    me = index.people[index.me_id]
    if url and normalize_linkedin_url(url) in me.linkedin:
        return True
    return bool(email and email_key(email) in me.emails)


def _unknown_people(
    records: list[InteractionRecord], index: Index, writer: PersonWriter
) -> list[PersonRecord]:
    """People only seen as correspondents, turned into records when the user asks.

    Each is keyed the way the next import will look them up (the normalised address,
    or the folded name when the source gives no address), so a second import finds
    them instead of adding them again. An address that cannot be one adds nobody.
    """
    seen: dict[str, PersonRecord] = {}
    for rec in records:
        for p in rec.parties:
            if p.url or _is_me(index, None, p.email):
                continue
            if _party_id(index, p.name, p.email, p.url) is not None:
                continue
            email = email_key(p.email)
            if email:
                key, person = (
                    email,
                    PersonRecord(line=rec.line, display_name=p.name or email, emails=[email]),
                )
            elif p.name and not p.email and fold(p.name):
                key, person = (
                    "name:" + fold(p.name),
                    PersonRecord(line=rec.line, display_name=p.name),
                )
            else:
                continue
            seen.setdefault(key, person)
    return list(seen.values())


KEY_CHUNK = 500


def known_keys(s: Session, records: Sequence[InteractionRecord]) -> set[tuple[str, str]]:
    """(family, key) of the records already stored, whichever source of the family
    stored them: one Message-ID is one interaction across mbox and IMAP, one event
    occurrence one meeting across ICS files, ICS URLs and CalDAV.

    Looked up by key, a chunk at a time through the unique index, so the cost follows
    the records read, not the history stored.
    """
    sources = sorted({k for src in {r.source for r in records} for k in kin(src)})
    keys = sorted({r.source_key[:500] for r in records} | _former(records))
    out: set[tuple[str, str]] = set()
    conn = s.connection()
    if conn.dialect.name == "sqlite" and len(keys) > KEY_CHUNK:
        # Thousands of keys at once (a sync's chunk, a large mbox): one query with the
        # keys as one JSON array, instead of a statement of 500 parameters per 500.
        import json

        rows = conn.exec_driver_sql(
            "SELECT source, source_key FROM interactions WHERE source IN "
            f"({', '.join('?' * len(sources))}) AND source_key IN "
            "(SELECT value FROM json_each(?))",
            (*sources, json.dumps(keys)),
        )
        return {(family(src), key) for src, key in rows if key is not None}
    for n in range(0, len(keys), KEY_CHUNK):
        q = select(Interaction.source, Interaction.source_key).where(
            Interaction.source.in_(sources), Interaction.source_key.in_(keys[n : n + KEY_CHUNK])
        )
        out.update((family(src), key) for src, key in s.execute(q).tuples() if key is not None)
    return out


def _former(records: Sequence[InteractionRecord]) -> set[str]:
    return {r.former_key[:500] for r in records if r.former_key}


def _rekey(s: Session, renamed: list[tuple[str, str, str]]) -> None:
    """Stored interactions known by a record's former key take its key: from then on
    every source of the family finds them by it (``(source, former, key)``)."""
    table = cast(Table, Interaction.__table__)
    by_source: dict[str, list[dict[str, str]]] = {}
    for source, former, key in renamed:
        by_source.setdefault(source, []).append({"former": former, "key": key})
    for source, pairs in by_source.items():  # one executemany: a first sync renames thousands
        s.execute(
            update(table)
            .where(  # no IN: an expanding list cannot go with executemany
                or_(*(table.c.source == k for k in kin(source))),
                table.c.source_key == bindparam("former"),
            )
            .values(source_key=bindparam("key")),
            pairs,
        )


def _interactions(
    s: Session,
    index: Index,
    records: list[InteractionRecord],
    summary: Summary,
    progress: Progress | None,
    done: int,
    total: int,
) -> None:
    if not records:
        return
    matched: list[tuple[InteractionRecord, list[int]]] = []  # with their contacts
    # A party named by an address alone (every mail's) is looked up here directly:
    # what _is_me and _party answer for it, with each address normalised and looked
    # up once per batch (a sync's chunk meets the same few thousand again and again).
    me_emails = index.people[index.me_id].emails if index.me_id is not None else ()
    by_email, unknown, me_id = index.by_email, summary.unknown, index.me_id
    by_address: dict[str, int | None] = {}  # the raw address -> its contact, _ME, or None
    families: dict[str, str] = {}
    in_range = bounds.in_range
    for n, rec in enumerate(records, 1):
        if progress and n % 500 == 0:
            progress(done + n, total)
        if not in_range(rec.occurred_on):
            summary.skipped.append(
                Skip(rec.line, f"date {rec.occurred_on} is outside what kithkin keeps")
            )
            continue
        ids: list[int] = []
        ambiguous = False
        for p in rec.parties:
            email = p.email
            if email and not p.url:
                try:
                    cid = by_address[email]
                except KeyError:
                    e = email_key(email)
                    if e in me_emails:
                        cid = _ME
                    else:
                        cid = by_email.get(e) if e is not None else None
                        if cid is not None and cid == me_id:
                            cid = _ME
                    by_address[email] = cid
                if cid is None:
                    unknown[email] += 1
                elif cid != _ME and cid not in ids:
                    ids.append(cid)
                continue
            if _is_me(index, p.url, p.email):
                continue
            cid = _party(index, p.name, p.email, p.url)
            if cid == AMBIGUOUS:
                ambiguous = True
            elif cid is None:
                summary.unknown[p.email or p.url or p.name or "?"] += 1
            elif cid != me_id and cid not in ids:
                ids.append(cid)
        if ambiguous:
            summary.interactions_ambiguous += 1
        if not ids:
            # A message went unlogged; a Cc's light touch (R10) of strangers is no message.
            if not ambiguous and rec.kind != CC_KIND:
                summary.interactions_unmatched += 1
            continue
        matched.append((rec, ids))
    # Only the records that would be logged are looked up: in a mailbox, most are not.
    known = known_keys(s, [rec for rec, _ in matched]) if matched else set()
    rows: list[tuple[Any, ...]] = []
    links: list[list[int]] = []
    claimed: set[tuple[str, str] | None] = set()
    renamed: list[tuple[str, str, str]] = []
    for rec, ids in matched:
        source = rec.source
        fam = families.get(source)
        if fam is None:
            fam = families[source] = family(source)
        key = (fam, rec.source_key[:500])
        if key in known:
            summary.interactions_known += 1
            continue
        known.add(key)
        former = (fam, rec.former_key[:500]) if rec.former_key else None
        if former in known and former not in claimed:
            claimed.add(former)  # stored the way kithkin keyed it before: the same one
            renamed.append((source, former[1], key[1]))
            summary.interactions_known += 1
            continue
        rows.append(  # VALUE_COLUMNS: a tuple, not a dict, for tens of thousands of rows
            (
                rec.occurred_on,
                rec.occurred_at,
                rec.channel,
                rec.direction,
                rec.kind,
                KINDS[rec.kind].value,
                strip_controls(rec.subject),
                strip_controls(rec.note),
                source,
                key[1],
            )
        )
        links.append(ids)
    _rekey(s, renamed)
    table = Interaction.__table__
    new_ids = reserve_ids(s, table, len(rows))  # type: ignore[arg-type]
    values = [(iid, *row) for iid, row in zip(new_ids, rows, strict=True)]
    fts.insert_interactions(
        s,
        lambda: insert_values(s, table, ("id", *VALUE_COLUMNS), values),  # type: ignore[arg-type]
        new_ids,
    )
    link_table = InteractionContact.__table__
    new_links = [
        link
        for iid, row, cs in zip(new_ids, rows, links, strict=True)
        for link in link_values(iid, row, cs)
    ]
    touched.insert_links(
        s,
        lambda: insert_values(s, link_table, LINK_COLUMNS, new_links),  # type: ignore[arg-type]
        [link[1] for link in new_links],
    )
    summary.interactions_new += len(rows)
