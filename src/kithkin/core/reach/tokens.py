"""The calendar feed's secret address: made, shown, rotated, turned off, checked.

The address carries a token of 192 bits from :mod:`secrets`. The database holds
only its SHA-256 (a stolen backup or a shared PostgreSQL opens no feed), and a
request's token is checked by comparing hashes in constant time. So that the
same address can be shown again (``kith feed url``, the web's settings page),
the token itself is kept beside the user's settings in a file only its owner
may read, named by its hash; a database used from another machine has the
hash but not the file, and the address is then made anew instead of shown.

Rotating revokes every earlier token at once: the old address answers 404 on
its next request, as nothing is cached per token.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from kithkin import clock
from kithkin.config import config_dir
from kithkin.errors import BadInput
from kithkin.store.tables import FeedToken

TOKEN_BYTES = 24  # 192 bits; token_urlsafe makes 32 characters of them
TOKEN_CHARS = 32


def fingerprint(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def _kept(token_hash: str) -> Path:
    return config_dir() / "feed" / f"{token_hash}.token"


def _keep(token: str, token_hash: str) -> None:
    path = _kept(token_hash)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(token + "\n")


def _forget(token_hash: str) -> None:
    with contextlib.suppress(OSError):
        _kept(token_hash).unlink()


def _active(s: Session) -> list[FeedToken]:
    return list(
        s.scalars(select(FeedToken).where(FeedToken.revoked_on.is_(None)).order_by(FeedToken.id))
    )


def _create(s: Session) -> str:
    token = secrets.token_urlsafe(TOKEN_BYTES)
    digest = fingerprint(token)
    s.add(FeedToken(token_hash=digest, created_on=clock.today()))
    s.flush()
    _keep(token, digest)
    return token


def _revoke_all(s: Session) -> int:
    rows = _active(s)
    for row in rows:
        row.revoked_on = clock.today()
        _forget(row.token_hash)
    s.flush()
    return len(rows)


def address(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/feed/{token}.ics"


def current(s: Session, create: bool) -> str | None:
    """The feed's token: the one in use, a new one when there is none and ``create``.

    ``None`` when the feed is off and not to be turned on.
    """
    rows = _active(s)
    if not rows:
        return _create(s) if create else None
    digest = rows[-1].token_hash
    try:
        token = _kept(digest).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        token = ""
    if not hmac.compare_digest(fingerprint(token), digest):
        raise BadInput(
            "the calendar feed's address was made on another machine, and only its "
            "fingerprint is stored: make a new address (the old one stops working)",
            hint="kith feed rotate",
        )
    return token


def rotate(s: Session) -> str:
    """Revoke every address in use and make a new one."""
    _revoke_all(s)
    return _create(s)


def turn_off(s: Session) -> int:
    """Revoke every address: the feed answers nothing until an address is made again."""
    return _revoke_all(s)


def is_on(s: Session) -> bool:
    return bool(_active(s))


def valid(s: Session, token: str) -> bool:
    """Whether ``token`` opens the feed now (hashes compared in constant time)."""
    digest = fingerprint(token)
    ok = False
    for row in _active(s):
        ok |= hmac.compare_digest(digest, row.token_hash)
    return ok and len(token) == TOKEN_CHARS
