"""Dialect-specific full-text queries behind :func:`kithkin.core.book.search.search`.

SQLite reads the FTS5 table ``search_fts`` (its query is plain SQL in
:mod:`kithkin.store.ftsread`, which the quick path runs without SQLAlchemy);
PostgreSQL the generated ``search_tsv`` columns (both made as :func:`sqlite_ddl` and
:func:`pg_ddl` say since revision 0016; positions as :func:`sqlite_position_ddl` and
:func:`pg_position_ddl` say since 0017). Both fold Latin letters as the name folding does,
in SQL alone: SQLite's index holds a second column of the text with ø, ł, ß... as typed
without them, PostgreSQL's columns are of the text with every Latin letter folded.
Both return the matched text whole; :mod:`kithkin.core.book.search` cuts the snippet,
the same way for both.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import text
from sqlalchemy.orm import Session

from kithkin.core import folding
from kithkin.store import ftsread
from kithkin.store.bulkio import BULK_MIN as BULK_MIN  # the bulk threshold, named here too
from kithkin.store.bulkio import trigger_aside
from kithkin.store.ftsread import terms as terms  # the words of a query, for either backend

# What each searched table puts in the index: its kind, its rowid code in SQLite's
# search_fts (rowid = id * 4 + code, so a delete is a rowid lookup), its text ({t}: the
# row's prefix, "new." in a trigger), the condition for a row to be indexed, and the
# columns whose update indexes it again.
SOURCES = (
    ("contact", 0, "contacts",
     "{t}display_name || ' ' || coalesce({t}nickname, '') || ' ' || coalesce({t}location, '')"
     " || ' ' || coalesce({t}how_met, '') || ' ' || coalesce({t}notes, '')",
     None, "display_name, nickname, location, how_met, notes"),
    ("detail", 1, "personal_details", "{t}category || ' ' || {t}fact", None, "category, fact"),
    ("interaction", 2, "interactions", "coalesce({t}subject, '') || ' ' || coalesce({t}note, '')",
     "{t}note IS NOT NULL OR {t}subject IS NOT NULL", "subject, note"),
)  # fmt: skip
_TRIGGER_PREFIX = {
    "contacts": "contacts",
    "personal_details": "details",
    "interactions": "interactions",
}
TOKENIZER = "unicode61 remove_diacritics 2 categories ''L* N* Co M*''"  # revision 0012's

# Each searched table's text, as its generated search_tsv column reads it.
_BODIES = {kind[0]: body.format(t=f"{kind[0]}.") for kind, _, _, body, _, _ in SOURCES}


def _letters_chain(text: str) -> str:
    """``text`` with ø, ł, ß, æ... (either case) as typed without their accent, in SQL
    both backends have (replace(): PostgreSQL's translate() reads its whole list for
    every letter of the text, 25 times the cost)."""
    out = text
    for c, f in folding.letters_both_cases().items():
        out = f"replace({out}, '{c}', '{f}')"
    return out


def letters_sql(text: str) -> str:
    """SQLite: ``text`` (an SQL expression named once: a column) with the letters its
    tokenizer keeps as they are (ø, ł, ß, æ...) as typed without them, or NULL when that
    is ``text`` itself (an ASCII text, told by its length alone, or one without those
    letters): the index's second column."""
    ascii_only = f"length({text}) = length(CAST({text} AS BLOB))"
    return f"CASE WHEN {ascii_only} THEN NULL ELSE nullif({_letters_chain(text)}, {text}) END"


def folded_sql(text: str) -> str:
    """PostgreSQL: ``text`` as :func:`kithkin.core.folding.search_word` folds a word
    (decomposed, Latin's accents dropped, composed again, ø, ł, ß... as typed), in SQL
    every server has without the ``unaccent`` extension; an ASCII text as it is."""
    marks = folding.LATIN_MARKS.pattern
    decomposed = f"normalize(regexp_replace(normalize({text}, NFKD), '{marks}', '', 'g'), NFC)"
    return (
        f"CASE WHEN octet_length({text}) = length({text}) THEN {text}"
        f" ELSE {_letters_chain(decomposed)} END"
    )


def sqlite_fill(kind: str, letters: bool = True, between: bool = False) -> str:
    """The statement that indexes every row of ``kind`` at once (``between``: the ids
    from :lo to :hi), as its trigger would one by one."""
    _, code, table, body, cond, _ = next(src for src in SOURCES if src[0] == kind)
    where = [cond.format(t="")] if cond else []
    if between:
        where.append("id BETWEEN :lo AND :hi")
    rows = f"SELECT id * 4 + {code} AS rid, {body.format(t='')} AS b, id FROM {table}" + (
        f" WHERE {' AND '.join(f'({w})' for w in where)}" if where else ""
    )
    if not letters:
        return (
            "INSERT INTO search_fts(rowid, body, kind, ref_id)"
            f" SELECT rid, b, '{kind}', id FROM ({rows})"
        )
    return (
        "INSERT INTO search_fts(rowid, body, letters, kind, ref_id)"
        f" SELECT rid, b, {letters_sql('b')}, '{kind}', id FROM ({rows})"
    )


