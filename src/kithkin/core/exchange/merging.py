"""Merging two records of one person, and listing the pairs that may be one.

A merge keeps everything of both: every interaction, email, phone, URL, tag,
personal detail, position, relationship, occasion and reference moves to the
contact kept; empty fields of the kept contact are filled from the other. Tables
are found through their foreign keys to ``contacts``, so a table added later is
carried along without touching this module. Pairs the user kept apart
(``kith distinct``) are never listed as possible duplicates again.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, delete, exists, select, update
from sqlalchemy.orm import Session

from kithkin.core.book import listing
from kithkin.core.exchange.likely import REASONS, ranked
from kithkin.core.exchange.matching import FILLABLE
from kithkin.errors import BadInput
from kithkin.store.tables import Base, Contact, DepartureStep, DistinctPair

# Child rows that would repeat after the move (same value on both contacts).
_DEDUPE = {"contact_phones": "phone", "contact_urls": "url"}


def _contact_fks() -> list[tuple[Any, Any]]:
    out = []
    for table in Base.metadata.sorted_tables:
        if table.name in ("contacts", DistinctPair.__tablename__):
            continue  # distinct pairs are ordered pairs of contacts: see _move_pairs
        for col in table.columns:
            for fk in col.foreign_keys:
                if fk.column.table.name == "contacts":
                    out.append((table, col))
    return out


def _move_pairs(s: Session, a: int, b: int) -> None:
    """Whoever B was kept apart from, A now is (merging A and B drops their own pair)."""
    partners = {
        high if low == b else low
        for low, high in s.execute(
            select(DistinctPair.low_id, DistinctPair.high_id).where(
                (DistinctPair.low_id == b) | (DistinctPair.high_id == b)
            )
        )
    }
    s.execute(delete(DistinctPair).where((DistinctPair.low_id == b) | (DistinctPair.high_id == b)))
    for p in sorted(partners - {a}):
        keep_apart(s, a, p)


def distinct(s: Session, first: Contact, second: Contact) -> dict[str, Any]:
    """``kith distinct``: two people, not one; what the JSON faces print."""
    new = keep_apart(s, first.id, second.id)
    return {
        "a": {"id": first.id, "name": first.display_name},
        "b": {"id": second.id, "name": second.display_name},
        "new": new,
    }


def keep_apart(s: Session, first: int, second: int) -> bool:
    """Record that two contacts are two people; ``False`` when it was known already."""
    if first == second:
        raise BadInput("that is one contact: give two different people")
    low, high = sorted((first, second))
    if s.get(DistinctPair, (low, high)) is not None:
        return False
    s.add(DistinctPair(low_id=low, high_id=high))
    s.flush()
    return True


def merge(s: Session, keep: Contact, other: Contact) -> dict[str, Any]:
    if keep.id == other.id:
        raise BadInput("cannot merge a contact with itself")
    if keep.is_me or other.is_me:
        # Either way someone else's history would become the user's own (or vanish).
        raise BadInput("the user's own record cannot be merged with a contact")
    a, b = keep.id, other.id
    s.flush()
    for f in (
        *FILLABLE,
        "name_prefix",
        "middle_name",
        "name_suffix",
        "how_met",
        "time_zone",
        "preferred_channel",
        "cadence_days",
        "min_interval_days",
        "met_at_event_id",
    ):
        if getattr(keep, f) in (None, "") and getattr(other, f) not in (None, ""):
            value = getattr(other, f)
            if f == "external_uid":
                setattr(other, f, None)
                s.flush()
            setattr(keep, f, value)
    if other.notes and keep.notes and other.notes not in keep.notes:
        keep.notes = f"{keep.notes}\n\n{other.notes}"
    keep.professional_only = keep.professional_only or other.professional_only
    keep.do_not_contact = keep.do_not_contact or other.do_not_contact
    s.flush()
    from kithkin.core.sync import cardlinks  # here: the address book cards it moves

    cards = cardlinks.of(s, b)
    _move_pairs(s, a, b)
    for table, col in _contact_fks():
        pk_others = [c for c in table.primary_key.columns if c is not col]
        if col.primary_key and pk_others:
            # Composite keys (tags, interaction links, events): drop B's rows A already has.
            alias = table.alias()
            same = and_(
                alias.c[col.name] == a, *[alias.c[c.name] == table.c[c.name] for c in pk_others]
            )
            s.execute(delete(table).where(col == b, exists(select(1).where(same))))
        elif table.name in _DEDUPE:
            field = _DEDUPE[table.name]
            have = select(table.c[field]).where(col == a)
            s.execute(delete(table).where(col == b, table.c[field].in_(have)))
        s.execute(update(table).where(col == b).values({col.name: a}))
    for step in s.scalars(select(DepartureStep)):
        ids = [int(x) for x in step.contact_ids.split(",") if x.strip()]
        if b in ids:
            step.contact_ids = ",".join(
                str(i) for i in dict.fromkeys(a if i == b else i for i in ids)
            )
    s.expire_all()
    gone = s.get(Contact, b)
    if gone is not None:
        s.delete(gone)
    s.flush()
    cardlinks.merged(s, a, b, cards)
    kept = s.get(Contact, a)
    assert kept is not None
    return {"id": a, "name": kept.display_name, "removed": b}


def dupe_records(s: Session) -> list[dict[str, Any]]:
    """``kith dupes --json``: each pair with names, organizations, score and reason."""
    pairs, who = _dupes_and_people(s)
    return [
        {"a": who[a], "b": who[b], "score": -negative, "reason": reason}
        for negative, a, b, reason in pairs
    ]


def dupe_items(s: Session) -> list[str]:
    """:func:`dupe_records`, each encoded as :func:`kithkin.jsontext.item_encoder` writes
    it: what ``kith dupes`` keeps and prints. Each person and reason is encoded once and
    each pair's text put together from them, not a record made and encoded per pair
    (seconds for a network of namesakes: hundreds of thousands of pairs)."""
    from kithkin import jsontext

    pairs, who = _dupes_and_people(s)
    dump = jsontext.item_encoder()
    person = {cid: dump(record) for cid, record in who.items()}
    reasons = {reason: dump(reason) for reason in REASONS}
    return [
        f'{{"a": {person[a]}, "b": {person[b]}, "score": {-negative:d}, '
        f'"reason": {reasons[reason]}}}'
        for negative, a, b, reason in pairs
    ]


def _dupes_and_people(
    s: Session,
) -> tuple[list[tuple[int, int, int, str]], dict[int, dict[str, Any]]]:
    """The likely pairs (:func:`kithkin.core.exchange.likely.ranked`), and the record of
    each person in them."""
    pairs = ranked(s)
    ids = {a for _, a, _, _ in pairs} | {b for _, _, b, _ in pairs}
    # One record per person, shared by each of their pairs: a network of namesakes has
    # hundreds of thousands of pairs over a few tens of thousands of people.
    who = {
        cid: {"id": cid, "name": c["name"], "org": c["org"], "emails": c["emails"]}
        for cid, c in listing.summaries(s, ids).items()
    }
    return pairs, who
