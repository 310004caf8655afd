"""R14: the departure plan's dates, steps and contacts (`kith leave`, `kith plan`)."""

from __future__ import annotations

import pytest
from tests.conftest import Kith, dump

TODAY = "2026-03-02"


@pytest.fixture
def acme(kith: Kith) -> Kith:
    """Me at Acme since 2024 with a boss, a mentor, and colleagues with various emails."""
    kith.ok(
        "job",
        "add",
        "me",
        "--org",
        "Acme Inc.",
        "--title",
        "Engineer",
        "--start",
        "2024-01-01",
        as_of=TODAY,
    )
    people = [
        ("Bea Boss", ["bea.boss@acme.com"]),
        ("Mo Mentor", ["mo@acme.com", "mo.mentor@gmail.com"]),
        ("Wendy Work", ["wendy@acme.com"]),
        ("Pat Personal", ["pat@fastmail.com"]),
        ("Olga Other", ["olga@globex.com"]),
        ("Gus Globex", ["gus@globex.com"]),
    ]
    for name, emails in people:
        args = ["add", name]
        for e in emails:
            args += ["--email", e]
        kith.ok(*args, as_of=TODAY)
    for name in ("Bea Boss", "Mo Mentor", "Wendy Work", "Pat Personal"):
        kith.ok("job", "add", name, "--org", "ACME", "--start", "2023-05-01", as_of=TODAY)
    for name in ("Olga Other", "Gus Globex"):
        kith.ok("job", "add", name, "--org", "Globex", "--start", "2023-05-01", as_of=TODAY)
    kith.ok("tie", "Bea Boss", "manager", "--since", "2024-01-01", as_of=TODAY)
    kith.ok("tie", "Mo Mentor", "mentor", "--since", "2024-06-01", as_of=TODAY)
    return kith


def steps(run) -> dict:  # type: ignore[no-untyped-def]
    return {st["key"]: st for st in run.json()}


def names(step: dict) -> list[str]:
    return [c["name"] for c in step["contacts"]]


def test_default_notice_is_fourteen_days_and_every_step_is_dated(acme: Kith) -> None:
    run = acme.ok("leave", "acme", "--last-day", "2026-04-30", "--json", as_of=TODAY)
    plan = steps(run)
    assert list(plan) == [
        "confidential",
        "tell_boss",
        "notice",
        "ask_guidance",
        "ask_rehire",
        "collect_contacts",
        "thank_mentors",
        "connect_linkedin",
        "farewell",
        "first_touch",
    ]
    assert plan["tell_boss"]["due"] == "2026-04-16"
    assert plan["notice"]["due"] == "2026-04-16"
    assert "not by email or text" in plan["tell_boss"]["title"]
    assert plan["farewell"]["due"] == "2026-04-30"
    assert plan["first_touch"]["due"] == "2026-05-30"
    assert all(not st["done"] for st in plan.values())
    assert all(st["due"] >= "2026-04-16" for st in plan.values())
    assert names(plan["tell_boss"]) == ["Bea Boss"]
    assert names(plan["thank_mentors"]) == ["Bea Boss", "Mo Mentor"]
    # Only a work address at acme.com: Bea and Wendy (Mo has a gmail, Pat a personal one).
    assert names(plan["collect_contacts"]) == ["Bea Boss", "Wendy Work"]
    assert set(names(plan["first_touch"])) == {
        "Bea Boss",
        "Mo Mentor",
        "Wendy Work",
        "Pat Personal",
    }
    # `kith leave` ended my position there.
    me = acme.ok("show", "me", "--json", as_of=TODAY).json()
    assert me["positions"][0]["end"] == "2026-04-30"


def test_notice_date_exactly_today_is_accepted(acme: Kith) -> None:
    run = acme.ok("leave", "acme", "--last-day", "2026-03-16", "--json", as_of=TODAY)
    assert steps(run)["tell_boss"]["due"] == TODAY
    assert run.stderr == ""


def test_notice_date_already_past_is_refused_with_the_earliest_possible_last_day(
    acme: Kith,
) -> None:
    before = dump(acme.url)
    run = acme.bad("leave", "acme", "--last-day", "2026-03-15", as_of=TODAY)
    assert "notice date 2026-03-01" in run.stderr
    assert "on or after 2026-03-16" in run.stderr
    assert dump(acme.url) == before


def test_one_day_notice_is_refused(acme: Kith) -> None:
    before = dump(acme.url)
    run = acme.bad("leave", "acme", "--last-day", "2026-04-30", "--notice-days", "1", as_of=TODAY)
    assert "1 day is less than the two weeks" in run.stderr
    assert dump(acme.url) == before


def test_longer_notice_moves_the_notice_date(acme: Kith) -> None:
    plan = steps(
        acme.ok(
            "leave",
            "acme",
            "--last-day",
            "2026-04-30",
            "--notice-days",
            "30",
            "--json",
            as_of=TODAY,
        )
    )
    assert plan["notice"]["due"] == "2026-03-31"
    assert plan["ask_rehire"]["due"] == "2026-04-07"


