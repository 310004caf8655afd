"""An import's organization resolver answers as the one fuzzy rule does (``orgs.closest``)
while asking only the stored names that could be near, and a long import's resolver,
carried from chunk to chunk, knows what a fresh one would load."""

from __future__ import annotations

import random
from typing import Any

from rapidfuzz import fuzz

from kithkin.core.book import orgs
from kithkin.core.book.orgs import FUZZY_THRESHOLD, OrgResolver, _may_be_near

SYLLABLES = ["ka", "lo", "mi", "ne", "ra", "su", "to", "vi", "ze", "qua", "lab", "x"]


def _names(rng: random.Random, n: int) -> list[str]:
    out: list[str] = []
    for _ in range(n):
        if out and rng.random() < 0.4:  # a near miss of a name already made
            base = list(rng.choice(out))
            i = rng.randrange(len(base))
            base[i : i + 1] = rng.choice(["", "a", "zz", base[i] * 2])
            out.append("".join(base) or "x")
        else:
            out.append("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 7))))
    return out


class _Stored(OrgResolver):
    """A resolver over given names, without a database."""

    def __init__(self, names: list[str]) -> None:
        self.s: Any = None
        self.by_norm = {}
        for i, name in enumerate(names, 1):
            self.by_norm.setdefault(name, i)
        self.existing = []
        self._by_len = {}
        self._longest = 0
        for norm in self.by_norm:
            self._store(norm)
        self._stored = dict(self.by_norm)
        self.pending = []


def test_near_names_are_those_the_fuzzy_rule_finds() -> None:
    rng = random.Random(14)
    stored = _names(rng, 1500)
    resolver = _Stored(stored)
    asked = 0
    for query in _names(random.Random(15), 1500):
        if query in resolver.by_norm:
            continue
        asked += 1
        assert resolver._near(query) == orgs.closest(query, resolver.existing), query
    assert asked > 500


def test_no_name_left_unasked_can_reach_the_threshold() -> None:
    # Two different names of one length are one substitution (two edits) apart at least.
    for size in range(1, 40):
        a, b = "a" * size, "a" * (size - 1) + "b"
        assert _may_be_near(size, size) or fuzz.ratio(a, b) < FUZZY_THRESHOLD - 1
        for other in range(1, 40):
            if other != size:
                c = "a" * other
                assert _may_be_near(size, other) or fuzz.ratio("a" * size, c) < FUZZY_THRESHOLD - 1
