"""A position may have no organization: a title alone ("Independent Consultant").

LinkedIn lists a connection whose company is empty (a freelancer, someone between
jobs, a hidden company) with their title still given, and so may a card or a row of
Positions.csv. ``positions.org_id`` was NOT NULL, so such a title was dropped on
import. It is now nullable: the position keeps the title, and whatever pairs
positions by organization (colleagues, ``kith who``, the leads' "works there") never
pairs two positions without one (NULL equals nothing in SQL).

A downgrade deletes the positions without an organization: the older schema cannot
hold them.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 16:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("positions", schema=None) as batch_op:
        batch_op.alter_column("org_id", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM positions WHERE org_id IS NULL")
    with op.batch_alter_table("positions", schema=None) as batch_op:
        batch_op.alter_column("org_id", existing_type=sa.Integer(), nullable=False)
