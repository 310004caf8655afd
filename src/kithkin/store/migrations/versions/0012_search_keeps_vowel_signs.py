"""SQLite's search index keeps the vowel signs and viramas in their words.

FTS5's ``unicode61`` tokenizer makes words of letters and digits only (categories
``L* N* Co``), so every combining mark split a word: Devanagari, Bengali, Tamil and
the other Brahmic scripts write their vowel signs and viramas as marks, and "अमित"
(Amit) was indexed as "अम" and "त", found by "अमृत" (Amrit); a Thai word too fell
apart at its vowels and tone marks. The name folding keeps those marks
(:mod:`kithkin.core.folding`), and so does the index now (categories ``L* N* Co M*``):
``remove_diacritics 2`` still drops the Latin accents, written precomposed or as
combining marks, so "cafe" finds "café" as before. The index is made again from the
contacts, their details and the interactions, as the triggers fill it (they name the
table, not its tokenizer, and stay). A downgrade makes it the old way again.

PostgreSQL's parser already keeps the marks in its words (its ``simple`` words are
whatever the server's C library calls letters, and glibc's letters include them):
nothing changes there.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 14:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

MARKS_KEPT = "unicode61 remove_diacritics 2 categories ''L* N* Co M*''"
MARKS_SPLIT = "unicode61 remove_diacritics 2"  # revision 0001's

# What each table's AFTER INSERT trigger writes, for every row at once (rowid =
# ref_id * 4 + the kind's code, as 0001 set it).
_FILL = (
    """INSERT INTO search_fts(rowid, body, kind, ref_id)
    SELECT id * 4, display_name || ' ' || coalesce(nickname, '') || ' '
      || coalesce(location, '') || ' ' || coalesce(how_met, '') || ' '
      || coalesce(notes, ''), 'contact', id
    FROM contacts""",
    """INSERT INTO search_fts(rowid, body, kind, ref_id)
    SELECT id * 4 + 1, category || ' ' || fact, 'detail', id FROM personal_details""",
    """INSERT INTO search_fts(rowid, body, kind, ref_id)
    SELECT id * 4 + 2, coalesce(subject, '') || ' ' || coalesce(note, ''), 'interaction', id
    FROM interactions WHERE note IS NOT NULL OR subject IS NOT NULL""",
)


def _rebuild(tokenizer: str) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TABLE search_fts")
    op.execute(
        "CREATE VIRTUAL TABLE search_fts USING fts5(body, kind UNINDEXED, ref_id UNINDEXED, "
        f"tokenize = '{tokenizer}', prefix = '2 3')"
    )
    for fill in _FILL:
        op.execute(fill)


def upgrade() -> None:
    _rebuild(MARKS_KEPT)


def downgrade() -> None:
    _rebuild(MARKS_SPLIT)
