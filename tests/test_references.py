"""R15: references, over-use at the 6-month boundary, rehire eligibility."""

from __future__ import annotations

import pytest
from tests.conftest import Kith, dump


@pytest.fixture
def refs(kith: Kith) -> Kith:
    kith.ok("add", "Bea Boss")
    kith.ok("add", "Mo Mentor")
    kith.ok("ref", "add", "Bea", "--for", "engineering manager", "--date", "2025-12-01")
    return kith


def _gives(kith: Kith) -> None:
    """Enough help given to Bea that asking her is not, by itself, an R4 warning."""
    for day in ("2026-01-05", "2026-01-05", "2026-03-05", "2026-03-05", "2026-03-05"):
        kith.ok("log", "Bea", "--kind", "help", "--date", day, as_of=day)


def test_third_ask_within_six_months_warns(refs: Kith) -> None:
    _gives(refs)
    for day in ("2026-01-10", "2026-03-01"):
        run = refs.ok("ref", "ask", "Bea", "--for", "Staff Engineer", "--date", day, as_of=day)
        assert run.stderr == ""
    # 2026-07-10 is exactly six months after 2026-01-10: that ask has left the window.
    assert (
        refs.ok(
            "ref", "ask", "Bea", "--for", "Lead", "--date", "2026-07-10", as_of="2026-07-10"
        ).stderr
        == ""
    )
    run = refs.ok(
        "ref", "ask", "Bea", "--for", "Lead", "--date", "2026-07-11", "--json", as_of="2026-07-11"
    )
    assert "asked 3 times in 6 months" in run.stderr
    assert len(run.json()["warnings"]) == 1


def test_third_ask_one_day_inside_the_window_warns(refs: Kith) -> None:
    _gives(refs)
    refs.ok("ref", "ask", "Bea", "--for", "A", "--date", "2026-01-10", as_of="2026-01-10")
    refs.ok("ref", "ask", "Bea", "--for", "B", "--date", "2026-03-01", as_of="2026-03-01")
    run = refs.ok("ref", "ask", "Bea", "--for", "C", "--date", "2026-07-09", as_of="2026-07-09")
    assert "asked 3 times in 6 months (since 2026-01-09)" in run.stderr


def test_list_shows_agreement_last_ask_and_overuse(refs: Kith) -> None:
    for day in ("2026-01-10", "2026-02-01", "2026-03-01"):
        refs.ok("ref", "ask", "Bea", "--for", f"role {day}", "--date", day)
    run = refs.ok("ref", "ask", "Mo", "--for", "CTO", "--date", "2026-03-02")
    assert "has not agreed" in run.stderr
    rows = refs.ok("ref", "list", "--json", as_of="2026-03-05").json()
    assert rows[0] == {
        "contact_id": rows[0]["contact_id"],
        "name": "Bea Boss",
        "agreed": True,
        "agreed_on": "2025-12-01",
        "agreed_for": ["engineering manager"],
        "times_asked": 3,
        "asked_last_6_months": 3,
        "last_asked": "2026-03-01",
        "last_asked_for": "role 2026-03-01",
        "overused": True,
    }
    assert rows[1]["name"] == "Mo Mentor" and rows[1]["agreed"] is False
    # Six months on, the asks have aged out.
    later = refs.ok("ref", "list", "--json", as_of="2026-09-02").json()
    assert later[0]["overused"] is False and later[0]["asked_last_6_months"] == 0


def test_an_ask_is_logged_as_an_ask(refs: Kith) -> None:
    refs.ok("ref", "ask", "Bea", "--for", "Lead", "--date", "2026-01-10")
    shown = refs.ok("show", "Bea", "--json").json()
    assert shown["interactions"][0]["kind"] == "reference_ask"
    assert shown["balance"]["ask"] == 1


def test_reference_bad_input_changes_nothing(refs: Kith) -> None:
    before = dump(refs.url)
    assert "no contact" in refs.bad("ref", "ask", "Nobody", "--for", "X").stderr
    assert "invalid date" in refs.bad("ref", "ask", "Bea", "--for", "X", "--date", "x").stderr
    assert "needs the role" in refs.bad("ref", "ask", "Bea", "--for", " ").stderr
    assert "own reference" in refs.bad("ref", "add", "me").stderr
    assert "unknown organization" in refs.bad("rehire", "Nowhere", "yes").stderr
    assert dump(refs.url) == before


def test_asking_someone_you_already_owe_warns(refs: Kith) -> None:
    refs.ok("log", "Bea", "--kind", "advice_ask", "--date", "2026-01-02", as_of="2026-01-10")
    run = refs.ok("ref", "ask", "Bea", "--for", "Lead", "--date", "2026-01-10", as_of="2026-01-10")
    assert "warning" in run.stderr and "Bea Boss" in run.stderr
