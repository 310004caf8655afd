"""Contacts, their positions, details, ties and interactions (``kith show --json``)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from kithkin.core.bounds import MAX_DAYS
from kithkin.web.api.schemas import INTEGRAL

# Days between touches (a cadence, a minimum interval), as the core keeps them.
Days = Annotated[int, Field(ge=1, le=MAX_DAYS), INTEGRAL]


class ContactSummary(BaseModel):
    """A row of ``kith list --json``."""

    id: int
    name: str
    emails: list[str]
    org: str | None
    title: str | None
    tier: str


class PositionRecord(BaseModel):
    id: int | None = None  # what `kith job edit|rm` and /api/positions/{id} take
    org: str | None  # None: a title held at no organization given
    title: str | None
    start: str | None
    end: str | None


class UrlRecord(BaseModel):
    url: str
    kind: str


class Boundaries(BaseModel):
    min_interval_days: int | None
    professional_only: bool
    do_not_contact: bool
    paused: bool
    snoozed_until: str | None


class DetailRecord(BaseModel):
    id: int | None = None
    category: str
    fact: str
    learned_on: str | None


class TieRecord(BaseModel):
    id: int | None = None
    type: str
    since: str | None
    until: str | None
    note: str | None


class OccasionRecord(BaseModel):
    """A recorded occasion (R9); birthdays and anniversaries are computed, not listed."""

    id: int
    kind: str
    date: str
    note: str | None


class Person(BaseModel):
    id: int
    name: str


class InteractionRecord(BaseModel):
    id: int
    date: str
    time: str | None
    channel: str
    direction: str
    kind: str
    nature: str
    subject: str | None
    note: str | None
    topics: list[str]
    source: str
    with_: list[Person] = Field(default_factory=list, alias="with")

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)


class Balance(BaseModel):
    give: int
    ask: int
    neutral: int


class ContactDetail(ContactSummary):
    """Everything ``kith show --json`` prints."""

    model_config = ConfigDict(extra="allow")

    given_name: str | None
    family_name: str | None
    phones: list[str]
    urls: list[UrlRecord]
    tags: list[str]
    cadence_days: int | None
    effective_cadence_days: int | None
    preferred_channel: str | None
    location: str | None
    time_zone: str | None
    how_met: str | None
    birthday: str | None
    connected_on: str | None
    notes: str | None
    boundaries: Boundaries
    personal_details: list[DetailRecord]
    relationships: list[TieRecord]
    positions: list[PositionRecord]
    occasions: list[OccasionRecord] = []
    interactions: list[InteractionRecord]
    balance: Balance


class ContactFields(BaseModel):
    """The fields of ``kith add``/``kith edit``; lists are added to what is stored."""

    model_config = ConfigDict(extra="forbid", strict=True)

    emails: list[str] = []
    phones: list[str] = []
    urls: list[str] = []
    org: str | None = None
    title: str | None = None
    tags: list[str] = []
    tier: str | None = Field(None, examples=["regular"])
    cadence_days: Days | None = None
    channel: str | None = Field(None, examples=["email"])
    how_met: str | None = None
    note: str | None = None
    location: str | None = None
    time_zone: str | None = None
    birthday: str | None = Field(None, examples=["1985-04-15", "04-15"])


class ContactCreate(ContactFields):
    name: str = Field(examples=["Jane Doe"])
    # A name already in the network is refused (409) unless this says it is a namesake.
    force: bool = False


class ContactEdit(ContactFields):
    name: str | None = None
    min_interval_days: Days | None = None
    professional_only: bool | None = None
    do_not_contact: bool | None = None


class PositionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    org: str
    title: str | None = None
    start: str = Field(examples=["2021-03-01"])
    end: str | None = None


class PositionCreated(PositionRecord):
    id: int
    contact_id: int


class DetailCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    category: str = Field(examples=["hobby"])
    fact: str = Field(examples=["runs marathons"])
    learned: str | None = None


class TieCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    type: str = Field(examples=["mentor"])
    since: str | None = None


class InteractionCreate(BaseModel):
    """``kith log``: contacts are named like on the command line (id, email, name)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    contacts: list[str] = Field(min_length=1, examples=[["Jane Doe"]])
    channel: str = "email"
    kind: str = "checkin"
    inbound: bool = False
    date: str | None = Field(None, examples=["2026-11-02"])
    time: str | None = Field(None, examples=["14:30"])
    note: str | None = None
    topics: list[str] = []
    planned: bool = False  # a future date is refused unless planned


class InteractionChange(BaseModel):
    """``kith log edit``: the fields given change, the others stay."""

    model_config = ConfigDict(extra="forbid", strict=True)

    channel: str | None = None
    kind: str | None = None
    inbound: bool | None = None
    date: str | None = Field(None, examples=["2026-11-02"])
    time: str | None = None
    note: str | None = None
    topics: list[str] | None = None
    planned: bool = False


class PositionChange(BaseModel):
    """``kith job edit``: ``current`` clears the end date."""

    model_config = ConfigDict(extra="forbid", strict=True)

    org: str | None = None
    title: str | None = None
    start: str | None = None
    end: str | None = None
    current: bool = False


class DetailChange(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    category: str | None = None
    fact: str | None = None
    learned: str | None = None


class TieChange(BaseModel):
    """``kith tie edit``: ``current`` clears the end date."""

    model_config = ConfigDict(extra="forbid", strict=True)

    type: str | None = None
    since: str | None = None
    until: str | None = None
    current: bool = False


class Logged(BaseModel):
    id: int
    date: str
    kind: str
    nature: str
    contact_ids: list[int]
    warning: str | None = Field(
        None,
        description=(
            "What `kith log` prints on stderr, its lines joined by '; ', or null: "
            "another ask to someone who leans to your asks (R4), your own outreach to "
            "someone marked do-not-contact (R7). The interaction is logged either way."
        ),
    )


class SearchHit(BaseModel):
    contact_id: int
    name: str
    kind: str
    snippet: str
