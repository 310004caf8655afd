"""What kithkin manages on a card, as the card says it and as the contact holds it, and
the rule that merges the two from their last agreement (:func:`merge`).

:mod:`kithkin.core.sync.cards` runs the sync around it: which cards changed, which
contact each is, what is written where. The fields and the merge rule are here,
apart from the sync's flow, so that either can be read whole.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kithkin import clock
from kithkin.core import phones as phone_rules
from kithkin.core.exchange.incoming import PersonRecord
from kithkin.core.userinput import fast_email
from kithkin.errors import BadInput
from kithkin.store.tables import (
    Contact,
    ContactEmail,
    ContactPhone,
    Organization,
    Position,
)

SCALARS = ("name", "given", "family", "nickname", "birthday", "org", "title")
SETS = ("emails", "phones")
FIELDS = SCALARS + SETS
# The scalars as they move: one at a time, but an organization and its title together
# (a position: a new title at LinkedCo must not land on a card that says Globex).
_UNITS = (*((f,) for f in SCALARS if f not in ("org", "title")), ("org", "title"))
QUERY_CHUNK = 500  # ids per query

Fields = dict[str, Any]


def email_key_of(raw: str) -> str | None:
    """An address as kithkin stores and matches it, ``None`` when it cannot be one."""
    try:
        return fast_email(raw)
    except BadInput:
        return None


def phone_key(raw: str, region: str | None) -> str | None:
    """A number as kithkin compares it (E.164, else its digits), ``None`` when none."""
    try:
        return phone_rules.key(phone_rules.read(raw, region).number)
    except BadInput:
        return None


def _one(value: str | None) -> str | None:
    v = " ".join((value or "").split())
    return v or None


def of_card(rec: PersonRecord, region: str | None) -> Fields:
    """The managed fields as a card says them (emails and phones by their keys)."""
    name = _one(rec.display_name) or _one(
        " ".join(x for x in (rec.given_name, rec.family_name) if x)
    )
    return {
        "name": name,
        "given": _one(rec.given_name),
        "family": _one(rec.family_name),
        "nickname": _one(rec.nickname),
        "birthday": rec.birthday or None,
        "org": _one(rec.org),
        "title": _one(rec.title),
        "emails": sorted({k for k in map(email_key_of, rec.emails) if k}),
        "phones": sorted(
            {k for x in rec.phones if (k := phone_key(x, rec.phone_region or region))}
        ),
    }


def as_pushed(phone: str, raw: str | None) -> str:
    """How a stored number goes on a card: an international one as it was written (its
    spaces, an extension: ``+44 20 7946 0000``), any other as it is stored (in E.164
    where kithkin knew its country, else as written): never re-typed."""
    if raw and raw.lstrip().startswith("+"):
        return raw.strip()
    return phone


@dataclass
class Side:
    """One contact's managed fields, and how its numbers are written (key -> text)."""

    fields: Fields
    phone_text: dict[str, str]


def of_contacts(s: Session, ids: Iterable[int]) -> dict[int, Side]:
    """The managed fields of each contact, in a few queries whatever their number."""
    todo = sorted(set(ids))
    out: dict[int, Side] = {}
    today = clock.today()
    for n in range(0, len(todo), QUERY_CHUNK):
        part = todo[n : n + QUERY_CHUNK]
        q = select(
            Contact.id,
            Contact.display_name,
            Contact.given_name,
            Contact.family_name,
            Contact.nickname,
            Contact.birthday,
        ).where(Contact.id.in_(part))
        for cid, name, given, family, nick, bday in s.execute(q).tuples():
            out[cid] = Side(
                {
                    "name": _one(name),
                    "given": _one(given),
                    "family": _one(family),
                    "nickname": _one(nick),
                    "birthday": bday or None,
                    "org": None,
                    "title": None,
                    "emails": [],
                    "phones": [],
                },
                {},
            )
        for cid, email in s.execute(
            select(ContactEmail.contact_id, ContactEmail.email).where(
                ContactEmail.contact_id.in_(part)
            )
        ).tuples():
            out[cid].fields["emails"].append(email)
        for cid, phone, raw in s.execute(
            select(ContactPhone.contact_id, ContactPhone.phone, ContactPhone.raw).where(
                ContactPhone.contact_id.in_(part)
            )
        ).tuples():
            key = phone_rules.key(phone)
            out[cid].fields["phones"].append(key)
            out[cid].phone_text.setdefault(key, as_pushed(phone, raw))
        current: dict[int, tuple[tuple[date, int], str | None, str | None]] = {}
        q2 = (
            select(
                Position.contact_id,
                Position.id,
                Position.start_date,
                Position.end_date,
                Organization.name,
                Position.title,
            )
            .join(Organization, Organization.id == Position.org_id, isouter=True)
            .where(Position.contact_id.in_(part))
        )
        for cid, pid, start, end, org, title in s.execute(q2).tuples():
            if end is not None and end < today:
                continue
            rank = (start or date.min, pid)
            if cid not in current or rank > current[cid][0]:
                current[cid] = (rank, org, title)  # as jobs.current_position chooses
        for cid, (_, at, held) in current.items():  # at None: a title at no organization
            out[cid].fields["org"], out[cid].fields["title"] = _one(at), _one(held)
    for side in out.values():
        side.fields["emails"] = sorted(set(side.fields["emails"]))
        side.fields["phones"] = sorted(set(side.fields["phones"]))
    return out


def merge(
    card: Fields, card_was: Fields, kith: Fields, kith_was: Fields
) -> tuple[Fields, Fields, int]:
    """(what the contact takes, what the card takes, conflicts), field by field from the
    last agreement: a side's change wins over no change; two different changes of one
    field: the card's (the address book wins), one conflict. The organization and the
    title are one field here: a side that changed either gives both (where they differ)."""
    to_kith: Fields = {}
    to_card: Fields = {}
    conflicts = 0
    for group in _UNITS:
        on_card, on_kith = [card.get(f) for f in group], [kith.get(f) for f in group]
        c_moved = on_card != [card_was.get(f) for f in group]
        k_moved = on_kith != [kith_was.get(f) for f in group]
        if c_moved and on_card != on_kith:
            to_kith.update((f, card.get(f)) for f in group if card.get(f) != kith.get(f))
            conflicts += k_moved
        elif k_moved and not c_moved and on_kith != on_card:
            to_card.update((f, kith.get(f)) for f in group if kith.get(f) != card.get(f))
    for f in SETS:
        c, cw = set(card.get(f, [])), set(card_was.get(f, []))
        k, kw = set(kith.get(f, [])), set(kith_was.get(f, []))
        kith_new = (k | (c - cw)) - (cw - c)
        card_new = (c | (k - kw)) - (kw - k)
        if kith_new != k:
            to_kith[f] = sorted(kith_new)
        if card_new != c:
            to_card[f] = sorted(card_new)
    return to_kith, to_card, conflicts
