"""Turning person records into new contacts or additions to known ones, in bulk.

:class:`PersonWriter` decides per record (through the in-memory
:class:`~kithkin.core.exchange.matching.Index`) and queues rows; :meth:`PersonWriter.flush`
writes each table in one ``executemany``. New contacts are added to the index
as they are queued, so a person listed twice in one file is still one contact.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy.orm import Session

from kithkin import clock
from kithkin.core import phones as phone_rules
from kithkin.core import settings
from kithkin.core.book import orgs
from kithkin.core.book.orgs import OrgResolver
from kithkin.core.exchange.incoming import PersonRecord, Skip
from kithkin.core.exchange.matching import Index, Known, block_key, fold
from kithkin.core.exchange.personfields import (
    FILLS,
    OWN_DEFAULTS,
    OWN_FIELDS,
    OWN_FILLABLE,
    clean,
    normalised,
    tags_of,
)
from kithkin.core.exchange.summary import Summary
from kithkin.core.vocabulary import OccasionKind
from kithkin.core.wording import role
from kithkin.errors import BadInput
from kithkin.store import fts, touched
from kithkin.store.bulkio import insert_rows, reserve_ids, update_rows
from kithkin.store.tables import (
    Contact,
    ContactEmail,
    ContactPhone,
    ContactTag,
    ContactUrl,
    Occasion,
    Position,
)


class PersonWriter:
    def __init__(
        self,
        s: Session,
        index: Index,
        summary: Summary,
        *,
        source: str,
        tier: str,
        authoritative_jobs: bool,
        orgs: OrgResolver | None = None,
    ) -> None:
        self.s = s
        self.index = index
        self.summary = summary
        self.source = source
        self.tier = tier
        self.authoritative = authoritative_jobs
        # ``orgs``: the resolver of the previous chunk of a long import, carried on.
        self.orgs = orgs.carry_on(s) if orgs is not None else OrgResolver(s)
        self.today = clock.today()
        self.contacts: list[dict[str, Any]] = []
        self.children: dict[str, list[dict[str, Any]]] = {
            "emails": [],
            "phones": [],
            "urls": [],
            "tags": [],
            "positions": [],
            "occasions": [],
        }
        self.updates: list[dict[str, Any]] = []
        self.ends: list[dict[str, Any]] = []  # positions ended (or given the title they lacked)
        self.next_tmp = 0
        self.new_rows: dict[int, dict[str, Any]] = {}
        # The contacts this writer created (ids still provisional until flush): flush
        # renumbers only them.
        self.added: list[Known] = []
        # The country of numbers written without their code (None: keep them as written).
        self.region = settings.phone_region(s)
        # The record's numbers, by the key they are matched on: what to store for each.
        self.raw_phones: dict[str, phone_rules.Phone] = {}
        # Whether a new contact carries kithkin's own fields (a card kithkin exported).
        self.own_fields = False

    # ---- one person -------------------------------------------------------------

    def _note(self, rec: PersonRecord, what: str) -> None:
        where = f"{rec.file}: " if rec.file else ""
        self.summary.warnings.append(f"{where}line {rec.line}: {what}")

    def expect(self, records: Sequence[PersonRecord]) -> None:
        """What each row of a connections list says, before any row is matched: a
        contact one row describes exactly is left to that row (Index.expected).

        Only contacts known before this import are ever looked up there (one this
        import creates is already its row's): into a book that holds none but you, the
        first import of a network, there is nothing to note.
        """
        if not any(not k.new and not k.is_me for k in self.index.people.values()):
            return
        for rec in records:
            if rec.connection and rec.connected_on:
                name = " ".join((rec.display_name or "").split())
                org = self.orgs.norm(rec.org) if rec.org else ""
                self.index.expected.add((fold(name), rec.connected_on, org, fold(rec.title)))

    def person(self, rec: PersonRecord) -> Known | None:
        """Match or add one person; the contact they are (``None``: skipped)."""
        clean(rec)
        emails, phones, self.raw_phones, linkedin, other = normalised(rec, self.region, self._note)
        name = " ".join((rec.display_name or "").split())
        if not name:
            name = " ".join(x for x in (rec.given_name, rec.family_name) if x).strip()
        if not name:
            name = (emails[0] if emails else "") or (rec.org or "")
        if not name:
            self.summary.skipped.append(Skip(rec.line, "no name, email or organization", rec.file))
            return None
        org_norm = self.orgs.norm(rec.org) if rec.org else ""
        org = rec.org if org_norm else None  # " -" and the like: no organization
        m = self.index.find(
            rec.uid,
            linkedin,
            emails,
            self._phone_keys(phones) if phones else phones,
            name,
            rec.family_name,
            org_norm,
            met=rec.connected_on,
            title=rec.title,
            connection=rec.connection,
        )
        if m.contact is None:
            if m.uncertain:
                self.summary.possible_duplicates += 1
            block = block_key(rec.family_name, name)
            return self._new(rec, name, block, emails, phones, linkedin, other, org, org_norm)
        if rec.connection:
            m.contact.claimed = True  # no other row of this list is them
        changed = self._merge(m.contact, rec, emails, phones, linkedin, other, org, org_norm, m.how)
        if not changed:
            self.summary.unchanged += 1
        elif m.how in _OWN and not m.contact.new:
            self.summary.updated += 1
        else:
            self.summary.merged += 1
        return m.contact

    def _new(
        self,
        rec: PersonRecord,
        name: str,
        block: str,
        emails: list[str],
        phones: list[str],
        linkedin: list[str],
        other: list[str],
        org: str | None,
        org_norm: str,
    ) -> Known:
        self.next_tmp -= 1
        cid = self.next_tmp
        if emails:
            emails = [e for e in emails if e not in self.index.by_email]
        row = {
            "id": cid,
            "is_me": False,
            "display_name": name[:300],
            "name_prefix": rec.name_prefix,
            "given_name": rec.given_name,
            "middle_name": rec.middle_name,
            "family_name": rec.family_name,
            "name_suffix": rec.name_suffix,
            "nickname": rec.nickname,
            "location": rec.location,
            "birthday": rec.birthday,
            "connected_on": rec.connected_on,
            "tier": self.tier,
            "notes": rec.notes,
            "photo": rec.photo,
            "source": self.source,
            "external_uid": rec.uid,
            "created_on": self.today,
        }
        if rec.extra:
            row.update(self._own(rec))
            self.own_fields = True
        self.contacts.append(row)
        self.new_rows[cid] = row
        k = Known(
            cid,
            name,
            fold(name),
            block,
            new=True,
            emails=set(emails),
            phones=set(self._phone_keys(phones)) if phones else set(),
            linkedin=set(linkedin),
            urls={*linkedin, *other},
            fields=row,  # holds every fillable field; merges fill it in place
        )
        ch = self.children
        if emails:
            ch["emails"].extend({"contact_id": cid, "email": e, "label": None} for e in emails)
        if phones:
            ch["phones"].extend(self._phone_row(cid, p) for p in phones)
        for u in linkedin:
            ch["urls"].append({"contact_id": cid, "url": u, "kind": "linkedin"})
        for u in other:
            ch["urls"].append({"contact_id": cid, "url": u, "kind": "other"})
        if rec.categories:
            tags = tags_of(rec.categories)
            k.tags = set(tags)
            ch["tags"].extend({"contact_id": cid, "tag": t} for t in tags)
        if org:  # org_norm: the organization's normalised name, as person() found it
            oid = self.orgs.resolve(org, org_norm)
            self._position(cid, oid, rec.title, None)
            k.pos = (0, oid, org_norm, rec.title)
        elif rec.title:  # a title at no organization given ("Independent Consultant")
            self._position(cid, None, rec.title, None)
            k.pos = (0, None, "", rec.title)
        self.index.add(k)
        self.added.append(k)
        self.summary.new += 1
        return k

    def _own(self, rec: PersonRecord) -> dict[str, Any]:
        """kithkin's own fields a card carries (``X-KITHKIN-``), each checked; a bad one
        is left out with a note."""
        out: dict[str, Any] = {}
        for column, text in rec.extra.items():
            read = OWN_FIELDS.get(column)
            if read is None:
                continue
            try:
                out[column] = read(text.strip())
            except (BadInput, ValueError):
                self._note(rec, f"unreadable {column} {text!r} left out")
        return out

    def _phone_keys(self, phones: list[str]) -> list[str]:
        """Every key the record's numbers are known by (stored form, digits as written)."""
        return [key for p in phones for key in phone_rules.keys(p, self.raw_phones[p].raw)]

    def _phone_row(self, cid: int, key: str) -> dict[str, Any]:
        p = self.raw_phones[key]
        return {"contact_id": cid, "phone": p.number, "label": None, "raw": p.raw}

    def _position(self, cid: int, oid: int | None, title: str | None, start: Any) -> None:
        self.children["positions"].append(
            {
                "contact_id": cid,
                "org_id": oid,
                "title": (title or None),
                "start_date": start,
                "end_date": None,
                "source": self.source,
            }
        )

    def _merge(
        self,
        k: Known,
        rec: PersonRecord,
        emails: list[str],
        phones: list[str],
        linkedin: list[str],
        other: list[str],
        org: str | None,
        org_norm: str,
        how: str,
    ) -> bool:
        cid = k.id
        ch = self.children
        changed = False
        for e in emails:
            if e not in k.emails and e not in self.index.by_email:
                ch["emails"].append({"contact_id": cid, "email": e, "label": None})
                k.emails.add(e)
                self.index.by_email[e] = cid
                changed = True
        for p in phones:
            known_as = phone_rules.keys(p, self.raw_phones[p].raw)
            if not known_as & k.phones:
                ch["phones"].append(self._phone_row(cid, p))
                k.phones |= known_as
                for key in known_as:
                    self.index.by_phone.setdefault(key, cid)
                changed = True
        for u in linkedin:
            if u not in k.urls and u not in self.index.by_url:
                ch["urls"].append({"contact_id": cid, "url": u, "kind": "linkedin"})
                k.urls.add(u)
                k.linkedin.add(u)
                self.index.by_url[u] = cid
                changed = True
        for u in other:
            if u not in k.urls:
                ch["urls"].append({"contact_id": cid, "url": u, "kind": "other"})
                k.urls.add(u)
                changed = True
        for t in tags_of(rec.categories):
            if t not in k.tags:
                ch["tags"].append({"contact_id": cid, "tag": t})
                k.tags.add(t)
                changed = True
        # The source's UID is kept only on contacts it created: an exported card carries
        # kithkin's own UID, and storing it back would change the contact for nothing.
        upd: dict[str, Any] = {}
        for f in FILLS:
            v = getattr(rec, f)
            if v and not k.fields.get(f):
                upd[f] = v
        for f, v in (self._own(rec) if rec.extra else {}).items():
            if f in OWN_FILLABLE and k.fields.get(f) is None:
                upd[f] = v
                k.fields[f] = v
        if upd:
            changed = True
            row = self.new_rows.get(cid) if k.new else None
            if row is not None:
                row.update(upd)
            else:
                self.updates.append({"id": cid, **upd})
                if k.new:  # created by an earlier chunk of this import: already stored
                    k.fields.update(upd)  # filled once, as in one transaction
        if (org or rec.title) and not k.is_me:
            changed = self._job(k, org, org_norm, rec.title, how) or changed
        return changed

    def _job(self, k: Known, org: str | None, org_norm: str, title: str | None, how: str) -> bool:
        """Record the job a source reports; only LinkedIn moves a known person's current one.

        ``org`` None: a title alone, held at no organization the source names."""
        cur = k.pos
        if cur is not None and org_norm == cur[2] and (not title or title == cur[3]):
            return False  # the common case of a re-import, decided without fuzzy matching
        if org is None:
            return self._title_alone(k, title, how)
        if cur is not None and cur[1] is None and not (self.authoritative and how in _OWN):
            # A title alone on record, an organization now (a card, LinkedIn's first
            # word on someone a card knew): that job too, no change seen happen.
            k.also.append((cur[2], cur[3]))
            cur = None
        if cur is not None:
            if orgs.same(org_norm, cur[2]) and (not title or fold(title) == fold(cur[3])):
                return False
            if any(orgs.same(org_norm, n) and (not title or fold(title) == fold(t))
                   for n, t in k.also):  # fmt: skip
                return False
            # A card may still fill the title a stored job at this organization lacks.
            lacked = cur[0] > 0 and not cur[3] and orgs.same(org_norm, cur[2])
            if (not self.authoritative or k.new or cur[0] <= 0) and not lacked:
                return False
        known_connection = self.authoritative and not k.new and how in _OWN
        if cur is not None and not known_connection and orgs.same(org_norm, cur[2]) and not cur[3]:
            # The title a card lacked, from LinkedIn's first word on someone a card knew
            # at this organization, or from any card: no new job.
            self.ends.append({"id": cur[0], "title": title})
            k.pos = (cur[0], cur[1], cur[2], title)
            return True
        oid = self.orgs.resolve(org)
        if cur is None and not known_connection:
            self._position(k.id, oid, title, None)
            k.pos = (0, oid, org_norm, title)
            return True
        if cur is not None:
            self.ends.append({"id": cur[0], "end_date": self.today})
        self._position(k.id, oid, title, self.today)
        k.pos = (0, oid, org_norm, title)
        if not known_connection:
            # LinkedIn's first word on someone an address book knew: their job now, but
            # no change LinkedIn saw happen (R9 is a re-import's): nobody to congratulate.
            return True
        self._new_role(k, role(title, org))
        return True

    def _title_alone(self, k: Known, title: str | None, how: str) -> bool:
        """A source naming a title and no organization (a freelancer, an empty company)."""
        cur = k.pos
        if not title:
            return False
        if cur is None:
            # Nothing on record: their job now, but no change seen happen (a book an
            # older kithkin filled dropped such titles: re-importing its file congratulates
            # nobody).
            self._position(k.id, None, title, None)
            k.pos = (0, None, "", title)
            return True
        if fold(title) == fold(cur[3]) or any(not n and fold(title) == fold(t) for n, t in k.also):
            return False  # the same title, its organization left out: no change
        if not (self.authoritative and not k.new and how in _OWN and cur[0] > 0 and cur[3]):
            # Only LinkedIn, on a connection it knew, moves a job; a job without a title
            # on record may be this one with its company hidden.
            return False
        self.ends.append({"id": cur[0], "end_date": self.today})
        self._position(k.id, None, title, self.today)
        k.pos = (0, None, "", title)
        self._new_role(k, title)
        return True

    def _new_role(self, k: Known, what: str) -> None:
        """R9: a re-import shows a new company or title: a reason to congratulate."""
        self.children["occasions"].append(
            {
                "contact_id": k.id,
                "kind": OccasionKind.NEW_ROLE.value,
                "occurred_on": self.today,
                "note": what,  # the kind says "new role"; the note, which role
                "source": self.source,
            }
        )
        self.summary.new_roles += 1

    # ---- writing ----------------------------------------------------------------

    def flush(self) -> None:
        org_ids = self.orgs.flush()
        ids = reserve_ids(self.s, Contact.__table__, len(self.contacts))  # type: ignore[arg-type]
        cmap = {row["id"]: new for row, new in zip(self.contacts, ids, strict=True)}
        for row in self.contacts:
            row["id"] = cmap[row["id"]]
        if self.own_fields:  # every row carries the same keys (one executemany)
            for row in self.contacts:
                for key, value in OWN_DEFAULTS.items():
                    row.setdefault(key, value)
        table = Contact.__table__
        fts.insert_contacts(
            self.s,
            lambda: touched.insert_contacts(
                self.s,
                lambda: insert_rows(self.s, table, self.contacts),  # type: ignore[arg-type]
                ids,
            ),
            ids,
        )
        self.index.renumber(self.added, cmap)
        self.added = []
        tables = {
            "emails": ContactEmail,
            "phones": ContactPhone,
            "urls": ContactUrl,
            "tags": ContactTag,
            "positions": Position,
            "occasions": Occasion,
        }
        for key, model in tables.items():
            rows = self.children[key]
            for row in rows:
                if row["contact_id"] < 0:
                    row["contact_id"] = cmap[row["contact_id"]]
                if key == "positions" and row["org_id"] is not None and row["org_id"] < 0:
                    row["org_id"] = org_ids[row["org_id"]]
            if key == "positions":  # indexed for search set-wise, as contacts are
                fts.insert_positions(self.s, self._positions_writer(rows), len(rows))
                continue
            insert_rows(self.s, model.__table__, rows)  # type: ignore[arg-type]
        update_rows(self.s, Contact.__table__, self.updates)  # type: ignore[arg-type]
        update_rows(self.s, Position.__table__, self.ends)  # type: ignore[arg-type]

    def _positions_writer(self, rows: list[dict[str, Any]]) -> Callable[[], None]:
        """The insert of the flush's new positions, for :func:`fts.insert_positions`."""
        return lambda: insert_rows(self.s, Position.__table__, rows)  # type: ignore[arg-type]


# How a record was found when the source itself knows the person: a change is an update.
_OWN = ("uid", "linkedin", "connection")
