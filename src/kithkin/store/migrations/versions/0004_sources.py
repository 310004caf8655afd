"""Sources that ``kith sync`` reads (IMAP, CalDAV, ICS URLs) and how far it has read them.

The source itself (never its password), a checkpoint per folder or calendar, the
calendar objects read (ETag, next occurrence), the meetings planned with contacts
(they hold back a check-in) and the unknown correspondents ``kith source
suggestions`` ranks. New tables only: existing rows are untouched either way.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 09:12:57
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("options", sa.Text(), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.Column("synced_at", sa.DateTime(), nullable=True),
        sa.Column("last_result", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
        sa.UniqueConstraint("name", name=op.f("uq_sources_name")),
    )
    op.create_table(
        "source_checkpoints",
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=500), nullable=False),
        sa.Column("state", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name=op.f("fk_source_checkpoints_source_id_sources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("source_id", "scope", name=op.f("pk_source_checkpoints")),
    )
    op.create_table(
        "source_correspondents",
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=500), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=True),
        sa.Column("written", sa.Integer(), nullable=False),
        sa.Column("received", sa.Integer(), nullable=False),
        sa.Column("last_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name=op.f("fk_source_correspondents_source_id_sources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "source_id", "scope", "email", name=op.f("pk_source_correspondents")
        ),
    )
    op.create_table(
        "source_items",
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=500), nullable=False),
        sa.Column("href", sa.String(length=1000), nullable=False),
        sa.Column("etag", sa.String(length=300), nullable=True),
        sa.Column("next_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name=op.f("fk_source_items_source_id_sources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("source_id", "scope", "href", name=op.f("pk_source_items")),
    )
    op.create_table(
        "upcoming_meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=500), nullable=False),
        sa.Column("href", sa.String(length=1000), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_upcoming_meetings_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name=op.f("fk_upcoming_meetings_source_id_sources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_upcoming_meetings")),
    )
    with op.batch_alter_table("upcoming_meetings", schema=None) as batch_op:
        batch_op.create_index(
            "ix_upcoming_meetings_contact_day", ["contact_id", "day"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_upcoming_meetings_source_id"), ["source_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("upcoming_meetings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_upcoming_meetings_source_id"))
        batch_op.drop_index("ix_upcoming_meetings_contact_day")

    op.drop_table("upcoming_meetings")
    op.drop_table("source_items")
    op.drop_table("source_correspondents")
    op.drop_table("source_checkpoints")
    op.drop_table("sources")
