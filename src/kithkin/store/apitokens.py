"""Hosted mode's API tokens: what a user's scripts send as ``Authorization: Bearer``.

A token is ``kith_`` and 43 random characters, shown once when it is made (on the
Account page or by ``kith hosted token add``); like a session's, only its SHA-256 is
stored, with the name its user gave it, when it was made and the day it was last
used. It opens that user's ``/api`` (never a page) until it is revoked or the user
is removed; a new password leaves it be (revoke it to lock a script out).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import text

from kithkin.errors import BadInput, NotFound

if TYPE_CHECKING:
    from kithkin.store.accounts import Accounts, User

PREFIX = "kith_"
LONGEST_LABEL = 80
MOST_PER_USER = 50


def ddl(a: str) -> str:
    """The table, in the accounts schema ``a`` (made by :meth:`Accounts.ensure`)."""
    return f"""
        CREATE TABLE IF NOT EXISTS {a}.api_tokens (
            id bigserial PRIMARY KEY,
            user_id bigint NOT NULL REFERENCES {a}.users(id) ON DELETE CASCADE,
            token_hash text NOT NULL UNIQUE,
            label text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now(),
            last_used date
        );
        CREATE INDEX IF NOT EXISTS api_tokens_user ON {a}.api_tokens(user_id);
    """


@dataclass(frozen=True)
class ApiToken:
    """One token as its user sees it listed: never the token itself."""

    id: int
    label: str
    created: datetime
    last_used: date | None


def _label(label: str) -> str:
    shown = " ".join(label.split())
    if not shown or len(shown) > LONGEST_LABEL:
        raise BadInput(
            f"give the token a name (what will use it), {LONGEST_LABEL} characters at most"
        )
    return shown


def add(accounts: Accounts, user: User, label: str) -> tuple[ApiToken, str]:
    """A new token for ``user``: its listing, and the token (to show once)."""
    from kithkin.store.accounts import _fingerprint

    name = _label(label)
    token = PREFIX + secrets.token_urlsafe(32)
    a = accounts.schema
    with accounts.engine.begin() as conn:
        held = conn.execute(
            text(f"SELECT count(*) FROM {a}.api_tokens WHERE user_id = :u"), {"u": user.id}
        ).scalar_one()
        if held >= MOST_PER_USER:
            raise BadInput(f"{MOST_PER_USER} tokens already: revoke one you no longer use first")
        row = conn.execute(
            text(f"INSERT INTO {a}.api_tokens (user_id, token_hash, label) VALUES (:u, :h, :l)"
                 " RETURNING id, created_at"),
            {"u": user.id, "h": _fingerprint(token), "l": name},
        ).one()  # fmt: skip
    return ApiToken(int(row[0]), name, row[1], None), token


def listing(accounts: Accounts, user: User) -> list[ApiToken]:
    with accounts.engine.connect() as conn:
        rows = conn.execute(
            text(f"SELECT id, label, created_at, last_used FROM {accounts.schema}.api_tokens"
                 " WHERE user_id = :u ORDER BY id"),
            {"u": user.id},
        ).all()  # fmt: skip
    return [ApiToken(int(r[0]), r[1], r[2], r[3]) for r in rows]


def revoke(accounts: Accounts, user: User, token_id: int) -> None:
    """Delete one of ``user``'s tokens (another user's is not found, alike an unknown one)."""
    with accounts.engine.begin() as conn:
        gone = conn.execute(
            text(f"DELETE FROM {accounts.schema}.api_tokens WHERE id = :i AND user_id = :u"),
            {"i": token_id, "u": user.id},
        ).rowcount
    if not gone:
        raise NotFound(f"{user.email} has no API token #{token_id}")


def owner(accounts: Accounts, token: str) -> User | None:
    """The user this token opens, noting the day it was used; None if none."""
    from kithkin.store.accounts import User, _fingerprint

    if not token.startswith(PREFIX) or len(token) > 100:
        return None
    a, h = accounts.schema, _fingerprint(token)
    with accounts.engine.connect() as conn:
        row = conn.execute(
            text(f"SELECT u.id, u.email, u.schema_name, t.last_used = current_date"
                 f" FROM {a}.api_tokens t JOIN {a}.users u ON u.id = t.user_id"
                 " WHERE t.token_hash = :h"),
            {"h": h},
        ).first()  # fmt: skip
        if row is None:
            return None
        if not row[3]:  # one write a day at most, not one per request
            conn.execute(
                text(f"UPDATE {a}.api_tokens SET last_used = current_date WHERE token_hash = :h"),
                {"h": h},
            )
            conn.commit()
    return User(int(row[0]), row[1], row[2])
