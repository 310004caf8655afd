"""People the mail sources saw who are not contacts: ``kith source suggestions``.

Only people already in kithkin get interactions; everyone else a source meets
is counted here instead, and ranked by how often you wrote to them: the people
you write to are the ones worth adding. Adding one (``kith add``) takes them off
the list.

One message counts once, whichever folders hold it and however often they are
read (archived after a sync, a copy in the sent folder and the archive, a folder
renumbered): the messages counted are remembered by a short digest of their key
(the Message-ID's, the one that makes one interaction of them), as items of the
source under the scope :data:`SEEN` (:class:`~kithkin.store.tables.SourceItem`;
a calendar's items are under its own href). The tallies themselves are kept
under the scope :data:`SEEN` too; a kithkin before this counted them per folder,
and those rows are dropped when their folder is read again from the start
(:func:`reset`), which counts its messages again, once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from kithkin.core.exchange.incoming import InteractionRecord
from kithkin.core.vocabulary import Direction
from kithkin.store.tables import ContactEmail, SourceCorrespondent, SourceItem

# The scope of the messages counted and of their tallies: IMAP's wildcard, no
# folder's name (as the folder list's checkpoint, kithkin.core.sync.ports.FOLDERS).
SEEN = "*"


def reset(s: Session, source_id: int, scope: str) -> None:
    """Drop the tallies an older kithkin kept for the folder ``scope`` (read again from
    the start now: its messages are counted again, once)."""
    s.execute(
        delete(SourceCorrespondent).where(
            SourceCorrespondent.source_id == source_id, SourceCorrespondent.scope == scope
        )
    )


class Tally:
    """The counting of one sync of a source: the digests of the messages counted
    before are read once, at the first message with someone unknown, and serve every
    chunk after it (nothing else counts for this source meanwhile)."""

    def __init__(self, source_id: int) -> None:
        self.source_id = source_id
        self.counted: set[str] | None = None

    def count(self, s: Session, records: Iterable[InteractionRecord], unknown: set[str]) -> int:
        """Add the conversations of ``records`` with ``unknown`` addresses, each message
        once (those counted before, in any folder or sync, add nothing); returns how
        many unknown people the messages new to the tallies involved."""
        if not unknown:
            return 0
        theirs: dict[str, InteractionRecord] = {}  # digest -> the message's record
        for rec in records:
            if rec.kind != "checkin":
                continue  # a Cc is not someone you wrote to, nor someone who wrote
            for p in rec.parties:
                if p.email in unknown:
                    theirs.setdefault(_digest(rec.source_key), rec)
                    break
        if not theirs:
            return 0
        if self.counted is None:
            self.counted = _counted(s, self.source_id)
        counted = self.counted
        new = [d for d in theirs if d not in counted]
        if not new:
            return 0
        counted.update(new)
        _remember(s, self.source_id, new)
        return _tally(s, self.source_id, [theirs[d] for d in new], unknown)


def _tally(s: Session, source_id: int, records: list[InteractionRecord], unknown: set[str]) -> int:
    seen: dict[str, list[Any]] = {}  # email -> [name, written, received, last]
    outbound = Direction.OUTBOUND
    for rec in records:
        side = 1 if rec.direction == outbound else 2
        day = rec.occurred_on
        for p in rec.parties:
            email = p.email
            if email not in unknown:  # every one an address: never None nor empty
                continue
            entry = seen.get(email)
            if entry is None:
                seen[email] = entry = [p.name, 0, 0, day]
            elif not entry[0]:
                entry[0] = p.name
            entry[side] += 1
            if day > entry[3]:
                entry[3] = day
    if not seen:
        return 0
    rows = [
        (source_id, SEEN, email, (name or None) and name[:300], written, received, last)
        for email, (name, written, received, last) in seen.items()
    ]
    _add(s, rows)
    return len(seen)


def _digest(key: str) -> str:
    """A message's key (its Message-ID's) in 16 characters: a collision among a
    mailbox's messages would take billions of them."""
    return hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def _counted(s: Session, source_id: int) -> set[str]:
    """The digests of the messages counted before (one query)."""
    item = SourceItem
    q = select(item.href).where(item.source_id == source_id, item.scope == SEEN)
    return set(s.scalars(q))


def _remember(s: Session, source_id: int, digests: list[str]) -> None:
    conn = s.connection()
    mark = "%s" if conn.dialect.name == "postgresql" else "?"
    conn.exec_driver_sql(
        f"INSERT INTO source_items (source_id, scope, href) VALUES ({mark}, {mark}, {mark})",
        [(source_id, SEEN, d) for d in sorted(digests)],
    )


def _add(s: Session, rows: list[tuple[Any, ...]]) -> None:
    """Add the counts to the stored ones in one statement for all (an upsert): the
    first name seen stays, the counts add up, the last day is the later one."""
    conn = s.connection()
    postgres = conn.dialect.name == "postgresql"
    mark = "%s" if postgres else "?"
    later = "greatest" if postgres else "max"
    t = "source_correspondents"
    sql = (
        f"INSERT INTO {t} (source_id, scope, email, name, written, received, last_on) "
        f"VALUES ({', '.join([mark] * 7)}) ON CONFLICT (source_id, scope, email) DO UPDATE SET "
        f"name = coalesce({t}.name, excluded.name), "
        f"written = {t}.written + excluded.written, "
        f"received = {t}.received + excluded.received, "
        f"last_on = {later}(coalesce({t}.last_on, excluded.last_on), excluded.last_on)"
    )
    if not postgres:  # SQLAlchemy's storage of a date on SQLite: ISO text
        rows = [(*r[:6], r[6].isoformat() if r[6] is not None else None) for r in rows]
    conn.exec_driver_sql(sql, rows)


def ranked(s: Session, limit: int = 20) -> list[dict[str, Any]]:
    """Unknown correspondents, the ones you wrote to most first."""
    c = SourceCorrespondent
    written = func.sum(c.written)
    received = func.sum(c.received)
    q = (
        select(c.email, func.max(c.name), written, received, func.max(c.last_on))
        .where(~c.email.in_(select(ContactEmail.email)))
        .group_by(c.email)
        .order_by(written.desc(), received.desc(), func.max(c.last_on).desc(), c.email)
        .limit(limit)
    )
    return [
        {
            "email": email,
            "name": name,
            "written": int(w or 0),
            "received": int(r or 0),
            "last_on": last.isoformat() if isinstance(last, date) else last,
        }
        for email, name, w, r, last in s.execute(q)
    ]