def sqlite_ddl(letters: bool = True) -> list[str]:
    """SQLite's index: the FTS5 table and the triggers that keep it (``letters``: with
    its second column, of the text as typed without ø, ł, ß...; without it, revision
    0012's)."""
    cols = "body, letters" if letters else "body"
    out = [
        f"CREATE VIRTUAL TABLE search_fts USING fts5({cols}, kind UNINDEXED, ref_id UNINDEXED,"
        f" tokenize = '{TOKENIZER}', prefix = '2 3')"
    ]
    for kind, code, table, body, cond, columns in SOURCES:
        name = _TRIGGER_PREFIX[table]
        text = body.format(t="new.")
        if letters:
            insert = (
                "INSERT INTO search_fts(rowid, body, letters, kind, ref_id)"
                f" SELECT new.id * 4 + {code}, b, {letters_sql('b')}, '{kind}', new.id"
                f" FROM (SELECT {text} AS b);"
            )
        else:
            insert = (
                "INSERT INTO search_fts(rowid, body, kind, ref_id)"
                f" VALUES (new.id * 4 + {code}, {text}, '{kind}', new.id);"
            )
        when = f" WHEN {cond.format(t='new.')}" if cond else ""
        out.append(f"CREATE TRIGGER {name}_fts_ai AFTER INSERT ON {table}{when} BEGIN {insert} END")
        out.append(
            f"CREATE TRIGGER {name}_fts_au AFTER UPDATE OF {columns} ON {table} BEGIN"
            f" DELETE FROM search_fts WHERE rowid = old.id * 4 + {code}; {insert} END"
        )
    return out


# Positions (since revision 0017): the title and the organization's name as a position
# reads ("Product Manager at Pied Piper"), rowid code 3. The name lives in another table:
# SQLite's triggers read it, and a renamed organization indexes its positions again;
# PostgreSQL's generated columns cannot read another table, so positions and
# organizations each get their own column and the query joins them (:func:`_pg`).
# Dates are not indexed: the reader adds the years to the snippet (ftsread.held).
POSITION_CODE = 3
POSITION_BODY = (
    "trim(coalesce({t}title, '') || coalesce(' at ' ||"
    " (SELECT o.name FROM organizations o WHERE o.id = {t}org_id), ''))"
)
_POSITION_COND = "{t}title IS NOT NULL OR {t}org_id IS NOT NULL"


def _position_insert(t: str, where: str = "") -> str:
    """SQLite: index the positions ``t`` names: ``new.`` (a trigger's row), or
    ``positions.`` (every row of the table ``where`` says)."""
    source = "" if t == "new." else " FROM positions"
    cond = " AND ".join(f"({c})" for c in (_POSITION_COND.format(t=t), where) if c)
    rows = (
        f"SELECT {t}id * 4 + {POSITION_CODE} AS rid, {POSITION_BODY.format(t=t)} AS b,"
        f" {t}id AS id{source} WHERE {cond}"
    )
    return (
        "INSERT INTO search_fts(rowid, body, letters, kind, ref_id)"
        f" SELECT rid, b, {letters_sql('b')}, 'position', id FROM ({rows})"
    )


def sqlite_position_fill(after: bool = False) -> str:
    """The statement that indexes every position at once (``after``: those with an id
    above :before), as its trigger would one by one."""
    return _position_insert("positions.", "positions.id > :before" if after else "")


def sqlite_position_ddl() -> list[str]:
    """SQLite: the triggers that keep the positions in ``search_fts``."""
    drop = f"DELETE FROM search_fts WHERE rowid = old.id * 4 + {POSITION_CODE};"
    add = _position_insert("new.") + ";"
    again = (
        f"DELETE FROM search_fts WHERE rowid IN (SELECT id * 4 + {POSITION_CODE}"
        " FROM positions WHERE org_id = new.id);"
        f" {_position_insert('positions.', 'positions.org_id = new.id')};"
    )
    return [
        f"CREATE TRIGGER positions_fts_ai AFTER INSERT ON positions BEGIN {add} END",
        "CREATE TRIGGER positions_fts_au AFTER UPDATE OF title, org_id ON positions"
        f" BEGIN {drop} {add} END",
        f"CREATE TRIGGER positions_fts_ad AFTER DELETE ON positions BEGIN {drop} END",
        f"CREATE TRIGGER orgs_fts_au AFTER UPDATE OF name ON organizations BEGIN {again} END",
    ]


