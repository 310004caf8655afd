"""Adding many contacts at once, at executemany speed.

``add_contact`` goes through the ORM one person at a time, which is right for a
command typed by hand but far too slow for 50,000 people. This path validates
every input first (a bad row fails the whole batch before anything is written),
then inserts each table in one ``executemany``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from kithkin.core.book import orgs
from kithkin.core.book.contacts import ContactInput, new_contact_fields, validated
from kithkin.core.userinput import normalize_linkedin_url
from kithkin.errors import BadInput, Conflict
from kithkin.store import ids as ids_store
from kithkin.store.tables import (
    Contact,
    ContactEmail,
    ContactPhone,
    ContactTag,
    ContactUrl,
    Position,
    table_of,
)

_CHUNK = 900  # stays under SQLite's bound-parameter limit for IN (...)


def _taken_emails(s: Session, emails: Sequence[str]) -> set[str]:
    taken: set[str] = set()
    for i in range(0, len(emails), _CHUNK):
        part = emails[i : i + _CHUNK]
        taken.update(s.scalars(select(ContactEmail.email).where(ContactEmail.email.in_(part))))
    return taken


def bulk_add(s: Session, inputs: Iterable[ContactInput], source: str = "manual") -> list[int]:
    """Create many contacts; returns their ids in input order."""
    rows = [validated(inp) for inp in inputs]
    seen: dict[str, int] = {}
    for n, row in enumerate(rows):
        if not row.name:
            raise BadInput(f"contact {n + 1}: a contact needs a name")
        for email in row.emails:
            if email in seen:
                raise Conflict(
                    f"email {email} appears twice (contacts {seen[email] + 1} and {n + 1})"
                )
            seen[email] = n
    taken = _taken_emails(s, list(seen))
    if taken:
        raise Conflict(f"email {sorted(taken)[0]} already belongs to a contact")

    conn = s.connection()
    ids = list(ids_store.allocate(conn, table_of(Contact), len(rows)))
    contacts: list[dict[str, Any]] = []
    emails: list[dict[str, Any]] = []
    phones: list[dict[str, Any]] = []
    urls: list[dict[str, Any]] = []
    tags: list[dict[str, Any]] = []
    positions: list[dict[str, Any]] = []
    org_ids: dict[str, int] = {}
    for cid, v in zip(ids, rows, strict=True):
        assert v.name is not None
        contacts.append(
            {**new_contact_fields(v), "id": cid, "is_me": False, "paused": False, "source": source}
        )
        emails.extend({"contact_id": cid, "email": e} for e in v.emails)
        phones.extend({"contact_id": cid, "phone": p} for p in v.phones)
        for raw in v.urls:
            linkedin = normalize_linkedin_url(raw)
            urls.append(
                {
                    "contact_id": cid,
                    "url": linkedin or raw.strip(),
                    "kind": "linkedin" if linkedin else "other",
                }
            )
        tags.extend({"contact_id": cid, "tag": t} for t in v.tags)
        if v.org:
            key = orgs.normalize(v.org)
            if key not in org_ids:
                org_ids[key] = orgs.find_or_create(s, v.org).id
            positions.append(
                {
                    "contact_id": cid,
                    "org_id": org_ids[key],
                    "title": v.title,
                    "start_date": None,
                    "end_date": None,
                    "source": source,
                }
            )
    for table, values in (
        (Contact, contacts),
        (ContactEmail, emails),
        (ContactPhone, phones),
        (ContactUrl, urls),
        (ContactTag, tags),
        (Position, positions),
    ):
        if values:
            conn.execute(insert(table_of(table)), values)
    return ids
