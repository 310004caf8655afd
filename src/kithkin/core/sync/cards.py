"""A CardDAV address book, two ways: the phone's cards into contacts, and back.

What kithkin manages on a card (:data:`FIELDS`): the name (FN, and N's given and
family names), the nickname, the birthday, the emails, the phone numbers, the
organization and title. Every other property of a card is the phone's alone:
kithkin never changes it (:mod:`kithkin.formats.vcard_edit` keeps it byte for byte),
and kithkin's own fields (tier, notes, history) never leave kithkin.

Each card followed is an :class:`~kithkin.store.tables.AddressCard`: its href,
ETag, UID, the contact it is, and the managed fields as both sides last agreed
(``agreed``: as the card said them and as the contact held them). A sync then:

- pulls what changed on the server (sync-token, else ETags): a new card is matched
  by the importer's rules (UID, email, phone, name) or becomes a contact (tier
  ``none``, as any import); nothing is overwritten at that first meeting, the card
  only adds what the contact lacks (:mod:`kithkin.core.exchange.importer`);
- merges field by field (:func:`merge`): a field changed on one side only takes that
  side's value on the other; changed on both to different values, **the address book
  wins** (the phone is where the user edited last) and the summary counts a conflict;
  emails and phones merge number by number (one added on the phone and another in
  kithkin: both are kept on both sides);
- writes a card back only where kithkin's side changed something, with ``If-Match``
  of the ETag it read: a card changed on the phone meanwhile answers 412, nothing is
  overwritten, and the next sync reads it again and merges once more;
- a card deleted on the server unlinks its contact, whose history stays whole; a
  contact deleted in kithkin leaves its card on the phone alone (kithkin stops
  following it: a phone's contact is deleted on the phone);
- contacts that have no card are never pushed, unless the source names tiers
  (``--push-tier close``): then the contacts of those tiers get a new card in the
  first address book. Tier ``none`` (everyone not tracked: a LinkedIn network)
  can never be pushed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from kithkin import clock
from kithkin.core import phones as phone_rules
from kithkin.core import settings
from kithkin.core.exchange import importer
from kithkin.core.exchange.exporting import derived_uid
from kithkin.core.exchange.incoming import Batch, PersonRecord
from kithkin.core.exchange.matching import Known
from kithkin.core.sync import cardquiet, checkpoints
from kithkin.core.sync.calendar import chosen
from kithkin.core.sync.cardfields import (
    QUERY_CHUNK,
    SCALARS,
    Fields,
    Side,
    merge,
    of_card,
    of_contacts,
)
from kithkin.core.sync.config import SourceConfig
from kithkin.core.sync.outcome import Outcome
from kithkin.core.sync.ports import AddressBookServer, CardItem
from kithkin.core.vocabulary import Tier
from kithkin.errors import BadInput
from kithkin.store import memo
from kithkin.store.tables import (
    AddressCard,
    Contact,
    ContactEmail,
    ContactPhone,
)

FETCH_CHUNK = 250  # cards asked of the server at once (addressbook-multiget)
SOURCE = "carddav"  # what the contacts a card made say they came from
# Tiers whose contacts may be pushed to an address book as new cards: never ``none``.
PUSHABLE = tuple(t.value for t in Tier if t != Tier.NONE)

Opener = Callable[[], AbstractContextManager[Session]]


def push_tiers(values: Iterable[str]) -> list[str]:
    """The tiers ``--push-tier`` names, checked: tier ``none`` is refused."""
    out: list[str] = []
    for v in values:
        t = v.strip().lower()
        if t == Tier.NONE:
            raise BadInput(
                "--push-tier none would put everyone kithkin does not track (a whole "
                "LinkedIn network) on your phone: name close, regular or wide"
            )
        if t not in PUSHABLE:
            raise BadInput(f"--push-tier {v!r}: expected one of {', '.join(PUSHABLE)}")
        if t not in out:
            out.append(t)
    return out


@dataclass
class _Row:
    etag: str | None
    uid: str | None
    contact_id: int | None
    agreed: dict[str, Any]

    @property
    def malformed(self) -> bool:
        return bool(self.agreed.get("malformed"))


def _rows(s: Session, source_id: int, book: str) -> dict[str, _Row]:
    q = select(
        AddressCard.href,
        AddressCard.etag,
        AddressCard.uid,
        AddressCard.contact_id,
        AddressCard.agreed,
    ).where(AddressCard.source_id == source_id, AddressCard.scope == book)
    out = {}
    for href, etag, uid, cid, agreed in s.execute(q).tuples():
        try:
            state = json.loads(agreed or "{}")
        except ValueError:
            state = {}
        out[href] = _Row(etag, uid, cid, state if isinstance(state, dict) else {})
    return out


def sync_carddav(
    open_session: Opener,
    cfg: SourceConfig,
    server: AddressBookServer,
    today: date,
    rescan: bool = False,
) -> Outcome:
    """Each address book of the URL (or the ones named), one transaction each."""
    out = Outcome(cfg.name, cfg.kind)
    with open_session() as s:
        at = cardquiet.version(s)  # before anything is read (an edit meanwhile moves it)
        if not rescan and cardquiet.unchanged(s, cfg, server, today):
            checkpoints.finished(s, cfg.id, out.line())
            return out
    books = chosen(cfg, server.addressbooks(), cfg.options.get("addressbooks", []), "address book")
    states = {book: server.state(book) for book in books}  # before the changes are asked
    for n, book in enumerate(books):
        with open_session() as s:
            token = None if rescan else checkpoints.load(s, cfg.id, book).get("token")
            rows = _rows(s, cfg.id, book)
        known = {} if rescan else {h: r.etag for h, r in rows.items()}
        delta = server.delta(book, token, known)
        gone = set(delta.gone)
        if rescan:  # a full listing: what it does not name is gone
            gone |= set(rows) - set(delta.changed)
        wanted = sorted(set(delta.changed) - gone)
        items: list[CardItem] = []
        for k in range(0, len(wanted), FETCH_CHUNK):
            items.extend(server.cards(book, wanted[k : k + FETCH_CHUNK]))
        gone |= set(wanted) - {i.href for i in items}  # deleted between the two requests
        with open_session() as s:
            _Book(s, cfg, server, book, rows, out).run(items, gone & set(rows), push=n == 0)
            memo.stop_counting(s)  # how far it was read is bookkeeping (module cardquiet)
            checkpoints.save(s, cfg.id, book, {"token": delta.token} if delta.token else {})
    with open_session() as s:
        checkpoints.finished(s, cfg.id, out.line())
        cardquiet.remember(s, cfg, today, at, states)
    return out


class _Book:
    """One address book's sync, in one transaction."""

    def __init__(
        self,
        s: Session,
        cfg: SourceConfig,
        server: AddressBookServer,
        book: str,
        rows: dict[str, _Row],
        out: Outcome,
    ) -> None:
        self.s = s
        self.cfg = cfg
        self.server = server
        self.book = book
        self.rows = rows
        self.out = out
        self.region = settings.phone_region(s)
        self.new_rows: dict[str, dict[str, Any]] = {}  # href -> the row that replaces it
        self.stored = set(rows)  # the hrefs of the rows in the database

    def run(self, items: list[CardItem], gone: set[str], push: bool) -> None:
        s, out = self.s, self.out
        freed = {self.rows[h].contact_id for h in gone} - {None}
        for href in sorted(gone):
            if self.rows[href].contact_id is not None:
                out.unlinked += 1
        self._forget(sorted(gone))
        for href in gone:
            del self.rows[href]
        # A second card of a contact another card is (a duplicate on the phone): read
        # again when that card is deleted, so the one the user kept is followed.
        read_now = {i.href for i in items}
        again = sorted(
            h
            for h, r in self.rows.items()
            if h not in gone and h not in read_now and r.agreed.get("taken") in freed
        )
        for k in range(0, len(again), FETCH_CHUNK):
            items = [*items, *self.server.cards(self.book, again[k : k + FETCH_CHUNK])]
        fresh: list[CardItem] = []
        changed: list[tuple[CardItem, _Row]] = []
        holders = {self.rows[i.href].agreed.get("taken") for i in items if i.href in self.rows}
        alive = set(  # a duplicate's contact deleted in kithkin: its card is left alone
            s.scalars(select(Contact.id).where(Contact.id.in_(holders - {None})))
        )
        for item in items:
            out.read += 1
            if item.record is None:
                out.skipped[item.problem or "unreadable card"] += 1
                self._keep(item, None, {"malformed": True})
                continue
            row = self.rows.get(item.href)
            if row is None or row.malformed or row.agreed.get("taken") in alive:
                fresh.append(item)
            elif row.contact_id is not None:
                changed.append((item, row))
            else:  # its contact was deleted in kithkin: the card is left alone
                out.unchanged += 1
                self._keep(item, None, row.agreed, row.uid)
        self._pull_new(fresh)
        linked = {r.contact_id for r in self.rows.values() if r.contact_id is not None}
        sides = of_contacts(s, linked)
        read = {item.href for item, _ in changed}
        for item, row in changed:
            assert item.record is not None and row.contact_id is not None
            if row.contact_id not in sides:
                out.unchanged += 1  # its contact is gone: the card is left alone
                continue
            if not self._reconcile(item, row, sides[row.contact_id]):
                out.unchanged += 1
        # Contacts changed in kithkin whose card did not: the card as the server holds
        # it now is read (a batch at a time) and merged like one changed there.
        moved = [
            (h, r)
            for h, r in sorted(self.rows.items())
            if h not in read
            and h not in gone
            and not r.malformed
            and r.contact_id in sides
            and sides[r.contact_id].fields != r.agreed.get("kith")
        ]
        for k in range(0, len(moved), FETCH_CHUNK):
            part = dict(moved[k : k + FETCH_CHUNK])
            now = {i.href: i for i in self.server.cards(self.book, sorted(part))}
            for href, row in part.items():
                base = now.get(href)
                if base is None:  # deleted on the server since the listing
                    self.out.unlinked += 1
                    self._forget([href])
                elif base.record is None:
                    self.out.skipped[base.problem or "unreadable card"] += 1
                else:
                    self._reconcile(base, row, sides[row.contact_id])  # type: ignore[index]
        if push and self.cfg.options.get("push_tiers"):
            self._push_new(linked)
        self._forget(sorted(self.stored & set(self.new_rows)))
        if self.new_rows:
            s.execute(insert(AddressCard), list(self.new_rows.values()))
        s.flush()

    # ---- writing rows ----------------------------------------------------------------

    def _forget(self, hrefs: list[str]) -> None:
        for n in range(0, len(hrefs), QUERY_CHUNK):
            self.s.execute(
                delete(AddressCard).where(
                    AddressCard.source_id == self.cfg.id,
                    AddressCard.scope == self.book,
                    AddressCard.href.in_(hrefs[n : n + QUERY_CHUNK]),
                )
            )

    def _keep(
        self, item: CardItem, contact_id: int | None, agreed: dict[str, Any], uid: str | None = None
    ) -> None:
        """Remember the card as read (or written): replaces what was known of it (the
        rows are written at the end, in one statement each way)."""
        if uid is None and item.record is not None:
            uid = item.record.uid
        self.new_rows[item.href] = {
            "source_id": self.cfg.id,
            "scope": self.book,
            "href": item.href,
            "etag": (item.etag or "")[:300] or None,
            "uid": (uid or "")[:300] or None,
            "contact_id": contact_id,
            "agreed": json.dumps(agreed, sort_keys=True),
        }
        self.rows[item.href] = _Row(item.etag, uid, contact_id, agreed)

    # ---- pulling ---------------------------------------------------------------------

    def _pull_new(self, fresh: list[CardItem]) -> None:
        """New cards: matched or added by the importer; linked to the contact they are."""
        if not fresh:
            return
        records = [i.record for i in fresh if i.record is not None]
        said = [of_card(r, self.region) for r in records]
        found: list[Known | None] = []
        batch = Batch(source=SOURCE, people=records)
        summary = importer.run(
            self.s, batch, self.cfg.kind, self.cfg.name, record_run=False, found=found
        )
        self.out.added += summary.new
        self.out.updated += summary.merged + summary.updated
        self.out.unchanged += summary.unchanged
        for skip in summary.skipped:
            self.out.skipped[skip.reason] += 1
        taken = {r.contact_id for r in self.rows.values() if r.contact_id is not None}
        me = {k.id for k in found if k is not None and k.is_me}
        ids = [k.id if k is not None else None for k in found]
        sides = of_contacts(self.s, [i for i in ids if i is not None and i not in me])
        for item, card, cid in zip(fresh, said, ids, strict=True):
            if cid is None or cid in me:
                # Skipped by the importer (no name, email or organization): read again
                # when it changes. You: left alone.
                self._keep(item, None, {"malformed": True} if cid is None else {})
                continue
            if cid in taken:  # a contact another card is: read again when either changes
                # (counted by the importer: it added what the contact lacked, or nothing)
                self._keep(item, None, {"taken": cid})
                continue
            taken.add(cid)
            self._keep(item, cid, {"card": card, "kith": sides[cid].fields})

    def _reconcile(self, item: CardItem, row: _Row, side: Side) -> bool:
        """A linked card that changed on the server: merged with the contact; whether the
        contact took something of it."""
        assert item.record is not None and row.contact_id is not None
        card = of_card(item.record, self.region)
        was_card = row.agreed.get("card", {})
        was_kith = row.agreed.get("kith", {})
        to_kith, to_card, conflicts = merge(card, was_card, side.fields, was_kith)
        self.out.conflicts += conflicts
        if to_kith:
            self._apply(row.contact_id, to_kith, item.record)
            self.out.updated += 1
        kith = of_contacts(self.s, [row.contact_id])[row.contact_id] if to_kith else side
        if to_card:
            self._write(item, row, to_card, kith, card)
        else:
            self._keep(item, row.contact_id, {"card": card, "kith": kith.fields}, row.uid)
        return bool(to_kith)

    def _apply(self, cid: int, to_kith: Fields, rec: PersonRecord) -> None:
        """Set the contact's managed fields the card changed (ORM: search stays current)."""
        from kithkin.core.book import jobs

        c = self.s.get(Contact, cid)
        if c is None:
            return
        if to_kith.get("name"):
            c.display_name = to_kith["name"][:300]
        for f, col in (
            ("given", "given_name"),
            ("family", "family_name"),
            ("nickname", "nickname"),
            ("birthday", "birthday"),
        ):
            if f in to_kith:
                setattr(c, col, to_kith[f])
        if "emails" in to_kith:
            want = set(to_kith["emails"])
            for e in list(c.emails):
                if e.email not in want:
                    c.emails.remove(e)
            have = {e.email for e in c.emails}
            new = sorted(want - have)
            owned = set(
                self.s.scalars(
                    select(ContactEmail.email).where(
                        ContactEmail.email.in_(new), ContactEmail.contact_id != cid
                    )
                )
            )
            for e in new:
                if e in owned:
                    self.out.notes.append(
                        f"{e} belongs to another contact: not added to {c.display_name}"
                    )
                else:
                    c.emails.append(ContactEmail(email=e))
        if "phones" in to_kith:
            want = set(to_kith["phones"])
            for p in list(c.phones):
                if phone_rules.key(p.phone) not in want:
                    c.phones.remove(p)
            have = {phone_rules.key(p.phone) for p in c.phones}
            for raw in rec.phones:
                try:
                    number = phone_rules.read(raw, rec.phone_region or self.region)
                except BadInput:
                    continue
                key = phone_rules.key(number.number)
                if key in want and key not in have:
                    c.phones.append(ContactPhone(phone=number.number, raw=number.raw))
                    have.add(key)
        if "org" in to_kith or "title" in to_kith:
            current = jobs.current_position(c)
            org = to_kith.get("org", current.org.name if current and current.org else None)
            title = to_kith.get("title", current.title if current else None)
            if org:
                pos = jobs.set_current_position(self.s, c, org, title, source=SOURCE)
                pos.title = title
            elif title and current is not None and current.org_id is None:
                current.title = title  # a title held at no organization, retitled
            else:
                if current is not None:
                    current.end_date = clock.today()
                if title:  # a title alone on the card: kept, at no organization
                    jobs.add_title(self.s, c, title, source=SOURCE)
        self.s.flush()

    # ---- pushing ---------------------------------------------------------------------

    def _write(self, item: CardItem, row: _Row, to_card: Fields, side: Side, card: Fields) -> None:
        changes = self._changes(to_card, side)
        done = self.server.write(self.book, item, changes, self.region)
        if done.status == 412:
            self.out.retry += 1  # changed on the phone meanwhile: never overwritten
            return
        if not done.ok or done.card is None or done.card.record is None:
            self.out.skipped[f"card refused by the server (HTTP {done.status})"] += 1
            return
        self.out.written += 1
        written = of_card(done.card.record, self.region)
        self._keep(done.card, row.contact_id, {"card": written, "kith": side.fields}, row.uid)

    def _changes(self, to_card: Fields, side: Side) -> Fields:
        """The card's changes as the writer takes them: emails and phones as key -> text."""
        out = {f: v for f, v in to_card.items() if f in SCALARS}
        if "emails" in to_card:
            out["emails"] = {e: e for e in to_card["emails"]}
        if "phones" in to_card:
            out["phones"] = {p: side.phone_text.get(p, p) for p in to_card["phones"]}
        return out

    def _push_new(self, linked: set[int]) -> None:
        """Contacts of the tiers the source names that no card is: a new card each."""
        tiers = self.cfg.options.get("push_tiers", [])
        q = select(Contact.id, Contact.external_uid, Contact.created_on).where(
            Contact.is_me.is_(False), Contact.tier.in_(tiers)
        )
        followed = set(
            self.s.scalars(
                select(AddressCard.contact_id).where(
                    AddressCard.source_id == self.cfg.id, AddressCard.contact_id.is_not(None)
                )
            )
        )
        todo = [
            (cid, uid, made)
            for cid, uid, made in self.s.execute(q).tuples()
            if cid not in followed and cid not in linked
        ]
        sides = of_contacts(self.s, [cid for cid, _, _ in todo])
        for cid, uid, made in todo:
            uid = uid or derived_uid(cid, made)
            side = sides[cid]
            href = self.server.card_href(self.book, uid)
            fields = {f: v for f, v in side.fields.items() if v}
            done = self.server.write(
                self.book,
                CardItem(href, None, ""),
                self._changes(fields, side),
                self.region,
                new_uid=uid,
            )
            if not done.ok or done.card is None or done.card.record is None:
                self.out.skipped[f"card refused by the server (HTTP {done.status})"] += 1
                continue
            self.out.written += 1
            card = of_card(done.card.record, self.region)
            self._keep(done.card, cid, {"card": card, "kith": side.fields}, uid)
