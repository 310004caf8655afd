"""The cards of a CardDAV address book a source follows (two-way sync).

One row per card: its href, ETag and UID, the contact it is (emptied when the
contact is deleted in kithkin), and the managed fields as both sides last agreed.
A new table only: existing rows are untouched either way.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 16:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "address_cards",
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=500), nullable=False),
        sa.Column("href", sa.String(length=1000), nullable=False),
        sa.Column("etag", sa.String(length=300), nullable=True),
        sa.Column("uid", sa.String(length=300), nullable=True),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("agreed", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_address_cards_contact_id_contacts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name=op.f("fk_address_cards_source_id_sources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("source_id", "scope", "href", name=op.f("pk_address_cards")),
    )
    with op.batch_alter_table("address_cards", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_address_cards_contact_id"), ["contact_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("address_cards", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_address_cards_contact_id"))
    op.drop_table("address_cards")
