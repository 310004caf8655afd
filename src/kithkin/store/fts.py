"""Dialect-specific full-text queries behind :func:`kithkin.core.search.search`.

SQLite reads the FTS5 table ``search_fts``; PostgreSQL the generated ``search_tsv``
columns (both created by the first migration). Snippets mark matches with
``[`` and ``]`` on both.
"""

from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.orm import Session

_SQLITE = """
WITH hits AS (
    SELECT kind, ref_id, snippet(search_fts, 0, '[', ']', '…', 12) AS snip, rank
    FROM search_fts WHERE search_fts MATCH :q ORDER BY rank LIMIT :lim
)
SELECT c.id, c.display_name, h.kind, h.snip, h.rank FROM hits h
  JOIN contacts c ON h.kind = 'contact' AND c.id = h.ref_id
UNION ALL
SELECT c.id, c.display_name, h.kind, h.snip, h.rank FROM hits h
  JOIN personal_details d ON h.kind = 'detail' AND d.id = h.ref_id
  JOIN contacts c ON c.id = d.contact_id
UNION ALL
SELECT c.id, c.display_name, h.kind, h.snip, h.rank FROM hits h
  JOIN interaction_contacts ic ON h.kind = 'interaction' AND ic.interaction_id = h.ref_id
  JOIN contacts c ON c.id = ic.contact_id AND NOT c.is_me
ORDER BY 5
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
SELECT h.contact_id, h.name, h.kind,
       ts_headline('simple', h.body, q.q,
                   'StartSel=[, StopSel=], MaxWords=14, MinWords=4, ShortWord=1'),
       h.r
FROM hits h, q ORDER BY h.r DESC, h.contact_id LIMIT :lim
"""


def terms(query: str) -> list[str]:
    """The words of a query, lower-cased; punctuation never reaches the query syntax."""
    return [t.lower() for t in re.findall(r"\w+", query)]


def search(s: Session, words: list[str], limit: int) -> list[tuple[int, str, str, str]]:
    if s.get_bind().dialect.name == "sqlite":
        q = " ".join(f'"{w}"*' for w in words)
        rows = s.execute(text(_SQLITE), {"q": q, "lim": limit}).all()
    else:
        q = " & ".join(f"{w}:*" for w in words)
        rows = s.execute(text(_PG), {"q": q, "lim": limit}).all()
    return [(r[0], r[1], r[2], r[3]) for r in rows[:limit]]
