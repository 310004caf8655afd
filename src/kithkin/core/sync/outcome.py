"""What one sync of one source did, as a line and as JSON; and the replies it made owed.

``imap work: 1,204 messages read, 87 interactions logged, 3 new replies owed``: the
replies owed are asked of R8 itself (:func:`kithkin.core.agenda.replies.awaiting_reply`)
before and after the sync's writes, never recounted here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from kithkin.core.wording import count

if TYPE_CHECKING:  # the one-line summary needs no database layer (kithkin.cli.quicksync)
    from sqlalchemy.orm import Session

_CHUNK = 500


def plural(n: int, one: str, many: str | None = None) -> str:
    return count(n, one, many, grouped=True)


@dataclass
class Outcome:
    name: str
    kind: str
    read: int = 0  # messages, or calendar events
    logged: int = 0  # interactions written
    owed: int = 0  # contacts who now await a reply and did not before (R8)
    upcoming: int = 0  # meetings planned with contacts (calendars)
    suggestions: int = 0  # unknown correspondents seen (mail)
    skipped: Counter[str] = field(default_factory=Counter)  # malformed items, by reason
    rescanned: list[str] = field(default_factory=list)  # folders read again (UIDVALIDITY)
    not_modified: bool = False
    notes: list[str] = field(default_factory=list)
    # An address book (CardDAV): contacts added and updated from its cards, cards
    # written back, fields changed on both sides, cards deleted on the server (their
    # contacts unlinked), cards changed meanwhile that the next sync merges again.
    added: int = 0
    updated: int = 0
    written: int = 0
    conflicts: int = 0
    unlinked: int = 0
    retry: int = 0
    # Cards read that changed nothing in kithkin (a duplicate of a contact another card
    # is, a card that met a contact and added nothing, a change kithkin does not manage):
    # added + updated + unchanged + skipped is the cards read.
    unchanged: int = 0

    @property
    def mail(self) -> bool:
        return self.kind == "imap"

    def line(self) -> str:
        head = f"{self.kind} {self.name}: "
        if self.kind == "carddav":
            body = (
                f"{plural(self.read, 'card')} read, {plural(self.added, 'contact')} added, "
                f"{self.updated:,} updated, "
                + (f"{self.unchanged:,} unchanged, " if self.unchanged else "")
                + f"{plural(self.written, 'card')} written, "
                f"{plural(self.conflicts, 'conflict')}"
            )
            if self.unlinked:
                body += f", {plural(self.unlinked, 'card')} deleted on the server (unlinked)"
            if self.retry:
                body += (f", {plural(self.retry, 'card')} changed on the server meanwhile "
                         "(merged again next sync)")  # fmt: skip
        elif self.mail:
            body = (
                f"{plural(self.read, 'message')} read, "
                f"{plural(self.logged, 'interaction')} logged, "
                f"{plural(self.owed, 'new reply owed', 'new replies owed')}"
            )
        else:
            seen = "not modified" if self.not_modified else f"{plural(self.read, 'event')} read"
            body = f"{seen}, {plural(self.logged, 'meeting')} logged, {self.upcoming:,} upcoming"
        n = sum(self.skipped.values())
        if n:
            body += f", {n:,} skipped ({', '.join(r for r, _ in self.skipped.most_common(3))})"
        for folder in self.rescanned:
            body += f"; {folder} read again (its UIDVALIDITY changed)"
        return head + body

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "read": self.read,
            "logged": self.logged,
            "replies_owed": self.owed,
            "upcoming": self.upcoming,
            "suggestions": self.suggestions,
            "not_modified": self.not_modified,
            "skipped": dict(self.skipped),
            "rescanned": self.rescanned,
            "notes": self.notes,
            **(
                {
                    "added": self.added,
                    "updated": self.updated,
                    "written": self.written,
                    "conflicts": self.conflicts,
                    "unlinked": self.unlinked,
                    "retry": self.retry,
                    "unchanged": self.unchanged,
                }
                if self.kind == "carddav"
                else {}
            ),
            "summary": self.line(),
        }


def contact_ids(s: Session, emails: Iterable[str]) -> dict[str, int]:
    """The contact (never the user) behind each known address."""
    from sqlalchemy import select

    from kithkin.store.tables import Contact, ContactEmail

    todo = sorted(set(emails))
    out: dict[str, int] = {}
    for n in range(0, len(todo), _CHUNK):
        q = (
            select(ContactEmail.email, ContactEmail.contact_id)
            .join(Contact, Contact.id == ContactEmail.contact_id)
            .where(ContactEmail.email.in_(todo[n : n + _CHUNK]), Contact.is_me.is_(False))
        )
        out.update(dict(s.execute(q).tuples().all()))
    return out


def awaiting(s: Session, ids: Iterable[int], today: date) -> set[int]:
    """The contacts among ``ids`` who wrote and have had no reply (R8)."""
    from kithkin.core.agenda import facts  # here: a sync with nothing new asks none
    from kithkin.core.agenda.replies import awaiting_reply

    loaded = facts.load(s, today, sorted(set(ids)), threads_only=True)
    return {cid for cid, f in loaded.items() if awaiting_reply(f, today)}
