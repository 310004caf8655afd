"""The user's own record in an import, and organizations resolved in bulk.

``apply_me`` takes what a source says about the user (LinkedIn's Profile.csv and
Positions.csv, the ``--me`` addresses of mbox and ICS imports) so that later
rows can tell the user's messages from everyone else's. ``OrgResolver`` maps
organization names to ids from one query and inserts the new ones together.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session

from kithkin.core.book import orgs
from kithkin.core.exchange.incoming import MeRecord, PositionRecord
from kithkin.core.exchange.matching import Index, Known, fold
from kithkin.core.userinput import normalize_email, normalize_linkedin_url, split_name
from kithkin.store.bulkio import insert_rows, reserve_ids
from kithkin.store.tables import ContactEmail, ContactUrl, Organization, Position

if TYPE_CHECKING:
    from kithkin.core.exchange.importer import Summary


class OrgResolver:
    """Organization ids by normalised name; new ones are created in one insert."""

    def __init__(self, s: Session) -> None:
        self.s = s
        self.by_norm: dict[str, int] = {}
        self.names: dict[int, str] = {}
        for oid, name, norm in s.execute(
            select(Organization.id, Organization.name, Organization.norm_name)
        ):
            self.by_norm.setdefault(norm, oid)
            self.names[oid] = name
        self.existing = list(self.by_norm)
        self.pending: list[dict[str, Any]] = []
        self._norms: dict[str, str] = {}

    def norm(self, name: str) -> str:
        """``orgs.normalize``, cached: a network names the same employers again and again."""
        got = self._norms.get(name)
        if got is None:
            got = self._norms[name] = orgs.normalize(name)
        return got

    def resolve(self, name: str, norm: str | None = None) -> int:
        clean = " ".join(name.split())
        norm = norm or self.norm(clean)
        oid = self.by_norm.get(norm)
        if oid is not None:
            return oid
        if self.existing:
            best = process.extractOne(
                norm, self.existing, scorer=fuzz.ratio, score_cutoff=orgs.FUZZY_THRESHOLD
            )
            if best is not None:
                oid = self.by_norm[best[0]]
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

    def flush(self) -> dict[int, int]:
        table = Organization.__table__
        ids = reserve_ids(self.s, table, len(self.pending))  # type: ignore[arg-type]
        mapping = {row["id"]: new for row, new in zip(self.pending, ids, strict=True)}
        for row in self.pending:
            row["id"] = mapping[row["id"]]
        insert_rows(self.s, table, self.pending)  # type: ignore[arg-type]
        self.pending = []
        return mapping


def apply_me(
    s: Session,
    index: Index,
    summary: Summary,
    source: str,
    me: MeRecord | None,
    positions: Sequence[PositionRecord],
    emails: Sequence[str],
) -> None:
    """What a source says about the user: name, birthday, profile URL, own jobs, addresses."""
    if me is None and not positions and not emails:
        return
    from kithkin.core.book.contacts import me as me_contact

    row = me_contact(s)
    k = index.people.get(row.id)
    if k is None:
        k = Known(
            row.id,
            row.display_name,
            fold(row.display_name),
            "",
            is_me=True,
            fields={"birthday": row.birthday, "external_uid": row.external_uid},
        )
        index.add(k)
    index.me_id = row.id
    if me is not None:
        if me.display_name and row.display_name == "Me":
            row.display_name = me.display_name
            for key, value in split_name(me.display_name).items():
                setattr(row, key, value)
        if me.birthday and not row.birthday:
            row.birthday = me.birthday
        url = normalize_linkedin_url(me.url) if me.url else None
        if url and url not in index.by_url:
            row.urls.append(ContactUrl(url=url, kind="linkedin"))
            index.by_url[url] = row.id
        if url:
            k.linkedin.add(url)
    for raw in emails:
        e = normalize_email(raw)
        if e not in index.by_email:
            row.emails.append(ContactEmail(email=e))
            index.by_email[e] = row.id
        k.emails.add(e)
    if positions:
        have = {(p.org.norm_name, p.start_date) for p in row.positions}
        for p in positions:
            if (orgs.normalize(p.org), p.start) in have:
                continue
            org = orgs.find_or_create(s, p.org)
            row.positions.append(
                Position(
                    org_id=org.id, title=p.title, start_date=p.start, end_date=p.end, source=source
                )
            )
            have.add((org.norm_name, p.start))
            summary.my_positions += 1
    s.flush()
