"""Who do I know, the departure plan, job leads, events and references."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from kithkin.core.bounds import MAX_DAYS
from kithkin.core.career.departure import MIN_NOTICE_DAYS
from kithkin.web.api.schemas import INTEGRAL
from kithkin.web.api.schemas.contacts import Person

NoticeDays = Annotated[int, Field(ge=MIN_NOTICE_DAYS, le=MAX_DAYS), INTEGRAL]


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
    model_config = ConfigDict(extra="forbid", strict=True)

    org: str
    last_day: str = Field(examples=["2026-12-18"])
    notice_days: NoticeDays = 14
    new_org: str | None = None
    start_date: str | None = None
    new_title: str | None = None


class DeparturePlan(BaseModel):
    org: str
    warnings: list[str]
    steps: list[DepartureStepRecord]


class StepUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    org: str | None = None
    date: str | None = None
    undo: bool = False
    rehire: str | None = Field(None, examples=["yes"])
    note: str | None = None


class LeadCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

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
    model_config = ConfigDict(extra="forbid", strict=True)

    contact: str = Field(examples=["Dana"])
    date: str | None = None
    channel: str = "email"


class EventCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

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
    model_config = ConfigDict(extra="forbid", strict=True)

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

    model_config = ConfigDict(extra="forbid", strict=True)

    contact: str
    role: str | None = None
    date: str | None = None
    asked: bool = False


class ReferenceResult(BaseModel):
    contact_id: int
    warnings: list[str]


class RehireUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    answer: str = Field(examples=["yes"])
    note: str | None = None


class RehireRecord(BaseModel):
    org: str
    rehire_eligible: str = Field(examples=["yes"])
    note: str | None
