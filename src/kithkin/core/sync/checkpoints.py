"""How far each source has been read: one small JSON state per folder or calendar.

Written in the same transaction as what was read up to it, so a sync that fails
half-way leaves the checkpoint where the stored history ends, and the next one
goes on from there (nothing read twice, nothing lost).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kithkin import clock
from kithkin.core.sync.config import checkpoint_state
from kithkin.store import memo
from kithkin.store.tables import Source, SourceCheckpoint, SourceCorrespondent, SourceItem


def load(s: Session, source_id: int, scope: str) -> dict[str, Any]:
    row = s.get(SourceCheckpoint, (source_id, scope))
    return {} if row is None else _state(row.state)


def load_all(s: Session, source_id: int) -> dict[str, dict[str, Any]]:
    """Every scope's state at once (one query)."""
    q = select(SourceCheckpoint.scope, SourceCheckpoint.state).where(
        SourceCheckpoint.source_id == source_id
    )
    return {scope: _state(text) for scope, text in s.execute(q).tuples()}


_state = checkpoint_state


def save(s: Session, source_id: int, scope: str, state: dict[str, Any]) -> None:
    text = json.dumps(state, sort_keys=True)
    row = s.get(SourceCheckpoint, (source_id, scope))
    if row is None:
        s.add(SourceCheckpoint(source_id=source_id, scope=scope, state=text))
    elif row.state != text:
        row.state = text
    s.flush()


def forget(s: Session, source_id: int) -> None:
    """Read everything again next time (``kith sync --rescan``): nothing is logged twice,
    and the suggestions are counted afresh."""
    for table in (SourceCheckpoint, SourceItem, SourceCorrespondent):
        s.execute(delete(table).where(table.source_id == source_id))


def scopes(s: Session, source_id: int) -> list[str]:
    q = select(SourceCheckpoint.scope).where(SourceCheckpoint.source_id == source_id)
    return list(s.scalars(q))


def finished(s: Session, source_id: int, line: str) -> None:
    """Record a successful sync on the source (``kith source list`` shows it): bookkeeping,
    which does not raise the data version (:func:`kithkin.store.memo.stop_counting`)."""
    memo.stop_counting(s)
    row = s.get(Source, source_id)
    if row is not None:
        row.synced_at = datetime.combine(clock.today(), datetime.now().time()).replace(
            microsecond=0
        )
        row.last_result = line
        s.flush()
