"""Copy each interaction's date, direction, nature, lightness and channel onto its links.

The agenda needs every contact's last touch each way and recent give/ask
balance. Joined through ``interactions`` that is a scan of the whole history;
with the copies on ``interaction_contacts`` and two indexes it is one seek per
contact and one range per nature (see ``core/history.py``).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 05:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

COLUMNS = (
    ("occurred_on", sa.Date()),
    ("direction", sa.String(length=10)),
    ("nature", sa.String(length=10)),
    ("light", sa.Boolean()),
    ("channel", sa.String(length=20)),
)


def upgrade() -> None:
    with op.batch_alter_table("interaction_contacts", schema=None) as batch_op:
        for name, type_ in COLUMNS:
            batch_op.add_column(sa.Column(name, type_, nullable=True))
    # UPDATE ... FROM: PostgreSQL, and SQLite from 3.33.
    op.execute(
        """UPDATE interaction_contacts
           SET occurred_on = i.occurred_on, direction = i.direction, nature = i.nature,
               light = (i.kind IN ('like', 'comment')), channel = i.channel
           FROM interactions i WHERE i.id = interaction_contacts.interaction_id"""
    )
    with op.batch_alter_table("interaction_contacts", schema=None) as batch_op:
        for name, type_ in COLUMNS:
            batch_op.alter_column(name, existing_type=type_, nullable=False)
        batch_op.drop_index("ix_interaction_contacts_contact")
        batch_op.create_index(
            "ix_interaction_contacts_touch",
            ["contact_id", "light", "direction", "occurred_on", "interaction_id", "channel"],
            unique=False,
        )
        batch_op.create_index(
            "ix_interaction_contacts_balance",
            ["nature", "occurred_on", "direction", "contact_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("interaction_contacts", schema=None) as batch_op:
        batch_op.drop_index("ix_interaction_contacts_balance")
        batch_op.drop_index("ix_interaction_contacts_touch")
        batch_op.create_index(
            "ix_interaction_contacts_contact", ["contact_id", "interaction_id"], unique=False
        )
        for name, _ in reversed(COLUMNS):
            batch_op.drop_column(name)
