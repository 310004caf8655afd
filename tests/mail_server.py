"""A real SMTP server on loopback (aiosmtpd) for the digest tests: plain, or STARTTLS
with a self-signed certificate the test makes and a login it checks; it can be told
to refuse every message. Not a mock: kithkin talks to it with smtplib over TCP."""

from __future__ import annotations

import ssl
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from sync_servers import free_port, self_signed

USER, PASSWORD = "alex", "s3cret-pass"


@dataclass
class Received:
    sender: str
    recipients: list[str]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        msg = message_from_bytes(self.raw, policy=policy.default)
        assert isinstance(msg, EmailMessage)
        return msg


@dataclass
class Handler:
    received: list[Received] = field(default_factory=list)
    refuse: bool = False
    logins: list[str] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse:
            return "554 5.7.1 not today"
        self.received.append(
            Received(
                envelope.mail_from,
                list(envelope.rcpt_tos),
                bytes(envelope.original_content or envelope.content),
            )
        )
        return "250 OK"


class Mailbox:
    """The server and what it received; ``port`` to configure kithkin with."""

    def __init__(self, folder: Path | None = None) -> None:
        self.handler = Handler()
        self.port = free_port()
        self.cert: Path | None = None
        kwargs: dict[str, Any] = {}
        if folder is not None:
            cert, key = self_signed(folder)
            ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            ctx.load_cert_chain(str(cert), str(key))
            self.cert = cert
            kwargs = {"tls_context": ctx, "require_starttls": True, "auth_required": True,
                      "authenticator": self._authenticate,
                      "auth_exclude_mechanism": ["LOGIN"]}  # fmt: skip
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **kwargs)
        self.controller.start()

    def _authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str,
                      data: Any) -> AuthResult:  # fmt: skip
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
            USER.encode(), PASSWORD.encode())  # fmt: skip
        if ok:
            self.handler.logins.append(USER)
        return AuthResult(success=ok, handled=False)

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    def stop(self) -> None:
        self.controller.stop()
