"""Organizations, matched despite case, punctuation and legal suffixes.

"Acme Inc.", "ACME" and "acme, llc" are one organization: names are compared by
their normalised form, and :func:`find_similar` uses rapidfuzz for near misses.
"""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session

from kithkin.errors import BadInput
from kithkin.store.tables import Organization

LEGAL_SUFFIXES = frozenset(
    {
        "inc", "incorporated", "llc", "ltd", "limited", "corp", "corporation", "co",
        "company", "plc", "gmbh", "ag", "sa", "sas", "sarl", "bv", "nv", "srl", "spa",
        "pty", "oy", "ab", "as", "kk", "llp", "lp", "the",
    }
)  # fmt: skip

# Two normalised names at least this similar (rapidfuzz ratio, 0-100) are one org.
FUZZY_THRESHOLD = 92


def normalize(name: str) -> str:
    """Lower-case, accents and punctuation removed, legal suffixes dropped."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("&", " and ")
    words = re.findall(r"[^\W_]+", text)  # any script: Greek, Cyrillic, CJK names count
    kept = [w for w in words if w not in LEGAL_SUFFIXES]
    return " ".join(kept or words)


def is_blank(name: str | None) -> bool:
    """LinkedIn writes " -" for "no company"; treat that and empty as none."""
    return name is None or normalize(name) == ""


def find(s: Session, name: str) -> Organization | None:
    """The stored organization this name denotes, exactly or by a near-identical name."""
    norm = normalize(name)
    if not norm:
        return None
    exact = s.scalars(select(Organization).where(Organization.norm_name == norm)).first()
    if exact is not None:
        return exact
    names = dict(s.execute(select(Organization.id, Organization.norm_name)).tuples().all())
    if not names:
        return None
    best = process.extractOne(norm, names, scorer=fuzz.ratio)
    if best is not None and best[1] >= FUZZY_THRESHOLD:
        return s.get(Organization, best[2])
    return None


def find_or_create(s: Session, name: str) -> Organization:
    clean = re.sub(r"\s+", " ", name).strip()
    if is_blank(clean):
        raise BadInput(f"invalid organization name {name!r}")
    org = find(s, clean)
    if org is None:
        org = Organization(name=clean, norm_name=normalize(clean))
        s.add(org)
        s.flush()
    return org


def require(s: Session, name: str) -> Organization:
    org = find(s, name)
    if org is None:
        raise BadInput(f"unknown organization {name!r}")
    return org
