"""Dialect-specific full-text queries behind :func:`kithkin.core.book.search.search`.

SQLite reads the FTS5 table ``search_fts``; PostgreSQL the generated ``search_tsv``
columns (both created by the first migration). Both return the matched text
whole; :mod:`kithkin.core.book.search` cuts the snippet, the same way for both.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from sqlalchemy import text
from sqlalchemy.orm import Session

from kithkin.store.bulkio import BULK_MIN as BULK_MIN  # the bulk threshold, named here too
from kithkin.store.bulkio import trigger_aside

# Ranking every match of a short prefix ("ka") over a million notes is slow, so the
# best matches are taken among the newest CANDIDATES (FTS5 walks rowids in order and
# stops early). Snippets are cut by the core from the matched text.
CANDIDATES = 2000

_SQLITE_TOP = """
SELECT rid, kind, ref_id FROM (
    SELECT rowid AS rid, kind, ref_id, rank FROM search_fts
    WHERE search_fts MATCH :q ORDER BY rowid DESC LIMIT :cand
) ORDER BY rank LIMIT :lim
"""

_SQLITE_BODIES = "SELECT rowid, body FROM search_fts WHERE rowid IN ({ids})"

_SQLITE_PEOPLE = """
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

_PG = """
WITH q AS (SELECT to_tsquery('simple', :q) AS q),
hits AS (
    (SELECT 'contact' AS kind, c.id AS ref_id, c.id AS contact_id, c.display_name AS name,
            c.display_name || ' ' || coalesce(c.nickname, '') || ' ' || coalesce(c.location, '')
              || ' ' || coalesce(c.how_met, '') || ' ' || coalesce(c.notes, '') AS body,
            ts_rank(c.search_tsv, q.q) AS r
     FROM contacts c, q WHERE c.search_tsv @@ q.q AND NOT c.is_me
     ORDER BY r DESC LIMIT :lim)
    UNION ALL
    (SELECT 'detail', d.id, c.id, c.display_name, d.category || ' ' || d.fact,
            ts_rank(d.search_tsv, q.q) AS r
     FROM personal_details d JOIN contacts c ON c.id = d.contact_id, q
     WHERE d.search_tsv @@ q.q ORDER BY r DESC LIMIT :lim)
    UNION ALL
    (SELECT 'interaction', i.id, c.id, c.display_name,
            coalesce(i.subject, '') || ' ' || coalesce(i.note, ''),
            ts_rank(i.search_tsv, q.q) AS r
     FROM interactions i
       JOIN interaction_contacts ic ON ic.interaction_id = i.id
       JOIN contacts c ON c.id = ic.contact_id AND NOT c.is_me, q
     WHERE i.search_tsv @@ q.q ORDER BY r DESC LIMIT :lim)
)
SELECT h.contact_id, h.name, h.kind, h.body, h.r
FROM hits h ORDER BY h.r DESC, h.contact_id LIMIT :lim
"""


def terms(query: str) -> list[str]:
    """The words of a query, lower-cased; punctuation never reaches the query syntax."""
    return [t.lower() for t in re.findall(r"\w+", query)]


def search(s: Session, words: list[str], limit: int) -> list[tuple[int, str, str, str]]:
    """(contact_id, name, kind, matched text), best first."""
    if s.get_bind().dialect.name == "sqlite":
        return _search_sqlite(s, " ".join(f'"{w}"*' for w in words), limit)
    q = " & ".join(f"{w}:*" for w in words)
    rows = s.execute(text(_PG), {"q": q, "lim": limit}).all()
    return [(r[0], r[1], r[2], r[3]) for r in rows[:limit]]


def _search_sqlite(s: Session, q: str, limit: int) -> list[tuple[int, str, str, str]]:
    top = s.execute(text(_SQLITE_TOP), {"q": q, "cand": CANDIDATES, "lim": limit}).all()
    if not top:
        return []
    order = {r[0]: n for n, r in enumerate(top)}
    kinds = {r[0]: r[1] for r in top}
    ids = ",".join(str(int(r[0])) for r in top)
    bodies = dict(s.execute(text(_SQLITE_BODIES.format(ids=ids))).tuples().all())
    values = " UNION ALL ".join(
        f"SELECT {int(r[0])} AS rid, '{r[1]}' AS kind, {int(r[2])} AS ref_id" for r in top
    )
    people = list(s.execute(text(f"WITH hits AS ({values}) {_SQLITE_PEOPLE}")).tuples())
    people.sort(key=lambda p: order[p[0]])
    return [(cid, name, kinds[rid], bodies.get(rid, "")) for rid, cid, name in people][:limit]


# An import or a sync of tens of thousands of rows: on SQLite, the per-row trigger
# that indexes a contact or an interaction costs several times the insert itself, so
# from BULK_MIN rows on they are indexed in one statement after it, as the trigger
# would (each statement below is its table's AFTER INSERT trigger, set-wise).
_TRIGGER = "interactions_fts_ai"
_FILL = """
INSERT INTO search_fts(rowid, body, kind, ref_id)
SELECT id * 4 + 2, coalesce(subject, '') || ' ' || coalesce(note, ''), 'interaction', id
FROM interactions
WHERE id BETWEEN :lo AND :hi AND (note IS NOT NULL OR subject IS NOT NULL)
"""
_CONTACTS_TRIGGER = "contacts_fts_ai"
_CONTACTS_FILL = """
INSERT INTO search_fts(rowid, body, kind, ref_id)
SELECT id * 4, display_name || ' ' || coalesce(nickname, '') || ' '
  || coalesce(location, '') || ' ' || coalesce(how_met, '') || ' '
  || coalesce(notes, ''), 'contact', id
FROM contacts
WHERE id BETWEEN :lo AND :hi
"""


def insert_interactions(s: Session, insert: Callable[[], None], ids: Sequence[int]) -> None:
    """Run ``insert()``, which writes the interactions ``ids`` (fresh ids above every
    stored one), and index them for search (:func:`_bulk`)."""
    _bulk(s, insert, ids, _TRIGGER, _FILL)


def insert_contacts(s: Session, insert: Callable[[], None], ids: Sequence[int]) -> None:
    """Run ``insert()``, which writes the contacts ``ids`` (fresh ids above every stored
    one), and index them for search (:func:`_bulk`)."""
    _bulk(s, insert, ids, _CONTACTS_TRIGGER, _CONTACTS_FILL)


def _bulk(
    s: Session, insert: Callable[[], None], ids: Sequence[int], trigger: str, fill: str
) -> None:
    """Many rows on SQLite: indexed in one statement after the insert, not a trigger per
    row (:func:`~kithkin.store.bulkio.trigger_aside`). PostgreSQL indexes its generated
    column itself."""
    trigger_aside(
        s,
        trigger,
        len(ids),
        insert,
        lambda conn: conn.execute(text(fill), {"lo": min(ids), "hi": max(ids)}),
    )
