"""R9's yearly occasions: birthdays and work anniversaries on the agenda, at their boundaries.

A birthday (typed, or imported from a vCard or a Google CSV) is wished on the day
and up to three days late; Feb 29 falls on Feb 28 in other years. A current
position's anniversary is congratulated within the week. Both are for the people
you keep in touch with, within the daily budget; a birthday is personal, so a
professional-only contact's is skipped unless the user opts in.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from conftest import dump
from test_agenda_rules import add, log, today

SETUP = "2027-01-01"


def occasion(kith, who: int, as_of: str) -> dict | None:  # type: ignore[no-untyped-def,type-arg]
    item = today(kith, as_of).get(who)
    return item if item is not None and item["reason"] == "congratulate" else None


@pytest.mark.parametrize(
    ("as_of", "shown", "due"),
    [
        ("2027-04-14", False, None),  # the day before
        ("2027-04-15", True, "2027-04-15"),  # the day
        ("2027-04-16", True, "2027-04-15"),  # a day late still counts
        ("2027-04-18", True, "2027-04-15"),  # the last day
        ("2027-04-19", False, None),  # gone
    ],
)
def test_a_birthday_is_wished_on_the_day(kith, as_of, shown, due):  # type: ignore[no-untyped-def]
    ann = add(kith, "Ann Lee", "--tier", "wide", "--birthday", "1985-04-15", as_of=SETUP)
    log(kith, ann, "2027-03-01")  # a check-in is not due for months
    item = occasion(kith, ann, as_of)
    assert (item is not None) == shown
    if item is not None:
        assert item["rule"] == "R9" and item["due"] == due
        assert "birthday on 2027-04-15" in item["why"]
        assert item["log_kind"] == "congrats"


@pytest.mark.parametrize(
    ("as_of", "shown"),
    [
        ("2027-02-27", False),
        ("2027-02-28", True),  # not a leap year: Feb 28
        ("2027-03-01", True),  # a day late
        ("2028-02-28", False),  # a leap year: the day itself, Feb 29
        ("2028-02-29", True),
    ],
)
def test_a_feb_29_birthday_in_other_years(kith, as_of, shown):  # type: ignore[no-untyped-def]
    ann = add(kith, "Ann Lee", "--tier", "wide", "--birthday", "02-29", as_of=SETUP)
    log(kith, ann, (date.fromisoformat(as_of) - timedelta(days=4)).isoformat())
    assert (occasion(kith, ann, as_of) is not None) == shown


def test_wished_once_logged(kith):  # type: ignore[no-untyped-def]
    ann = add(kith, "Ann Lee", "--tier", "wide", "--birthday", "04-15", as_of=SETUP)
    log(kith, ann, "2027-03-01")
    assert occasion(kith, ann, "2027-04-15") is not None
    log(kith, ann, "2027-04-15", "--kind", "congrats")
    assert ann not in today(kith, "2027-04-16")


def test_professional_only_and_untracked_skip_birthdays_unless_opted_in(kith):  # type: ignore[no-untyped-def]
    pro = add(kith, "Pat Pro", "--tier", "wide", "--birthday", "04-15", as_of=SETUP)
    kith.ok("edit", str(pro), "--professional-only", as_of=SETUP)
    none = add(kith, "Nora None", "--tier", "none", "--birthday", "04-15", as_of=SETUP)
    for who in (pro, none):
        log(kith, who, "2027-03-01")
    assert occasion(kith, pro, "2027-04-15") is None
    assert none not in today(kith, "2027-04-15")
    kith.ok("config", "set", "birthday.professional", "yes", as_of=SETUP)
    assert occasion(kith, pro, "2027-04-15") is not None
    assert none not in today(kith, "2027-04-15")  # not tracked: never on the agenda
    draft = kith.ok("draft", str(pro), "--json", as_of="2027-04-15").json()
    assert draft["occasion"] == "birthday" and "Happy birthday" in draft["text"]


@pytest.mark.parametrize(
    ("as_of", "shown"),
    [
        ("2027-03-04", False),
        ("2027-03-05", True),  # 7 years since 2020-03-05
        ("2027-03-12", True),  # within the week
        ("2027-03-13", False),
    ],
)
def test_a_work_anniversary_within_the_week(kith, as_of, shown):  # type: ignore[no-untyped-def]
    bob = add(kith, "Bob Stone", "--tier", "wide", as_of=SETUP)
    kith.ok("job", "add", str(bob), "--org", "Acme", "--start", "2020-03-05", as_of=SETUP)
    log(kith, bob, "2027-02-01")
    item = occasion(kith, bob, as_of)
    assert (item is not None) == shown
    if item is not None:
        assert "work anniversary on 2027-03-05 (7 years at Acme)" in item["why"]
        assert item["due"] == "2027-03-12"
        draft = kith.ok("draft", str(bob), "--json", as_of=as_of).json()
        assert draft["occasion"] == "congratulate"
        assert "work anniversary (7 years at Acme)" in draft["text"]


def test_no_anniversary_for_a_past_job_or_its_first_day(kith):  # type: ignore[no-untyped-def]
    bob = add(kith, "Bob Stone", "--tier", "wide", as_of=SETUP)
    kith.ok(
        "job",
        "add",
        str(bob),
        "--org",
        "Acme",
        "--start",
        "2020-03-05",
        "--end",
        "2026-01-01",
        as_of=SETUP,
    )
    kith.ok("job", "add", str(bob), "--org", "Initech", "--start", "2027-03-05", as_of=SETUP)
    log(kith, bob, "2027-02-01")
    assert occasion(kith, bob, "2027-03-06") is None


def test_birthdays_stay_within_the_budget(kith):  # type: ignore[no-untyped-def]
    ids = [
        add(kith, f"Person {n}", "--tier", "wide", "--birthday", "04-15", as_of=SETUP)
        for n in range(4)
    ]
    for who in ids:
        log(kith, who, "2027-03-01")
    kith.ok("config", "set", "budget", "2", as_of=SETUP)
    shown = kith.ok("today", "--json", as_of="2027-04-15").json()
    assert len(shown) == 2 and {i["reason"] for i in shown} == {"congratulate"}
    plan = kith.ok("agenda", "--days", "4", "--json", as_of="2027-04-15").json()
    assert sorted(i["contact_id"] for i in plan) == sorted(ids)  # all wished in time


def test_imported_birthdays_become_occasions(kith, tmp_path: Path):  # type: ignore[no-untyped-def]
    card = tmp_path / "people.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Vera Card\r\nN:Card;Vera;;;\r\n"
        "EMAIL:vera@example.org\r\nBDAY:1990-06-01\r\nEND:VCARD\r\n"
    )
    google = tmp_path / "google.csv"
    google.write_text(
        "First Name,Last Name,E-mail 1 - Label,E-mail 1 - Value,Birthday\n"
        "Gus,Sheet,* Home,gus@example.org,--06-02\n"
    )
    kith.ok("import", "vcard", str(card), "--tier", "wide", as_of=SETUP)
    kith.ok("import", "google", str(google), "--tier", "wide", as_of=SETUP)
    people = {c["name"]: c["id"] for c in kith.ok("list", "--json", as_of=SETUP).json()}
    for who in people.values():
        log(kith, who, "2027-05-01")
    assert occasion(kith, people["Vera Card"], "2027-06-01") is not None
    assert occasion(kith, people["Gus Sheet"], "2027-06-02") is not None
    shown = kith.ok("show", str(people["Gus Sheet"]), as_of=SETUP).stdout
    assert "birthday: --06-02" in shown


@pytest.mark.parametrize("bad", ["02-30", "13-01", "1985-02-29", "2999-01-01", "yesterday"])
def test_a_birthday_that_cannot_be_is_refused(kith, db_url, bad):  # type: ignore[no-untyped-def]
    before = dump(db_url)
    kith.bad("add", "Ann Lee", "--birthday", bad, as_of=SETUP)
    assert dump(db_url) == before
    kith.bad("config", "set", "birthday.professional", "maybe", as_of=SETUP)
