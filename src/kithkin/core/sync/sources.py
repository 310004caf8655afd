"""The mailboxes, calendars and address books ``kith sync`` reads: added once, then
read forever.

A source is a kind (``imap``, ``caldav``, ``carddav``, ``ics``), a URL and a few options. Its
password is never here: the URL is refused when it holds one, and the options only
say where the secret is found (an environment variable, or a file of mode 0600 the
user names; otherwise the system keyring, under the source's name). Everything a
face prints goes through :func:`view`, which shows an ICS URL's host but not its
path, since a published calendar's secret address is its password.
"""

from __future__ import annotations

import ipaddress
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kithkin import clock
from kithkin.core.sync.config import INTERACTION_SOURCE as INTERACTION_SOURCE
from kithkin.core.sync.config import SourceConfig as SourceConfig
from kithkin.core.sync.config import config_of
from kithkin.core.userinput import normalize_email
from kithkin.errors import BadInput, Conflict, NotFound
from kithkin.store.tables import ContactEmail, Source

KINDS = ("imap", "caldav", "carddav", "ics")
_WANTED = {  # what a URL of each kind starts with, and one for example
    "imap": ("an imap URL starts with imaps:// (or imap:// with STARTTLS)",
             "imaps://you@imap.example.com/"),
    "caldav": ("a caldav URL starts with https://", "https://cloud.example.com/remote.php/dav/"),
    "carddav": ("a carddav URL starts with https://",
                "https://cloud.example.com/remote.php/dav/"),
    "ics": ("an ics URL starts with https:// (or webcal://)",
            "https://calendar.example.com/…/basic.ics"),
}  # fmt: skip
_SCHEMES = {
    "imap": ("imaps", "imap"),
    "caldav": ("https", "http"),
    "carddav": ("https", "http"),
    "ics": ("https", "http", "webcal", "webcals"),
}
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,59}$")
_ENV = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,99}$")
_NO_PASSWORD = (
    "the URL holds a password: leave it out (kithkin reads it from the keyring, "
    "--password-env or --password-file, never from the database)"
)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def clean_url(kind: str, raw: str) -> tuple[str, str | None]:
    """The URL without its user (returned apart), refused with a reason when unusable."""
    raw = raw.strip()
    try:
        p = urlsplit(raw)
        p.port  # noqa: B018  (raises on a port that is not a number)
    except ValueError:
        raise BadInput(f"not a usable {kind} URL (bad host or port)") from None
    scheme = p.scheme.lower()
    if scheme not in _SCHEMES[kind]:
        starts, example = _WANTED[kind]
        raise BadInput(f"{starts}{f', not {scheme}://' if scheme else ''}, as in {example}")
    if p.password is not None:
        raise BadInput(_NO_PASSWORD)
    host = (p.hostname or "").lower()
    if not host:
        raise BadInput(f"the {kind} URL names no server")
    if scheme == "http" and not _loopback(host):
        what = "address book" if kind == "carddav" else "calendar"
        raise BadInput(f"{kind}: plain http:// would send your {what} and password in the "
                       "clear; use https:// (http:// is allowed on this machine only)")  # fmt: skip
    if scheme in ("webcal", "webcals"):
        scheme = "https"
    netloc = f"[{host}]" if ":" in host else host
    if p.port:
        netloc += f":{p.port}"
    path = p.path or "/"
    if kind == "imap" and path not in ("", "/"):
        raise BadInput("an imap URL names the server only (imaps://user@host[:port]/); "
                       "choose folders with --folder")  # fmt: skip
    query = f"?{p.query}" if p.query else ""
    return f"{scheme}://{netloc}{path}{query}", (unquote(p.username) if p.username else None)


def _default_name(kind: str, host: str) -> str:
    labels = [x for x in host.split(".") if x]
    try:
        ipaddress.ip_address(host)
        base = host
    except ValueError:
        base = labels[-2] if len(labels) >= 2 else (labels[0] if labels else kind)
    return re.sub(r"[^a-z0-9._-]", "-", base.lower())[:60] or kind


