"""The relational schema, as SQLAlchemy 2 declarative classes.

The core reads and writes these classes through a ``Session``; nothing here is
dialect-specific except what :mod:`kithkin.store.fts` adds for full-text search.
The schema itself is created only by Alembic migrations (``migrations/``), never
ad hoc at start-up: ``tests/test_migrations.py`` checks that the two agree.
"""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kithkin.store.tables.base import NAMING, Base, table_of
from kithkin.store.tables.memo import DataVersionRow, Memo, Touched
from kithkin.store.tables.sources import (
    AddressCard,
    Source,
    SourceCheckpoint,
    SourceCorrespondent,
    SourceItem,
    UpcomingMeeting,
)

__all__ = [
    "NAMING",
    "AddressCard",
    "Base",
    "DataVersionRow",
    "Memo",
    "Source",
    "SourceCheckpoint",
    "SourceCorrespondent",
    "SourceItem",
    "Touched",
    "UpcomingMeeting",
    "table_of",
]


class Organization(Base):
    __tablename__ = "organizations"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    # Lower-cased, punctuation and legal suffixes removed: "Acme, Inc." -> "acme".
    norm_name: Mapped[str] = mapped_column(String(300), index=True)
    # R15: would this former employer hire me again? None = not asked yet.
    rehire_eligible: Mapped[bool | None] = mapped_column(Boolean, default=None)
    rehire_note: Mapped[str | None] = mapped_column(Text, default=None)


class Contact(Base):
    __tablename__ = "contacts"
    id: Mapped[int] = mapped_column(primary_key=True)
    is_me: Mapped[bool] = mapped_column(Boolean, default=False)
    display_name: Mapped[str] = mapped_column(String(300))
    name_prefix: Mapped[str | None] = mapped_column(String(50), default=None)
    given_name: Mapped[str | None] = mapped_column(String(150), default=None)
    middle_name: Mapped[str | None] = mapped_column(String(150), default=None)
    family_name: Mapped[str | None] = mapped_column(String(150), default=None)
    name_suffix: Mapped[str | None] = mapped_column(String(50), default=None)
    nickname: Mapped[str | None] = mapped_column(String(150), default=None)
    location: Mapped[str | None] = mapped_column(String(300), default=None)
    time_zone: Mapped[str | None] = mapped_column(String(64), default=None)
    how_met: Mapped[str | None] = mapped_column(Text, default=None)
    met_at_event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL"), default=None
    )
    # Birthday as ISO "1980-04-15" or year-less "--04-15".
    birthday: Mapped[str | None] = mapped_column(String(10), default=None)
    # LinkedIn's "Connected On", kept as a fact of the relationship.
    connected_on: Mapped[date | None] = mapped_column(Date, default=None)
    tier: Mapped[str] = mapped_column(String(10), default="regular")
    cadence_days: Mapped[int | None] = mapped_column(Integer, default=None)
    preferred_channel: Mapped[str | None] = mapped_column(String(20), default=None)
    # R7 boundaries.
    min_interval_days: Mapped[int | None] = mapped_column(Integer, default=None)
    professional_only: Mapped[bool] = mapped_column(Boolean, default=False)
    do_not_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    snoozed_until: Mapped[date | None] = mapped_column(Date, default=None)
    # R7: `kith reset` forgets unanswered outreach before this date.
    reset_on: Mapped[date | None] = mapped_column(Date, default=None)
    notes: Mapped[str | None] = mapped_column(Text, default=None)
    photo: Mapped[str | None] = mapped_column(Text, default=None)
    # Where the record came from first ("manual", "linkedin", "vcard", ...).
    source: Mapped[str] = mapped_column(String(40), default="manual")
    # Stable identity from an outside system (vCard UID), for idempotent re-imports.
    external_uid: Mapped[str | None] = mapped_column(String(300), default=None, index=True)
    created_on: Mapped[date] = mapped_column(Date)

    emails: Mapped[list[ContactEmail]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="ContactEmail.id"
    )
    phones: Mapped[list[ContactPhone]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="ContactPhone.id"
    )
    urls: Mapped[list[ContactUrl]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="ContactUrl.id"
    )
    tags: Mapped[list[ContactTag]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="ContactTag.tag"
    )
    details: Mapped[list[PersonalDetail]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="PersonalDetail.id"
    )
    positions: Mapped[list[Position]] = relationship(
        back_populates="contact",
        cascade="all, delete-orphan",
        # Unknown start dates first, on both backends (PostgreSQL sorts NULL last).
        order_by=lambda: (Position.start_date.asc().nulls_first(), Position.id),
    )
    relationships: Mapped[list[Relationship]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="Relationship.id"
    )


class ContactEmail(Base):
    __tablename__ = "contact_emails"
    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    # Normalised (lower-case domain, IDNA) and unique: one person per address.
    email: Mapped[str] = mapped_column(String(320), unique=True)
    label: Mapped[str | None] = mapped_column(String(40), default=None)
    contact: Mapped[Contact] = relationship(back_populates="emails")


