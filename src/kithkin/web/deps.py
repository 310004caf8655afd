"""What routes share: the database, one transaction per request, form helpers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import Request
from sqlalchemy.orm import Session

from kithkin.store.db import Database
from kithkin.web.served import net_of


def database(request: Request) -> Database:
    db: Database = net_of(request).db
    return db


@contextmanager
def session(request: Request) -> Iterator[Session]:
    """One transaction, as in the CLI: committed when the route returns, rolled back on error.

    A successful write also tells the agenda cache that the data changed.
    """
    with database(request).session(write=request.method not in ("GET", "HEAD")) as s:
        yield s
    if request.method not in ("GET", "HEAD"):
        net_of(request).generation += 1


def opt(value: str | None) -> str | None:
    """An empty form field means "not given"."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def opt_int(value: str | None, what: str) -> int | None:
    from kithkin.errors import BadInput

    v = opt(value)
    if v is None:
        return None
    try:
        return int(v)
    except ValueError:
        raise BadInput(f"{what} must be a whole number, not {v!r}") from None


def split_list(value: str | None) -> list[str]:
    """Comma- or newline-separated values from one text field."""
    if not value:
        return []
    return [p.strip() for p in value.replace("\n", ",").split(",") if p.strip()]
