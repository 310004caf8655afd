"""Phone numbers as people write them: E.164 only when the country is certain.

A number without its country code (``0340842530``) means nothing until the region
is known: read as a US number it becomes a plausible Texas line, and phone matching
then merges different people. So a number is parsed to E.164 only when it carries
its country (``+33 3 40 84 25 30``, ``0033...``) or when the region is known (the
``phone.region`` setting, by default the region of the system's locale) and the
number is valid there; otherwise the text is kept as written. The text as written
is always kept beside the parsed form (``contact_phones.raw``).

Phone numbers alone never merge two people: a shared office line or a recycled
mobile is common. A match on the number with no agreement of the names is only a
suggestion (``kith dupes``).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from kithkin.errors import BadInput

# Fewer digits than this is no phone number (an extension, a typo, a stray cell).
MIN_DIGITS = 5
# More digits than this without the country code (and the extension) is no number
# anywhere (libphonenumber's longest national number).
MAX_NATIONAL_DIGITS = 17
# Longest text kept as written (the parsed form is at most 16 characters).
RAW_LIMIT = 80
NO_REGION = "none"
# The locale variables that say where the user is, strongest first (LC_TELEPHONE
# is POSIX's own category for phone numbers).
_LOCALE_VARS = ("LC_ALL", "LC_TELEPHONE", "LANG")
_LOCALE = re.compile(r"^[a-z]{2,3}_([A-Za-z]{2})\b")
_EXTENSION = re.compile(
    r"(?:;ext=|#|\b(?:ext|extn|extension|x|poste|dw|durchwahl)\b\.?)\s*\d{1,7}\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Phone:
    """One number: ``number`` is E.164 when parsed, else the text as written."""

    number: str
    raw: str

    @property
    def parsed(self) -> bool:
        return self.number.startswith("+") and self.number[1:].isdigit()


def locale_region() -> str | None:
    """The region the system's locale names (``de_DE.UTF-8`` -> ``DE``), if any."""
    for var in _LOCALE_VARS:
        value = os.environ.get(var)
        if not value:
            continue
        m = _LOCALE.match(value)
        if m is None:
            return None  # C, POSIX, C.UTF-8: the system does not say
        region = m[1].upper()
        return region if _supported(region) else None
    return None


def _supported(region: str) -> bool:
    import phonenumbers

    return region in phonenumbers.SUPPORTED_REGIONS


def parse_region(value: str) -> str:
    """A setting's value: a two-letter region (``IN``, ``FR``) or ``none``."""
    v = value.strip()
    if v.lower() in ("", NO_REGION):
        return NO_REGION
    if len(v) == 2 and _supported(v.upper()):
        return v.upper()
    raise BadInput(
        f"unknown phone region {value!r}: expected a two-letter country code (FR, IN, US) or none"
    )


# Country names as address books write them beyond phonenumbers' own (en, de, fr...).
_ALIASES = {"usa": "US", "u.s.a.": "US", "u.s.": "US", "united states of america": "US",
            "uk": "GB", "england": "GB", "great britain": "GB", "scotland": "GB"}  # fmt: skip
_NAME_LANGS = ("en", "de", "fr", "es", "it", "nl", "pt", "sv", "da", "pl")
_BY_NAME: dict[str, str] = {}


def region_of_country(name: str | None) -> str | None:
    """The region an address's country names (``Deutschland``, ``USA``, ``FR``), if known:
    a source's own hint for its numbers written without their code."""
    if not name:
        return None
    v = " ".join(name.split()).lower()
    if len(v) == 2 and v.isalpha():
        return v.upper() if _supported(v.upper()) else None
    if not _BY_NAME:
        import phonenumbers
        from phonenumbers.geocoder import _region_display_name

        for region in phonenumbers.SUPPORTED_REGIONS:
            for lang in _NAME_LANGS:
                shown = _region_display_name(region, lang, None, None)
                if shown:
                    _BY_NAME.setdefault(shown.lower(), region)
        _BY_NAME.update(_ALIASES)
    return _BY_NAME.get(v)


