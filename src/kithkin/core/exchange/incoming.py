"""Plain records that every import format produces and the import service consumes.

Format adapters (``kithkin.formats``) turn bytes into these dataclasses and know
nothing of the database; :mod:`kithkin.core.exchange.importer` matches, merges and saves
them. Keeping the boundary this plain is what lets each adapter be tested on its
own, byte for byte, against real export files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time


@dataclass(slots=True)  # slots: an import makes tens of thousands, read field by field
class PersonRecord:
    """One person as a source describes them; ``None`` means "the source does not say"."""

    line: int
    display_name: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    middle_name: str | None = None
    name_prefix: str | None = None
    name_suffix: str | None = None
    nickname: str | None = None
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    org: str | None = None
    title: str | None = None
    # ISO "1980-04-15" or year-less "--04-15".
    birthday: str | None = None
    categories: list[str] = field(default_factory=list)
    notes: str | None = None
    location: str | None = None
    # A stable identity in the source (vCard UID, or a content hash the adapter derives).
    uid: str | None = None
    connected_on: date | None = None
    # A data: URI, already size-checked by the adapter.
    photo: str | None = None
    # The file the record came from, for messages about it (folders hold many).
    file: str = ""
    # One row of a list that names each person once (LinkedIn's connections, kithkin's
    # own vCard export): two records are never one person, and the connected-on date
    # tells people apart.
    connection: bool = False
    # The country of its numbers written without a code, when the source says
    # (two letters); else the ``phone.region`` setting applies.
    phone_region: str | None = None
    # kithkin's own fields, as a card kithkin exported carries them (contact column ->
    # text): tier, cadence_days, preferred_channel, how_met, time_zone...; checked on
    # the way in (kithkin.core.exchange.personfields.OWN_FIELDS).
    extra: dict[str, str] = field(default_factory=dict)
    # A number in ``phones`` -> the text it was first written as (kithkin's own export).
    phones_as_written: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)  # slots: a sync makes tens of thousands at a time
class Party:
    """Someone on one side of a message or meeting, as the source names them."""

    name: str | None = None
    email: str | None = None
    url: str | None = None


@dataclass(slots=True)
class InteractionRecord:
    """A message, email or meeting; ``parties`` are the other people (never the user)."""

    line: int
    source: str
    source_key: str
    occurred_on: date
    channel: str
    direction: str
    parties: list[Party]
    occurred_at: time | None = None
    subject: str | None = None
    note: str | None = None
    # What happened (kithkin.core.vocabulary.KINDS): a conversation unless the source
    # knows better (a Cc on an inbound mail is a light touch).
    kind: str = "checkin"
    # The key the source gave the same thing before its keys changed (a calendar
    # occurrence's before they were made in UTC): stored under it, it is known, and
    # the stored one takes ``source_key`` (kithkin.core.exchange.importer).
    former_key: str | None = None


# Sources that name the same things with the same keys: one Message-ID is one
# interaction whether it came from an mbox or IMAP, one event occurrence (UID and
# recurrence id) one meeting whether from an ICS file, an ICS URL or CalDAV.
FAMILY: dict[str, str] = {
    "mbox": "email",
    "imap": "email",
    "ics": "calendar",
    "ics-url": "calendar",
    "caldav": "calendar",
}


def family(source: str) -> str:
    """The family whose keys a source shares (a source of its own when it has none)."""
    return FAMILY.get(source, source)


def kin(source: str) -> list[str]:
    """Every source whose keys mean the same as ``source``'s."""
    fam = family(source)
    return sorted({source, *(s for s, f in FAMILY.items() if f == fam)})


@dataclass
class PositionRecord:
    """A job of the user's own (LinkedIn Positions.csv)."""

    line: int
    org: str | None  # None: a title held at no organization given
    title: str | None
    start: date | None
    end: date | None


@dataclass
class MeRecord:
    """What a source says about the user: name, birthday, profile URL."""

    display_name: str | None = None
    birthday: str | None = None
    url: str | None = None
    names: set[str] = field(default_factory=set)


@dataclass
class Skip:
    """A source row left out, with the reason a user reads in the summary."""

    line: int
    reason: str
    file: str = ""


@dataclass
class Batch:
    """Everything one import run read, ready for :func:`kithkin.core.exchange.importer.run`."""

    source: str
    people: list[PersonRecord] = field(default_factory=list)
    interactions: list[InteractionRecord] = field(default_factory=list)
    positions: list[PositionRecord] = field(default_factory=list)
    me: MeRecord | None = None
    skipped: list[Skip] = field(default_factory=list)
    # Notes for the user that do not skip a row ("unreadable photo left out").
    warnings: list[str] = field(default_factory=list)
    # Whether a person record may replace a current position (only LinkedIn is authoritative).
    authoritative_jobs: bool = False
    # A hash of the files the records were read from, and of their names, when the
    # adapter gives one: a long import's resumable fingerprint hashes it (and which lines
    # became records) instead of every record (kithkin.core.exchange.batched.fingerprint).
    digest: str = ""
