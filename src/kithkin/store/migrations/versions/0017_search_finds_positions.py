"""Search finds people by their positions: the title and the organization's name.

``kith search "Pied Piper"`` or ``kith search manager`` said "No results" although
many people worked there with that title: the indexes held contacts, their details
and the interactions, not positions. SQLite's ``search_fts`` now holds each position
too (kind ``position``, rowid ``id * 4 + 3``: the code 0001 left free), as its text
reads, "Product Manager at Pied Piper", kept by triggers on positions and on an
organization's name (:func:`kithkin.store.fts.sqlite_position_ddl`); the positions
there are indexed here. PostgreSQL's generated columns cannot read another table:
positions and organizations each get a ``search_tsv`` column and its GIN index, and
the query matches the two together (:func:`kithkin.store.fts.pg_position_ddl`).
A downgrade removes the triggers and the positions' rows, or the columns.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 22:30:00
"""

from __future__ import annotations

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from kithkin.store import fts

    if op.get_bind().dialect.name == "sqlite":
        for ddl in fts.sqlite_position_ddl():
            op.execute(ddl)
        op.execute(fts.sqlite_position_fill())
        return
    for ddl in fts.pg_position_ddl():
        op.execute(ddl)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("positions_fts_ai", "positions_fts_au", "positions_fts_ad", "orgs_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DELETE FROM search_fts WHERE kind = 'position'")
        return
    for table in ("positions", "organizations"):
        op.execute(f"DROP INDEX IF EXISTS ix_{table}_search_tsv")
        op.execute(f"ALTER TABLE {table} DROP COLUMN search_tsv")
