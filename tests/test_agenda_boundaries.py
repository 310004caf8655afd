"""R7 boundaries, R4 reciprocity, R13 events, R17 budget and plan, through the CLI."""

from __future__ import annotations

from conftest import dump
from test_agenda_rules import START, add, day, log, today


def overdue_people(kith, n: int, tier: str = "close") -> list[int]:  # type: ignore[no-untyped-def]
    ids = [add(kith, f"Person {k:02d}", "--tier", tier) for k in range(n)]
    for k, cid in enumerate(ids):
        log(kith, cid, day("2025-01-01", k))
    return ids


# R7: three unanswered outreaches.


def test_third_unanswered_outreach_takes_them_off_until_reset_or_answer(kith):  # type: ignore[no-untyped-def]
    ann = add(kith, "Ann Lee", "--tier", "close")
    log(kith, ann, "2024-12-20", "--inbound")
    log(kith, ann, "2025-01-01")
    log(kith, ann, "2025-02-01")  # 2nd unanswered
    assert today(kith, "2025-03-05")[ann]["reason"] == "cadence_due"
    log(kith, ann, "2025-03-05")  # 3rd: the door stays open, the agenda lets go
    for when in ("2025-04-05", "2025-09-01"):
        assert ann not in today(kith, when)
    shown = kith.ok("show", str(ann), "--json", as_of="2025-04-05").json()["health"]
    assert shown["state"] == "no_reply" and shown["cadence_days"] == 60
    log(kith, ann, "2025-09-01")  # a 4th one logged anyway: still off
    assert ann not in today(kith, "2025-12-01")
    kith.ok("reset", str(ann), as_of="2025-12-01")
    assert today(kith, "2025-12-01")[ann]["reason"] == "reconnect"


def test_an_answer_ends_the_silence(kith):  # type: ignore[no-untyped-def]
    ann = add(kith, "Ann Lee", "--tier", "close")
    for when in ("2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01"):
        log(kith, ann, when)
    assert ann not in today(kith, "2025-06-01")
    log(kith, ann, "2025-06-01", "--inbound")
    assert today(kith, "2025-06-03")[ann]["reason"] == "awaiting_reply"


def test_likes_are_not_outreach(kith):  # type: ignore[no-untyped-def]
    ann = add(kith, "Ann Lee", "--tier", "close")
    log(kith, ann, "2025-01-01")
    log(kith, ann, "2025-01-02")
    for when in ("2025-01-03", "2025-01-04", "2025-01-05"):
        log(kith, ann, when, "--kind", "like", "--channel", "social")
    assert ann in today(kith, "2025-03-30")


# Snooze, pause, do-not-contact, minimum interval.


def test_snoozed_through_the_last_day_back_the_day_after(kith):  # type: ignore[no-untyped-def]
    ann = add(kith, "Ann Lee", "--tier", "close")
    log(kith, ann, "2025-01-01")
    kith.ok("snooze", "Ann", "--until", "2025-02-20", as_of="2025-02-05")
    assert ann not in today(kith, "2025-02-20")
    assert today(kith, "2025-02-21")[ann]["due"] == "2025-01-31"


def test_snooze_refuses_a_past_date(kith, db_url):  # type: ignore[no-untyped-def]
    add(kith, "Ann Lee")
    before = dump(db_url)
    kith.bad("snooze", "Ann", "--until", "2024-01-01", as_of="2025-02-05")
    kith.bad("snooze", "Ann", "--until", "soon", as_of="2025-02-05")
    kith.bad("pause", "Nobody")
    assert dump(db_url) == before


def test_pause_and_resume(kith):  # type: ignore[no-untyped-def]
    ann = add(kith, "Ann Lee", "--tier", "close")
    log(kith, ann, "2025-01-01")
    kith.ok("pause", "Ann", as_of="2025-02-05")
    assert ann not in today(kith, "2025-02-05")
    kith.ok("resume", "Ann", as_of="2025-02-06")
    assert ann in today(kith, "2025-02-06")


def test_do_not_contact_never_appears_even_with_a_message(kith):  # type: ignore[no-untyped-def]
    ann = add(kith, "Ann Lee", "--tier", "close")
    kith.ok("job", "add", "me", "--org", "Acme", "--start", "2020-01-01", "--end", "2025-02-01")
    kith.ok("job", "add", "Ann", "--org", "Acme", "--start", "2020-01-01")
    log(kith, ann, "2025-01-01", "--inbound")
    kith.ok("edit", "Ann", "--do-not-contact")
    kith.ok("occasion", "add", "Ann", "--kind", "promotion", "--date", "2025-01-05")
    for when in ("2025-01-05", "2025-02-10", "2025-06-01"):
        assert ann not in today(kith, when)


def test_minimum_interval_is_never_undercut(kith):  # type: ignore[no-untyped-def]
    ann = add(kith, "Ann Lee", "--tier", "close")
    kith.ok("edit", "Ann", "--min-interval", "45")
    log(kith, ann, "2025-01-01")
    assert ann not in today(kith, "2025-02-14")  # due on 01-31, held back to day 45
    assert ann in today(kith, "2025-02-15")


