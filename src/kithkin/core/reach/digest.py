"""Today's digest: the day's agenda with reasons and drafts, then the week ahead.

The same content goes out as text and as HTML (``multipart/alternative``). The
HTML is built by escaping every stored value, uses no image and no remote
resource, and reads as a plain letter in any mail client. No stored value ever
reaches a header: the subject holds only a count and the date, and the sender
and recipients are checked addresses (:mod:`.options`), so a contact named
``x\\r\\nBcc: a@b`` is text in the body and nothing else.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from email.utils import format_datetime
from html import escape
from typing import Any

from sqlalchemy.orm import Session

from kithkin import clock
from kithkin.core import settings
from kithkin.core.reach import mailer
from kithkin.core.reach.entries import Entry, one_line, upcoming
from kithkin.core.reach.mailer import Envelope, Server
from kithkin.core.wording import count

WEEK = 7  # today and the six days after it


@dataclass(frozen=True)
class Digest:
    day: date
    today: list[Entry]
    ahead: list[Entry]
    base_url: str

    @property
    def empty(self) -> bool:
        return not self.today

    @property
    def subject(self) -> str:
        head = f"kithkin, {self.day:%A} {self.day.isoformat()}"
        if self.empty:
            return f"{head}: nobody is due today"
        return f"{head}: {count(len(self.today), 'person')} to contact today"

    def link(self, e: Entry) -> str:
        return self.base_url + e.path

    def as_dict(self) -> dict[str, Any]:
        """``kith digest --json``: the agenda items, worded, with their links."""

        def one(e: Entry, draft: bool) -> dict[str, Any]:
            out = {**e.item, "summary": e.summary, "link": self.link(e)}
            if draft:
                out["draft"] = e.draft
            return out

        return {
            "date": self.day.isoformat(),
            "subject": self.subject,
            "empty": self.empty,
            "today": [one(e, True) for e in self.today],
            "week_ahead": [one(e, False) for e in self.ahead],
        }


def compose(
    s: Session, budget: int | None = None, day: date | None = None, base_url: str | None = None
) -> Digest:
    """Today's digest from the agenda's stable plan (today at most the daily budget).

    ``day`` is the clock's today unless given: a server sends the digest of the day it
    is in the user's time zone, which may not be the machine's. Links go under
    ``base_url`` if given (the address a face is reached at), else under ``web.url``.
    """
    day, entries = upcoming(s, WEEK, budget, drafts_days=1, today=day)
    return Digest(
        day=day,
        today=[e for e in entries if e.day == day],
        ahead=[e for e in entries if e.day > day],
        base_url=(base_url or settings.web_url(s)).rstrip("/"),
    )


def _ahead_line(e: Entry) -> str:
    return f"{e.day:%a} {e.day.isoformat()}  {one_line(e.summary)}"


def text(d: Digest) -> str:
    lines = [d.subject, ""]
    if d.empty:
        lines += ["Nobody is due today. Enjoy the quiet.", ""]
    for n, e in enumerate(d.today, 1):
        lines.append(f"{n}. {one_line(e.summary)}")
        lines.append(f"   Why: {one_line(e.why)}")
        lines.append(f"   By {e.item['due']}, {e.item['channel']}")
        if e.draft:
            lines.append("   Draft:")
            lines += [f"     {one_line(ln)}" if ln.strip() else "" for ln in e.draft.splitlines()]
        lines.append(f"   Open: {d.link(e)}")
        lines.append("")
    if d.ahead:
        lines.append("The week ahead")
        lines += [f"  {_ahead_line(e)}" for e in d.ahead]
        lines.append("")
    lines.append(f"Your agenda: {d.base_url}/today")
    return "\n".join(lines) + "\n"


def html(d: Digest) -> str:
    def h(value: object) -> str:
        return escape(one_line(str(value)), quote=True)

    out = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        f"<title>{h(d.subject)}</title></head>",
        '<body style="font-family:sans-serif;line-height:1.4;max-width:40em">',
        f'<h1 style="font-size:1.2em">{h(d.subject)}</h1>',
    ]
    if d.empty:
        out.append("<p>Nobody is due today. Enjoy the quiet.</p>")
    else:
        out.append("<ol>")
        for e in d.today:
            out.append(f"<li><p><strong>{h(e.summary)}</strong><br>{h(e.why)}<br>"
                       f"By {h(e.item['due'])}, {h(e.item['channel'])}</p>")  # fmt: skip
            if e.draft:
                body = "<br>".join(h(ln) for ln in e.draft.splitlines())
                out.append(f'<blockquote style="color:#333">{body}</blockquote>')
            out.append(f'<p><a href="{h(d.link(e))}">Open in kithkin</a></p></li>')
        out.append("</ol>")
    if d.ahead:
        out.append('<h2 style="font-size:1.1em">The week ahead</h2><ul>')
        out += [f"<li>{h(_ahead_line(e))}</li>" for e in d.ahead]
        out.append("</ul>")
    out.append(f'<p><a href="{h(d.base_url)}/today">Your agenda</a></p></body></html>')
    return "\n".join(out) + "\n"


def message(d: Digest, envelope: Envelope) -> EmailMessage:
    """The digest as a ``multipart/alternative`` message, text first then HTML.

    Its boundary and Message-ID are derived from the content, so the same digest
    is the same message (a dry run shows exactly what would be sent).
    """
    plain, rich = text(d), html(d)
    digest = hashlib.sha256((plain + rich + ",".join(envelope.recipients)).encode())
    tag = digest.hexdigest()[:24]
    msg = EmailMessage()
    msg["Subject"] = d.subject
    msg["From"] = envelope.sender
    msg["To"] = ", ".join(envelope.recipients)
    msg["Date"] = format_datetime(clock.now())
    msg["Message-ID"] = f"<digest-{d.day.isoformat()}-{tag[:12]}@kithkin>"
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(plain)
    msg.add_alternative(rich, subtype="html")
    msg.set_boundary(f"kithkin-{tag}")
    return msg


@dataclass(frozen=True)
class Outgoing:
    """Today's digest ready to go: the message, where to, and whether to skip it."""

    digest: Digest
    envelope: Envelope
    server: Server | None  # None for a dry run
    message: EmailMessage
    skip: bool  # nobody due and digest.empty is skip


def outgoing(
    s: Session, with_server: bool = True, day: date | None = None, base_url: str | None = None
) -> Outgoing:
    """Compose today's digest and check every setting it needs (before anything is sent)."""
    d = compose(s, day=day, base_url=base_url)
    envelope = mailer.envelope(s)
    server = mailer.server(s) if with_server else None
    skip = d.empty and settings.get(s, "digest.empty") != "send"
    return Outgoing(d, envelope, server, message(d, envelope), skip)
