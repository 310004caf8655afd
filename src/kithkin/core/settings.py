"""User preferences stored in the database (``settings`` table), one string per key.

They live in the database rather than a file so that the hosted PostgreSQL mode
and every face (CLI, web, digest) see the same values. Each known key has a
parser that refuses a bad value before anything is written; other modules may
add keys to :data:`KNOWN`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kithkin.core import bounds
from kithkin.core.vocabulary import TIER_CADENCE, Tier
from kithkin.errors import BadInput
from kithkin.store.tables import Setting

# R17: the number of people the agenda shows per day unless configured.
DEFAULT_BUDGET = 5
# `kith serve` reads the sources (kith sync) this often, in minutes, unless configured.
DEFAULT_SYNC_EVERY = 15


def _positive_int(key: str, value: str) -> str:
    try:
        n = int(value.strip())
    except ValueError:
        raise BadInput(f"{key} must be a whole number, not {value!r}") from None
    bounds.check_count(n, key)
    return str(n)


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
}


def _key(key: str) -> Key:
    k = KNOWN.get(key.strip().lower())
    if k is None:
        raise BadInput(f"unknown setting {key!r}: expected one of {', '.join(KNOWN)}")
    return k


def get(s: Session, key: str) -> str:
    """The stored value of ``key``, else its default."""
    k = _key(key)
    stored = s.get(Setting, key.strip().lower())
    return stored.value if stored is not None else k.default


def set_value(s: Session, key: str, value: str) -> str:
    """Store a validated value; returns it in canonical form."""
    name = key.strip().lower()
    clean = _key(name).parse(name, value)
    row = s.get(Setting, name)
    if row is None:
        s.add(Setting(key=name, value=clean))
    else:
        row.value = clean
    s.flush()
    return clean


def unset(s: Session, key: str) -> None:
    """Forget a stored value: the default applies again."""
    name = key.strip().lower()
    _key(name)
    row = s.get(Setting, name)
    if row is not None:
        s.delete(row)
        s.flush()


def all_values(s: Session) -> dict[str, dict[str, str | bool]]:
    stored = {r.key: r.value for r in s.scalars(select(Setting))}
    return {
        name: {
            "value": stored.get(name, k.default),
            "default": k.default,
            "is_default": name not in stored,
            "help": k.help,
        }
        for name, k in KNOWN.items()
    }


def budget(s: Session) -> int:
    return int(get(s, "budget"))


def tier_cadences(s: Session) -> dict[str, int | None]:
    """R2: each tier's cadence in days, with the user's overrides; ``none`` is untracked."""
    stored = {
        r.key: r.value for r in s.scalars(select(Setting).where(Setting.key.like("cadence.%")))
    }
    out: dict[str, int | None] = dict(TIER_CADENCE)
    for tier in (Tier.CLOSE, Tier.REGULAR, Tier.WIDE):
        value = stored.get(f"cadence.{tier.value}")
        if value is not None:
            out[tier.value] = int(value)
    return out


def sync_every(s: Session) -> int:
    """Minutes between two syncs of the sources in ``kith serve``."""
    return int(get(s, "sync.every"))


def birthdays_of_professional_only(s: Session) -> bool:
    """R9/R5: whether a professional-only contact's birthday is an occasion too."""
    return get(s, "birthday.professional") == "yes"
