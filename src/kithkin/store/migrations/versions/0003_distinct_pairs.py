"""Pairs of contacts the user said are two people (``kith distinct``).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 06:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "distinct_pairs",
        sa.Column("low_id", sa.Integer(), nullable=False),
        sa.Column("high_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["high_id"],
            ["contacts.id"],
            name=op.f("fk_distinct_pairs_high_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["low_id"],
            ["contacts.id"],
            name=op.f("fk_distinct_pairs_low_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("low_id", "high_id", name=op.f("pk_distinct_pairs")),
    )
    with op.batch_alter_table("distinct_pairs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_distinct_pairs_high_id"), ["high_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("distinct_pairs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_distinct_pairs_high_id"))
    op.drop_table("distinct_pairs")