class ContactPhone(Base):
    __tablename__ = "contact_phones"
    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    # E.164 when the country is certain, else the number as written (core/phones.py).
    phone: Mapped[str] = mapped_column(String(40), index=True)
    label: Mapped[str | None] = mapped_column(String(40), default=None)
    # The text as written (``None`` for numbers stored before 0006).
    raw: Mapped[str | None] = mapped_column(String(80), default=None)
    contact: Mapped[Contact] = relationship(back_populates="phones")


class ContactUrl(Base):
    __tablename__ = "contact_urls"
    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(String(1000))
    # "linkedin" URLs are normalised and identify a connection across re-imports.
    kind: Mapped[str] = mapped_column(String(20), default="other")
    contact: Mapped[Contact] = relationship(back_populates="urls")

    __table_args__ = (Index("ix_contact_urls_kind_url", "kind", "url"),)


class ContactTag(Base):
    __tablename__ = "contact_tags"
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(100), primary_key=True)
    contact: Mapped[Contact] = relationship(back_populates="tags")

    __table_args__ = (Index("ix_contact_tags_tag", "tag"),)


class PersonalDetail(Base):
    """R5: a fact about the person (family, interest, hobby, vacation...), dated."""

    __tablename__ = "personal_details"
    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    category: Mapped[str] = mapped_column(String(20))
    fact: Mapped[str] = mapped_column(Text)
    learned_on: Mapped[date | None] = mapped_column(Date, default=None)
    contact: Mapped[Contact] = relationship(back_populates="details")


class Position(Base):
    """A person's job at an organization; colleagues are derived from overlaps."""

    __tablename__ = "positions"
    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    # None: a title held at no organization given (a freelancer, a company left empty).
    org_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id"), index=True, default=None
    )
    title: Mapped[str | None] = mapped_column(String(300), default=None)
    start_date: Mapped[date | None] = mapped_column(Date, default=None)
    end_date: Mapped[date | None] = mapped_column(Date, default=None)
    source: Mapped[str] = mapped_column(String(40), default="manual")
    contact: Mapped[Contact] = relationship(back_populates="positions")
    org: Mapped[Organization | None] = relationship()

    @property
    def org_name(self) -> str | None:
        return self.org.name if self.org is not None else None


class Relationship(Base):
    """R12: the type of tie to the user, with a history (since/until)."""

    __tablename__ = "relationships"
    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[str] = mapped_column(String(20))
    since: Mapped[date | None] = mapped_column(Date, default=None)
    until: Mapped[date | None] = mapped_column(Date, default=None)
    note: Mapped[str | None] = mapped_column(Text, default=None)
    contact: Mapped[Contact] = relationship(back_populates="relationships")


class Interaction(Base):
    __tablename__ = "interactions"
    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_on: Mapped[date] = mapped_column(Date, index=True)
    occurred_at: Mapped[time | None] = mapped_column(Time, default=None)
    channel: Mapped[str] = mapped_column(String(20))
    direction: Mapped[str] = mapped_column(String(10))  # outbound | inbound
    kind: Mapped[str] = mapped_column(String(30))  # checkin, congrats, referral_ask, ...
    nature: Mapped[str] = mapped_column(String(10))  # give | ask | neutral (from kind)
    subject: Mapped[str | None] = mapped_column(Text, default=None)
    note: Mapped[str | None] = mapped_column(Text, default=None)
    source: Mapped[str] = mapped_column(String(40), default="manual")
    # Identity within its source (Message-ID, conversation+date...): re-imports are no-ops.
    source_key: Mapped[str | None] = mapped_column(String(500), default=None)

    __table_args__ = (UniqueConstraint("source", "source_key", name="uq_interactions_source_key"),)


# Columns copied from the interaction onto each of its links (see InteractionContact).
DERIVED = {"derived": True}


class InteractionContact(Base):
    """Who took part in an interaction.

    The link also carries a copy of the interaction's date, direction, nature,
    lightness and channel (written by ``newinteraction.link_rows`` and rewritten by
    ``interactions.edit``, the only two writers, so the copy cannot go stale).
    With them, each contact's last touch each way is one index seek, the
    recent give/ask balance one index range and the health counts one index
    scan, instead of a join over every interaction:
    this is what lets the agenda answer a 50,000-person network in a fraction of
    a full scan. Backups leave the copies out (``info=DERIVED``) and restore
    fills them in from the interactions.
    """

    __tablename__ = "interaction_contacts"
    interaction_id: Mapped[int] = mapped_column(
        ForeignKey("interactions.id", ondelete="CASCADE"), primary_key=True
    )
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True
    )
    occurred_on: Mapped[date] = mapped_column(Date, info=DERIVED)
    direction: Mapped[str] = mapped_column(String(10), info=DERIVED)
    nature: Mapped[str] = mapped_column(String(10), info=DERIVED)
    light: Mapped[bool] = mapped_column(Boolean, info=DERIVED)  # a like or comment (R10)
    channel: Mapped[str] = mapped_column(String(20), info=DERIVED)

    __table_args__ = (
        # Last touch each way, R7/R10 follow-ups and health counts by contact; covers
        # the join to the interactions too.
        Index(
            "ix_interaction_contacts_touch",
            "contact_id",
            "light",
            "direction",
            "occurred_on",
            "interaction_id",
            "channel",
        ),
        # R4: recent gives and asks, one range per nature.
        Index(
            "ix_interaction_contacts_balance", "nature", "occurred_on", "direction", "contact_id"
        ),
    )


