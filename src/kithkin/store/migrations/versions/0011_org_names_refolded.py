"""Organizations' normalised names folded again, keeping the marks of letters.

``organizations.norm_name`` is :func:`kithkin.core.book.orgs.normalize` of the name,
stored so that an organization is found by it. That folding dropped every combining
mark and split words at the others, so a Thai or Devanagari name was stored damaged
("บริษัท" as "บร ษ ท"): the folding now keeps the marks that are part of a letter
(:mod:`kithkin.core.folding`), and a name stored the old way would no longer be found
by itself. Names in Latin, Greek and Cyrillic fold as before; only the names whose
stored form differs from the new one are rewritten (no schema change). A downgrade
writes those names' old form back.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 11:30:00
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_LEGAL = frozenset(
    {
        "inc", "incorporated", "llc", "ltd", "limited", "corp", "corporation", "co",
        "company", "plc", "gmbh", "ag", "sa", "sas", "sarl", "bv", "nv", "srl", "spa",
        "pty", "oy", "ab", "as", "kk", "llp", "lp", "the",
    }
)  # fmt: skip


def _old_normalize(name: str) -> str:
    """``orgs.normalize`` as revision 0010's kithkin had it (for the downgrade)."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("&", " and ")
    words = re.findall(r"[^\W_]+", text)
    kept = [w for w in words if w not in _LEGAL]
    return " ".join(kept or words)


def _refold(normalize: Callable[[str], str]) -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, name, norm_name FROM organizations")).all()
    changed = [
        {"i": oid, "n": norm}
        for oid, name, stored in rows
        if not name.isascii() and (norm := normalize(name)) != stored
    ]
    if changed:
        conn.execute(sa.text("UPDATE organizations SET norm_name = :n WHERE id = :i"), changed)


def upgrade() -> None:
    from kithkin.core.book.orgs import normalize

    _refold(normalize)


def downgrade() -> None:
    _refold(_old_normalize)
