"""Keep each phone number as it was written beside its parsed form.

A number without its country code was parsed as a US number; it is now kept as
written unless the region is known (``phone.region``), and the text as written is
kept beside the E.164 form so that a region set later can still read it.
Existing rows keep ``raw`` empty: what they were written as is not known.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("contact_phones", schema=None) as batch_op:
        batch_op.add_column(sa.Column("raw", sa.String(length=80), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("contact_phones", schema=None) as batch_op:
        batch_op.drop_column("raw")
