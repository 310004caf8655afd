"""Where the digest goes and through which server: settings, environment, password.

Each value comes from its environment variable when that is set (a server's unit
file, a container), else from the stored settings:

=================  ====================
``smtp.host``      ``KITH_SMTP_HOST``
``smtp.port``      ``KITH_SMTP_PORT``
``smtp.security``  ``KITH_SMTP_SECURITY``
``smtp.user``      ``KITH_SMTP_USER``
``digest.from``    ``KITH_DIGEST_FROM``
``digest.to``      ``KITH_DIGEST_TO``
=================  ====================

An environment value is checked like a stored one. The password is read only
here, from ``KITH_SMTP_PASSWORD`` or the file ``smtp.password_file`` names (which
must be readable by its owner alone), and handed to the SMTP client; it is never
stored, shown or put in a message or a log.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from kithkin.core import settings
from kithkin.core.reach.options import DEFAULT_PORT
from kithkin.errors import BadInput

ENV = {
    "smtp.host": "KITH_SMTP_HOST",
    "smtp.port": "KITH_SMTP_PORT",
    "smtp.security": "KITH_SMTP_SECURITY",
    "smtp.user": "KITH_SMTP_USER",
    "digest.from": "KITH_DIGEST_FROM",
    "digest.to": "KITH_DIGEST_TO",
}
PASSWORD_ENV = "KITH_SMTP_PASSWORD"


@dataclass(frozen=True)
class Envelope:
    sender: str
    recipients: list[str]


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    security: str
    user: str
    ca_file: str
    password: str | None = field(default=None, repr=False)

    @property
    def label(self) -> str:
        return f"the SMTP server {self.host}:{self.port}"


def value(s: Session, key: str) -> str:
    """A setting, the environment's value first (checked the same way)."""
    var = ENV.get(key)
    raw = os.environ.get(var) if var else None
    if raw is not None and raw.strip():
        return settings.KNOWN[key].parse(str(var), raw)
    return settings.get(s, key)


def _needed(s: Session, key: str, example: str) -> str:
    v = value(s, key)
    if not v:
        raise BadInput(
            f"the digest needs {key} (or the environment variable {ENV[key]})",
            hint=f"kith config set {key} {example}",
        )
    return v


def envelope(s: Session) -> Envelope:
    sender = _needed(s, "digest.from", "kithkin@example.org")
    to = _needed(s, "digest.to", "you@example.org")
    return Envelope(sender, [a.strip() for a in to.split(",") if a.strip()])


def _password_file(name: str) -> str:
    path = Path(name)
    try:
        st = path.stat()
    except OSError:
        raise BadInput(f"smtp.password_file: {path} does not exist") from None
    if os.name == "posix" and st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise BadInput(
            f"smtp.password_file: {path} may be read by others; make it yours alone (mode 0600)"
        )
    try:
        text = path.read_text(encoding="utf-8").strip("\r\n")
    except (OSError, UnicodeDecodeError):
        raise BadInput(f"smtp.password_file: {path} cannot be read") from None
    if not text:
        raise BadInput(f"smtp.password_file: {path} is empty")
    return text


def password(s: Session) -> str | None:
    """The SMTP password: the environment, else the password file, else none."""
    env = os.environ.get(PASSWORD_ENV)
    if env:
        return env
    name = settings.get(s, "smtp.password_file")
    return _password_file(name) if name else None


def server(s: Session) -> Server:
    host = _needed(s, "smtp.host", "smtp.example.org")
    security = value(s, "smtp.security")
    port = value(s, "smtp.port")
    user = value(s, "smtp.user")
    secret = password(s)
    if user and secret is None:
        raise BadInput(
            f"the SMTP user {user} needs a password: set {PASSWORD_ENV} or name a file "
            "with smtp.password_file"
        )
    return Server(
        host=host,
        port=int(port) if port else DEFAULT_PORT[security],
        security=security,
        user=user,
        ca_file=settings.get(s, "smtp.ca_file"),
        password=secret if user else None,
    )
