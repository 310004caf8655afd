"""Pydantic models of every API request and response.

They mirror the JSON the CLI prints (``kith show --json`` and friends, built by
:mod:`kithkin.core.views`), so a script can move between the two faces. Values
are checked by the core, not here: an unknown channel is the core's ``BadInput``
with the same message on every face; these models give the shape and the types.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ErrorBody(BaseModel):
    code: str = Field(examples=["not_found"])
    message: str = Field(examples=["no contact with id 42"])


class ErrorResponse(BaseModel):
    """Every error the API returns: a code a script can test, a message a person can read."""

    error: ErrorBody


ERRORS: dict[int | str, dict[str, object]] = {
    400: {"model": ErrorResponse, "description": "Bad input (the message says what)"},
    404: {"model": ErrorResponse, "description": "No such record"},
    409: {"model": ErrorResponse, "description": "Conflicts with what is stored"},
    422: {"model": ErrorResponse, "description": "Malformed request"},
}


class Created(BaseModel):
    id: int
    name: str


class ContactSummary(BaseModel):
    """A row of ``kith list --json``."""

    id: int
    name: str
    emails: list[str]
    org: str | None
    title: str | None
    tier: str


class PositionRecord(BaseModel):
    org: str
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
    category: str
    fact: str
    learned_on: str | None


class TieRecord(BaseModel):
    type: str
    since: str | None
    until: str | None
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
    interactions: list[InteractionRecord]
    balance: Balance


class ContactFields(BaseModel):
    """The fields of ``kith add``/``kith edit``; lists are added to what is stored."""

    model_config = ConfigDict(extra="forbid")

    emails: list[str] = []
    phones: list[str] = []
    urls: list[str] = []
    org: str | None = None
    title: str | None = None
    tags: list[str] = []
    tier: str | None = Field(None, examples=["regular"])
    cadence_days: int | None = None
    channel: str | None = Field(None, examples=["email"])
    how_met: str | None = None
    note: str | None = None
    location: str | None = None
    time_zone: str | None = None


class ContactCreate(ContactFields):
    name: str = Field(examples=["Jane Doe"])


class ContactEdit(ContactFields):
    name: str | None = None
    min_interval_days: int | None = None
    professional_only: bool | None = None
    do_not_contact: bool | None = None


class PositionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    org: str
    title: str | None = None
    start: str = Field(examples=["2021-03-01"])
    end: str | None = None


class PositionCreated(PositionRecord):
    id: int
    contact_id: int


class DetailCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    category: str = Field(examples=["hobby"])
    fact: str = Field(examples=["runs marathons"])
    learned: str | None = None


class TieCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: str = Field(examples=["mentor"])
    since: str | None = None


class InteractionCreate(BaseModel):
    """``kith log``: contacts are named like on the command line (id, email, name)."""

    model_config = ConfigDict(extra="forbid")

    contacts: list[str] = Field(min_length=1, examples=[["Jane Doe"]])
    channel: str = "email"
    kind: str = "checkin"
    inbound: bool = False
    date: str | None = Field(None, examples=["2026-11-02"])
    time: str | None = Field(None, examples=["14:30"])
    note: str | None = None
    topics: list[str] = []


class Logged(BaseModel):
    id: int
    date: str
    kind: str
    nature: str
    contact_ids: list[int]
    warning: str | None = None


class SearchHit(BaseModel):
    contact_id: int
    name: str
    kind: str
    snippet: str


class AgendaItem(BaseModel):
    """One line of ``kith today --json``: whom, why (naming the rule), by when, how."""

    model_config = ConfigDict(extra="allow")

    contact_id: int
    name: str
    reason: str = Field(examples=["cadence_due"])
    rule: str = Field(examples=["R2"])
    due: str = Field(examples=["2026-11-02"])
    overdue_days: int
    days_left: int = 0
    channel: str
    why: str
    suggest: str | None = None
    log_kind: str = Field("checkin", examples=["congrats"])


class PlanItem(AgendaItem):
    """A line of ``kith agenda --json``: an agenda item on its planned day."""

    date: str


class SnoozeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    until: str = Field(examples=["2026-12-01"])


class ContactFlags(BaseModel):
    """A contact's place on the agenda after snooze, pause, resume or reset."""

    id: int
    name: str
    paused: bool
    snoozed_until: str | None
    reset_on: str | None


class OccasionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: str = Field(examples=["promotion"])
    date: str | None = None
    note: str | None = None


class OccasionRecord(BaseModel):
    id: int
    contact_id: int
    kind: str
    date: str
    note: str | None


class SettingValue(BaseModel):
    value: str
    default: str | None = None
    is_default: bool
    help: str | None = None

    model_config = ConfigDict(extra="allow")


class SettingUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    value: str = Field(examples=["7"])


class ImportCounts(BaseModel):
    new: int
    updated: int
    merged: int
    unchanged: int
    possible_duplicates: int


class ImportInteractions(BaseModel):
    new: int
    known: int
    unmatched: int


class ImportSkip(BaseModel):
    line: int
    reason: str
    file: str = ""


