"""Who is who: matching incoming people to stored contacts, and spotting duplicates.

Order of evidence, strongest first: the source's own identity (vCard UID, or the
content hash an adapter derives), the LinkedIn profile URL, an email address, a
phone number, then a fuzzy name with the organization. A fuzzy name alone is
never enough to merge, nor a fuzzy name with the organization when each side has
email addresses and they share none: such pairs are kept apart and listed by
``kith dupes`` (:mod:`kithkin.core.exchange.likely`).

Everything is looked up in maps loaded once per import (a few queries), so an
import of 30,000 rows issues no per-row SELECT.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session

from kithkin.core import folding
from kithkin.core import phones as phone_rules
from kithkin.core.book import orgs
from kithkin.core.exchange.exporting import derived_uid
from kithkin.store.tables import (
    Contact,
    ContactEmail,
    ContactPhone,
    ContactTag,
    ContactUrl,
    Organization,
    Position,
    table_of,
)

# rapidfuzz token_sort_ratio (0-100) of the accent-folded full names. At or above it,
# two people with the same organization are merged; without a shared organization
# the pair is only listed by `kith dupes`. 90 accepts "Jon Smith"/"John Smith" and
# a swapped given/family order, and rejects "Jane Smith"/"Joan Smyth".
NAME_THRESHOLD = 90

# More people than this on one number: a switchboard, not a hint of one person.
SHARED_LINE = 5

FILLABLE = (
    "given_name",
    "family_name",
    "nickname",
    "birthday",
    "notes",
    "photo",
    "connected_on",
    "location",
    "external_uid",
    # kithkin's own fields a card may fill (kithkin.core.exchange.personfields.OWN_FILLABLE)
    "cadence_days",
    "preferred_channel",
    "how_met",
    "min_interval_days",
    "time_zone",
)


_WORDS = re.compile(r"\w+")


# fold is a pure function of the text, and an import asks it for each row's name,
# family name and position several times (expect, find, the new contact): one cache
# for the process, as orgs.normalize has.
@lru_cache(maxsize=1 << 16)
def fold(text: str | None) -> str:
    """Lower-case, accents dropped, punctuation to spaces: how names are compared
    (:func:`kithkin.core.folding.fold`; the marks of Brahmic scripts, Thai, Arabic,
    Hebrew... are kept in their words)."""
    if not text:
        return ""
    t = text.lower()
    if t.isascii():  # most names: no decomposition to do
        return " ".join(_WORDS.findall(t))
    return folding.fold_lowered(t)


def block_key(family: str | None, display: str) -> str:
    """Candidates are compared only within a block: the folded family name."""
    if family:
        return fold(family)
    if not display or "@" in display:
        return ""  # a name made from an address says nothing about the person
    return fold(display).rsplit(" ", 1)[-1]


@dataclass(slots=True)
class Known:
    """What matching and merging need to know of one stored (or just created) contact."""

    id: int
    name: str
    folded: str
    block: str
    is_me: bool = False
    new: bool = False
    # Found by a row of the connections list being imported: no other row is them.
    claimed: bool = False
    emails: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)
    urls: set[str] = field(default_factory=set)
    linkedin: set[str] = field(default_factory=set)
    tags: set[str] = field(default_factory=set)
    fields: dict[str, Any] = field(default_factory=dict)
    # The current (open) position: (position id, org id, org norm name, title).
    pos: tuple[int, int | None, str, str | None] | None = None
    # The other open positions (org norm name, title): a side job the user typed, or a
    # card's organization a merge brought in. A source reporting one of them reports
    # no change of job.
    also: list[tuple[str, str | None]] = field(default_factory=list)


@dataclass
class Match:
    contact: Known | None
    how: str  # uid, linkedin, connection, email, phone, name, or "" for no match
    uncertain: list[Known] = field(default_factory=list)


class Index:
    """Every contact's identities, loaded in a handful of queries."""

    def __init__(self) -> None:
        self.people: dict[int, Known] = {}
        self.by_uid: dict[str, int] = {}
        self.by_url: dict[str, int] = {}
        self.by_email: dict[str, int] = {}
        self.by_phone: dict[str, int] = {}
        # The lists of people by name hold the people themselves, not their ids: a new
        # contact's provisional id becomes its stored one at flush (renumber) without
        # a search through the lists it is in.
        self.by_name: dict[str, list[Known]] = defaultdict(list)
        # (folded name, connected on): who you connected with on that day (LinkedIn
        # rows without a profile URL, or with one that changed since the last export).
        self.by_met: dict[tuple[str, date], list[Known]] = defaultdict(list)
        # Fuzzy candidates: all people, and those without a LinkedIn URL; beside each
        # list, the candidates' folded names in the same order (compared in one call).
        self.block_all: dict[str, list[Known]] = defaultdict(list)
        self.block_nourl: dict[str, list[Known]] = defaultdict(list)
        self.names_all: dict[str, list[str]] = defaultdict(list)
        self.names_nourl: dict[str, list[str]] = defaultdict(list)
        self.me_id: int | None = None
        # Creation day of the contacts without a source UID: kithkin's vCard export
        # gives them a UID derived from it (exporting.uid_of), recognised on the way back.
        self.created: dict[int, date] = {}
        # (folded name, connected on, organization, folded position) of each row of the
        # connections list being imported: a contact that one row describes exactly is
        # that row's, never a namesake's of the same day whose position changed.
        self.expected: set[tuple[str, date, str, str]] = set()
        self._derived: dict[str, int] | None = None

    @classmethod
    def load(cls, s: Session) -> Index:
        idx = cls()
        conn = s.connection()  # Core rows: no ORM result processing for 30,000 contacts
        # The tables' columns, not the mapped classes' attributes: Core statements need
        # no ORM mapper configured (an import through Core never configures them).
        contact, email_, phone_, url_, tag_, position, org = (
            table_of(m).c
            for m in (Contact, ContactEmail, ContactPhone, ContactUrl, ContactTag, Position,
                      Organization)
        )  # fmt: skip
        cols = [contact[f] for f in FILLABLE]
        q_contacts = select(
            contact.id, contact.is_me, contact.display_name, contact.created_on, *cols
        )
        for row in conn.execute(q_contacts):
            cid, is_me, name = row[0], row[1], row[2]
            fields = dict(zip(FILLABLE, row[4:], strict=True))
            if not fields["external_uid"] and row[3] is not None:
                idx.created[cid] = row[3]
            k = Known(
                cid,
                name,
                fold(name),
                block_key(fields["family_name"], name),
                is_me=is_me,
                fields=fields,
            )
            idx.people[cid] = k
            if is_me:
                idx.me_id = cid
            if fields["external_uid"]:
                idx.by_uid.setdefault(fields["external_uid"], cid)
        for cid, email in conn.execute(select(email_.contact_id, email_.email)):
            idx.people[cid].emails.add(email)
            idx.by_email[email] = cid
        phone_rows = select(phone_.contact_id, phone_.phone, phone_.raw)
        for cid, phone, raw in conn.execute(phone_rows):
            # Known by its stored form and by the digits it was written with, so that
            # a region set later does not make the same number a second one.
            for key in phone_rules.keys(phone, raw):
                idx.people[cid].phones.add(key)
                idx.by_phone.setdefault(key, cid)
        for cid, url, kind in conn.execute(select(url_.contact_id, url_.url, url_.kind)):
            idx.people[cid].urls.add(url)
            if kind == "linkedin":
                idx.people[cid].linkedin.add(url)
                idx.by_url.setdefault(url, cid)
        for cid, tag in conn.execute(select(tag_.contact_id, tag_.tag)):
            idx.people[cid].tags.add(tag)
        q = (
            select(
                position.id,
                position.contact_id,
                position.org_id,
                org.norm_name,
                position.title,
                position.start_date,
            )
            .outerjoin(table_of(Organization), org.id == position.org_id)
            .where(position.end_date.is_(None))
            .order_by(position.start_date.is_(None).desc(), position.start_date, position.id)
        )
        for pid, cid, oid, norm, title, _start in conn.execute(q):
            k = idx.people[cid]
            if k.pos is not None:
                k.also.append((k.pos[2], k.pos[3]))
            k.pos = (pid, oid, norm or "", title)  # the latest open one wins
        for k in idx.people.values():
            idx._index_name(k)
        return idx

    def _index_name(self, k: Known) -> None:
        if k.is_me:
            return
        self.by_name[k.folded].append(k)
        met = k.fields.get("connected_on")
        if met is not None:
            self.by_met[(k.folded, met)].append(k)
        self.block_all[k.block].append(k)
        self.names_all[k.block].append(k.folded)
        if not k.linkedin:
            self.block_nourl[k.block].append(k)
            self.names_nourl[k.block].append(k.folded)

    def add(self, k: Known) -> None:
        self.people[k.id] = k
        for e in k.emails:
            self.by_email.setdefault(e, k.id)
        for p in k.phones:
            self.by_phone.setdefault(p, k.id)
        for u in k.linkedin:
            self.by_url.setdefault(u, k.id)
        uid = k.fields.get("external_uid")
        if uid:
            self.by_uid.setdefault(uid, k.id)
        self._index_name(k)

    def renumber(self, added: Iterable[Known], ids: dict[int, int]) -> None:
        """Give the contacts an import just inserted their stored ids (``ids``: provisional
        id -> stored id) wherever the index holds them.

        ``added``: those contacts. Only their own entries are visited, so a long import
        renumbering a chunk at a time does not walk the whole network once per chunk.
        Every id is renumbered (the name lists hold the people, not ids): a provisional
        id left behind would name another chunk's new contact.
        """
        people, by_email, by_phone, by_url = self.people, self.by_email, self.by_phone, self.by_url
        for k in added:
            old = k.id
            new = ids.get(old)
            if new is None:
                continue
            k.id = new
            people[new] = k
            # The provisional id goes: the next chunk's writer hands it out again.
            if people.get(old) is k:
                del people[old]
            # Only this contact's own keys can hold its provisional id (or another new
            # contact's, which shares them); a stored contact's never do.
            for e in k.emails:
                if (cid := by_email.get(e, 0)) < 0:
                    by_email[e] = ids[cid]
            for u in k.linkedin:
                if (cid := by_url.get(u, 0)) < 0:
                    by_url[u] = ids[cid]
            for ph in k.phones:
                if (cid := by_phone.get(ph, 0)) < 0:
                    by_phone[ph] = ids[cid]
            uid = k.fields.get("external_uid")
            if uid and self.by_uid.get(uid, 0) < 0:
                self.by_uid[uid] = ids[self.by_uid[uid]]

    def find(
        self,
        uid: str | None,
        linkedin: Iterable[str],
        emails: Iterable[str],
        phones: Iterable[str],
        name: str,
        family: str | None,
        org_norm: str,
        *,
        met: date | None = None,
        title: str | None = None,
        connection: bool = False,
    ) -> Match:
        """The stored contact ``rec`` is, strongest evidence first.

        ``connection``: the record is one row of a LinkedIn connections list, which
        names each connection once, so two rows are never one person and a
        connection made on another day is someone else. ``met`` is its connected-on
        date and ``title`` its position: what tells two people of one name apart.
        """
        if uid and uid in self.by_uid:
            return Match(self.people[self.by_uid[uid]], "uid")
        # A UID kithkin derived from an id and a day may stand for someone else in another
        # database started the same day: the name must agree too.
        own = self._own_uid(uid) if uid and uid.startswith("urn:uuid:") else None
        if own is not None and fuzz.token_sort_ratio(fold(name), own.folded) >= NAME_THRESHOLD:
            return Match(own, "uid")
        urls = list(linkedin)
        for u in urls:
            if u in self.by_url:
                return Match(self.people[self.by_url[u]], "linkedin")
        mails = list(emails)
        for e in mails:
            if e in self.by_email:
                return Match(self.people[self.by_email[e]], "email")
        folded = fold(name)
        # A number alone is no identity (a shared office line, a recycled mobile): it
        # finds a person only when the names agree too, else it is a suggestion.
        same_number: list[Known] = []
        for p in phones:
            if p in self.by_phone:
                k = self.people[self.by_phone[p]]
                if not k.is_me and fuzz.token_sort_ratio(folded, k.folded) >= NAME_THRESHOLD:
                    return Match(k, "phone")
                if k not in same_number:
                    same_number.append(k)
        if connection and met is not None:
            same = self._same_connection(folded, met, urls, org_norm, title)
            if same is not None:
                return Match(same, "connection")
        block = block_key(family, name)
        if not block:
            return Match(None, "", [k for k in same_number if not k.is_me])
        pool = self.block_nourl if urls else self.block_all
        names = (self.names_nourl if urls else self.names_all).get(block, ())
        best: Known | None = None
        uncertain: list[Known] = []
        # The block's names scored in one call (a family name that a tenth of a network
        # bears, Nguyen or Wang, is thousands of candidates), taken in the block's order.
        # One or two (most family names) are scored directly: the call's own set-up costs
        # more than scoring them, and it finds the same ones.
        known = pool.get(block, ())
        if len(names) > 2:
            hits = sorted(hit[2] for hit in process.extract(
                folded, names, scorer=fuzz.token_sort_ratio, processor=None,
                score_cutoff=NAME_THRESHOLD, limit=None,
            ))  # fmt: skip
        else:
            hits = [i for i, n in enumerate(names) if _near_name(folded, n)]
        for i in hits:
            k = known[i]
            if urls and k.linkedin:
                continue  # got a profile URL since it was indexed: another profile
            if connection and (
                k.new
                or k.claimed
                or _other_day(met, k.fields.get("connected_on"))
                or (
                    fold(title) != fold(k.pos[3] if k.pos else None)
                    and self.described_elsewhere(k, met)
                )
            ):
                uncertain.append(k)  # another row of the list, or connected another day
            elif mails and k.emails:
                # Both have addresses and none is shared: "Jon Smith" and "John Smith"
                # at Acme with an address each are two people until the user says not.
                uncertain.append(k)
            elif org_norm and k.pos and orgs.same(org_norm, k.pos[2]):
                best = best or k
            else:
                uncertain.append(k)
        if best is not None:
            return Match(best, "name")
        if same_number:
            uncertain += [k for k in same_number if k not in uncertain and not k.is_me]
        return Match(None, "", uncertain)

    def _own_uid(self, uid: str) -> Known | None:
        """The contact a UID that kithkin's own vCard export derived stands for."""
        if self._derived is None:
            self._derived = {derived_uid(cid, day): cid for cid, day in self.created.items()}
        cid = self._derived.get(uid)
        return self.people.get(cid) if cid is not None else None

    def _same_connection(
        self, folded: str, met: date, urls: list[str], org_norm: str, title: str | None
    ) -> Known | None:
        """The connection made with this name on this day, known before this import and
        not already found by another row of the list.

        A contact known without a profile URL (from an export without them) is the
        person whatever their company now: a change of company or position is a new
        role. One known with another profile URL is this person only when the company
        agrees too: LinkedIn changed the URL. Several namesakes of one day are told
        apart by company, then position; rows alike in all of that are taken in turn.
        """
        known = self.by_met.get((folded, met))
        if not known:
            return None  # the common case of a new connection, decided without a list
        found = [k for k in known if not k.new and not k.claimed]
        if urls:
            found = [k for k in found if not k.linkedin or _same_org(org_norm, k)]
        if len(found) > 1:
            found = [k for k in found if _same_org(org_norm, k)]
        if len(found) > 1:
            exact = [k for k in found if k.pos and fold(k.pos[3]) == fold(title)]
            found = exact or [k for k in found if not self.described_elsewhere(k, met)]
        return min(found, key=lambda k: k.id) if found else None

    def described_elsewhere(self, k: Known, met: date | None) -> bool:
        """Whether a row of the list being imported describes ``k`` exactly (that row
        is theirs)."""
        if met is None or k.pos is None:
            return False
        return (k.folded, met, k.pos[2], fold(k.pos[3])) in self.expected


def _near_name(a: str, b: str) -> bool:
    """Two folded names as alike as a name match needs (``process.extract``'s test)."""
    return bool(fuzz.token_sort_ratio(a, b, processor=None, score_cutoff=NAME_THRESHOLD))


def _same_org(org_norm: str, k: Known) -> bool:
    return bool(org_norm and k.pos and orgs.same(org_norm, k.pos[2]))


def _other_day(met: date | None, known: date | None) -> bool:
    return met is not None and known is not None and met != known
