"""The date shapes exports write, read with English month names whatever the locale.

``strptime("%b")`` follows the process locale, so a French machine would fail on
``09 Oct 2024``; month names are therefore looked up in a fixed table.
"""

from __future__ import annotations

import re
from datetime import date, time

from kithkin.core import bounds

MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}


def _month(name: str) -> int | None:
    return MONTHS.get(name[:3].lower())


def _year(y: str) -> int:
    n = int(y)
    if len(y) <= 2:
        n += 2000 if n < 70 else 1900
    return n


def _safe(y: int, m: int | None, d: int) -> date | None:
    """The date, or ``None`` when it does not exist or lies outside what kithkin keeps."""
    if m is None:
        return None
    try:
        day = date(y, m, d)
    except ValueError:
        return None
    return day if bounds.in_range(day) else None


_DMY_NAME = re.compile(r"^(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -](\d{2,4})$")  # 09 Oct 2024, 23-Nov-21
_MDY_NAME = re.compile(r"^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})$")  # Feb 17, 1998
_US = re.compile(  # 1/8/18, 6:14 PM
    r"^(\d{1,2})/(\d{1,2})/(\d{2,4})(?:,? +(\d{1,2}):(\d{2})(?::\d{2})? *([AaPp][Mm])?)?$"
)
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?(?: ?UTC|Z)?$")
# 23.11.2021, 05.03.19: the day first, as every locale that writes dots does (what
# Excel in German settings makes of a date it re-saves)
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})$")
_MON_YEAR = re.compile(r"^([A-Za-z]{3,9})\.? (\d{4})$")  # May 2016
_MON_DAY = re.compile(r"^([A-Za-z]{3,9})\.? (\d{1,2})$")  # Jun 20 (a birthday without year)


def parse_datetime(value: str) -> tuple[date, time | None] | None:
    """A date (and time when given) from any of the shapes LinkedIn has written."""
    v = " ".join(value.replace('"', "").split())
    if not v:
        return None
    m = _ISO.match(v)
    if m:
        d = _safe(int(m[1]), int(m[2]), int(m[3]))
        if d is None:
            return None
        t = time(int(m[4]), int(m[5]), int(m[6] or 0)) if m[4] else None
        return d, t
    m = _DMY_NAME.match(v)
    if m:
        d = _safe(_year(m[3]), _month(m[2]), int(m[1]))
        return (d, None) if d else None
    m = _US.match(v)
    if m:
        d = _safe(_year(m[3]), int(m[1]), int(m[2]))
        if d is None:
            return None
        t = None
        if m[4]:
            hour = int(m[4]) % 12 if m[6] else int(m[4])
            if m[6] and m[6].lower() == "pm":
                hour += 12
            t = time(hour % 24, int(m[5]))
        return d, t
    m = _MDY_NAME.match(v)
    if m:
        d = _safe(int(m[3]), _month(m[1]), int(m[2]))
        return (d, None) if d else None
    m = _MON_YEAR.match(v)
    if m:
        d = _safe(int(m[2]), _month(m[1]), 1)
        return (d, None) if d else None
    m = _DOTTED.match(v)
    if m:
        d = _safe(_year(m[3]), int(m[2]), int(m[1]))
        return (d, None) if d else None
    return None


def parse_date(value: str) -> date | None:
    got = parse_datetime(value)
    return got[0] if got else None


def parse_birthday(value: str) -> str | None:
    """ISO ``1980-04-15`` or year-less ``--04-15`` from the shapes exports use.

    Year-less forms: vCard ``--0415`` / ``--04-15``, LinkedIn ``Jun 20``, Apple's
    placeholder year 1604 (``X-APPLE-OMIT-YEAR``) and Thunderbird's ``16040101``.
    """
    v = value.strip()
    if not v:
        return None
    m = re.match(r"^--(\d{2})-?(\d{2})$", v)
    if m:
        return _yearless(int(m[1]), int(m[2]))
    m = _MON_DAY.match(v)
    if m:
        month = _month(m[1])
        return _yearless(month, int(m[2])) if month else None
    m = re.match(r"^(\d{4})-?(\d{2})-?(\d{2})(?:T.*)?$", v)
    if m:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
        if y <= 1604:
            return _yearless(mo, d)
        day = _safe(y, mo, d)
        return day.isoformat() if day else None
    d2 = parse_date(v)
    return d2.isoformat() if d2 else None


def _yearless(month: int | None, day: int) -> str | None:
    if month is None or _safe(2000, month, day) is None:
        return None
    return f"--{month:02d}-{day:02d}"


def iso_date(value: str) -> date | None:
    """``2024-10-09`` (what kithkin writes), or ``None`` when absent, malformed or out of range."""
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})$", value.strip())
    return _safe(int(m[1]), int(m[2]), int(m[3])) if m else None
