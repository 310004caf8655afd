"""Organizations' normalised names folded again: ø, ł, ß, æ... as typed without them.

``organizations.norm_name`` is :func:`kithkin.core.book.orgs.normalize` of the name,
stored so that an organization is found by it. The folding now turns the Latin letters
that hold their accent inside them into what their writers type on a plain keyboard
("Bølgen Łódź" is "bolgen lodz"), so "Bolgen Lodz" on a card finds the company; a
name stored the old way would no longer be found by itself. Only the names holding
such a letter are rewritten (no schema change); a downgrade writes their old form back.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 14:10:00
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def _refold(normalize: Callable[[str], str]) -> None:
    from kithkin.core.folding import has_letters

    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, name, norm_name FROM organizations")).all()
    changed = [
        {"i": oid, "n": norm}
        for oid, name, stored in rows
        if has_letters(name) and (norm := normalize(name)) != stored
    ]
    if changed:
        conn.execute(sa.text("UPDATE organizations SET norm_name = :n WHERE id = :i"), changed)


def upgrade() -> None:
    from kithkin.core.book.orgs import normalize

    _refold(normalize)


def downgrade() -> None:
    from kithkin.core.book.orgs import normalize

    _refold(lambda name: normalize(name, letters=False))