def key(number: str) -> str:
    """What two numbers are compared by: E.164, else the digits as written."""
    if number.startswith("+"):
        return number
    return re.sub(r"\D", "", number)


def keys(number: str, raw: str | None) -> set[str]:
    """Every key a stored number is known by: its own, and that of the text as written."""
    out = {key(number)}
    if raw:
        out.add(key(raw))
    return out


def read(value: str, region: str | None) -> Phone:
    """The number ``value`` is; raises :class:`BadInput` with the reason when it cannot
    be a phone number anywhere: too few digits, more than any national number has, or
    written with a country code that no country has or with a length that country never
    uses. A number without its code that is not valid in ``region`` may be another
    country's: it is kept as written."""
    raw = " ".join(value.split())[:RAW_LIMIT]
    digits = re.sub(r"\D", "", raw)
    if len(digits) < MIN_DIGITS:
        raise BadInput(f"invalid phone {value!r}: too few digits")
    import phonenumbers

    text = raw
    if text.startswith("00"):
        text = "+" + text[2:]  # the international prefix of most of the world
    explicit = text.startswith("+")
    if explicit:
        try:
            number = phonenumbers.parse(text, None)
        except phonenumbers.NumberParseException as exc:
            raise BadInput(f"invalid phone {value!r}: {_parse_error(exc, text)}") from None
        why = phonenumbers.is_possible_number_with_reason(number)
        if why not in (
            phonenumbers.ValidationResult.IS_POSSIBLE,
            phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY,
        ):
            raise BadInput(f"invalid phone {value!r}: {_impossible(number, why)}")
        return Phone(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), raw)
    if len(_without_extension(raw)) > MAX_NATIONAL_DIGITS:
        raise BadInput(
            f"invalid phone {value!r}: more digits than any phone number has "
            f"(at most {MAX_NATIONAL_DIGITS} without the country code)"
        )
    if region:
        try:
            local = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            return Phone(raw[:40], raw)
        if phonenumbers.is_valid_number(local):
            e164 = phonenumbers.format_number(local, phonenumbers.PhoneNumberFormat.E164)
            return Phone(e164, raw)
    return Phone(raw[:40], raw)


def _without_extension(raw: str) -> str:
    """The digits of a number without its extension ("ext. 12", "x12", ";ext=12")."""
    return re.sub(r"\D", "", _EXTENSION.sub("", raw))


def _parse_error(exc: Exception, text: str) -> str:
    import phonenumbers

    kind = getattr(exc, "error_type", None)
    code = re.match(r"\+\s*(\d{1,3})", text)
    reasons = {
        phonenumbers.NumberParseException.INVALID_COUNTRY_CODE: (
            f"no country has the code +{code[1]}" if code else "no country code after the +"
        ),
        phonenumbers.NumberParseException.NOT_A_NUMBER: "not a phone number",
        phonenumbers.NumberParseException.TOO_SHORT_AFTER_IDD: "too few digits",
        phonenumbers.NumberParseException.TOO_SHORT_NSN: "too few digits after the country code",
        phonenumbers.NumberParseException.TOO_LONG: "too many digits",
    }
    return reasons.get(kind, "not a phone number")  # type: ignore[arg-type]


def _impossible(number: object, why: int) -> str:
    """Why a number written with its country code cannot be one, in the user's words."""
    import phonenumbers
    from phonenumbers.geocoder import _region_display_name

    cc = number.country_code  # type: ignore[attr-defined]
    region = phonenumbers.region_code_for_country_code(cc)
    shown = _region_display_name(region, "en", None, None) if region != "001" else ""
    where = f"{shown} (+{cc})" if shown else f"+{cc}"
    V = phonenumbers.ValidationResult
    if why == V.INVALID_COUNTRY_CODE:
        return f"no country has the code +{cc}"
    if why == V.TOO_SHORT:
        return f"too short for a number in {where}"
    if why == V.TOO_LONG:
        return f"too long for a number in {where}"
    n = len(str(number.national_number))  # type: ignore[attr-defined]
    return f"no number in {where} has {n} digits after the country code"
