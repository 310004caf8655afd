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

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from kithkin.core.exchange.incoming import InteractionRecord
from kithkin.core.vocabulary import Direction
from kithkin.store.bulkio import insert_rows
from kithkin.store.tables import ContactEmail, SourceCorrespondent

_CHUNK = 500


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
    for rec in records:
        if rec.kind != "checkin":
            continue  # a Cc is not someone you wrote to, nor someone who wrote
        out = rec.direction == Direction.OUTBOUND
        for p in rec.parties:
            if not p.email or p.email not in unknown:
                continue
            entry = seen.setdefault(p.email, [p.name, 0, 0, rec.occurred_on])
            entry[0] = entry[0] or p.name
            entry[1 if out else 2] += 1
            entry[3] = max(entry[3], rec.occurred_on)
    if not seen:
        return 0
    c = SourceCorrespondent
    stored: dict[str, tuple[str | None, int, int, date | None]] = {}
    emails = sorted(seen)
    for n in range(0, len(emails), _CHUNK):
        q = select(c.email, c.name, c.written, c.received, c.last_on).where(
            c.source_id == source_id, c.scope == scope, c.email.in_(emails[n : n + _CHUNK])
        )
        stored.update((e, (nm, w, r, last)) for e, nm, w, r, last in s.execute(q).tuples())
    new_rows, changed = [], []
    for email, (name, written, received, last) in seen.items():
        name = (name or None) and name[:300]
        old = stored.get(email)
        row = {"source_id": source_id, "scope": scope, "email": email}
        if old is None:
            new_rows.append({**row, "name": name, "written": written, "received": received,
                             "last_on": last})  # fmt: skip
            continue
        changed.append({**row, "name": old[0] or name, "written": old[1] + written,
                        "received": old[2] + received,
                        "last_on": max(old[3] or last, last)})  # fmt: skip
    table = c.__table__
    insert_rows(s, table, new_rows)  # type: ignore[arg-type]
    if changed:
        s.execute(
            update(table)  # type: ignore[arg-type]
            .where(
                table.c.source_id == bindparam("b_source"),
                table.c.scope == bindparam("b_scope"),
                table.c.email == bindparam("b_email"),
            )
            .values(
                name=bindparam("name"),
                written=bindparam("written"),
                received=bindparam("received"),
                last_on=bindparam("last_on"),
            ),
            [
                {
                    "b_source": r["source_id"],
                    "b_scope": r["scope"],
                    "b_email": r["email"],
                    **{k: r[k] for k in ("name", "written", "received", "last_on")},
                }
                for r in changed
            ],
        )
    return len(seen)


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
