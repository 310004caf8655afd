"""A persistent data version and a memo of computed answers.

``kith today`` on an unchanged database need not plan again: the answer is kept
with the data version it was computed from (a number every write transaction
raises) and served while that version and the day still hold.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    version = op.create_table(
        "kith_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kith_version")),
    )
    op.bulk_insert(version, [{"id": 1, "n": 0}])
    op.create_table(
        "memos",
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("params", sa.String(length=200), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("app", sa.String(length=40), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "params", name=op.f("pk_memos")),
    )


def downgrade() -> None:
    op.drop_table("memos")
    op.drop_table("kith_version")
