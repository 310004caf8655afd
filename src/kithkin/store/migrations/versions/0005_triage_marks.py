"""Contacts sorted by ``kith triage``, so that the walk resumes where it stopped.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "triage_marks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("choice", sa.String(length=10), nullable=False),
        sa.Column("previous_tier", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_triage_marks_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_triage_marks")),
        sa.UniqueConstraint("contact_id", name=op.f("uq_triage_marks_contact_id")),
    )


def downgrade() -> None:
    op.drop_table("triage_marks")