class InteractionTopic(Base):
    __tablename__ = "interaction_topics"
    interaction_id: Mapped[int] = mapped_column(
        ForeignKey("interactions.id", ondelete="CASCADE"), primary_key=True
    )
    topic: Mapped[str] = mapped_column(String(200), primary_key=True)


class DistinctPair(Base):
    """Two contacts the user said are two people: ``kith dupes`` no longer pairs them.

    Stored once per pair, lower id first.
    """

    __tablename__ = "distinct_pairs"
    low_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True
    )
    high_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class TriageMark(Base):
    """A contact sorted by ``kith triage`` (tier, or not tracked): the walk resumes after it.

    ``previous_tier`` is what the tier was before, so the last decision can be undone.
    """

    __tablename__ = "triage_marks"
    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), unique=True
    )
    decided_on: Mapped[date] = mapped_column(Date)
    choice: Mapped[str] = mapped_column(String(10))
    previous_tier: Mapped[str] = mapped_column(String(10))


class Occasion(Base):
    """R9: a new role, promotion, achievement or anniversary worth congratulating."""

    __tablename__ = "occasions"
    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    occurred_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text, default=None)
    source: Mapped[str] = mapped_column(String(40), default="manual")


class Setting(Base):
    """User preferences (daily budget, tier cadences...), one string per key."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class PlanSlot(Base):
    """R17: the stable agenda plan; an item keeps its day unless something new happens."""

    __tablename__ = "plan_slots"
    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    day: Mapped[date] = mapped_column(Date, index=True)
    reason: Mapped[str] = mapped_column(String(30))
    due: Mapped[date] = mapped_column(Date)
    planned_on: Mapped[date] = mapped_column(Date)


class DepartureStep(Base):
    """R14: one dated step of a plan for leaving an organization well."""

    __tablename__ = "departure_steps"
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    key: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(Text)
    due: Mapped[date] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date, default=None)
    # Contact ids the step concerns, comma-separated (small lists, read whole).
    contact_ids: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class ReferenceAgreement(Base):
    """R15: someone agreed to be a reference (optionally for a kind of role)."""

    __tablename__ = "reference_agreements"
    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str | None] = mapped_column(String(300), default=None)
    agreed_on: Mapped[date] = mapped_column(Date)


class ReferenceAsk(Base):
    __tablename__ = "reference_asks"
    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(300))
    asked_on: Mapped[date] = mapped_column(Date)


class Lead(Base):
    """R11: a job lead or opportunity to pass on to the people it would help."""

    __tablename__ = "leads"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), default=None)
    skills: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str | None] = mapped_column(String(1000), default=None)
    text: Mapped[str | None] = mapped_column(Text, default=None)
    created_on: Mapped[date] = mapped_column(Date)


class Event(Base):
    """R13: a conference or meetup; people met there are due a follow-up."""

    __tablename__ = "events"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    held_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str | None] = mapped_column(String(300), default=None)


class EventContact(Base):
    __tablename__ = "event_contacts"
    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True
    )


class ImportRun(Base):
    """One run of an importer, for the summary and resumable/audited imports."""

    __tablename__ = "import_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    path: Mapped[str] = mapped_column(Text)
    ran_at: Mapped[datetime] = mapped_column(DateTime)
    summary: Mapped[str] = mapped_column(Text, default="{}")


class FeedToken(Base):
    """A revocable secret for the calendar feed URL (only its hash is stored)."""

    __tablename__ = "feed_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(200), unique=True)
    created_on: Mapped[date] = mapped_column(Date)
    revoked_on: Mapped[date | None] = mapped_column(Date, default=None)


class FeedItem(Base):
    """What the calendar feed last published under one UID, so SEQUENCE moves on a change."""

    __tablename__ = "feed_items"
    uid: Mapped[str] = mapped_column(String(200), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    # Naive UTC, like every DateTime here.
    modified_at: Mapped[datetime] = mapped_column(DateTime)
    # False once the event left the feed (a calendar then drops it).
    listed: Mapped[bool] = mapped_column(Boolean, default=True)


class DigestRun(Base):
    """One period of the scheduled digest ("daily:2026-06-01", "weekly:2026-W23"):
    claimed before sending, so it goes out once across restarts and server processes."""

    __tablename__ = "digest_runs"
    period: Mapped[str] = mapped_column(String(30), primary_key=True)
    # sending (claimed), sent, skipped (nobody due), failed (to be tried again)
    state: Mapped[str] = mapped_column(String(10))
    claimed_at: Mapped[datetime] = mapped_column(DateTime)  # naive UTC
    finished_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
