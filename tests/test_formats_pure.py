"""The format adapters stay pure: bytes in, records out, no database, no locale."""

from __future__ import annotations

import locale
import subprocess
import sys
from datetime import date, time

import pytest

from kithkin.formats import dates

ADAPTERS = ["linkedin", "vcard", "google_csv", "outlook_csv", "mbox", "ics", "recurrence",
            "json_backup", "csv_out", "vcard_out"]  # fmt: skip


def test_adapters_import_no_database_code():
    code = (
        "import sys\n"
        + "".join(f"import kithkin.formats.{m}\n" for m in ADAPTERS)
        + "bad = sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'kithkin.store')))\n"
        + "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)  # fmt: skip
    assert out.stdout.strip() == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09 Oct 2024", (date(2024, 10, 9), None)),
        ("1/8/18, 6:14 PM", (date(2018, 1, 8), time(18, 14))),
        ("12/1/18, 12:05 AM", (date(2018, 12, 1), time(0, 5))),
        ("23-Nov-21", (date(2021, 11, 23), None)),
        ("2026-04-06 16:35:35 UTC", (date(2026, 4, 6), time(16, 35, 35))),
        ("May 2016", (date(2016, 5, 1), None)),
        ("Feb 17, 1998", (date(1998, 2, 17), None)),
        ("31 Feb 2024", None),
        ("", None),
    ],
)
def test_linkedin_dates(text, expected):
    assert dates.parse_datetime(text) == expected


def _can_use(name: str) -> bool:
    original = locale.setlocale(locale.LC_TIME)
    try:
        locale.setlocale(locale.LC_TIME, name)
    except locale.Error:
        return False
    locale.setlocale(locale.LC_TIME, original)
    return True


@pytest.mark.parametrize("name", ["de_DE.UTF-8", "fr_FR.UTF-8", "C.UTF-8"])
def test_month_names_do_not_follow_the_locale(name: str) -> None:
    if not _can_use(name):
        pytest.skip(f"the {name} locale is not installed here (make test makes it with localedef)")
    original = locale.setlocale(locale.LC_TIME)
    locale.setlocale(locale.LC_TIME, name)
    try:
        assert dates.parse_date("09 Oct 2024") == date(2024, 10, 9)
        assert dates.parse_date("1 Mar 2025") == date(2025, 3, 1)
    finally:
        locale.setlocale(locale.LC_TIME, original)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("--0415", "--04-15"), ("--04-15", "--04-15"), ("Jun 20", "--06-20"),
     ("16040101", "--01-01"), ("1604-04-15", "--04-15"), ("19800321", "1980-03-21"),
     ("1980-03-22", "1980-03-22"), ("circa 1800", None), ("--1340", None)],
)  # fmt: skip
def test_birthdays(text, expected):
    assert dates.parse_birthday(text) == expected
