"""User preferences stored in the database (``settings`` table), one string per key.

They live in the database rather than a file so that the hosted PostgreSQL mode
and every face (CLI, web, digest) see the same values. Each known key has a
parser that refuses a bad value before anything is written; other modules may
add keys to :data:`KNOWN`. The module loads without SQLAlchemy (the functions that
read the table import it), so that the quick paths read the same defaults
(:mod:`kithkin.cli.quickshow`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kithkin.core import bounds, phones
from kithkin.core.reach import options as reach
from kithkin.core.vocabulary import TIER_CADENCE, Tier
from kithkin.errors import BadInput

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# R17: the number of people the agenda shows per day unless configured.
DEFAULT_BUDGET = 5
# `kith serve` reads the sources (kith sync) this often, in minutes, unless configured.
DEFAULT_SYNC_EVERY = 15
# Where links in the calendar feed and the digest point unless configured.
DEFAULT_WEB_URL = "http://127.0.0.1:8000"


def _positive_int(key: str, value: str) -> str:
    try:
        n = int(value.strip())
    except ValueError:
        raise BadInput(f"{key} must be a whole number, not {value!r}") from None
    bounds.check_count(n, key)
    return str(n)


def _web_url(key: str, value: str) -> str:
    """An http(s) address without query or fragment, kept without its trailing slash."""
    from urllib.parse import urlsplit

    text = value.strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise BadInput(f"{key} must be an http:// or https:// address, not {value!r}")
    if any(ch.isspace() or ord(ch) < 32 for ch in text):
        raise BadInput(f"{key} must be an address without spaces, not {value!r}")
    return text.rstrip("/")


def _yes_no(key: str, value: str) -> str:
    v = value.strip().lower()
    if v in ("yes", "true", "on", "1"):
        return "yes"
    if v in ("no", "false", "off", "0"):
        return "no"
    raise BadInput(f"{key} must be yes or no, not {value!r}")


@dataclass(frozen=True)
class Key:
    help: str
    default: str
    parse: Callable[[str, str], str]
    # The values it takes, when it is a choice (a face offers them as such).
    choices: tuple[str, ...] = ()
    # A default that depends on the system (the locale's region), asked each time.
    auto: Callable[[], str] | None = None

    def default_value(self) -> str:
        return self.auto() if self.auto is not None else self.default


def _region(key: str, value: str) -> str:
    return phones.parse_region(value)


def _locale_region() -> str:
    return phones.locale_region() or phones.NO_REGION


KNOWN: dict[str, Key] = {
    "budget": Key("people the agenda shows per day (R17)", str(DEFAULT_BUDGET), _positive_int),
    **{
        f"cadence.{tier.value}": Key(
            f"days between touches for tier {tier.value} (R2)",
            str(TIER_CADENCE[tier]),
            _positive_int,
        )
        for tier in (Tier.CLOSE, Tier.REGULAR, Tier.WIDE)
    },
    "birthday.professional": Key(
        "wish professional-only contacts a happy birthday too (R9, R5): yes or no",
        "no",
        _yes_no,
    ),
    "sync.every": Key(
        "minutes between two reads of your mail and calendar sources while the web server runs",
        str(DEFAULT_SYNC_EVERY),
        _positive_int,
    ),
    "web.url": Key(
        "the web UI's address as your browser reaches it, for links in the calendar and digest",
        DEFAULT_WEB_URL,
        _web_url,
    ),
    # The email digest (issue 15): what, when, from whom to whom, through which server.
    "digest.schedule": Key("send the digest daily, weekly or off", "off",
                           reach.choice(reach.SCHEDULES), reach.SCHEDULES),
    "digest.time": Key("the digest's time of day (HH:MM)", "07:30", reach.clock_time),
    "digest.weekday": Key("the day a weekly digest goes out", "monday", reach.weekday,
                          reach.WEEKDAYS),
    "digest.tz": Key("the time zone of the digest's time (empty: this machine's)", "",
                     reach.time_zone),
    "digest.empty": Key("on a day with nobody due: skip the digest, or send it", "skip",
                        reach.choice(reach.EMPTY), reach.EMPTY),
    "digest.from": Key("the digest's sender address", "", reach.one_address),
    "digest.to": Key("the digest's recipient addresses (comma-separated)", "", reach.addresses),
    "smtp.host": Key("the SMTP server that sends the digest", "", reach.host),
    "smtp.port": Key("the SMTP server's port (empty: 587, 465 or 25 by security)", "",
                     reach.port),
    "smtp.security": Key("how to secure the connection: starttls, tls or none", "starttls",
                         reach.choice(reach.SECURITY), reach.SECURITY),
    "smtp.user": Key("the SMTP user name (empty: no login)", "", reach.text),
    "smtp.password_file": Key("a file (mode 0600) holding the SMTP password", "", reach.path),
    "smtp.ca_file": Key("a certificate to trust for a self-hosted SMTP server", "", reach.path),
    "phone.region": Key(
        "country of phone numbers written without their code (FR, IN...; none: keep them"
        " as written); by default the region of the system's locale",
        phones.NO_REGION,
        _region,
        auto=_locale_region,
    ),
}  # fmt: skip


def _key(key: str) -> Key:
    k = KNOWN.get(key.strip().lower())
    if key.strip().lower() == "smtp.password":
        raise BadInput(
            "the SMTP password is never stored with the settings: put it in the environment "
            "variable KITH_SMTP_PASSWORD, or in a file only you can read named by "
            "smtp.password_file"
        )
    if k is None:
        raise BadInput(f"unknown setting {key!r}: expected one of {', '.join(KNOWN)}")
    return k


def get(s: Session, key: str) -> str:
    """The stored value of ``key``, else its default.

    A Core query, not the ORM's ``Session.get``: a command that otherwise writes
    through Core (``kith import linkedin``) then never configures the ORM's mappers.
    Values are written by :func:`set_value`, which flushes, so the query sees them.
    """
    from sqlalchemy import select

    from kithkin.store.tables import Setting, table_of

    k = _key(key)
    table = table_of(Setting)
    stored = s.execute(select(table.c.value).where(table.c.key == key.strip().lower())).scalar()
    return stored if stored is not None else k.default_value()


def set_value(s: Session, key: str, value: str) -> str:
    """Store a validated value; returns it in canonical form."""
    from kithkin.store.tables import Setting

    name = key.strip().lower()
    clean = _key(name).parse(name, value)
    before = get(s, name)
    row = s.get(Setting, name)
    if row is None:
        s.add(Setting(key=name, value=clean))
    else:
        row.value = clean
    s.flush()
    _replan_if(s, name, before, clean)
    return clean


def unset(s: Session, key: str) -> None:
    """Forget a stored value: the default applies again."""
    from kithkin.store.tables import Setting

    name = key.strip().lower()
    _key(name)
    row = s.get(Setting, name)
    if row is not None:
        before = row.value
        s.delete(row)
        s.flush()
        _replan_if(s, name, before, get(s, name))


def _replan_if(s: Session, name: str, before: str, after: str) -> None:
    """R17: a new daily budget is a new plan. The remembered one was made for the old
    number of places a day; kept, it would show fewer than the budget while a backlog
    waits (or spread a smaller one over more days), so it is made again."""
    if name != "budget" or before == after:
        return
    from sqlalchemy import delete

    from kithkin.store.tables import PlanSlot

    s.execute(delete(PlanSlot))


def all_values(s: Session) -> dict[str, dict[str, str | bool]]:
    from sqlalchemy import select

    from kithkin.store.tables import Setting

    stored = {r.key: r.value for r in s.scalars(select(Setting))}
    return {
        name: {
            "value": stored.get(name, k.default_value()),
            "default": k.default_value(),
            "is_default": name not in stored,
            "help": k.help,
        }
        for name, k in KNOWN.items()
    }


def budget(s: Session) -> int:
    return int(get(s, "budget"))


def tier_cadences(s: Session) -> dict[str, int | None]:
    """R2: each tier's cadence in days, with the user's overrides; ``none`` is untracked."""
    from sqlalchemy import select

    from kithkin.store.tables import Setting

    rows = s.execute(select(Setting.key, Setting.value).where(Setting.key.like("cadence.%")))
    return tier_cadences_of(dict(rows.tuples().all()))


def tier_cadences_of(stored: Mapping[str, str]) -> dict[str, int | None]:
    """:func:`tier_cadences` of the stored settings (all of them, or those of ``cadence.``)."""
    out: dict[str, int | None] = dict(TIER_CADENCE)
    for tier in (Tier.CLOSE, Tier.REGULAR, Tier.WIDE):
        value = stored.get(f"cadence.{tier.value}")
        if value is not None:
            out[tier.value] = int(value)
    return out


def sync_every(s: Session) -> int:
    """Minutes between two syncs of the sources in ``kith serve``."""
    return int(get(s, "sync.every"))


def web_url(s: Session) -> str:
    """The web UI's base address (no trailing slash), for links sent outside it."""
    return get(s, "web.url")


def birthdays_of_professional_only(s: Session) -> bool:
    """R9/R5: whether a professional-only contact's birthday is an occasion too."""
    return birthdays_in({BIRTHDAY_KEY: get(s, BIRTHDAY_KEY)})


BIRTHDAY_KEY = "birthday.professional"


def birthdays_in(stored: Mapping[str, str]) -> bool:
    """:func:`birthdays_of_professional_only` of the stored settings."""
    return value_in(stored, BIRTHDAY_KEY) == "yes"


def value_in(stored: Mapping[str, str], key: str) -> str:
    """The value of ``key`` among the stored settings, else its default."""
    k = _key(key)
    name = key.strip().lower()
    return stored[name] if name in stored else k.default_value()


def phone_region(s: Session) -> str | None:
    """The region of numbers written without a country code, or ``None`` (keep them)."""
    value = get(s, "phone.region")
    return None if value == phones.NO_REGION else value
