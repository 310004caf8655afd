"""Dialect-specific full-text queries behind :func:`kithkin.core.book.search.search`.

SQLite reads the FTS5 table ``search_fts`` (its query is plain SQL in
:mod:`kithkin.store.ftsread`, which the quick path runs without SQLAlchemy);
PostgreSQL the generated ``search_tsv`` columns (both created by the first migration).
Both return the matched text whole; :mod:`kithkin.core.book.search` cuts the snippet,
the same way for both.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import text
from sqlalchemy.orm import Session

from kithkin.store import ftsread
from kithkin.store.bulkio import BULK_MIN as BULK_MIN  # the bulk threshold, named here too
from kithkin.store.bulkio import trigger_aside
from kithkin.store.ftsread import terms as terms  # the words of a query, for either backend

# Each searched table's text, as its generated search_tsv column reads it.
_BODIES = {
    "c": "c.display_name || ' ' || coalesce(c.nickname, '') || ' ' || coalesce(c.location, '')"
    " || ' ' || coalesce(c.how_met, '') || ' ' || coalesce(c.notes, '')",
    "d": "d.category || ' ' || d.fact",
    "i": "coalesce(i.subject, '') || ' ' || coalesce(i.note, '')",
}

_PG = """
WITH q AS (SELECT to_tsquery('simple', :q) AS q),
hits AS (
    (SELECT 'contact' AS kind, c.id AS ref_id, c.id AS contact_id, c.display_name AS name,
            {c_body} AS body, {c_rank} AS r
     FROM contacts c, q WHERE {c_where} AND NOT c.is_me
     ORDER BY r DESC LIMIT :lim)
    UNION ALL
    (SELECT 'detail', d.id, c.id, c.display_name, {d_body}, {d_rank} AS r
     FROM personal_details d JOIN contacts c ON c.id = d.contact_id, q
     WHERE {d_where} ORDER BY r DESC LIMIT :lim)
    UNION ALL
    (SELECT 'interaction', i.id, c.id, c.display_name, {i_body}, {i_rank} AS r
     FROM interactions i
       JOIN interaction_contacts ic ON ic.interaction_id = i.id
       JOIN contacts c ON c.id = ic.contact_id AND NOT c.is_me, q
     WHERE {i_where} ORDER BY r DESC LIMIT :lim)
)
SELECT h.contact_id, h.name, h.kind, h.body, h.r
FROM hits h ORDER BY h.r DESC, h.contact_id LIMIT :lim
"""


def _pg(indexed: bool, inside: list[str]) -> str:
    """PostgreSQL's query for words found by the index (``indexed``) and the words
    ``inside`` looked for inside the text (:func:`~kithkin.store.ftsread.split`); with
    only those, the shortest text holding them ranks first, as on SQLite. A word
    without upper and lower case (Thai, Chinese...) is looked for with LIKE: ILIKE
    lower-cases every text it reads, three times the scan."""
    parts: dict[str, str] = {}
    ops = ["LIKE" if w.upper() == w else "ILIKE" for w in inside]
    for t, body in _BODIES.items():
        where = [f"{t}.search_tsv @@ q.q"] if indexed else []
        where += [f"({body}) {op} :in{n}" for n, op in enumerate(ops)]
        parts[f"{t}_body"] = body
        parts[f"{t}_where"] = " AND ".join(where)
        parts[f"{t}_rank"] = f"ts_rank({t}.search_tsv, q.q)" if indexed else f"-length({body})"
    return _PG.format(**parts)


def search(s: Session, words: list[str], limit: int) -> list[tuple[int, str, str, str]]:
    """(contact_id, name, kind, matched text), best first."""
    if s.get_bind().dialect.name == "sqlite":
        return ftsread.search(lambda sql, params: s.execute(text(sql), params).all(), words, limit)
    indexed, inside = ftsread.split(words)
    params: dict[str, object] = {f"in{n}": ftsread.like(w) for n, w in enumerate(inside)}
    params |= {"q": " & ".join(f"{w}:*" for w in indexed), "lim": limit}
    rows = s.execute(text(_pg(bool(indexed), inside)), params).all()
    return [(r[0], r[1], r[2], r[3]) for r in rows[:limit]]


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