def test_minimum_interval_does_not_hold_back_a_reply(kith):  # type: ignore[no-untyped-def]
    ann = add(kith, "Ann Lee", "--tier", "close")
    kith.ok("edit", "Ann", "--min-interval", "45")
    log(kith, ann, "2025-01-01")
    log(kith, ann, "2025-01-05", "--inbound")
    assert today(kith, "2025-01-07")[ann]["reason"] == "awaiting_reply"


# R4 reciprocity.


def test_give_first_and_the_ask_warning(kith):  # type: ignore[no-untyped-def]
    ann = add(kith, "Ann Lee", "--tier", "close")
    log(kith, ann, "2025-01-01", "--inbound")
    log(kith, ann, "2025-01-02", "--kind", "advice_ask")
    run = kith.ok(
        "log", "Ann", "--kind", "referral_ask", "--date", "2025-01-10", as_of="2025-01-10"
    )
    assert "R4" in run.stderr and "Ann Lee" in run.stderr
    assert "logged referral_ask" in run.stdout  # it still logs
    it = today(kith, "2025-02-10")[ann]
    assert (it["reason"], it["rule"], it["suggest"]) == ("give_first", "R4", "give")
    shown = kith.ok("show", "Ann", "--json", as_of="2025-02-10").json()["balance"]
    assert (shown["ask"], shown["give"], shown["leans"]) == (2, 0, "asks")


def test_inbound_asks_and_balanced_asks_do_not_warn(kith):  # type: ignore[no-untyped-def]
    add(kith, "Ann Lee")
    run = kith.ok(
        "log", "Ann", "--kind", "favor_ask", "--inbound", "--date", "2025-01-02", as_of="2025-01-02"
    )
    assert run.stderr == ""
    kith.ok("log", "Ann", "--kind", "shared_lead", "--date", "2025-01-03", as_of="2025-01-03")
    assert kith.ok("log", "Ann", "--kind", "advice_ask", as_of="2025-01-04").stderr == ""
    # One give, one ask: even, so the next ask is fine; after it, asks lead.
    assert kith.ok("log", "Ann", "--kind", "advice_ask", as_of="2025-01-05").stderr == ""
    assert "R4" in kith.ok("log", "Ann", "--kind", "favor_ask", as_of="2025-01-06").stderr
    shown = kith.ok("show", "Ann", "--json", as_of="2025-01-06").json()["balance"]
    assert (shown["give"], shown["ask"], shown["asked_of_me"]) == (1, 3, 1)


# R13 events.


def test_event_follow_up_within_three_days(kith):  # type: ignore[no-untyped-def]
    kith.ok("event", "add", "PyCon", "--date", "2025-05-10", as_of="2025-05-01")
    kith.ok("event", "met", "PyCon", "Mo Speaker", as_of="2025-05-10")
    mo = int(kith.ok("list", "--json").json()[0]["id"])
    assert mo not in today(kith, "2025-05-09")
    it = today(kith, "2025-05-10")[mo]
    assert (it["reason"], it["rule"], it["due"], it["days_left"]) == (
        "event_followup",
        "R13",
        "2025-05-13",
        3,
    )
    assert today(kith, "2025-05-14")[mo]["overdue_days"] == 1
    log(kith, mo, "2025-05-14")
    assert mo not in today(kith, "2025-05-15")


# R17 budget and the stable plan.


def test_budget_spreads_the_backlog_and_the_plan_holds(kith):  # type: ignore[no-untyped-def]
    overdue_people(kith, 8)
    kith.ok("config", "set", "budget", "3")
    plan = kith.ok("agenda", "--days", "3", "--json", as_of="2025-03-01").json()
    by_day: dict[str, list[int]] = {}
    for it in plan:
        by_day.setdefault(it["date"], []).append(it["contact_id"])
    assert [len(v) for v in by_day.values()] == [3, 3, 2]
    assert list(by_day["2025-03-01"]) == list(today(kith, "2025-03-01"))
    # Nobody acted: tomorrow shows what the plan said for tomorrow (and the
    # ignored ones take the free place after it).
    tomorrow = list(today(kith, "2025-03-02"))
    assert tomorrow == by_day["2025-03-02"]
    after = set(today(kith, "2025-03-03"))
    extra = after - set(by_day["2025-03-03"])
    assert set(by_day["2025-03-03"]) <= after and len(extra) == 1
    assert extra <= set(by_day["2025-03-01"])
    assert len(kith.ok("today", "--json", "--budget", "1", as_of="2025-03-04").json()) == 1


