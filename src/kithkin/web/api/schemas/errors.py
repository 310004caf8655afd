"""The error body every API error has, and the shapes shared by every resource."""

from __future__ import annotations

from pydantic import BaseModel, Field


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


LIMIT_MAX = 1_000_000_000  # beyond any network; a 64-bit integer
LIMIT_DOC = "At most this many (without it: all of them)."
OFFSET_DOC = "Skip this many first."


class Created(BaseModel):
    id: int
    name: str
