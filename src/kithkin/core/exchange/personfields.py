"""What a file may say about a person, checked and cleaned at the import's door.

kithkin's own contact fields a card may carry (:data:`OWN_FIELDS`, each with its
check), those a known contact takes when it has none, the fields an import fills,
and the cleaning every record gets before :mod:`kithkin.core.exchange.people`
matches and writes it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import Any

from kithkin.core import bounds
from kithkin.core import phones as phone_rules
from kithkin.core.exchange.incoming import PersonRecord
from kithkin.core.userinput import (
    fast_email,
    fast_linkedin,
    has_controls,
    one_line_text,
    parse_choice,
    strip_controls,
)
from kithkin.core.vocabulary import Channel, Tier
from kithkin.errors import BadInput


def _days(text: str) -> int | None:
    return bounds.check_days(int(text), "days")


def _flag(text: str) -> bool:
    if text.lower() in ("true", "yes", "1"):
        return True
    if text.lower() in ("false", "no", "0"):
        return False
    raise ValueError(text)


# kithkin's own contact fields a card may carry (PersonRecord.extra), each with its check.
OWN_FIELDS: dict[str, Callable[[str], Any]] = {
    "tier": lambda t: parse_choice(t, Tier, "tier").value,
    "cadence_days": _days,
    "preferred_channel": lambda t: parse_choice(t, Channel, "channel").value,
    "how_met": lambda t: t[:2000] or None,
    "min_interval_days": _days,
    "professional_only": _flag,
    "do_not_contact": _flag,
    "time_zone": lambda t: t[:64] or None,
}
OWN_DEFAULTS: dict[str, Any] = {
    "cadence_days": None,
    "preferred_channel": None,
    "how_met": None,
    "min_interval_days": None,
    "professional_only": False,
    "do_not_contact": False,
    "time_zone": None,
}
# Those a known contact takes when it has none (tier and flags are the user's own).
OWN_FILLABLE = ("cadence_days", "preferred_channel", "how_met", "min_interval_days", "time_zone")

FILLS = ("given_name", "family_name", "nickname", "birthday", "notes", "photo", "connected_on",
          "location")  # fmt: skip


ONE_LINE = (
    "display_name",
    "name_prefix",
    "given_name",
    "middle_name",
    "family_name",
    "name_suffix",
    "nickname",
    "org",
    "title",
    "location",
)
_one_line_values = attrgetter(*ONE_LINE)


def clean(rec: PersonRecord) -> None:
    """No control characters in what a file says about a person (the door every
    importer passes; typed input is cleaned by ``contacts.validated``)."""
    values = _one_line_values(rec)  # a tuple made at C speed: 30,000 records an import
    if has_controls("".join(filter(None, values))):  # one search for the common clean record
        for name, value in zip(ONE_LINE, values, strict=True):
            if value and has_controls(value):
                setattr(rec, name, one_line_text(value))
    if rec.notes and has_controls(rec.notes):
        rec.notes = strip_controls(rec.notes)
    if rec.categories and any(has_controls(c) for c in rec.categories):
        rec.categories = [c for c in (one_line_text(c) for c in rec.categories) if c]


def tags_of(categories: Sequence[str]) -> list[str]:
    out: list[str] = []
    for c in categories:
        t = re.sub(r"\s+", " ", c).strip().lower()[:100]
        if t and t not in out:
            out.append(t)
    return out


def normalised(
    rec: PersonRecord, region: str | None, note: Callable[[PersonRecord, str], None]
) -> tuple[list[str], list[str], dict[str, phone_rules.Phone], list[str], list[str]]:
    """A record's emails, phone keys (with each number as read), LinkedIn profiles and
    other URLs in the forms kithkin stores and matches, each once; what cannot be one
    is left out with a ``note``."""
    emails: list[str] = []
    for raw in rec.emails:
        try:
            e = fast_email(raw)
        except BadInput:
            note(rec, f"invalid email {raw!r} left out")
            continue
        if e not in emails:
            emails.append(e)
    phones: list[str] = []
    as_read: dict[str, phone_rules.Phone] = {}
    for raw in rec.phones:
        try:
            p = phone_rules.read(raw, rec.phone_region or region)
        except BadInput as exc:
            note(rec, f"{exc}; left out")
            continue
        if raw in rec.phones_as_written:
            p = phone_rules.Phone(p.number, rec.phones_as_written[raw][: phone_rules.RAW_LIMIT])
        key = phone_rules.key(p.number)
        as_read.setdefault(key, p)
        if key not in phones:
            phones.append(key)
    linkedin: list[str] = []
    other: list[str] = []
    for raw in rec.urls:
        li = fast_linkedin(raw)
        if li:
            if li not in linkedin:
                linkedin.append(li)
        elif raw.strip() and raw.strip() not in other:
            other.append(raw.strip()[:1000])
    return emails, phones, as_read, linkedin, other