class ImportSummary(BaseModel):
    """What ``kith import ... --json`` prints: counts, and every skipped row with its reason."""

    model_config = ConfigDict(extra="allow")

    kind: str
    path: str
    dry_run: bool
    contacts: ImportCounts
    new_roles: int
    my_positions: int
    interactions: ImportInteractions
    unknown_people: int
    skipped: list[ImportSkip]
    warnings: list[str]


class WhoRow(BaseModel):
    """A line of ``kith who ORG --json``."""

    model_config = ConfigDict(extra="allow")

    contact_id: int
    name: str
    status: str = Field(examples=["current"])
    org: str
    title: str | None
    strength: int
    shared_history: dict[str, Any]
    warmest_path: dict[str, Any] | None = None


class StepContact(BaseModel):
    id: int
    name: str


class DepartureStepRecord(BaseModel):
    """A step of ``kith plan --json``."""

    key: str = Field(examples=["tell_boss"])
    title: str
    due: str
    done: bool
    done_on: str | None
    overdue: bool
    contacts: list[StepContact]


class LeaveRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    org: str
    last_day: str = Field(examples=["2026-12-18"])
    notice_days: int = 14
    new_org: str | None = None
    start_date: str | None = None
    new_title: str | None = None


class DeparturePlan(BaseModel):
    org: str
    warnings: list[str]
    steps: list[DepartureStepRecord]


class StepUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    org: str | None = None
    date: str | None = None
    undo: bool = False
    rehire: str | None = Field(None, examples=["yes"])
    note: str | None = None


class LeadCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(examples=["Senior Python engineer"])
    org: str = Field(examples=["Globex"])
    skills: str | None = Field(None, examples=["python, django"])
    url: str | None = None
    text: str | None = None


class LeadRecord(BaseModel):
    """A row of ``kith lead list --json``."""

    model_config = ConfigDict(extra="allow")

    id: int
    title: str
    org: str | None
    skills: list[str]
    url: str | None
    created_on: str
    shared_with: list[Person]


class LeadMatch(BaseModel):
    """A row of ``kith lead match --json``: best fit first."""

    contact_id: int
    name: str
    score: float
    title: str | None
    org: str | None
    matched: list[str]


class LeadShare(BaseModel):
    model_config = ConfigDict(extra="forbid")

    contact: str = Field(examples=["Dana"])
    date: str | None = None
    channel: str = "email"


class EventCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(examples=["PyCon"])
    date: str = Field(examples=["2026-05-01"])
    place: str | None = None


class EventRecord(BaseModel):
    """A row of ``kith event list --json``."""

    model_config = ConfigDict(extra="allow")

    id: int
    name: str
    date: str
    place: str | None
    follow_up_by: str
    people: list[Person]


class EventMet(BaseModel):
    model_config = ConfigDict(extra="forbid")

    people: list[str] = Field(min_length=1, examples=[["Kim", "Newt Newcomer"]])


class ReferenceRow(BaseModel):
    """A row of ``kith ref list --json``."""

    model_config = ConfigDict(extra="allow")

    contact_id: int
    name: str
    agreed: bool
    times_asked: int
    asked_last_6_months: int
    last_asked: str | None
    overused: bool


class ReferenceCreate(BaseModel):
    """``kith ref add`` (``asked`` false: they agreed) or ``kith ref ask`` (``asked`` true)."""

    model_config = ConfigDict(extra="forbid")

    contact: str
    role: str | None = None
    date: str | None = None
    asked: bool = False


class ReferenceResult(BaseModel):
    contact_id: int
    warnings: list[str]


class RehireUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answer: str = Field(examples=["yes"])
    note: str | None = None


class MergeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    keep: str
    other: str


class RehireRecord(BaseModel):
    org: str
    rehire_eligible: str = Field(examples=["yes"])
    note: str | None


class StrengthRow(BaseModel):
    contact_id: int
    name: str
    strength: int
    state: str


class HealthSummary(BaseModel):
    """``kith health --json``: the network by state and by strength."""

    model_config = ConfigDict(extra="allow")

    date: str
    contacts: int
    states: dict[str, int]
    average_strength: int
    strength_bands: dict[str, int]
    weakest: list[StrengthRow]
    strongest: list[StrengthRow]


class ContactHealth(BaseModel):
    """One relationship's strength (0-100) and its parts (recency, frequency, depth,
    reciprocity), each out of its maximum."""

    model_config = ConfigDict(extra="allow")

    strength: int
    parts: dict[str, int]
    max: dict[str, int]
    state: str
    cadence_days: int | None
    unanswered_outreach: int
    last_conversation: str | None


class DupeSide(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: int
    name: str
    org: str | None = None


class DupePair(BaseModel):
    """``kith dupes --json``: two records that may be one person."""

    model_config = ConfigDict(extra="allow")

    a: DupeSide
    b: DupeSide
    score: float
    reason: str


class DistinctRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    a: str
    b: str


class DistinctResult(BaseModel):
    """``kith distinct --json``: the two contacts, and whether this was news."""

    a: DupeSide
    b: DupeSide
    new: bool


class MergeResult(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: int
    name: str
    removed: int


class DraftRecord(BaseModel):
    """``kith draft --json``: a message for the user to edit and send, and the stored
    facts it used (it names no other)."""

    contact_id: int
    name: str
    occasion: str = Field(examples=["reconnect"])
    text: str
    facts: dict[str, Any]
    warnings: list[str]