def pg_ddl(folded: bool = True) -> list[str]:
    """PostgreSQL's index: each table's generated search_tsv column and its GIN index
    (``folded``: of the text as :func:`folded_sql` writes it; without, revision 0001's)."""
    out = []
    for _, _, table, body, _, _ in SOURCES:
        text = body.format(t="")
        text = folded_sql(f"({text})") if folded else text
        out += [
            f"ALTER TABLE {table} ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS ("
            f"to_tsvector('simple', {text})) STORED",
            f"CREATE INDEX ix_{table}_search_tsv ON {table} USING gin (search_tsv)",
        ]
    return out


# PostgreSQL: a position's own words ("Manager at") and its organization's, each a
# generated column; the query matches the two together.
_PG_POSITION_TEXT = "coalesce(title, '') || CASE WHEN org_id IS NULL THEN '' ELSE ' at' END"


def pg_position_ddl() -> list[str]:
    """PostgreSQL: the search columns of positions and organizations, and their indexes."""
    out = []
    for table, body in (("positions", _PG_POSITION_TEXT), ("organizations", "name")):
        out += [
            f"ALTER TABLE {table} ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS ("
            f"to_tsvector('simple', {folded_sql(f'({body})')})) STORED",
            f"CREATE INDEX ix_{table}_search_tsv ON {table} USING gin (search_tsv)",
        ]
    return out


_PG = """
WITH q AS (SELECT to_tsquery('simple', :q) AS q),
hits AS (
    (SELECT 'contact' AS kind, c.id AS ref_id, c.id AS contact_id, c.display_name AS name,
            {c_body} AS body, {c_rank} AS r, NULL::date AS held_from, NULL::date AS held_to
     FROM contacts c, q WHERE {c_where} AND NOT c.is_me
     ORDER BY r DESC LIMIT :lim)
    UNION ALL
    (SELECT 'detail', d.id, c.id, c.display_name, {d_body}, {d_rank} AS r, NULL, NULL
     FROM personal_details d JOIN contacts c ON c.id = d.contact_id, q
     WHERE {d_where} ORDER BY r DESC LIMIT :lim)
    UNION ALL
    (SELECT 'interaction', i.id, c.id, c.display_name, {i_body}, {i_rank} AS r, NULL, NULL
     FROM interactions i
       JOIN interaction_contacts ic ON ic.interaction_id = i.id
       JOIN contacts c ON c.id = ic.contact_id AND NOT c.is_me, q
     WHERE {i_where} ORDER BY r DESC LIMIT :lim)
    UNION ALL
    (SELECT * FROM (
        SELECT DISTINCT ON (c.id) 'position', p.id, c.id, c.display_name, {p_body},
               {p_rank} AS r, p.start_date, p.end_date
        FROM positions p
          JOIN contacts c ON c.id = p.contact_id AND NOT c.is_me
          LEFT JOIN organizations o ON o.id = p.org_id, q
        WHERE {p_where} ORDER BY c.id, r DESC, p.id DESC
     ) once ORDER BY r DESC LIMIT :lim)
)
SELECT h.contact_id, h.name, h.kind, h.body, h.held_from, h.held_to
FROM hits h ORDER BY h.r DESC, h.contact_id LIMIT :lim
"""

# A position's text as the snippet reads it, and its words with its organization's.
_PG_POSITION_BODY = "trim(coalesce(p.title, '') || coalesce(' at ' || o.name, ''))"
_PG_POSITION_TSV = "(p.search_tsv || coalesce(o.search_tsv, ''::tsvector))"
# The positions holding every word of the query, each in their own column or their
# organization's (as the two columns matched together would), by the two GIN indexes;
# of those, only the newest CANDIDATES are ranked, as on SQLite (ftsread): a title word
# ("engineer") held by a third of 30,000 positions took 40 ms to rank every one of them.
_PG_POSITION_WORD = (
    "SELECT id FROM positions WHERE search_tsv @@ to_tsquery('simple', :w{n})"
    " UNION SELECT p2.id FROM positions p2 JOIN organizations o2 ON o2.id = p2.org_id"
    " WHERE o2.search_tsv @@ to_tsquery('simple', :w{n})"
)


def _pg_position_candidates(n_words: int) -> str:
    """PostgreSQL: the condition on ``p.id`` of a position among the newest
    CANDIDATES holding each of ``n_words`` words (``:w0``...)."""
    each = " INTERSECT ".join(f"({_PG_POSITION_WORD.format(n=n)})" for n in range(n_words))
    return f"p.id IN (SELECT id FROM ({each}) m ORDER BY id DESC LIMIT :cand)"


