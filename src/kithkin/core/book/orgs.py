"""Organizations, matched despite case, punctuation and legal suffixes.

"Acme Inc.", "ACME" and "acme, llc" are one organization: names are compared by
their normalised form (:func:`normalize`), and near misses by one fuzzy rule
(:func:`same`, :func:`closest`) that every caller shares: adding a job, an
import's :class:`OrgResolver`, the importers' matching of people, ``kith who``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session

from kithkin.core import folding
from kithkin.core.userinput import one_line_text
from kithkin.errors import BadInput
from kithkin.store.bulkio import insert_rows, reserve_ids
from kithkin.store.tables import Organization, table_of

LEGAL_SUFFIXES = frozenset(
    {
        "inc", "incorporated", "llc", "ltd", "limited", "corp", "corporation", "co",
        "company", "plc", "gmbh", "ag", "sa", "sas", "sarl", "bv", "nv", "srl", "spa",
        "pty", "oy", "ab", "as", "kk", "llp", "lp", "the",
    }
)  # fmt: skip

# Two normalised names at least this similar (rapidfuzz ratio, 0-100) are one org.
FUZZY_THRESHOLD = 92


def normalize(name: str, letters: bool = True) -> str:
    """Lower-case, accents and punctuation removed, legal suffixes dropped (accents as
    :mod:`kithkin.core.folding` has them: a Thai or Devanagari vowel sign is no accent;
    ``letters``: see :func:`~kithkin.core.folding.unaccent`)."""
    text = folding.unaccent(name, letters).replace("&", " and ").replace("_", " ")
    words = folding.words(text)  # any script: Greek, Cyrillic, CJK, Thai names count
    kept = [w for w in words if w not in LEGAL_SUFFIXES]
    return " ".join(kept or words)


# normalize is a pure function of the name: one cache for the process.
_cached_normalize = lru_cache(maxsize=1 << 16)(normalize)


def same(a: str, b: str) -> bool:
    """Two normalised names denote one organization: equal, or near-identical."""
    return a == b or fuzz.ratio(a, b) >= FUZZY_THRESHOLD


def closest(norm: str, candidates: Sequence[str]) -> str | None:
    """The candidate (normalised names) that :func:`same` accepts and is nearest to ``norm``."""
    best = process.extractOne(norm, candidates, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD)
    return None if best is None else str(best[0])


def _may_be_near(a: int, b: int) -> bool:
    """Whether two different names of ``a`` and ``b`` characters can reach
    :data:`FUZZY_THRESHOLD` (with a point to spare, so rounding never decides).

    Their ratio is ``100 * (1 - d / (a + b))`` for ``d`` insertions and deletions: at
    least the difference in length, and two (one substitution) for two different names
    of one length, which keeps names of up to 11 characters from their own length.
    """
    if a == b:
        return a == 0 or 100 * (2 * a - 2) >= (FUZZY_THRESHOLD - 1) * 2 * a
    return 200 * min(a, b) >= (FUZZY_THRESHOLD - 1) * (a + b)


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
    ids = {n: oid for oid, n in s.execute(select(Organization.id, Organization.norm_name))}
    near = closest(norm, list(ids))
    return None if near is None else s.get(Organization, ids[near])


def matching(s: Session, query: str) -> list[Organization]:
    """Stored organizations a search names: the same one (:func:`same`), or one whose
    name holds every word of the query ("Stark" finds "Stark Industries"; "日立" finds
    "株式会社日立製作所", whose words are not spaced)."""
    norm = normalize(query)
    if not norm:
        return []
    words = set(norm.split())
    inner = {w for w in words if folding.unspaced(w)}
    whole = words - inner
    return [
        o
        for o in s.scalars(select(Organization).order_by(Organization.name))
        if same(norm, o.norm_name)
        or (whole <= set(o.norm_name.split()) and all(w in o.norm_name for w in inner))
    ]


def find_or_create(s: Session, name: str) -> Organization:
    clean = one_line_text(name) or ""  # controls gone, as names are kept (and NUL for PostgreSQL)
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


class OrgResolver:
    """Organization ids by normalised name; new ones are created in one insert."""

    def __init__(self, s: Session) -> None:
        self.s = s
        self.by_norm: dict[str, int] = {}
        # Core rows fetched at once (no ORM result processing, no fetch per row): a long
        # import loads them once a chunk. The name is selected though unused: without it
        # SQLite reads the norm_name index instead of the table, and the rows come in
        # another order, which decides between equally near names (:meth:`_near`). The
        # table's columns, not the mapped class's: an import through Core never needs
        # the ORM's mappers configured.
        org = table_of(Organization).c
        q = select(org.id, org.name, org.norm_name)
        for oid, _name, norm in s.connection().execute(q).all():
            self.by_norm.setdefault(norm, oid)
        self.existing: list[str] = []
        # The stored names by length, each with its place in ``existing``: a name is near
        # only names of about its own length (:meth:`_near`).
        self._by_len: dict[int, tuple[list[str], list[int]]] = {}
        self._longest = 0
        for norm in self.by_norm:
            self._store(norm)
        # The stored organizations alone (by_norm also learns the near names it resolved).
        self._stored = dict(self.by_norm)
        self.pending: list[dict[str, Any]] = []

    def _store(self, norm: str) -> None:
        names, places = self._by_len.setdefault(len(norm), ([], []))
        names.append(norm)
        places.append(len(self.existing))
        self.existing.append(norm)
        self._longest = max(self._longest, len(norm))

    def carry_on(self, s: Session) -> OrgResolver:
        """This resolver for the next transaction of a long import, knowing what a fresh
        one would load there: the stored organizations, those its flushes created after
        them (in id order, as they are read back), none of the near names it resolved.

        An import in chunks (:mod:`kithkin.core.exchange.batched`) loaded the
        organizations again for every chunk (0.13 s of CPU at 30,000 rows). What another
        process adds meanwhile is not seen, as the index of contacts does not see it.
        """
        self.s = s
        self.by_norm = dict(self._stored)
        return self

    def norm(self, name: str) -> str:
        """``normalize``, cached: a network names the same employers again and again
        (and a long import makes one resolver a chunk, so the cache outlives them)."""
        return _cached_normalize(name)

    def resolve(self, name: str, norm: str | None = None) -> int:
        if norm:  # the common case of a long import: an organization named before
            oid = self.by_norm.get(norm)
            if oid is not None:
                return oid
        clean = " ".join(name.split())
        norm = norm or self.norm(clean)
        oid = self.by_norm.get(norm)
        if oid is not None:
            return oid
        near = self._near(norm)
        if near is not None:
            oid = self.by_norm[near]
            self.by_norm[norm] = oid
            return oid
        oid = -(len(self.pending) + 1)  # a placeholder until flush reserves real ids
        self.pending.append(
            {
                "id": oid,
                "name": clean,
                "norm_name": norm,
                "rehire_eligible": None,
                "rehire_note": None,
            }
        )
        self.by_norm[norm] = oid
        return oid

    def _near(self, norm: str) -> str | None:
        """``closest(norm, self.existing)``, asking only the names that could be near.

        Two names differing in length by ``d`` are at least ``d`` edits apart, so their
        ratio is at most ``200 * shorter / (sum of lengths)``: a name of 10 letters is
        never near one of 14. A new organization (the common case of a large import)
        is compared with the names of a few lengths instead of every stored one; among
        equally near names the first stored wins, as in ``closest``.
        """
        size = len(norm)
        best: tuple[float, int, str] | None = None
        # The lengths that can be near, a few around ``size`` (bounds of _may_be_near, one
        # letter wider so that rounding never decides): asked directly, not all scanned.
        low = size * (FUZZY_THRESHOLD - 1) // (201 - FUZZY_THRESHOLD) - 1
        high = min(size * (201 - FUZZY_THRESHOLD) // (FUZZY_THRESHOLD - 1) + 1, self._longest)
        for length in range(max(low, 0), high + 1):
            bucket = self._by_len.get(length)
            if bucket is None or not _may_be_near(size, length):
                continue
            names, places = bucket
            got = process.extractOne(norm, names, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD)
            if got is not None:
                key = (-got[1], places[got[2]], str(got[0]))
                best = key if best is None or key < best else best
        return None if best is None else best[2]

    def flush(self) -> dict[int, int]:
        table = Organization.__table__
        ids = reserve_ids(self.s, table, len(self.pending))  # type: ignore[arg-type]
        mapping = {row["id"]: new for row, new in zip(self.pending, ids, strict=True)}
        for row in self.pending:
            row["id"] = mapping[row["id"]]
            if row["norm_name"] not in self._stored:
                self._stored[row["norm_name"]] = row["id"]
                self._store(row["norm_name"])
        insert_rows(self.s, table, self.pending)  # type: ignore[arg-type]
        self.pending = []
        return mapping
