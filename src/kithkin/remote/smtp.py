"""Send one message over SMTP with the standard library (``smtplib``).

``tls`` connects over TLS from the first byte (port 465), ``starttls`` upgrades
a plain connection before anything else is said (port 587), ``none`` sends in
the clear (a relay on the same machine). Certificates are verified against the
system's authorities, or the one ``smtp.ca_file`` names. Any failure becomes one
line naming the server; the password never appears in it.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from kithkin.core.reach.mailer import Envelope, Server
from kithkin.errors import Unreachable
from kithkin.remote.http import tls_context

TIMEOUT = 30.0


def _reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error
        raw = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
        return f"{exc.smtp_code} {' '.join(raw.split())}"[:200]
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "every recipient was refused"
    lines = str(exc).strip().splitlines()
    return (lines[0] if lines else type(exc).__name__)[:200]


def send(server: Server, envelope: Envelope, msg: EmailMessage) -> None:
    """Deliver ``msg`` to the envelope's recipients, or raise :class:`Unreachable`."""
    ctx: ssl.SSLContext | None = None
    try:
        if server.security != "none":
            ctx = tls_context(server.ca_file or None, option="smtp.ca_file")
        client: smtplib.SMTP
        if server.security == "tls":
            client = smtplib.SMTP_SSL(server.host, server.port, timeout=TIMEOUT, context=ctx)
        else:
            client = smtplib.SMTP(server.host, server.port, timeout=TIMEOUT)
        with client:
            client.ehlo()
            if server.security == "starttls":
                client.starttls(context=ctx)
                client.ehlo()
            if server.user:
                client.login(server.user, server.password or "")
            refused = client.send_message(
                msg, from_addr=envelope.sender, to_addrs=envelope.recipients
            )
    except (smtplib.SMTPException, OSError) as exc:
        raise Unreachable(f"{server.label} did not take the digest: {_reason(exc)}") from None
    if refused:
        raise Unreachable(f"{server.label} refused {', '.join(sorted(refused))}")
