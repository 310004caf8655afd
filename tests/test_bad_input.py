"""Bad input: one line on stderr, exit status 2, and the database exactly as it was."""

from __future__ import annotations

import pytest
from tests.conftest import dump

SETUP = [
    ("add", "Ann Lee", "--email", "ann@example.com", "--org", "Acme"),
    ("add", "Ann Smith"),
    ("job", "add", "me", "--org", "Acme", "--start", "2020-01-01"),
    ("log", "Ann Lee", "--note", "coffee", "--date", "2026-01-05"),
]

BAD = {
    "unknown contact": ("show", "Nobody"),
    "ambiguous contact": ("log", "Ann"),
    "unknown id": ("edit", "999", "--tier", "close"),
    "malformed date": ("log", "Ann Lee", "--date", "2026-02-30"),
    "malformed date words": ("log", "Ann Lee", "--date", "last week"),
    "malformed as-of": ("list", "--json"),
    "invalid email": ("add", "Bo Chan", "--email", "bo@"),
    "invalid phone": ("add", "Bo Chan", "--phone", "12"),
    "email taken": ("add", "Bo Chan", "--email", "ANN@example.com"),
    "email taken on edit": ("edit", "Ann Smith", "--email", "ann@example.com"),
    "end before start": (
        "job",
        "add",
        "Ann Lee",
        "--org",
        "Globex",
        "--start",
        "2024-05-01",
        "--end",
        "2024-04-30",
    ),
    "unknown channel": ("log", "Ann Lee", "--channel", "pigeon"),
    "unknown kind": ("log", "Ann Lee", "--kind", "bribe"),
    "unknown tier": ("add", "Bo Chan", "--tier", "vip"),
    "negative cadence": ("edit", "Ann Lee", "--cadence", "-3"),
    "unknown org filter": ("list", "--org", "Nowhere Ltd"),
    "blank name": ("add", "   "),
    "bad time": ("log", "Ann Lee", "--time", "25:99"),
    "half bad multi-contact log": ("log", "Ann Lee", "Nobody", "--note", "x"),
    "unknown option": ("list", "--bogus"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_is_refused_and_changes_nothing(kith, case):
    for args in SETUP:
        kith.ok(*args)
    before = dump(kith.url)
    as_of = "2026-13-01" if case == "malformed as-of" else None
    run = kith.bad(*BAD[case], as_of=as_of)
    assert run.stderr.startswith("error: ")
    assert "Traceback" not in run.stderr
    assert dump(kith.url) == before


def test_ambiguous_error_lists_the_candidates(kith):
    for args in SETUP:
        kith.ok(*args)
    run = kith.bad("log", "Ann")
    assert "#1 Ann Lee" in run.stderr or "Ann Lee" in run.stderr
    assert "Ann Smith" in run.stderr


def test_a_bad_date_names_every_word_a_date_may_be(kith) -> None:  # type: ignore[no-untyped-def]
    """`tomorrow` is accepted (`kith snooze ann --until tomorrow`): the error that lists
    what a date may be must name it too, not only today and yesterday."""
    kith.ok("add", "Ann Lee")
    err = kith.bad("snooze", "ann", "--until", "2026-13-01").stderr
    assert err == (
        "error: invalid snooze date '2026-13-01': expected YYYY-MM-DD, today, yesterday"
        " or tomorrow\n"
    )