def add(
    s: Session,
    kind: str,
    url: str,
    *,
    name: str | None = None,
    user: str | None = None,
    me: list[str] | None = None,
    folders: list[str] | None = None,
    calendars: list[str] | None = None,
    with_snippets: bool = False,
    password_env: str | None = None,
    password_file: str | None = None,
    ca_file: str | None = None,
    addressbooks: list[str] | None = None,
    push_tiers: list[str] | None = None,
) -> SourceConfig:
    """Store a new source; everything is checked before anything is written."""
    kind = kind.strip().lower()
    if kind not in KINDS:
        raise BadInput(f"unknown source kind {kind!r}: expected one of {', '.join(KINDS)}")
    clean, url_user = clean_url(kind, url)
    user = (user or url_user or "").strip() or None
    if kind == "imap" and not user:
        raise BadInput("say who logs in: imaps://USER@host/ (or --user USER)")
    host = urlsplit(clean).hostname or ""
    chosen = (name or _default_name(kind, host)).strip().lower()
    if not _NAME.match(chosen):
        raise BadInput(f"source name {chosen!r}: use lower-case letters, digits, '.', '-', '_'")
    if s.scalars(select(Source.id).where(Source.name == chosen)).first() is not None:
        raise Conflict(f"a source named {chosen!r} exists: choose another with --name")
    from kithkin.core.book import contacts  # here: `kith sync` reads sources, adds none

    mine = [normalize_email(a) for a in me or []]
    if not mine:
        mine = sorted(e.email for e in contacts.me(s).emails)
    if not mine and kind != "carddav":  # an address book logs no mail or meeting of yours
        raise BadInput("say which addresses are yours: --me ADDRESS (repeatable)")
    if password_env is not None and not _ENV.match(password_env):
        raise BadInput(f"--password-env {password_env!r} is not an environment variable name")
    options: dict[str, Any] = {"me": mine}
    if user:
        options["user"] = user
    if folders:
        options["folders"] = [_folder(f) for f in folders]
    if calendars:
        options["calendars"] = [c.strip() for c in calendars if c.strip()]
    if with_snippets:
        options["with_snippets"] = True
    if addressbooks:
        options["addressbooks"] = [b.strip() for b in addressbooks if b.strip()]
    if push_tiers:
        from kithkin.core.sync.cards import push_tiers as checked_tiers

        options["push_tiers"] = checked_tiers(push_tiers)
    if password_env:
        options["password_env"] = password_env
    for opt, value in (("password_file", password_file), ("ca_file", ca_file)):
        if value:
            path = Path(value).expanduser()
            if not path.is_file():
                raise BadInput(f"--{opt.replace('_', '-')} {value}: no such file")
            options[opt] = str(path.resolve())
    if (folders or with_snippets) and kind != "imap":
        raise BadInput("--folder and --with-snippets are for imap sources")
    if calendars and kind != "caldav":
        raise BadInput("--calendar is for caldav sources")
    if (addressbooks or push_tiers) and kind != "carddav":
        raise BadInput("--addressbook and --push-tier are for carddav sources")
    _remember_mine(s, mine)
    row = Source(
        name=chosen,
        kind=kind,
        url=clean,
        options=json.dumps(options, sort_keys=True),
        created_on=clock.today(),
    )
    s.add(row)
    s.flush()
    return _config(row)


def _remember_mine(s: Session, mine: list[str]) -> None:
    """Your addresses go on your own record, as an mbox import puts them: the next
    source (or import) finds them there, and nobody else can be you."""
    from kithkin.core.book import contacts

    me_row = contacts.me(s)
    taken = set(s.scalars(select(ContactEmail.email).where(ContactEmail.email.in_(mine))))
    for e in mine:
        if e not in taken:
            me_row.emails.append(ContactEmail(email=e))
    s.flush()


def _folder(name: str) -> str:
    name = name.strip()
    if not name or any(c in name for c in "\r\n\0"):
        raise BadInput(f"--folder {name!r} is not a folder name")
    return "INBOX" if name.upper() == "INBOX" else name  # RFC 3501: in any case


def _config(row: Source) -> SourceConfig:
    return config_of(row.id, row.name, row.kind, row.url, row.options)


def every(s: Session) -> list[SourceConfig]:
    return [_config(r) for r in s.scalars(select(Source).order_by(Source.name))]


def get(s: Session, name: str) -> SourceConfig:
    row = s.scalars(select(Source).where(Source.name == name.strip().lower())).first()
    if row is None:
        names = ", ".join(c.name for c in every(s)) or "none yet: kith source add"
        raise NotFound(f"no source named {name!r} (sources: {names})")
    return _config(row)


def remove(s: Session, name: str) -> SourceConfig:
    """Forget a source and how far it was read; what it logged stays in the history."""
    cfg = get(s, name)
    s.execute(delete(Source).where(Source.id == cfg.id))
    return cfg


def shown_url(cfg: SourceConfig) -> str:
    """The URL as printed: an ICS URL's path is its secret, so only its host shows."""
    p = cfg.parts
    user = f"{cfg.user}@" if cfg.user else ""
    if cfg.kind == "ics":
        return f"{p.scheme}://{user}{p.netloc}/…"
    return f"{p.scheme}://{user}{p.netloc}{p.path}"


def view(s: Session, cfg: SourceConfig) -> dict[str, Any]:
    """The JSON of ``kith source list --json`` (no secret: where it is read, not what)."""
    row = s.get(Source, cfg.id)
    secret: dict[str, str] | None = None
    if "password_env" in cfg.options:
        secret = {"env": cfg.options["password_env"]}
    elif "password_file" in cfg.options:
        secret = {"file": cfg.options["password_file"]}
    elif cfg.user:
        secret = {"keyring": cfg.name}
    return {
        "name": cfg.name,
        "kind": cfg.kind,
        "url": shown_url(cfg),
        "user": cfg.user,
        "me": cfg.me,
        "folders": cfg.folders,
        "calendars": cfg.calendars,
        **(
            {
                "addressbooks": cfg.options.get("addressbooks", []),
                "push_tiers": cfg.options.get("push_tiers", []),
            }
            if cfg.kind == "carddav"
            else {}
        ),
        "with_snippets": cfg.with_snippets,
        "password": secret,
        "synced_at": row.synced_at.isoformat(timespec="seconds") if row and row.synced_at else None,
        "last_result": row.last_result if row else None,
    }