def _pg(indexed: int, inside: list[str]) -> str:
    """PostgreSQL's query for ``indexed`` words found by the index and the words
    ``inside`` looked for inside the text (:func:`~kithkin.store.ftsread.split`); with
    only those, the shortest text holding them ranks first, as on SQLite. A word
    without upper and lower case (Thai, Chinese...) is looked for with LIKE: ILIKE
    lower-cases every text it reads, three times the scan."""
    parts: dict[str, str] = {}
    ops = ["LIKE" if w.upper() == w else "ILIKE" for w in inside]
    tsv = {t: f"{t}.search_tsv" for t in _BODIES} | {"p": _PG_POSITION_TSV}
    for t, body in (_BODIES | {"p": _PG_POSITION_BODY}).items():
        where = [f"{tsv[t]} @@ q.q"] if indexed else []
        if indexed and t == "p":
            where.append(_pg_position_candidates(indexed))
        where += [f"({body}) {op} :in{n}" for n, op in enumerate(ops)]
        parts[f"{t}_body"] = body
        parts[f"{t}_where"] = " AND ".join(where)
        parts[f"{t}_rank"] = f"ts_rank({tsv[t]}, q.q)" if indexed else f"-length({body})"
    return _PG.format(**parts)


def search(s: Session, words: list[str], limit: int) -> list[tuple[int, str, str, str]]:
    """(contact_id, name, kind, matched text), best first."""
    if s.get_bind().dialect.name == "sqlite":
        return ftsread.search(lambda sql, params: s.execute(text(sql), params).all(), words, limit)
    indexed, inside = ftsread.split(words)
    params: dict[str, object] = {f"in{n}": ftsread.like(w) for n, w in enumerate(inside)}
    folded = [folding.search_word(w, decompose=True) for w in indexed]
    params |= {"q": " & ".join(f"{w}:*" for w in folded), "lim": limit}
    params["cand"] = ftsread.CANDIDATES
    params |= {f"w{n}": f"{w}:*" for n, w in enumerate(folded)}
    rows = s.execute(text(_pg(len(indexed), inside)), params).all()
    return [(r[0], r[1], r[2], ftsread.held(r[3], r[4], r[5])) for r in rows[:limit]]


# An import or a sync of tens of thousands of rows: on SQLite, the per-row trigger
# that indexes a contact or an interaction costs several times the insert itself, so
# from BULK_MIN rows on they are indexed in one statement after it, as the trigger
# would (each statement below is its table's AFTER INSERT trigger, set-wise).
_TRIGGER = "interactions_fts_ai"
_CONTACTS_TRIGGER = "contacts_fts_ai"


def insert_interactions(s: Session, insert: Callable[[], None], ids: Sequence[int]) -> None:
    """Run ``insert()``, which writes the interactions ``ids`` (fresh ids above every
    stored one), and index them for search (:func:`_bulk`)."""
    _bulk(s, insert, ids, _TRIGGER, sqlite_fill("interaction", between=True))


def insert_contacts(s: Session, insert: Callable[[], None], ids: Sequence[int]) -> None:
    """Run ``insert()``, which writes the contacts ``ids`` (fresh ids above every stored
    one), and index them for search (:func:`_bulk`)."""
    _bulk(s, insert, ids, _CONTACTS_TRIGGER, sqlite_fill("contact", between=True))


def insert_positions(s: Session, insert: Callable[[], None], n_rows: int) -> None:
    """Run ``insert()``, which writes ``n_rows`` new positions (their ids given by the
    database, above every stored one), and index them for search: from BULK_MIN rows on
    on SQLite, in one statement after the insert instead of a trigger per row."""
    conn = s.connection()
    before = 0
    if conn.dialect.name == "sqlite" and n_rows >= BULK_MIN:
        before = int(
            conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM positions").scalar() or 0
        )
    trigger_aside(
        s,
        "positions_fts_ai",
        n_rows,
        insert,
        lambda c: c.execute(text(sqlite_position_fill(after=True)), {"before": before}),
    )


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


# The tables a long import fills, whose search indexes it leaves ready (:func:`settle`).
_SETTLED = ("contacts", "organizations", "positions", "personal_details", "interactions")


def settle(s: Session) -> None:
    """PostgreSQL, after a long import: the GIN indexes' pending lists (every new row,
    read through by each search until autovacuum merges them) merged, where this user
    may, and the filled tables analysed, so that the first searches do not wait for
    autovacuum (5-8 ms more each over 30,000 LinkedIn rows). SQLite has neither."""
    if s.get_bind().dialect.name != "postgresql":
        return
    s.execute(
        text(
            "SELECT gin_clean_pending_list(c.oid) FROM unnest(CAST(:ix AS text[])) n"
            " JOIN pg_class c ON c.oid = to_regclass(n) WHERE pg_has_role(c.relowner, 'USAGE')"
        ),
        {"ix": [f"ix_{t}_search_tsv" for t in _SETTLED]},
    )
    s.execute(text(f"ANALYZE {', '.join(_SETTLED)}"))
