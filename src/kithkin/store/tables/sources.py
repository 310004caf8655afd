"""Where ``kith sync`` keeps its sources and how far it has read them (issue 16).

Separate from the contact book's tables because nothing in the book depends on
them: a source only ever adds interactions and planned meetings.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kithkin.store.tables.base import Base


class Source(Base):
    """A mailbox or calendar that ``kith sync`` reads (issue 16).

    ``url`` never holds a password (refused at ``kith source add``); ``options`` is
    JSON: the user's addresses, folders or calendars, and where the secret is found
    (an environment variable or a 0600 file named by the user, else the keyring).
    """

    __tablename__ = "sources"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # imap | caldav | carddav | ics
    url: Mapped[str] = mapped_column(Text)
    options: Mapped[str] = mapped_column(Text, default="{}")
    created_on: Mapped[date] = mapped_column(Date)
    synced_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    # The last sync's one-line summary, or its one-line error.
    last_result: Mapped[str | None] = mapped_column(Text, default=None)


class SourceCheckpoint(Base):
    """How far a source has been read, per folder or calendar (JSON ``state``):
    IMAP ``uidvalidity``/``last_uid``, CalDAV ``token``, an ICS URL's ``etag``."""

    __tablename__ = "source_checkpoints"
    source_id: Mapped[int] = mapped_column(
        ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True
    )
    scope: Mapped[str] = mapped_column(String(500), primary_key=True)
    state: Mapped[str] = mapped_column(Text, default="{}")


class SourceItem(Base):
    """One calendar object a source has read: its ETag, and the day of its next
    occurrence (when that day has passed the object is read again, so a weekly
    meeting is logged each week even if nobody edits it). A mailbox's items are
    the messages its suggestions counted (scope ``*``, ``href`` a digest of the
    message's key), so that each counts once."""

    __tablename__ = "source_items"
    source_id: Mapped[int] = mapped_column(
        ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True
    )
    scope: Mapped[str] = mapped_column(String(500), primary_key=True)
    href: Mapped[str] = mapped_column(String(1000), primary_key=True)
    etag: Mapped[str | None] = mapped_column(String(300), default=None)
    next_on: Mapped[date | None] = mapped_column(Date, default=None)


class UpcomingMeeting(Base):
    """A meeting planned with a contact, from a calendar source: it holds back
    their check-in until after it (see :mod:`kithkin.core.agenda.cadence`)."""

    __tablename__ = "upcoming_meetings"
    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    scope: Mapped[str] = mapped_column(String(500))
    href: Mapped[str] = mapped_column(String(1000))
    day: Mapped[date] = mapped_column(Date)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))

    __table_args__ = (Index("ix_upcoming_meetings_contact_day", "contact_id", "day"),)


class SourceCorrespondent(Base):
    """Someone a mail source saw who is not a contact: ``kith source suggestions``
    ranks them by how often you wrote to them. Each message counts once wherever it
    is (scope ``*``, :mod:`kithkin.core.sync.suggestions`); rows of a folder's name
    are an older kithkin's tallies per folder."""

    __tablename__ = "source_correspondents"
    source_id: Mapped[int] = mapped_column(
        ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True
    )
    scope: Mapped[str] = mapped_column(String(500), primary_key=True)
    email: Mapped[str] = mapped_column(String(320), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(300), default=None)
    written: Mapped[int] = mapped_column(Integer, default=0)
    received: Mapped[int] = mapped_column(Integer, default=0)
    last_on: Mapped[date | None] = mapped_column(Date, default=None)


class AddressCard(Base):
    """One card of a CardDAV address book a source follows, and the contact it is.

    ``agreed`` is JSON: the fields kithkin manages (:mod:`kithkin.core.sync.cardfields`)
    as both sides last agreed, as the card said them (``card``) and as the contact
    held them (``kith``); a field that differs from it on one side changed there.
    ``contact_id`` is emptied when the contact is deleted in kithkin: the card is
    then left alone on the server."""

    __tablename__ = "address_cards"
    source_id: Mapped[int] = mapped_column(
        ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True
    )
    scope: Mapped[str] = mapped_column(String(500), primary_key=True)  # the address book
    href: Mapped[str] = mapped_column(String(1000), primary_key=True)
    etag: Mapped[str | None] = mapped_column(String(300), default=None)
    uid: Mapped[str | None] = mapped_column(String(300), default=None)
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), default=None, index=True
    )
    agreed: Mapped[str] = mapped_column(Text, default="{}")
