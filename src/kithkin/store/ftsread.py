"""SQLite's full-text query in plain SQL, run through SQLAlchemy or ``sqlite3`` alike.

``kith search`` is typed many times a day and the query itself takes milliseconds;
loading SQLAlchemy to ask it costs twenty times that. So the query is written once
here, over nothing but a function that runs one SQL text with named parameters
(``:name``, which both ``sqlite3`` and SQLAlchemy's ``text()`` take):
:mod:`kithkin.store.fts` runs it through the session, and
:mod:`kithkin.store.quickread` through a read-only ``sqlite3`` connection before the
application loads. PostgreSQL's query is :mod:`kithkin.store.fts`'s own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

Run = Callable[[str, Mapping[str, Any]], Sequence[Sequence[Any]]]

# Ranking every match of a short prefix ("ka") over a million notes is slow, so the
# best matches are taken among the newest CANDIDATES (FTS5 walks rowids in order and
# stops early). Snippets are cut by the core from the matched text.
CANDIDATES = 2000

_TOP = """
SELECT rid, kind, ref_id FROM (
    SELECT rowid AS rid, kind, ref_id, rank FROM search_fts
    WHERE search_fts MATCH :q ORDER BY rowid DESC LIMIT :cand
) ORDER BY rank LIMIT :lim
"""

_BODIES = "SELECT rowid, body FROM search_fts WHERE rowid IN ({ids})"

_PEOPLE = """
SELECT h.rid, c.id, c.display_name FROM hits h
  JOIN contacts c ON h.kind = 'contact' AND c.id = h.ref_id
UNION ALL
SELECT h.rid, c.id, c.display_name FROM hits h
  JOIN personal_details d ON h.kind = 'detail' AND d.id = h.ref_id
  JOIN contacts c ON c.id = d.contact_id
UNION ALL
SELECT h.rid, c.id, c.display_name FROM hits h
  JOIN interaction_contacts ic ON h.kind = 'interaction' AND ic.interaction_id = h.ref_id
  JOIN contacts c ON c.id = ic.contact_id AND NOT c.is_me
"""

_KINDS = frozenset({"contact", "detail", "interaction"})


def terms(query: str) -> list[str]:
    """The words of a query, lower-cased; punctuation never reaches the query syntax."""
    return [t.lower() for t in re.findall(r"\w+", query)]


def search(run: Run, words: list[str], limit: int) -> list[tuple[int, str, str, str]]:
    """(contact_id, name, kind, matched text), best first, from SQLite's ``search_fts``."""
    q = " ".join(f'"{w}"*' for w in words)
    top = list(run(_TOP, {"q": q, "cand": CANDIDATES, "lim": limit}))
    if not top:
        return []
    order = {r[0]: n for n, r in enumerate(top)}
    kinds = {r[0]: r[1] for r in top}
    if not set(kinds.values()) <= _KINDS:  # the kinds are spelled into the query below
        raise ValueError("search_fts holds a kind of row this kithkin does not know")
    ids = ",".join(str(int(r[0])) for r in top)
    bodies = {r[0]: r[1] for r in run(_BODIES.format(ids=ids), {})}
    values = " UNION ALL ".join(
        f"SELECT {int(r[0])} AS rid, '{r[1]}' AS kind, {int(r[2])} AS ref_id" for r in top
    )
    people = [tuple(p) for p in run(f"WITH hits AS ({values}) {_PEOPLE}", {})]
    people.sort(key=lambda p: order[p[0]])
    return [(cid, name, kinds[rid], bodies.get(rid, "")) for rid, cid, name in people][:limit]
