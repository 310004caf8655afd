"""Contacts as plain dicts for the vCard and CSV exports (the JSON backup is core.backup)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kithkin import clock
from kithkin.core.book import spans
from kithkin.store.tables import (
    Contact,
    ContactEmail,
    ContactPhone,
    ContactTag,
    ContactUrl,
    Organization,
    Position,
)

# Contacts without a UID from their source get one derived from their id and creation
# date: stable from one export to the next, and across backup and restore.
UID_NAMESPACE = uuid.UUID("6f1c7d2e-4b7a-4f39-9a57-2f0c1a5b8e41")


def uid_of(c: Any) -> str:
    """A contact's (or a contact row's) UID in a vCard export."""
    if c.external_uid:
        return str(c.external_uid)
    return derived_uid(c.id, c.created_on)


def derived_uid(contact_id: int, created_on: date) -> str:
    """The UID of a contact that came without one; an import of the export finds it by it."""
    return f"urn:uuid:{uuid.uuid5(UID_NAMESPACE, f'{contact_id}:{created_on.isoformat()}')}"


def contact_rows(s: Session) -> list[dict[str, Any]]:
    """Every contact but you, by id, as the vCard and CSV exports write them.

    Plain rows, never ORM objects: at 25,000 contacts loading each Contact with its
    five relationships was 8 s of the CSV export's 10 s of CPU (profile), for data a
    handful of queries return as tuples.
    """
    emails = _grouped(s, ContactEmail.contact_id, ContactEmail.email, order=ContactEmail.id)
    phones = _grouped(s, ContactPhone.contact_id, ContactPhone.phone, ContactPhone.raw,
                      order=ContactPhone.id)  # fmt: skip
    urls = _grouped(s, ContactUrl.contact_id, ContactUrl.url, ContactUrl.kind, order=ContactUrl.id)
    tags = _grouped(s, ContactTag.contact_id, ContactTag.tag, order=ContactTag.tag)
    held = defaultdict(list)
    for p in s.execute(
        select(Position.contact_id, Position.id, Position.start_date, Position.end_date,
               Position.title, Organization.name.label("org"))
        .outerjoin(Organization, Organization.id == Position.org_id)
    ):  # fmt: skip
        held[p.contact_id].append(p)
    today = clock.today()
    out = []
    q = select(*Contact.__table__.c).where(Contact.is_me.is_(False)).order_by(Contact.id)
    for c in s.execute(q):
        pos = spans.latest_of(held.get(c.id, []), today)
        linkedin = [u for u, kind in urls.get(c.id, []) if kind == "linkedin"]
        numbers = phones.get(c.id, [])
        out.append({
            "id": c.id, "uid": uid_of(c), "name": c.display_name,
            "given_name": c.given_name, "family_name": c.family_name,
            "middle_name": c.middle_name, "name_prefix": c.name_prefix,
            "name_suffix": c.name_suffix, "nickname": c.nickname,
            "emails": [e for (e,) in emails.get(c.id, [])], "phones": [p for p, _ in numbers],
            "phones_as_written": {p: raw for p, raw in numbers if raw and raw != p},
            "urls": [u for u, _ in urls.get(c.id, [])],
            "linkedin": linkedin[0] if linkedin else None,
            "org": pos.org if pos else None, "title": pos.title if pos else None,
            "tier": c.tier, "tags": [t for (t,) in tags.get(c.id, [])], "birthday": c.birthday,
            "connected_on": c.connected_on.isoformat() if c.connected_on else None,
            "location": c.location, "notes": c.notes, "photo": c.photo,
            "cadence_days": c.cadence_days, "preferred_channel": c.preferred_channel,
            "how_met": c.how_met, "min_interval_days": c.min_interval_days,
            "professional_only": c.professional_only, "do_not_contact": c.do_not_contact,
            "time_zone": c.time_zone,
        })  # fmt: skip
    return out


def _grouped(s: Session, key: Any, *columns: Any, order: Any) -> dict[int, list[tuple[Any, ...]]]:
    """``columns`` of every row, by the contact ``key`` names, in ``order``."""
    out: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for cid, *values in s.execute(select(key, *columns).order_by(key, order)):
        out[cid].append(tuple(values))
    return out
