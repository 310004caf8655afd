"""``kith dupes``: pairs of contacts that may be one person.

Similar names within a block (the folded family name, :func:`matching.block_key`),
unless two different LinkedIn profiles say otherwise or the user kept the pair apart
(``kith distinct``); and people who share a phone number. Only what deciding that
needs is read: names, LinkedIn profiles, phones and the current organization. The
import's :class:`~kithkin.core.exchange.matching.Index` (every identity and field of
every contact) took seconds and 200 MB on a 50,000-person network for this.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session

from kithkin.core import phones as phone_rules
from kithkin.core.book import orgs
from kithkin.core.exchange.matching import NAME_THRESHOLD, SHARED_LINE, block_key, fold
from kithkin.store.tables import (
    Contact,
    ContactPhone,
    ContactUrl,
    DistinctPair,
    Organization,
    Position,
)

# A name scoring under this cannot round up to the threshold: rapidfuzz stops early.
_CUTOFF = NAME_THRESHOLD - 0.5

# Why a pair is listed.
SIMILAR = "similar names"
SAME_ORG = "similar names, same organization"
OTHER_ORGS = "similar names, different organizations"
SAME_NUMBER = "same phone number"
REASONS = (SIMILAR, SAME_ORG, OTHER_ORGS, SAME_NUMBER)


@dataclass(slots=True)
class DupePair:
    a: int
    b: int
    score: int
    reason: str


@dataclass(slots=True)
class _Person:
    folded: str
    linkedin: frozenset[str] = frozenset()
    org: str | None = None  # the normalized name of the latest open position's organization


def dupes(s: Session) -> list[DupePair]:
    """Pairs of contacts that may be one person: similar names, no conflicting identity,
    and not kept apart by the user."""
    return [DupePair(a, b, -negative, reason) for negative, a, b, reason in ranked(s)]


def ranked(s: Session) -> list[tuple[int, int, int, str]]:
    """:func:`dupes` as ``(-score, a, b, reason)`` tuples, in its order: what a list of
    them is made from without an object a pair (a network of namesakes has hundreds of
    thousands of pairs)."""
    people, blocks = _people(s)
    apart = {
        (low, high) for low, high in s.execute(select(DistinctPair.low_id, DistinctPair.high_id))
    }
    score_of = fuzz.token_sort_ratio
    numbers = {key for key in _same_numbers(s, people) if key not in apart}
    pair = _Pairing(people, apart, numbers)
    for ids in blocks.values():
        if len(ids) < 2:
            continue
        # Names are compared once each, not once per person who bears them: a block of
        # 6,000 Wangs holds a few hundred names (the score is symmetric, so which of two
        # people is asked about does not matter).
        named: dict[str, list[int]] = {}
        for cid in ids:
            named.setdefault(people[cid].folded, []).append(cid)
        names = list(named)
        groups = list(named.values())
        for i, name in enumerate(names):
            group = groups[i]
            if len(group) > 1:
                score = round(score_of(name, name))
                if score >= NAME_THRESHOLD:
                    for k, a_id in enumerate(group[:-1]):
                        pair(a_id, group[k + 1 :], score)
            # Each name against the block's later ones in one call: the loop runs in C.
            similar = process.extract(
                name, names[i + 1 :], scorer=score_of, score_cutoff=_CUTOFF, limit=None
            )
            for _, raw, j in similar:
                score = round(raw)
                if score >= NAME_THRESHOLD:
                    others = groups[i + 1 + j]
                    for a_id in group:
                        pair(a_id, others, score)
    found = pair.found
    for a_id, b_id in numbers:  # those the names did not pair
        score = round(score_of(people[a_id].folded, people[b_id].folded))
        found.append((-score, a_id, b_id, SAME_NUMBER))
    found.sort()  # by score, highest first, then by the pair's ids: no two pairs are equal
    return found


class _Pairing:
    """Collects the pairs a name match proposes, less those the user kept apart or two
    LinkedIn profiles tell apart, each with its reason, as ``(-score, low, high, reason)``;
    each pair found leaves ``numbers`` (the pairs who share a phone number)."""

    def __init__(
        self,
        people: dict[int, _Person],
        apart: set[tuple[int, int]],
        numbers: set[tuple[int, int]],
    ) -> None:
        self.people, self.apart, self.numbers = people, apart, numbers
        self.found: list[tuple[int, int, int, str]] = []
        self._reasons: dict[tuple[str, str], str] = {}  # by the two organizations

    def __call__(self, a_id: int, others: list[int], score: int) -> None:
        """``a_id`` paired with each of ``others`` at ``score``."""
        people, apart, numbers, add = self.people, self.apart, self.numbers, self.found.append
        a = people[a_id]
        for b_id in others:
            key = (a_id, b_id) if a_id < b_id else (b_id, a_id)
            if key in apart:
                continue  # the user said: two people (kith distinct)
            b = people[b_id]
            if a.linkedin and b.linkedin and not (a.linkedin & b.linkedin):
                continue  # two different LinkedIn profiles are two people
            reason = SIMILAR
            if a.org and b.org:
                reason = self._reason(a.org, b.org)
            add((-score, key[0], key[1], reason))
            numbers.discard(key)

    def _reason(self, a_org: str, b_org: str) -> str:
        reason = self._reasons.get((a_org, b_org))
        if reason is None:
            reason = SAME_ORG if orgs.same(a_org, b_org) else OTHER_ORGS
            self._reasons[(a_org, b_org)] = reason
        return reason


def _people(s: Session) -> tuple[dict[int, _Person], dict[str, list[int]]]:
    """Everyone but the user, and the blocks their names fall in."""
    run = s.connection().execute  # plain rows: no ORM objects for 50,000 people
    people: dict[int, _Person] = {}
    blocks: dict[str, list[int]] = defaultdict(list)
    q = select(Contact.id, Contact.display_name, Contact.family_name).where(
        Contact.is_me.is_(False)
    )
    for cid, name, family in run(q):
        people[cid] = _Person(fold(name))
        blocks[block_key(family, name)].append(cid)
    profiles: dict[int, set[str]] = defaultdict(set)
    for cid, url in run(
        select(ContactUrl.contact_id, ContactUrl.url).where(ContactUrl.kind == "linkedin")
    ):
        profiles[cid].add(url)
    for cid, urls in profiles.items():
        if cid in people:
            people[cid].linkedin = frozenset(urls)
    open_jobs = (
        select(Position.contact_id, Organization.norm_name)
        .join(Organization, Organization.id == Position.org_id)
        .where(Position.end_date.is_(None))
        .order_by(Position.start_date.is_(None).desc(), Position.start_date, Position.id)
    )
    for cid, norm in run(open_jobs):
        if cid in people:
            people[cid].org = norm  # the latest open one wins
    return people, blocks


def _same_numbers(s: Session, people: dict[int, _Person]) -> list[tuple[int, int]]:
    """(low id, high id) of the people who share a phone number."""
    owners: dict[str, set[int]] = defaultdict(set)
    rows = s.connection().execute(
        select(ContactPhone.contact_id, ContactPhone.phone, ContactPhone.raw)
    )
    for cid, phone, raw in rows:
        if cid in people:
            # Known by its stored form and by the digits it was written with.
            for key in phone_rules.keys(phone, raw):
                owners[key].add(cid)
    pairs: set[tuple[int, int]] = set()
    for found in owners.values():
        if len(found) > SHARED_LINE:
            continue  # a switchboard or a family line: nobody's identity
        ids = sorted(found)
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                pairs.add((a, b))
    return sorted(pairs)
