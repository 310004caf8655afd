"""Import summaries, duplicate pairs and merges."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


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
    ambiguous: int = 0


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


class MergeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    keep: str
    other: str


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
    model_config = ConfigDict(extra="forbid", strict=True)

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
