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
from typing import TYPE_CHECKING

from kithkin.core.agenda import facts
from kithkin.core.agenda.facts import Facts

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

KIND = "facts"
# The shape of what is kept; a change of it is a new key, so an older copy is not read.
FORMAT = 3
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


def row_of(f: Facts) -> str:
    """A contact's facts as the JSON row kept (dates as day numbers)."""
    values = [getattr(f, name) for name in _NAMES]
    for i in _DATES:
        if values[i] is not None:
            values[i] = values[i].toordinal()
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"))


def facts_of(row: str) -> Facts:
    """The facts of a kept row (:func:`row_of`)."""
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
            f = self._made[cid] = facts_of(self._rows[cid])
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
        return kept if kept is not None else row_of(self[cid])


def network(
    s: Session,
    today: date,
    *,
    health: bool = False,
    follow_ups: bool = True,
    reply_channels: bool = True,
    derive: Callable[[Facts], tuple[int, ...]] | None = None,
    derive_key: str = "",
) -> tuple[Mapping[int, Facts], dict[int, tuple[int, ...]]]:
    """Every contact's facts, and ``derive(facts)`` of each (whole numbers, as many for
    everyone; computed once per fact and ``derive_key``, then kept with them): from the
    kept copy where one holds.

    The facts are what ``facts.load(s, today, None, ...)`` returns, as read before any
    caller changed them. Outside :func:`keeping`, simply that.
    """
    flags = {"health": health, "follow_ups": follow_ups, "reply_channels": reply_channels}
    if not s.info.get(_ON):
        loaded = facts.load(s, today, None, **flags)
        return loaded, _derive_all(loaded, derive)
    from kithkin.store import memo

    key = _key(flags)
    start = memo.current(s)
    kept = memo.load_latest(s, KIND, key, today) if start is not None else None
    if start is not None and kept is not None:
        version, body = kept
        changed = [] if version == start else memo.touched_since(s, version, LIMIT)
        doc = _document(body) if changed is not None else None
        if changed is not None and doc is not None:
            ids, kept_rows, kept_key, values = doc
            rows = dict(zip(ids, kept_rows, strict=True))
            same_key = derive is not None and kept_key == derive_key
            derived = dict(zip(ids, values, strict=True)) if same_key else {}
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
        rows = {cid: row_of(f) for cid, f in loaded.items()}
        _pend(s, key, today, start, LazyFacts(rows, {}), derived, derive_key)
    return loaded, derived


def derived(
    s: Session,
    today: date,
    *,
    derive: Callable[[Facts], tuple[int, ...]],
    derive_key: str,
    health: bool = False,
    follow_ups: bool = True,
    reply_channels: bool = True,
) -> dict[int, tuple[int, ...]] | None:
    """``derive(facts)`` of every contact, as :func:`network` gives it, from a kept copy's
    head alone (the values kept with it for ``derive_key``), the contacts a write touched
    since read and derived afresh; ``None`` when no copy of today holds them.

    Keeps nothing, and reads none of the kept rows: what ``kith who`` needs of a whole
    network (everyone's strength) after a write, without reading everyone's facts.
    """
    from kithkin.store import memo

    flags = {"health": health, "follow_ups": follow_ups, "reply_channels": reply_channels}
    start = memo.current(s)
    kept = memo.load_latest_head(s, KIND, _key(flags), today) if start is not None else None
    if kept is None:
        return None
    version, head_text = kept
    head = _head(head_text)
    if head is None or head[1] != derive_key or len(head[2]) != len(head[0]):
        return None
    changed = [] if version == start else memo.touched_since(s, version, LIMIT)
    if changed is None:
        return None
    ids, _, values = head
    out = dict(zip(ids, values, strict=True))
    for cid in changed:
        out.pop(cid, None)
    if changed:
        out.update(_derive_all(facts.load(s, today, changed, **flags), derive))
    return out


def _key(flags: Mapping[str, bool]) -> str:
    """The memo parameters of the facts read with these flags, in this :data:`FORMAT`."""
    return (
        f"{FORMAT};health={int(flags['health'])},follow_ups={int(flags['follow_ups'])},"
        f"replies={int(flags['reply_channels'])}"
    )


Document = tuple[list[int], list[str], str, list[tuple[int, ...]]]


def _document(body: str) -> Document | None:
    """The kept (ids, rows, derive key, derived values), or ``None`` when the body is not
    one this code wrote (then everyone is read afresh).

    The body is a JSON head line (ids, derive key, the derived values flat, their
    width), then one JSON row per contact: parsing the rows waits until a contact is
    read, and flat numbers parse several times quicker than a list per contact.
    """
    head_text, _, rest = body.partition("\n")
    head = _head(head_text)
    if head is None:
        return None
    ids, key, values = head
    rows = rest.split("\n") if ids else []
    if len(rows) != len(ids):
        return None
    return ids, rows, key, values


def _head(text: str) -> tuple[list[int], str, list[tuple[int, ...]]] | None:
    """The head line's (ids, derive key, derived values), or ``None`` when it is not one
    this code wrote."""
    try:
        head = json.loads(text)
    except ValueError:
        return None
    if not isinstance(head, dict):
        return None
    ids, key, width, flat = (head.get(k) for k in ("ids", "derive_key", "width", "derived"))
    if not (
        isinstance(ids, list)
        and isinstance(key, str)
        and isinstance(width, int)
        and isinstance(flat, list)
        and width >= 0
        and len(flat) == width * len(ids)
    ):
        return None
    columns = [iter(flat)] * width
    values: list[tuple[int, ...]] = list(zip(*columns, strict=True)) if width else []
    return ids, key, values


def _derive_all(
    found: Mapping[int, Facts], derive: Callable[[Facts], tuple[int, ...]] | None
) -> dict[int, tuple[int, ...]]:
    return {} if derive is None else {cid: derive(found[cid]) for cid in found}


def _pend(
    s: Session, key: str, today: date, version: int, lazy: LazyFacts,
    derived: dict[int, tuple[int, ...]], derive_key: str,
) -> None:  # fmt: skip
    ids = list(lazy)
    width = len(next(iter(derived.values()))) if derived else 0
    head = {
        "ids": ids,
        "derive_key": derive_key,
        "width": width,
        "derived": [n for cid in ids for n in derived[cid]] if width else [],
    }
    body = "\n".join([json.dumps(head, separators=(",", ":")), *(lazy.row(c) for c in ids)])
    s.info.setdefault(_PENDING, []).append((key, today, version, body))
