"""What ``kith merge`` does to the address book cards the two contacts were.

The removed contact's cards must not be rewritten with the kept contact's fields
(the trial: after a merge, the phone's second card became a copy of the first). A
merge is, for each of them, a card meeting another contact, as at a first sync
(:mod:`kithkin.core.sync.cards`): nothing is written for the merge itself.

- Where the kept contact has a card in the same address book, the removed contact's
  card there becomes a duplicate, as two cards of one person on the phone are
  (``{"taken": kept}``): never written, read again when it changes (what it adds
  goes to the kept contact, overwriting nothing), and followed from the next sync
  on if the other card is deleted. The duplicate is the user's to delete on the
  phone.
- Elsewhere it becomes the kept contact's card, agreeing with the contact as it is
  after the merge: the next sync writes nothing to it; a later change on either
  side goes to the other as usual.

The kept contact's own cards follow it as before: what the merge gave it (the other's
emails, numbers) goes to them at the next sync, a change made in kithkin.
"""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from kithkin.core.sync.config import checkpoint_state
from kithkin.store.tables import AddressCard

Key = tuple[int, str, str]  # (source, address book, href)


def of(s: Session, contact_id: int) -> list[Key]:
    """The cards ``contact_id`` is (read before the merge moves them)."""
    q = select(AddressCard.source_id, AddressCard.scope, AddressCard.href).where(
        AddressCard.contact_id == contact_id
    )
    return [(int(a), b, c) for a, b, c in s.execute(q).tuples()]


def merged(s: Session, kept: int, removed: int, cards: list[Key]) -> None:
    """After the merge of ``removed`` into ``kept``: ``cards`` (the removed contact's,
    now linked to ``kept``) as the module says, and its duplicates the kept one's."""
    from kithkin.core.sync.cardfields import of_contacts

    s.flush()
    mine = set(cards)
    rows = list(s.scalars(select(AddressCard).where(AddressCard.contact_id == kept)))
    books = {(r.source_id, r.scope) for r in rows if (r.source_id, r.scope, r.href) not in mine}
    fields = of_contacts(s, [kept]).get(kept)
    for row in rows:
        if (row.source_id, row.scope, row.href) not in mine:
            continue
        if (row.source_id, row.scope) in books:
            row.contact_id = None
            row.agreed = json.dumps({"taken": kept}, sort_keys=True)
            continue
        books.add((row.source_id, row.scope))
        agreed = checkpoint_state(row.agreed)
        if fields is not None:
            agreed["kith"] = fields.fields
        row.agreed = json.dumps(agreed, sort_keys=True)
    taken = select(AddressCard).where(
        AddressCard.contact_id.is_(None), AddressCard.agreed.like('%"taken"%')
    )
    for row in s.scalars(taken):
        agreed = checkpoint_state(row.agreed)
        if agreed.get("taken") == removed:
            row.agreed = json.dumps({**agreed, "taken": kept}, sort_keys=True)
    s.flush()