def test_something_new_replans(kith):  # type: ignore[no-untyped-def]
    ids = overdue_people(kith, 6)
    kith.ok("config", "set", "budget", "2")
    plan = kith.ok("agenda", "--days", "3", "--json", as_of="2025-03-01").json()
    second_day = [it["contact_id"] for it in plan if it["date"] == "2025-03-02"]
    log(kith, second_day[0], "2025-03-01")  # done early
    writer = next(i for i in ids if i not in second_day)
    log(kith, writer, "2025-02-27", "--inbound")  # a message arrives
    items = list(today(kith, "2025-03-02"))
    assert items[0] == writer and second_day[0] not in items and second_day[1] in items


def test_config_refuses_bad_values(kith, db_url):  # type: ignore[no-untyped-def]
    before = dump(db_url)
    kith.bad("config", "set", "budget", "0")
    kith.bad("config", "set", "budget", "many")
    kith.bad("config", "set", "colour", "blue")
    assert dump(db_url) == before
    kith.ok("config", "set", "budget", "7")
    shown = kith.ok("config", "show", "--json").json()
    assert shown["budget"]["value"] == "7" and shown["cadence.close"]["value"] == "30"
    kith.ok("config", "unset", "budget")
    assert kith.ok("config", "show", "--json").json()["budget"]["is_default"] is True


# Health.


def test_health_parts_and_network_summary(kith):  # type: ignore[no-untyped-def]
    ann = add(kith, "Ann Lee", "--tier", "close")
    bob = add(kith, "Bob Stone", "--tier", "close")
    for k in range(12):
        log(kith, ann, day("2024-02-01", 30 * k), "--channel", "meeting")
        log(kith, ann, day("2024-02-03", 30 * k), "--inbound")
    log(kith, bob, "2024-01-01", "--kind", "like", "--channel", "social")
    h = kith.ok("show", str(ann), "--json", as_of="2025-01-20").json()["health"]
    assert h["strength"] == sum(h["parts"].values()) and h["strength"] >= 90
    weak = kith.ok("show", str(bob), "--json", as_of="2025-01-20").json()["health"]
    assert weak["strength"] < 20 and weak["parts"]["recency"] == 0
    out = kith.ok("health", "--json", as_of="2025-01-20").json()
    assert out["contacts"] == 2 and sum(out["states"].values()) == 2
    assert out["states"]["warm"] == 1 and out["strongest"][0]["contact_id"] == ann
    assert "By state" in kith.ok("health", as_of="2025-01-20").stdout
    assert START  # the shared set-up day of these tests


def test_a_stranger_scores_no_reciprocity_and_a_touch_a_year_old_still_counts(kith):  # type: ignore[no-untyped-def]
    """R4's half of reciprocity counts only with something between you: a give, an
    ask, or a touch in the last year (day 365 is in, day 366 out)."""
    cal = add(kith, "Cal Ng", "--tier", "regular")
    log(kith, cal, "2024-01-10")  # one outbound check-in: one-way (mutuality 0)

    def reciprocity(as_of: str) -> int:
        h = kith.ok("show", str(cal), "--json", as_of=as_of).json()["health"]
        return int(h["parts"]["reciprocity"])

    assert reciprocity(day("2024-01-10", 365)) == 8  # balanced: no ask, one touch
    assert reciprocity(day("2024-01-10", 366)) == 0  # nothing left between you
    stranger = add(kith, "Dee Ray", "--tier", "regular")
    h = kith.ok("show", str(stranger), "--json", as_of="2025-01-20").json()["health"]
    assert h["strength"] == 0 and h["parts"]["reciprocity"] == 0


def test_show_says_why_a_contact_is_left_off_the_agenda(kith):  # type: ignore[no-untyped-def]
    quinn = add(kith, "Quiet Quinn", "--tier", "close")
    for when in ("2025-01-01", "2025-02-01", "2025-03-05"):
        log(kith, quinn, when)
    out = kith.ok("show", str(quinn), as_of="2025-04-05").stdout
    assert "R7: 3 unanswered outreaches in a row; off the agenda" in out
    shown = kith.ok("show", str(quinn), "--json", as_of="2025-04-05").json()["health"]
    assert shown["state"] == "no_reply" and shown["held_back"].startswith("R7: 3 unanswered")
    kith.ok("pause", str(quinn))
    assert "paused: not suggested until resumed" in kith.ok("show", str(quinn)).stdout
    kith.ok("resume", str(quinn))
    kith.ok("reset", str(quinn))
    assert kith.ok("show", str(quinn), "--json").json()["health"]["held_back"] is None


def test_show_says_snoozed_through_the_last_day_and_not_the_day_after(kith):  # type: ignore[no-untyped-def]
    sia = add(kith, "Sia Snow", "--tier", "close")
    kith.ok("snooze", str(sia), "--until", "2025-02-10", as_of="2025-02-01")
    for as_of, said in (("2025-02-09", True), ("2025-02-10", True), ("2025-02-11", False)):
        health = kith.ok("show", str(sia), "--json", as_of=as_of).json()["health"]
        assert (health["held_back"] == "snoozed through 2025-02-10") is said, as_of
