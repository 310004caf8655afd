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

Kept facts are made into :class:`Facts` only when asked for (:class:`LazyFacts`):
the agenda builds a few hundred contacts of 50,000, and keeps with the facts what
it needs of everyone else (their floors, :func:`network`'s ``derive``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import fields
from datetime import date
from typing import TYPE_CHECKING, Any

from kithkin.core.agenda import facts
from kithkin.core.agenda.facts import Facts

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

KIND = "facts"
# The shape of what is kept; a change of it is a new key, so an older copy is not read.
FORMAT = 2
# Past this many touched contacts (an import) reading everyone again costs no more.
LIMIT = 5000
# A delta this large is kept with the facts, so the next run need not re-read it.
RESAVE = 200
_ON = "kith_keep_facts"
_PENDING = "kith_kept_facts"

_NAMES = [f.name for f in fields(Facts)]
_DATES = tuple(i for i, f in enumerate(fields(Facts)) if "date" in str(f.type))


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


def _row(f: Facts) -> str:
    values = [getattr(f, name) for name in _NAMES]
    for i in _DATES:
        if values[i] is not None:
            values[i] = values[i].toordinal()
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"))


def _facts(row: str) -> Facts:
    values = json.loads(row)
    for i in _DATES:
        if values[i] is not None:
            values[i] = date.fromordinal(values[i])
    return Facts(*values)


class LazyFacts(Mapping[int, Facts]):
    """Every contact's facts by id, in id order, each made from its kept row when read."""

    def __init__(self, rows: dict[int, str], fresh: dict[int, Facts]) -> None:
        self._rows = rows  # id -> the kept JSON row (the contacts not re-read)
        self._made: dict[int, Facts] = dict(fresh)
        self._ids = sorted([*rows, *fresh])

    def __getitem__(self, cid: int) -> Facts:
        f = self._made.get(cid)
        if f is None:
            f = self._made[cid] = _facts(self._rows[cid])
        return f

    def __contains__(self, cid: object) -> bool:
        return cid in self._made or cid in self._rows

    def __iter__(self) -> Iterator[int]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    def row(self, cid: int) -> str:
        """The contact's row as kept (unchanged facts are not encoded again)."""
        kept = self._rows.get(cid)
        return kept if kept is not None else _row(self[cid])


def network(
    s: Session,
    today: date,
    *,
    health: bool = False,
    follow_ups: bool = True,
    reply_channels: bool = True,
    derive: Callable[[Facts], Any] | None = None,
    derive_key: str = "",
) -> tuple[Mapping[int, Facts], dict[int, Any]]:
    """Every contact's facts, and ``derive(facts)`` of each (a JSON value; computed once
    per fact and ``derive_key``, then kept with them): from the kept copy where one holds.

    The facts are what ``facts.load(s, today, None, ...)`` returns, as read before any
    caller changed them. Outside :func:`keeping`, simply that.
    """
    flags = {"health": health, "follow_ups": follow_ups, "reply_channels": reply_channels}
    if not s.info.get(_ON):
        loaded = facts.load(s, today, None, **flags)
        return loaded, _derive_all(loaded, derive)
    from kithkin.store import memo

    key = (
        f"{FORMAT};health={int(health)},follow_ups={int(follow_ups)},replies={int(reply_channels)}"
    )
    start = memo.current(s)
    kept = memo.load_latest(s, KIND, key, today) if start is not None else None
    if start is not None and kept is not None:
        version, body = kept
        changed = [] if version == start else memo.touched_since(s, version, LIMIT)
        doc = _document(body) if changed is not None else None
        if changed is not None and doc is not None:
            rows = dict(zip(doc["ids"], doc["rows"], strict=True))
            same_key = derive is not None and doc["derive_key"] == derive_key
            derived = dict(zip(doc["ids"], doc["derived"], strict=True)) if same_key else {}
            fresh = facts.load(s, today, changed, **flags) if changed else {}
            for cid in changed:
                rows.pop(cid, None)
                derived.pop(cid, None)
            lazy = LazyFacts(rows, fresh)
            if derive is not None and not same_key:
                derived = _derive_all(lazy, derive)
            elif derive is not None:
                derived.update(_derive_all(fresh, derive))
            if len(changed) >= RESAVE or (derive is not None and not same_key):
                _pend(s, key, today, start, lazy, derived, derive_key)
            return lazy, derived
    loaded = facts.load(s, today, None, **flags)
    derived = _derive_all(loaded, derive)
    if start is not None:
        rows = {cid: _row(f) for cid, f in loaded.items()}
        _pend(s, key, today, start, LazyFacts(rows, {}), derived, derive_key)
    return loaded, derived


def _document(body: str) -> dict[str, Any] | None:
    """The kept document, or ``None`` when it is not one this code wrote (read afresh)."""
    try:
        doc = json.loads(body)
        ok = (
            isinstance(doc, dict)
            and isinstance(doc.get("derive_key"), str)
            and all(isinstance(doc.get(k), list) for k in ("ids", "rows", "derived"))
            and len(doc["ids"]) == len(doc["rows"]) == len(doc["derived"])
        )
    except ValueError:
        return None
    return doc if ok else None


def _derive_all(
    found: Mapping[int, Facts], derive: Callable[[Facts], Any] | None
) -> dict[int, Any]:
    return {} if derive is None else {cid: derive(found[cid]) for cid in found}


def _pend(
    s: Session, key: str, today: date, version: int, lazy: LazyFacts,
    derived: dict[int, Any], derive_key: str,
) -> None:  # fmt: skip
    ids = list(lazy)
    doc = {
        "ids": ids,
        "rows": [lazy.row(cid) for cid in ids],
        "derive_key": derive_key,
        "derived": [derived.get(cid) for cid in ids],
    }
    body = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    s.info.setdefault(_PENDING, []).append((key, today, version, body))


def encode(loaded: Mapping[int, Facts]) -> str:
    """The facts as kept (for tests: :func:`decode` reads them back)."""
    return json.dumps([_row(loaded[cid]) for cid in loaded])


def decode(body: str) -> dict[int, Facts]:
    return {f.contact_id: f for f in map(_facts, json.loads(body))}
