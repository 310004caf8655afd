"""Search finds "lukasz" in "Łukasz" on both backends, and "jose" in "José" on PostgreSQL.

The name folding (:func:`kithkin.core.folding.unaccent`) writes ø, ł, đ, ß, æ, œ, þ, ı...
as typed on a plain keyboard; the search indexes did not. SQLite's tokenizer drops the
accents a letter decomposes into (é, ü) but not those: its index gets a second column,
``letters``, of the text with them folded (NULL for the texts without them: nearly every
one, an ASCII text is told by its length alone), and the same MATCH reads both columns.
PostgreSQL's ``simple`` configuration folds no accent at all, and its ``unaccent``
extension may not be installed: each ``search_tsv`` column is now made of the text
decomposed, Latin's accents dropped, composed again and ø, ł, ß... replaced, with
normalize(), regexp_replace() and replace(), which every server has from PostgreSQL 13
(:func:`kithkin.store.fts.folded_sql`; an ASCII text is left as it is). The query's
words are folded the same way (:func:`kithkin.core.folding.search_word`). Both indexes
are made again from the rows; a downgrade makes them as revision 0015 had them.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 17:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

_TRIGGERS = [
    f"{name}_fts_{when}"
    for name in ("contacts", "details", "interactions")
    for when in ("ai", "au")
]
_TABLES = ("contacts", "personal_details", "interactions")


def _rebuild(folded: bool) -> None:
    from kithkin.store import fts

    if op.get_bind().dialect.name == "sqlite":
        for trigger in _TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE search_fts")
        for ddl in fts.sqlite_ddl(letters=folded):
            op.execute(ddl)
        for kind in ("contact", "detail", "interaction"):
            op.execute(fts.sqlite_fill(kind, letters=folded))
        return
    for table in _TABLES:
        op.execute(f"DROP INDEX IF EXISTS ix_{table}_search_tsv")
        op.execute(f"ALTER TABLE {table} DROP COLUMN search_tsv")
    for ddl in fts.pg_ddl(folded=folded):
        op.execute(ddl)


def upgrade() -> None:
    _rebuild(True)


def downgrade() -> None:
    _rebuild(False)
