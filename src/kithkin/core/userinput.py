"""Validation and normalisation of what users type: dates, emails, phones, names.

Every function raises :class:`~kithkin.errors.BadInput` with a message a person
can act on, so each face reports it in one line.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import TypeVar
from urllib.parse import unquote, urlsplit

from kithkin import clock
from kithkin.core import bounds
from kithkin.errors import BadInput

# email_validator, phonenumbers and nameparser are imported where they are used: a
# short command such as `kith today` never needs them, and start-up is most of its time.

E = TypeVar("E", bound=StrEnum)


def parse_date(value: str, what: str = "date") -> date:
    """ISO ``2026-11-02``, or ``today`` / ``yesterday`` / ``tomorrow`` relative to the clock.

    Only dates kithkin keeps (:mod:`kithkin.core.bounds`) are accepted, so that
    nothing typed can later break a computation at the ends of the calendar.
    """
    v = value.strip().lower()
    if v == "today":
        return clock.today()
    if v == "yesterday":
        return bounds.check_date(bounds.after(clock.today(), -1), what)
    if v == "tomorrow":
        return bounds.check_date(bounds.after(clock.today(), 1), what)
    try:
        day = date.fromisoformat(v) if _ISO_DATE.match(v) else None
    except ValueError:
        day = None
    if day is None:
        raise BadInput(
            f"invalid {what} {value!r}: expected YYYY-MM-DD, today, yesterday or tomorrow"
        )
    return bounds.check_date(day, what)


# fromisoformat also reads 20260102 and 2026-W01-1; a person types the dashed form.
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


def parse_choice(value: str, enum: type[E], what: str) -> E:
    try:
        return enum(value.strip().lower())
    except ValueError:
        allowed = ", ".join(e.value for e in enum)
        raise BadInput(f"unknown {what} {value!r}: expected one of {allowed}") from None


# Appended to a domain that email-validator refuses as a special-use name (``.local``,
# ``.test``, ``.internal``): such addresses are real on company and home networks, and
# everything else about them (the labels, the local part) is still checked.
_SPECIAL_USE_PROBE = ".special-use.example"


def normalize_email(value: str, *, found: bool = False) -> str:
    """Validate an address (syntax only, no DNS: nothing leaves the machine).

    Only what cannot be an address is refused: special-use names (``me@test.local``)
    are accepted. ``found=True`` is for addresses read in a file (a mailbox, a
    calendar, a card): they are data, so a domain without a dot (``root@localhost``)
    is accepted too, while a typed one must have its dot (``ann@gmail`` is a typo).
    """
    from email_validator import EmailNotValidError, validate_email

    v = value.strip()
    try:
        try:
            info = validate_email(v, check_deliverability=False, globally_deliverable=not found)
        except EmailNotValidError as exc:
            if "special-use" not in str(exc) or "@" not in v:
                raise
            info = validate_email(
                v + _SPECIAL_USE_PROBE, check_deliverability=False, globally_deliverable=False
            )
            return info.normalized.lower().removesuffix(_SPECIAL_USE_PROBE)
    except EmailNotValidError as exc:
        raise BadInput(f"invalid email {value!r}: {exc}") from None
    return info.normalized.lower()


_SIMPLE_EMAIL = re.compile(
    r"^[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$"
)


def fast_email(raw: str) -> str:
    """``normalize_email`` of an address found in a file, for the plain ASCII ones exports
    are full of without its cost; the one normal form every import matches on."""
    v = raw.strip()
    if _SIMPLE_EMAIL.match(v) and len(v) <= 254 and v.rsplit(".", 1)[1].isalpha():
        return v.lower()
    return normalize_email(v, found=True)


def email_key(raw: str | None) -> str | None:
    """The address as stored and matched, or ``None`` when it cannot be an address."""
    if not raw:
        return None
    return _email_key(raw)


@lru_cache(maxsize=1 << 16)
def _email_key(raw: str) -> str | None:
    # An import or a sync meets the same few thousand addresses again and again.
    try:
        return fast_email(raw)
    except BadInput:
        return None


_PLAIN_TWO_WORDS = re.compile(r"^([^\W\d_][^\W\d_'-]*) ([^\W\d_][^\W\d_'-]*)$")


def _is_special(word: str) -> bool:
    from nameparser.config import CONSTANTS as NAME_CONSTANTS

    w = word.lower()
    return any(
        w in group
        for group in (
            NAME_CONSTANTS.titles,
            NAME_CONSTANTS.prefixes,
            NAME_CONSTANTS.conjunctions,
            NAME_CONSTANTS.suffix_acronyms,
            NAME_CONSTANTS.suffix_not_acronyms,
        )
    )


def split_name(display: str) -> dict[str, str | None]:
    """The parts of a person's name, as nameparser reads them.

    A plain "Given Family" with no title, particle or suffix is split directly:
    nameparser would give the same answer, at ~100 µs a name, which matters when
    importing tens of thousands of people.
    """
    plain = _PLAIN_TWO_WORDS.match(display)
    if plain and not (_is_special(plain.group(1)) or _is_special(plain.group(2))):
        return {
            "name_prefix": None,
            "given_name": plain.group(1),
            "middle_name": None,
            "family_name": plain.group(2),
            "name_suffix": None,
            "nickname": None,
        }
    from nameparser import HumanName

    n = HumanName(display)
    return {
        "name_prefix": n.title or None,
        "given_name": n.first or None,
        "middle_name": n.middle or None,
        "family_name": n.last or None,
        "name_suffix": n.suffix or None,
        "nickname": n.nickname or None,
    }


# Control characters (C0 but tab and line ends, DEL, C1) and the bidi overrides that
# make a name display as another: never part of a name or a note, wherever it came
# from (a typed field, the API, an importer). Stripped once, at the domain's door.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def has_controls(value: str) -> bool:
    # Every character _CONTROL matches is unprintable: the common clean text is told
    # apart at C speed, without the search (30,000 records an import).
    return not value.isprintable() and _CONTROL.search(value) is not None


def strip_controls(value: str | None) -> str | None:
    """``value`` without control characters (tabs and line ends are kept)."""
    if value and _CONTROL.search(value):
        return _CONTROL.sub("", value)
    return value


def one_line_text(value: str | None) -> str | None:
    """A single-line field (a name, a title): controls gone, whitespace runs one space."""
    if value is None:
        return None
    return " ".join(_CONTROL.sub("", value).split())


def clean_name(value: str) -> str:
    """Collapse tabs and runs of spaces that exports leave in names; drop control characters."""
    name = one_line_text(value) or ""
    if not name:
        raise BadInput("a contact needs a name")
    return name


def normalize_linkedin_url(value: str) -> str | None:
    """``https://www.linkedin.com/in/jane-doe-1234/`` -> ``https://www.linkedin.com/in/jane-doe-1234``.

    Percent-encoded slugs are decoded and case-folded so the same profile always
    compares equal across exports.
    """
    raw = value.strip()
    if not raw:
        return None
    if "://" not in raw:
        raw = "https://" + raw
    try:
        parts = urlsplit(raw)
    except ValueError:  # "Invalid IPv6 URL": a "[" in the host part is no profile address
        return None
    host = parts.netloc.lower()
    if not host.endswith("linkedin.com"):
        return None
    m = re.match(r"/(in|pub)/([^/?#]+)", parts.path)
    if not m:
        return None
    slug = unquote(m.group(2)).lower()
    return f"https://www.linkedin.com/{m.group(1)}/{slug}"


_LI_PREFIX = "https://www.linkedin.com/in/"
_LI_SLUG_END = re.compile(r"[/?#]")


def fast_linkedin(raw: str) -> str | None:
    """``normalize_linkedin_url`` for the canonical profile form that exports are full
    of, without the cost of ``urlsplit``; the same answer for every input."""
    v = raw.strip()
    if v.startswith(_LI_PREFIX):
        slug = v[len(_LI_PREFIX) :]
        if "/" in slug or "?" in slug or "#" in slug:  # most profile URLs end at the slug
            slug = _LI_SLUG_END.split(slug, maxsplit=1)[0]
        if slug:
            return _LI_PREFIX + (unquote(slug) if "%" in slug else slug).lower()
    return normalize_linkedin_url(v)


# The largest id a database row can have: ids are INTEGER columns, 32 bits on
# PostgreSQL (where a larger number in a query is an error, not a miss).
ID_MAX = 2**31 - 1
_ID = re.compile(r"^[0-9]+$", re.ASCII)


def as_id(ref: str) -> int | None:
    """The row id a reference names, or ``None`` when it is not a number.

    Only ASCII digits make an id: ``str.isdigit`` is also true of ``²`` and ``٣``,
    which ``int`` then refuses or reads as another number. A number beyond any id
    is an id that does not exist (``-1``), not an overflow in the driver.
    """
    v = ref.strip()
    if not _ID.match(v):
        return None
    n = int(v) if len(v) < 20 else ID_MAX + 1
    return n if n <= ID_MAX else -1


def positive_days(value: int | None, what: str) -> int | None:
    return bounds.check_days(value, what)


_BIRTHDAY = re.compile(r"^(?:(\d{4})-|--)?(\d{2})-(\d{2})$", re.ASCII)


def parse_birthday(value: str) -> str:
    """A birthday as stored: ``1980-04-15``, or ``--04-15`` when the year is unknown.

    Typed as ``YYYY-MM-DD``, ``MM-DD`` or ``--MM-DD``; Feb 29 is a birthday of its own
    (R9 wishes it on Feb 28 in other years), a day that no year has is refused.
    """
    m = _BIRTHDAY.match(value.strip())
    month, day = (int(m[2]), int(m[3])) if m else (0, 0)
    try:
        date(2000, month, day)  # a leap year: Feb 29 is a real birthday
    except ValueError:
        raise BadInput(
            f"invalid birthday {value!r}: expected YYYY-MM-DD or MM-DD (year unknown)"
        ) from None
    assert m is not None
    if m[1] is None:
        return f"--{month:02d}-{day:02d}"
    born = parse_date(f"{m[1]}-{m[2]}-{m[3]}", "birthday")
    if born > clock.today():
        raise BadInput(f"birthday {born.isoformat()} is in the future")
    return born.isoformat()
