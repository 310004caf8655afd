"""Today's agenda and the plan, snoozes and flags, occasions, settings, health, drafts."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


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
    model_config = ConfigDict(extra="forbid", strict=True)

    until: str = Field(examples=["2026-12-01"])


class ContactFlags(BaseModel):
    """A contact's place on the agenda after snooze, pause, resume or reset."""

    id: int
    name: str
    paused: bool
    snoozed_until: str | None
    reset_on: str | None


class OccasionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

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
    model_config = ConfigDict(extra="forbid", strict=True)

    value: str = Field(examples=["7"])


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
    held_back: str | None = None  # why the agenda leaves them out now (R7, pause, snooze)


class DraftRecord(BaseModel):
    """``kith draft --json``: a message for the user to edit and send, and the stored
    facts it used (it names no other)."""

    contact_id: int
    name: str
    occasion: str = Field(examples=["reconnect"])
    text: str
    facts: dict[str, Any]
    warnings: list[str]
    template: str = Field(description="Which template wrote it: built in, or your own file.")
