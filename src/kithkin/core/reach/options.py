"""The digest's and the SMTP server's settings: what each accepts, checked before storing.

They are ordinary settings (``settings`` table, ``kith config set``), so every
face and every server process reads the same values. The SMTP password is not
one of them: it comes only from the environment or a file (see :mod:`.mailer`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from zoneinfo import available_timezones

from kithkin.errors import BadInput

SECURITY = ("starttls", "tls", "none")
SCHEDULES = ("off", "daily", "weekly")
EMPTY = ("skip", "send")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# The port each security means unless one is set: submission, submissions, plain SMTP.
DEFAULT_PORT = {"starttls": 587, "tls": 465, "none": 25}

_HOST = re.compile(r"[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\]")
_ADDRESS = re.compile(r"[^\s@<>,;\"()\[\]\\]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def _plain(key: str, value: str) -> str:
    text = value.strip()
    if any(not ch.isprintable() for ch in text):
        raise BadInput(f"{key} must be one line of text without control characters")
    return text


def choice(options: tuple[str, ...]) -> Callable[[str, str], str]:
    def parse(key: str, value: str) -> str:
        v = value.strip().lower()
        if v not in options:
            raise BadInput(f"{key} must be one of {', '.join(options)}, not {value!r}")
        return v

    return parse


def weekday(key: str, value: str) -> str:
    v = value.strip().lower()
    found = [d for d in WEEKDAYS if len(v) >= 3 and d.startswith(v)]
    if len(found) != 1:
        raise BadInput(f"{key} must be a day of the week (monday ... sunday), not {value!r}")
    return found[0]


def host(key: str, value: str) -> str:
    v = _plain(key, value)
    if v and not _HOST.fullmatch(v):
        raise BadInput(f"{key} must be a host name or address, not {value!r}")
    return v.lower()


def port(key: str, value: str) -> str:
    v = value.strip()
    if not v:
        return ""
    if not v.isdigit() or not 1 <= int(v) <= 65535:
        raise BadInput(f"{key} must be a port number from 1 to 65535, not {value!r}")
    return str(int(v))


def text(key: str, value: str) -> str:
    return _plain(key, value)


def addresses(key: str, value: str) -> str:
    """One address, or several separated by commas (the digest's recipients)."""
    v = _plain(key, value)
    parts = [p.strip() for p in v.split(",") if p.strip()]
    bad = [p for p in parts if not _ADDRESS.fullmatch(p)]
    if bad:
        raise BadInput(f"{key}: {bad[0]!r} is not an email address")
    return ", ".join(parts)


def one_address(key: str, value: str) -> str:
    v = addresses(key, value)
    if "," in v:
        raise BadInput(f"{key} is one address, not several")
    return v


def path(key: str, value: str) -> str:
    v = _plain(key, value)
    return str(Path(v).expanduser()) if v else ""


def clock_time(key: str, value: str) -> str:
    m = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", value.strip())
    if not m:
        raise BadInput(f"{key} must be a time of day as HH:MM (e.g. 07:30), not {value!r}")
    return f"{int(m.group(1)):02d}:{m.group(2)}"


def time_zone(key: str, value: str) -> str:
    v = value.strip()
    if v and v not in available_timezones():
        raise BadInput(f"{key} must be an IANA time zone such as Europe/Berlin, not {value!r}")
    return v
