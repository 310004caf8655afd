"""The network's per-contact facts kept between runs, re-read only where a write touched them.

The first agenda after a write used to read every contact's facts again (on a
50,000-person network, most of its time), though a ``kith log`` changes one
contact's. So a computation kept by :mod:`kithkin.core.agenda.kept` also keeps
the facts it read, with the data version and the day they were read at; the
next computation that day takes them and re-reads only the contacts that the
writes since have touched (noted by triggers, migration 0010, and labelled with
the version their commit made: :func:`kithkin.store.memo.touched_since`).

Facts are a function of the contact's own rows and the day alone
(:mod:`kithkin.core.agenda.facts` reads nothing across contacts), so the kept
facts with the touched contacts re-read are the facts read afresh.
``tests/test_kept_agenda.py`` holds the kept agenda and health equal to fresh
ones after generated writes, which go through here.

Only a computation inside :func:`keeping` uses or keeps them: everything else
(``kith plan``, the digest, the property tests' reference) reads afresh.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields
from datetime import date
from typing import TYPE_CHECKING, Any

from kithkin.core.agenda import facts
from kithkin.core.agenda.facts import Facts

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

KIND = "facts"
# Past this many touched contacts (an import) reading everyone again costs no more.
LIMIT = 5000
# A delta this large is kept with the facts, so the next run need not re-read it.
RESAVE = 200
_ON = "kith_keep_facts"
_PENDING = "kith_kept_facts"

_NAMES = [f.name for f in fields(Facts)]
_DATES = frozenset(i for i, f in enumerate(fields(Facts)) if "date" in str(f.type))


@contextmanager
def keeping(s: Session) -> Iterator[None]:
    """Within it, :func:`load` uses and keeps the facts; :func:`take_pending` then gives
    what to keep, once the caller knows the version its answer belongs to."""
    s.info[_ON] = True
    s.info[_PENDING] = []
    try:
        yield
    finally:
        s.info.pop(_ON, None)


def take_pending(s: Session) -> list[tuple[str, date, int, str]]:
    """The facts read afresh inside :func:`keeping`: (params, day, version, body) each."""
    out: list[tuple[str, date, int, str]] = s.info.pop(_PENDING, [])
    return out


def load(
    s: Session, today: date, *, health: bool = False, follow_ups: bool = True,
    reply_channels: bool = True,
) -> dict[int, Facts]:  # fmt: skip
    """What ``facts.load(s, today, None, ...)`` returns, from the kept copy where one holds."""
    if not s.info.get(_ON):
        return facts.load(
            s, today, None, health=health, follow_ups=follow_ups, reply_channels=reply_channels
        )
    from kithkin.store import memo

    key = f"health={int(health)},follow_ups={int(follow_ups)},replies={int(reply_channels)}"
    start = memo.current(s)
    kept = memo.load_latest(s, KIND, key, today) if start is not None else None
    if start is not None and kept is not None:
        version, body = kept
        changed = [] if version == start else memo.touched_since(s, version, LIMIT)
        if changed is not None:
            out = decode(body)
            if not changed:
                return out
            fresh = facts.load(
                s, today, changed, health=health, follow_ups=follow_ups,
                reply_channels=reply_channels,
            )  # fmt: skip
            for cid in changed:
                out.pop(cid, None)
            out.update(fresh)
            out = dict(sorted(out.items()))
            if len(changed) >= RESAVE:
                s.info.setdefault(_PENDING, []).append((key, today, start, encode(out)))
            return out
    out = facts.load(
        s, today, None, health=health, follow_ups=follow_ups, reply_channels=reply_channels
    )
    if start is not None:
        s.info.setdefault(_PENDING, []).append((key, today, start, encode(out)))
    return out


def encode(loaded: dict[int, Facts]) -> str:
    """The facts as JSON rows of their fields (dates as day numbers)."""
    rows = []
    for f in loaded.values():
        row: list[Any] = [getattr(f, name) for name in _NAMES]
        for i in _DATES:
            if row[i] is not None:
                row[i] = row[i].toordinal()
        rows.append(row)
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def decode(body: str) -> dict[int, Facts]:
    out: dict[int, Facts] = {}
    day = date.fromordinal
    dates = sorted(_DATES)
    for row in json.loads(body):
        for i in dates:
            if row[i] is not None:
                row[i] = day(row[i])
        f = Facts(*row)
        out[f.contact_id] = f
    return out