def test_start_date_before_last_day_is_refused(acme: Kith) -> None:
    before = dump(acme.url)
    run = acme.bad(
        "leave",
        "acme",
        "--last-day",
        "2026-04-30",
        "--new-org",
        "Globex",
        "--start-date",
        "2026-04-20",
        as_of=TODAY,
    )
    assert "start date 2026-04-20 is before your last day 2026-04-30" in run.stderr
    assert dump(acme.url) == before


def test_new_org_starts_the_new_position(acme: Kith) -> None:
    acme.ok(
        "leave",
        "acme",
        "--last-day",
        "2026-04-30",
        "--new-org",
        "Initech",
        "--start-date",
        "2026-05-04",
        "--new-title",
        "Lead",
        as_of=TODAY,
    )
    me = acme.ok("show", "me", "--json", as_of=TODAY).json()
    assert {(p["org"], p["start"], p["end"]) for p in me["positions"]} == {
        ("Acme Inc.", "2024-01-01", "2026-04-30"),
        ("Initech", "2026-05-04", None),
    }


def test_last_day_in_the_past_warns_and_shows_overdue_steps(acme: Kith) -> None:
    run = acme.ok("leave", "acme", "--last-day", "2026-02-20", "--json", as_of=TODAY)
    assert "warning" in run.stderr and "already past" in run.stderr
    plan = steps(run)
    assert plan["farewell"]["overdue"] is True
    assert plan["first_touch"]["due"] == "2026-03-22"
    assert plan["first_touch"]["overdue"] is False


def test_plan_done_ticks_steps_and_survives_a_rebuild(acme: Kith) -> None:
    acme.ok("leave", "acme", "--last-day", "2026-04-30", as_of=TODAY)
    acme.ok("plan", "done", "confidential", as_of=TODAY)
    acme.ok("plan", "done", "2", "--date", "2026-04-10", as_of=TODAY)
    plan = steps(acme.ok("plan", "--json", as_of=TODAY))
    assert plan["confidential"]["done_on"] == TODAY
    assert plan["tell_boss"]["done_on"] == "2026-04-10"
    # Moving the last day rebuilds the dates but keeps what is done.
    plan = steps(acme.ok("leave", "acme", "--last-day", "2026-05-15", "--json", as_of=TODAY))
    assert plan["tell_boss"]["done"] and plan["tell_boss"]["due"] == "2026-05-01"
    acme.ok("plan", "done", "tell_boss", "--undo", as_of=TODAY)
    assert not steps(acme.ok("plan", "--json", as_of=TODAY))["tell_boss"]["done"]


def test_rehire_answer_is_recorded_on_the_organization(acme: Kith) -> None:
    acme.ok("leave", "acme", "--last-day", "2026-04-30", as_of=TODAY)
    acme.ok("plan", "done", "ask_rehire", "--rehire", "yes", "--note", "Bea: anytime", as_of=TODAY)
    assert steps(acme.ok("plan", "--json", as_of=TODAY))["ask_rehire"]["done"]
    rows = acme.ok("rehire", "--json", as_of="2026-06-01").json()
    assert rows == [
        {
            "org": "Acme Inc.",
            "left_on": "2026-04-30",
            "rehire_eligible": "yes",
            "note": "Bea: anytime",
        }
    ]
    acme.ok("rehire", "acme, inc", "no", as_of="2026-06-01")
    assert acme.ok("rehire", "ACME", "--json").json()["rehire_eligible"] == "no"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["leave", "Nowhere", "--last-day", "2026-04-30"], "unknown organization"),
        (["leave", "Globex", "--last-day", "2026-04-30"], "no position at Globex"),
        (["leave", "acme", "--last-day", "30/04/2026"], "invalid last day"),
        (["leave", "acme", "--last-day", "2026-04-30", "--new-org", "X"], "go together"),
        (
            [
                "leave",
                "acme",
                "--last-day",
                "2026-04-30",
                "--new-org",
                "acme llc",
                "--start-date",
                "2026-05-01",
            ],
            "organization you are leaving",
        ),
        (["plan"], "no departure plan yet"),
        (["rehire", "acme", "maybe"], "expected yes, no or unknown"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(
    acme: Kith, args: list[str], message: str
) -> None:
    before = dump(acme.url)
    run = acme.bad(*args, as_of=TODAY)
    assert message in run.stderr
    assert dump(acme.url) == before


def test_unknown_step_is_refused(acme: Kith) -> None:
    acme.ok("leave", "acme", "--last-day", "2026-04-30", as_of=TODAY)
    before = dump(acme.url)
    assert "unknown step" in acme.bad("plan", "done", "party", as_of=TODAY).stderr
    assert (
        "--rehire goes with"
        in acme.bad("plan", "done", "notice", "--rehire", "yes", as_of=TODAY).stderr
    )
    assert dump(acme.url) == before


def test_plan_json_without_a_plan_is_an_empty_list(acme: Kith) -> None:
    before = dump(acme.url)
    assert acme.ok("plan", "--json", as_of=TODAY).json() == []
    assert dump(acme.url) == before
    acme.ok("leave", "acme", "--last-day", "2026-04-30", as_of=TODAY)
    assert acme.ok("plan", "--json", as_of=TODAY).json() != []
