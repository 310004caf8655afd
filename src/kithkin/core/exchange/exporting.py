"""Contacts as plain dicts for the vCard and CSV exports (the JSON backup is core.backup)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kithkin.core.book import jobs
from kithkin.store.tables import Contact, Position

# Contacts without a UID from their source get one derived from their id and creation
# date: stable from one export to the next, and across backup and restore.
UID_NAMESPACE = uuid.UUID("6f1c7d2e-4b7a-4f39-9a57-2f0c1a5b8e41")


def uid_of(c: Contact) -> str:
    if c.external_uid:
        return c.external_uid
    return derived_uid(c.id, c.created_on)


def derived_uid(contact_id: int, created_on: date) -> str:
    """The UID of a contact that came without one; an import of the export finds it by it."""
    return f"urn:uuid:{uuid.uuid5(UID_NAMESPACE, f'{contact_id}:{created_on.isoformat()}')}"


def contact_rows(s: Session) -> list[dict[str, Any]]:
    q = (
        select(Contact)
        .where(Contact.is_me.is_(False))
        .options(
            selectinload(Contact.emails),
            selectinload(Contact.phones),
            selectinload(Contact.urls),
            selectinload(Contact.tags),
            selectinload(Contact.positions).selectinload(Position.org),
        )
        .order_by(Contact.id)
    )
    out = []
    for c in s.scalars(q):
        pos = jobs.latest_position(c)
        linkedin = [u.url for u in c.urls if u.kind == "linkedin"]
        out.append({
            "id": c.id, "uid": uid_of(c), "name": c.display_name,
            "given_name": c.given_name, "family_name": c.family_name,
            "middle_name": c.middle_name, "name_prefix": c.name_prefix,
            "name_suffix": c.name_suffix, "nickname": c.nickname,
            "emails": [e.email for e in c.emails], "phones": [p.phone for p in c.phones],
            "phones_as_written": {p.phone: p.raw for p in c.phones if p.raw and p.raw != p.phone},
            "urls": [u.url for u in c.urls], "linkedin": linkedin[0] if linkedin else None,
            "org": pos.org.name if pos else None, "title": pos.title if pos else None,
            "tier": c.tier, "tags": [t.tag for t in c.tags], "birthday": c.birthday,
            "connected_on": c.connected_on.isoformat() if c.connected_on else None,
            "location": c.location, "notes": c.notes, "photo": c.photo,
            "cadence_days": c.cadence_days, "preferred_channel": c.preferred_channel,
            "how_met": c.how_met, "min_interval_days": c.min_interval_days,
            "professional_only": c.professional_only, "do_not_contact": c.do_not_contact,
            "time_zone": c.time_zone,
        })  # fmt: skip
    return out
