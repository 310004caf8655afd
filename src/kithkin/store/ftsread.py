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

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from kithkin.core import folding

Run = Callable[[str, Mapping[str, Any]], Sequence[Sequence[Any]]]

# Ranking every match of a short prefix ("ka") over a million notes is slow, so the
# best matches are taken among the newest CANDIDATES (FTS5 walks rowids in order and
# stops early). Snippets are cut by the core from the matched text.
CANDIDATES = 2000

_TOP = """
SELECT rid, kind, ref_id FROM (
    SELECT rowid AS rid, kind, ref_id, rank FROM search_fts
    WHERE search_fts MATCH :q{inside} ORDER BY rowid DESC LIMIT :cand
) ORDER BY rank LIMIT :lim
"""

# Only words looked for inside the text (:func:`split`): no index can find them, so
# the newest CANDIDATES texts holding them all are taken, the shortest first (bm25
# too ranks a word in a short text above the same word in a long one).
_INSIDE = """
SELECT rid, kind, ref_id FROM (
    SELECT rowid AS rid, kind, ref_id, length(body) AS n FROM search_fts
    WHERE {inside} ORDER BY rowid DESC LIMIT :cand
) ORDER BY n, rid DESC LIMIT :lim
"""

_BODIES = "SELECT rowid, body FROM search_fts WHERE rowid IN ({ids})"

_PEOPLE = """
SELECT h.rid, c.id, c.display_name, NULL, NULL FROM hits h
  JOIN contacts c ON h.kind = 'contact' AND c.id = h.ref_id
UNION ALL
SELECT h.rid, c.id, c.display_name, NULL, NULL FROM hits h
  JOIN personal_details d ON h.kind = 'detail' AND d.id = h.ref_id
  JOIN contacts c ON c.id = d.contact_id
UNION ALL
SELECT h.rid, c.id, c.display_name, NULL, NULL FROM hits h
  JOIN interaction_contacts ic ON h.kind = 'interaction' AND ic.interaction_id = h.ref_id
  JOIN contacts c ON c.id = ic.contact_id AND NOT c.is_me
UNION ALL
SELECT h.rid, c.id, c.display_name, p.start_date, p.end_date FROM hits h
  JOIN positions p ON h.kind = 'position' AND p.id = h.ref_id
  JOIN contacts c ON c.id = p.contact_id AND NOT c.is_me
"""

_KINDS = frozenset({"contact", "detail", "interaction", "position"})

# A person found through several of their positions (promotions at one company) is one
# hit, by their best-ranked position; the positions left out must not shorten the list,
# so the top matches are read again, twice as many each time, at most this many times.
_REREADS = 4


def held(body: str, start: object, end: object) -> str:
    """A position's text with the years it was held: "Manager at Hooli (2021–)",
    "(2015–2019)", "(–2019)", "(2019)" (begun and ended that year); as it is without
    either date. Dates come as the backends give them (a date, or SQLite's ISO text)."""
    if start is None and end is None:
        return body
    first, last = (str(d)[:4] if d is not None else "" for d in (start, end))
    return f"{body} ({first})" if first == last else f"{body} ({first}–{last})"


def once_per_person(
    rows: Sequence[tuple[int, str, str, str]], limit: int
) -> list[tuple[int, str, str, str]]:
    """``rows`` (best first) with each person's positions after their best left out."""
    seen: set[int] = set()
    out = []
    for row in rows:
        if row[2] == "position":
            if row[0] in seen:
                continue
            seen.add(row[0])
        out.append(row)
    return out[:limit]


def terms(query: str) -> list[str]:
    """The words of a query, lower-cased, as the indexes split a text
    (:func:`kithkin.core.folding.runs`): a vowel sign or a virama is part of its word,
    so "अमित" is one word, not "अम" and "त"; punctuation never reaches the query syntax.
    The letters that hold their accent inside are folded as the indexes fold them
    (:func:`kithkin.core.folding.search_word`): "Łukasz" and "lukasz" are one word."""
    return [folding.search_word(w, decompose=False) for w in folding.runs(query.lower())]


def split(words: list[str]) -> tuple[list[str], list[str]]:
    """The words found by the index (as prefixes of its words), and those looked for
    inside the text: a word of a script written without spaces between words
    (:func:`kithkin.core.folding.unspaced`: Thai, Chinese, Japanese...) is one run of
    letters to the index with the words around it, so "สมศักดิ์" is found in
    "ไปกินข้าวกับสมศักดิ์ที่สยาม" (went to eat with Somsak at Siam) only by looking inside."""
    inside = [w for w in words if folding.unspaced(w)]
    return [w for w in words if not folding.unspaced(w)], inside


def like(word: str) -> str:
    """The LIKE pattern (escape character ``\\``) of a text holding ``word``."""
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def search(run: Run, words: list[str], limit: int) -> list[tuple[int, str, str, str]]:
    """(contact_id, name, kind, matched text), best first, from SQLite's ``search_fts``.

    The best ``limit`` matches are read; when some were a person's second position
    (:func:`once_per_person`) and more matches may follow, twice as many, up to
    :data:`_REREADS` times: a search without such repeats reads what it always did."""
    indexed, inside = split(words)
    params: dict[str, Any] = {"cand": CANDIDATES, "lim": limit}
    params.update({f"in{n}": like(w) for n, w in enumerate(inside)})
    likes = " AND ".join(f"body LIKE :in{n} ESCAPE '\\'" for n in range(len(inside)))
    if indexed:
        params["q"] = " ".join(f'"{w}"*' for w in indexed)
        query = _TOP.format(inside=f" AND {likes}" if likes else "")
    else:
        query = _INSIDE.format(inside=likes)
    for _ in range(_REREADS):
        top = list(run(query, params))
        rows = _people(run, top)
        kept = once_per_person(rows, limit)
        if len(kept) >= limit or len(kept) == len(rows) or len(top) < params["lim"]:
            return kept
        params["lim"] *= 2
    return kept


def _people(run: Run, top: list[Sequence[Any]]) -> list[tuple[int, str, str, str]]:
    """The people of the index's matches ``top`` (rowid, kind, ref_id), in their order."""
    if not top:
        return []
    order = {r[0]: n for n, r in enumerate(top)}
    kinds = {r[0]: r[1] for r in top}
    if not set(kinds.values()) <= _KINDS:  # the kinds are spelled into the query below
        raise ValueError("search_fts holds a kind of row this kithkin does not know")
    ids = ",".join(str(int(r[0])) for r in top)
    bodies = {r[0]: r[1] for r in run(_BODIES.format(ids=ids), {})}
    # One VALUES list: a compound SELECT of a row each stops at 500 rows (SQLite's limit)
    values = ", ".join(f"({int(r[0])}, '{r[1]}', {int(r[2])})" for r in top)
    people = [
        tuple(p) for p in run(f"WITH hits(rid, kind, ref_id) AS (VALUES {values}) {_PEOPLE}", {})
    ]
    people.sort(key=lambda p: order[p[0]])
    return [
        (cid, name, kinds[rid], held(bodies.get(rid, ""), start, end))
        for rid, cid, name, start, end in people
    ]
