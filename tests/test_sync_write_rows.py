"""What a mail chunk's import writes, against the rules stated plainly (both backends).

The import of a sync's chunk resolves each address once per chunk, looks up the keys
of the records that match someone only, and asks R8 for the last touches alone: the
rows, the counts and the replies owed must be what the rules say, record by record.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from kithkin.core.agenda import facts
from kithkin.core.agenda.replies import awaiting_reply
from kithkin.core.exchange import importer
from kithkin.core.exchange.incoming import Batch, InteractionRecord, Party, PersonRecord, family
from kithkin.core.exchange.matching import Index
from kithkin.core.sync.outcome import awaiting
from kithkin.core.userinput import email_key
from kithkin.store.db import Database
from kithkin.store.tables import Contact, Interaction, InteractionContact

TODAY = date(2026, 1, 15)
ADDRESSES = ["ann@x.org", " Ann@X.org", "bo@x.org", "BO@x.org", "me@x.org", "Me@X.org",
             "cy@y.org", "dee@y.org", "not an address", "x@", "ann@x.org "]  # fmt: skip


def _records(rng: random.Random, n: int, start: int) -> list[InteractionRecord]:
    out = []
    for i in range(n):
        parties = [Party(rng.choice(["Ann", None]), rng.choice(ADDRESSES))
                   for _ in range(rng.randint(1, 3))]  # fmt: skip
        out.append(
            InteractionRecord(
                line=start + i,
                source=rng.choice(["imap", "mbox"]),
                source_key=f"<{rng.randint(0, 25)}@mail>",
                occurred_on=TODAY - timedelta(days=rng.randint(0, 40)),
                channel="email",
                direction=rng.choice(["inbound", "outbound"]),
                parties=parties,
                subject=rng.choice([None, "hello", "re: hello"]),
                kind=rng.choice(["checkin", "checkin", "like"]),
            )
        )
    return out


def _expected(
    records: list[InteractionRecord], by_email: dict[str, int], mine: set[str], seen: set
) -> tuple[list[tuple[str, str, list[int]]], Counter[str], int, int]:
    """The rules as written: an address is matched normalised, the user's are nobody,
    an unmatched one is counted as it was written, a key already logged adds nothing."""
    new, unknown, unmatched, known = [], Counter[str](), 0, 0
    for rec in records:
        ids: list[int] = []
        for p in rec.parties:
            key = email_key(p.email)
            if key in mine:
                continue
            cid = by_email.get(key) if key is not None else None
            if cid is None:
                unknown[p.email] += 1
            elif cid not in ids:
                ids.append(cid)
        if not ids:
            unmatched += 1
            continue
        k = (family(rec.source), rec.source_key)
        if k in seen:
            known += 1
            continue
        seen.add(k)
        new.append((rec.source, rec.source_key, ids))
    return new, unknown, unmatched, known


@pytest.mark.parametrize("seed", range(6))
def test_a_chunk_writes_what_the_rules_say(db: Database, seed: int) -> None:
    rng = random.Random(seed)
    people = Batch(
        source="vcard",
        people=[
            PersonRecord(line=1, display_name="Ann A", emails=["ann@x.org"]),
            PersonRecord(line=2, display_name="Bo B", emails=["bo@x.org"]),
        ],
    )
    with db.session() as s:
        importer.run(s, people, "vcard", "people.vcf")
    with db.session() as s:
        index = Index.load(s)
    by_email = dict(index.by_email)
    seen: set = set()
    stored: list[tuple[str, str, list[int]]] = []
    for chunk in range(3):  # chunks of one sync: the index carried on, keys seen before
        records = _records(rng, 40, chunk * 100)
        with db.session() as s:
            batch = Batch(source="imap", interactions=records)
            summary = importer.run(
                s, batch, "imap", "box", me_emails=["me@x.org"], record_run=False, index=index
            )
        mine = {"me@x.org"}
        new, unknown, unmatched, known = _expected(records, by_email, mine, seen)
        stored += new
        assert summary.interactions_new == len(new)
        assert summary.interactions_unmatched == unmatched
        assert summary.interactions_known == known
        assert list(summary.unknown.items()) == list(unknown.items())
    with db.session() as s:
        rows = s.execute(select(Interaction.id, Interaction.source, Interaction.source_key)
                         .order_by(Interaction.id)).all()  # fmt: skip
        links = s.execute(select(InteractionContact.interaction_id, InteractionContact.contact_id)
                          .order_by(InteractionContact.interaction_id,
                                    InteractionContact.contact_id)).all()  # fmt: skip
        assert [(src, key) for _, src, key in rows] == [(src, key) for src, key, _ in stored]
        by_id = {iid: i for i, (iid, _, _) in enumerate(rows)}
        got: dict[int, set[int]] = {}
        for iid, cid in links:
            got.setdefault(by_id[iid], set()).add(cid)
        assert got == {i: set(ids) for i, (_, _, ids) in enumerate(stored)}
        # R8 as the sync asks it (the last touches alone) and as the agenda does.
        ids = list(s.scalars(select(Contact.id).where(Contact.is_me.is_(False))))
        full = facts.load(s, TODAY, ids)
        assert awaiting(s, ids, TODAY) == {c for c, f in full.items() if awaiting_reply(f, TODAY)}
