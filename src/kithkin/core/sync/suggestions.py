"""People the mail sources saw who are not contacts: ``kith source suggestions``.

Only people already in kithkin get interactions; everyone else a source meets
is counted here instead, per folder (a folder read again from the start is
counted afresh, never twice), and ranked by how often you wrote to them: the
people you write to are the ones worth adding. Adding one (``kith add``) takes
them off the list.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from kithkin.core.exchange.incoming import InteractionRecord
from kithkin.core.vocabulary import Direction
from kithkin.store.tables import ContactEmail, SourceCorrespondent


def reset(s: Session, source_id: int, scope: str) -> None:
    s.execute(
        delete(SourceCorrespondent).where(
            SourceCorrespondent.source_id == source_id, SourceCorrespondent.scope == scope
        )
    )


def count(
    s: Session,
    source_id: int,
    scope: str,
    records: Iterable[InteractionRecord],
    unknown: set[str],
) -> int:
    """Add the conversations of ``records`` with ``unknown`` addresses; returns how many
    unknown people they involved."""
    seen: dict[str, list[Any]] = {}  # email -> [name, written, received, last]
    if not unknown:
        return 0
    outbound = Direction.OUTBOUND
    for rec in records:
        if rec.kind != "checkin":
            continue  # a Cc is not someone you wrote to, nor someone who wrote
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
        (source_id, scope, email, (name or None) and name[:300], written, received, last)
        for email, (name, written, received, last) in seen.items()
    ]
    _add(s, rows)
    return len(seen)


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
