"""Rules as a user checks them from a fresh database, through the CLI only: what an
audit of R1-R17 at their boundaries found, one regression test per finding."""

from __future__ import annotations

from conftest import app, dump
from test_agenda_boundaries import overdue_people
from test_agenda_rules import today

# R17: the budget the user sets is the number of places a day, at once.


def test_a_larger_budget_fills_today_at_once(kith):  # type: ignore[no-untyped-def]
    overdue_people(kith, 8)
    kith.ok("config", "set", "budget", "3")
    assert len(today(kith, "2025-03-01")) == 3  # the plan is made with 3 a day
    kith.ok("config", "set", "budget", "5", as_of="2025-03-01")
    assert len(today(kith, "2025-03-01")) == 5
    assert len(today(kith, "2025-03-01", "--budget", "7")) == 7


def test_a_one_off_budget_leaves_the_plan_as_it_was(kith):  # type: ignore[no-untyped-def]
    overdue_people(kith, 8)
    first = list(today(kith, "2025-03-01"))
    assert len(first) == 5
    assert len(today(kith, "2025-03-01", "--budget", "2")) == 2
    assert list(today(kith, "2025-03-01")) == first


def test_a_smaller_budget_still_fills_its_places(kith):  # type: ignore[no-untyped-def]
    overdue_people(kith, 8)
    assert len(today(kith, "2025-03-01")) == 5
    kith.ok("config", "set", "budget", "3", as_of="2025-03-01")
    assert len(today(kith, "2025-03-01")) == 3
    kith.ok("config", "unset", "budget", as_of="2025-03-01")
    assert len(today(kith, "2025-03-01")) == 5


# Bad input: an empty --as-of or --db is refused, never taken for "not given".


def test_an_empty_as_of_is_refused(kith, db_url):  # type: ignore[no-untyped-def]
    overdue_people(kith, 1)
    before = dump(db_url)
    for args in (("--as-of", "", "today", "--json"), ("today", "--as-of=", "--json")):
        run = kith.bad(*args)
        assert "--as-of" in run.stderr and run.stdout == ""
    assert dump(db_url) == before


def test_an_empty_db_is_refused(kith, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    run = kith.runner.invoke(app, ["--db", "", "today", "--json"])
    assert run.exit_code == 2, run.output
    lines = [ln for ln in run.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "--db" in lines[0]
    assert not (tmp_path / "home").exists()  # no default database made instead


# R12: a new tie starts when the current one ends; never before it began.


def test_a_tie_dated_before_the_current_one_is_refused(kith, db_url):  # type: ignore[no-untyped-def]
    ann = str(overdue_people(kith, 1)[0])
    kith.ok("tie", ann, "manager", "--since", "2024-01-01", as_of="2025-06-01")
    before = dump(db_url)
    run = kith.bad("tie", ann, "mentor", "--since", "2023-06-01", as_of="2025-06-01")
    assert "2024-01-01" in run.stderr
    assert dump(db_url) == before
    kith.ok("tie", ann, "mentor", "--since", "2025-05-01", as_of="2025-06-01")
    ties = kith.ok("show", ann, "--json", as_of="2025-06-01").json()["relationships"]
    assert [(t["type"], t["since"], t["until"]) for t in ties] == [
        ("manager", "2024-01-01", "2025-05-01"),
        ("mentor", "2025-05-01", None),
    ]


# R7: a suggestion the minimum interval held back says so.


def test_the_minimum_interval_is_named_when_it_held_a_suggestion_back(kith):  # type: ignore[no-untyped-def]
    ann = overdue_people(kith, 1)[0]  # close tier, last spoke on 2025-01-01
    kith.ok("edit", str(ann), "--min-interval", "45", as_of="2025-01-01")
    assert ann not in today(kith, "2025-02-14")
    it = today(kith, "2025-02-15")[ann]
    assert it["rule"] == "R2" and it["due"] == "2025-01-31"
    assert "R7" in it["why"] and "45-day minimum interval" in it["why"]
    shown = kith.ok("show", str(ann), "--json", as_of="2025-02-10").json()["agenda"]
    assert shown["date"] == "2025-02-15" and "45-day minimum interval" in shown["why"]
    # Without the interval in the way, nothing is added.
    kith.ok("edit", str(ann), "--min-interval", "20", as_of="2025-02-15")
    assert "R7" not in today(kith, "2025-02-16")[ann]["why"]


# R14: leaving today records the departure (it is not a future one whose notice has passed).


def test_a_last_day_of_today_is_recorded_with_a_warning(kith):  # type: ignore[no-untyped-def]
    ann = str(overdue_people(kith, 1)[0])
    kith.ok("job", "add", "me", "--org", "Acme", "--start", "2020-01-01", as_of="2025-01-01")
    kith.ok("job", "add", ann, "--org", "Acme", "--start", "2021-01-01", as_of="2025-01-01")
    run = kith.ok("leave", "acme", "--last-day", "2025-06-02", "--json", as_of="2025-06-02")
    assert "warning" in run.stderr and "today" in run.stderr
    plan = {s["key"]: s for s in run.json()}
    assert plan["farewell"]["due"] == "2025-06-02" and plan["farewell"]["overdue"] is False
    assert plan["first_touch"]["due"] == "2025-07-02"
    it = today(kith, "2025-07-02")[int(ann)]
    assert (it["rule"], it["due"], it["days_left"]) == ("R1", "2025-07-02", 0)


# R15: the over-use warning names its rule, as every other warning does.


def test_the_reference_over_use_warning_names_r15(kith):  # type: ignore[no-untyped-def]
    ann = str(overdue_people(kith, 1)[0])
    kith.ok("ref", "add", ann, "--for", "Staff", "--date", "2025-01-02", as_of="2025-01-02")
    for when in ("2025-01-10", "2025-02-10"):
        assert "R15" not in kith.ok("ref", "ask", ann, "--for", "X", "--date", when).stderr
    run = kith.ok("ref", "ask", ann, "--for", "X", "--date", "2025-03-10", as_of="2025-03-10")
    assert "asked 3 times in 6 months" in run.stderr and "(R15)" in run.stderr


# R7: after three unanswered outreaches the cadence doubles, in every field that shows it.


def test_the_doubled_cadence_is_the_effective_one(kith):  # type: ignore[no-untyped-def]
    ann = str(overdue_people(kith, 1)[0])  # close tier: 30 days
    for when in ("2025-01-10", "2025-01-20"):
        kith.ok("log", ann, "--date", when, as_of=when)
    shown = kith.ok("show", ann, "--json", as_of="2025-01-21").json()
    assert shown["health"]["state"] == "no_reply"
    assert shown["effective_cadence_days"] == shown["health"]["cadence_days"] == 60
    assert "every 60 days (doubled, R7)" in kith.ok("show", ann, as_of="2025-01-21").stdout
    kith.ok("reset", ann, as_of="2025-01-21")
    shown = kith.ok("show", ann, "--json", as_of="2025-01-21").json()
    assert shown["effective_cadence_days"] == shown["health"]["cadence_days"] == 30
