"""The keep-in-touch rules at their date boundaries, as `kith today --json` shows them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

START = "2025-01-01"  # the day the network is set up


def day(base: str, n: int) -> str:
    return (date.fromisoformat(base) + timedelta(days=n)).isoformat()


def add(kith, name: str, *opts: str, as_of: str = START) -> int:  # type: ignore[no-untyped-def]
    return int(kith.ok("add", name, *opts, "--json", as_of=as_of).json()["id"])


def today(kith, as_of: str, *opts: str) -> dict[int, dict]:  # type: ignore[no-untyped-def,type-arg]
    items = kith.ok("today", "--json", *opts, as_of=as_of).json()
    ids = [i["contact_id"] for i in items]
    assert len(ids) == len(set(ids)), "a person is listed twice"
    return {i["contact_id"]: i for i in items}


def log(kith, who: int, when: str, *opts: str) -> None:  # type: ignore[no-untyped-def]
    kith.ok("log", str(who), "--date", when, *opts, as_of=when)


# R1: first touch within 30 days of the end of a shared job.


@pytest.fixture
def departure(kith):  # type: ignore[no-untyped-def]
    jane = add(kith, "Jane Doe")
    kith.ok(
        "job",
        "add",
        "me",
        "--org",
        "Acme",
        "--start",
        "2020-01-01",
        "--end",
        "2026-01-01",
        as_of=START,
    )
    kith.ok("job", "add", str(jane), "--org", "Acme", "--start", "2021-06-01", as_of=START)
    log(kith, jane, "2025-12-20", "--channel", "meeting")
    return jane


@pytest.mark.parametrize(("n", "overdue", "left"), [(29, 0, 1), (30, 0, 0), (31, 1, 0)])
def test_first_touch_around_day_30(kith, departure, n, overdue, left):  # type: ignore[no-untyped-def]
    items = today(kith, day("2026-01-01", n))
    it = items[departure]
    assert (it["reason"], it["rule"], it["channel"]) == ("first_touch", "R1", "email")
    assert it["due"] == "2026-01-31"
    assert (it["overdue_days"], it["days_left"]) == (overdue, left)
    assert "Acme" in it["why"] and "R1" in it["why"]


def test_first_touch_not_before_the_job_ends_and_gone_once_touched(kith, departure):  # type: ignore[no-untyped-def]
    assert departure not in today(kith, "2026-01-01")
    assert departure in today(kith, "2026-01-02")
    log(kith, departure, "2026-01-10")
    assert departure not in today(kith, "2026-01-12")


def test_colleague_leaving_while_i_stay_is_a_first_touch(kith):  # type: ignore[no-untyped-def]
    bob = add(kith, "Bob Stone")
    kith.ok("job", "add", "me", "--org", "Initech", "--start", "2020-01-01", as_of=START)
    kith.ok(
        "job",
        "add",
        str(bob),
        "--org",
        "Initech",
        "--start",
        "2020-03-01",
        "--end",
        "2025-03-01",
        as_of=START,
    )
    it = today(kith, "2025-03-10")[bob]
    assert it["reason"] == "first_touch" and it["due"] == "2025-03-31"


# R2 cadence and R10 light touches.


def test_cadence_due_on_the_day(kith):  # type: ignore[no-untyped-def]
    ann = add(kith, "Ann Lee", "--tier", "close")
    log(kith, ann, "2025-02-01", "--channel", "call")
    assert ann not in today(kith, "2025-03-02")
    it = today(kith, "2025-03-03")[ann]
    assert (it["reason"], it["rule"], it["due"], it["overdue_days"]) == (
        "cadence_due",
        "R2",
        "2025-03-03",
        0,
    )


def test_per_contact_cadence_overrides_tier_and_preferred_channel(kith):  # type: ignore[no-untyped-def]
    ann = add(kith, "Ann Lee", "--tier", "wide", "--cadence", "10", "--channel", "call")
    log(kith, ann, "2025-02-01")
    assert ann not in today(kith, "2025-02-10")
    it = today(kith, "2025-02-11")[ann]
    assert it["channel"] == "call"


@pytest.mark.parametrize(
    ("kind", "channel", "due"),
    [
        ("checkin", "call", "2025-05-02"),  # a conversation: a full cadence from it
        ("like", "social", "2025-03-17"),  # a like: the old due date + a quarter cadence
    ],
)
def test_a_like_counts_less_than_a_call(kith, kind, channel, due):  # type: ignore[no-untyped-def]
    ann = add(kith, "Ann Lee")  # regular: every 60 days
    log(kith, ann, "2025-01-01", "--channel", "call")
    log(kith, ann, "2025-03-03", "--kind", kind, "--channel", channel)
    assert ann not in today(kith, day(due, -1))
    assert today(kith, due)[ann]["due"] == due


def test_tier_cadence_setting(kith):  # type: ignore[no-untyped-def]
    ann = add(kith, "Ann Lee", "--tier", "close")
    log(kith, ann, "2025-02-01")
    kith.ok("config", "set", "cadence.close", "10")
    assert today(kith, "2025-02-11")[ann]["due"] == "2025-02-11"


def test_untracked_tier_never_due_by_cadence(kith):  # type: ignore[no-untyped-def]
    ann = add(kith, "Ann Lee", "--tier", "none")
    log(kith, ann, "2025-01-02")
    assert ann not in today(kith, "2027-01-01")


# R6 dormant.


def test_reconnect_after_twice_the_cadence(kith):  # type: ignore[no-untyped-def]
    ann = add(kith, "Ann Lee", "--tier", "close")
    log(kith, ann, "2025-01-01")
    assert today(kith, "2025-03-02")[ann]["reason"] == "cadence_due"  # 60 days: not more than 2x
    it = today(kith, "2025-03-03")[ann]
    assert (it["reason"], it["rule"], it["due"]) == ("reconnect", "R6", "2025-01-31")
    assert it["overdue_days"] == 31
    assert it["log_kind"] == "catchup"


def test_every_suggestion_logs_a_known_kind():  # type: ignore[no-untyped-def]
    from kithkin.core.agenda import windows
    from kithkin.core.vocabulary import KINDS

    # Candidate.add refuses a suggestion without an entry, so every rule test checks that.
    assert set(windows.LOG_KIND.values()) <= set(KINDS)


# R8 unanswered messages.


def test_reply_due_two_days_after_an_inbound_message_and_first(kith):  # type: ignore[no-untyped-def]
    ids = [add(kith, f"Person {n}", "--tier", "close") for n in range(6)]
    for i in ids:
        log(kith, i, "2025-01-01")  # all overdue by March
    writer = ids[3]
    log(kith, writer, "2025-03-10", "--inbound", "--channel", "linkedin")
    assert today(kith, "2025-03-11").get(writer, {}).get("reason") != "awaiting_reply"
    items = kith.ok("today", "--json", as_of="2025-03-12").json()
    assert items[0]["contact_id"] == writer
    assert (items[0]["reason"], items[0]["rule"], items[0]["channel"]) == (
        "awaiting_reply",
        "R8",
        "linkedin",
    )
    log(kith, writer, "2025-03-12")  # replied
    assert writer not in today(kith, "2025-03-13")


# R9 occasions.


def test_congratulate_within_seven_days(kith):  # type: ignore[no-untyped-def]
    ann = add(kith, "Ann Lee")
    log(kith, ann, "2025-03-01")
    kith.ok(
        "occasion",
        "add",
        str(ann),
        "--kind",
        "promotion",
        "--date",
        "2025-03-05",
        "--note",
        "now VP",
        as_of="2025-03-05",
    )
    assert ann not in today(kith, "2025-03-04")
    it = today(kith, "2025-03-05")[ann]
    assert (it["reason"], it["rule"], it["due"], it["days_left"]) == (
        "congratulate",
        "R9",
        "2025-03-12",
        7,
    )
    assert "now VP" in it["why"]
    assert it["log_kind"] == "congrats"  # what carries the suggestion out
    assert today(kith, "2025-03-12")[ann]["overdue_days"] == 0
    assert today(kith, "2025-03-13")[ann]["overdue_days"] == 1
    log(kith, ann, "2025-03-13", "--kind", "congrats")
    assert ann not in today(kith, "2025-03-14")


def test_occasion_kind_is_checked(kith, db_url):  # type: ignore[no-untyped-def]
    from conftest import dump

    ann = add(kith, "Ann Lee")
    before = dump(db_url)
    kith.bad("occasion", "add", str(ann), "--kind", "birthday")
    assert dump(db_url) == before


def test_an_occasion_in_the_future_is_refused_as_kith_log_refuses_one(kith, db_url):  # type: ignore[no-untyped-def]
    from conftest import dump

    ann = add(kith, "Ann Lee")
    before = dump(db_url)
    run = kith.bad(
        "occasion", "add", str(ann), "--kind", "promotion", "--date", "2026-03-11",
        as_of="2025-03-10",
    )  # fmt: skip
    assert "2026-03-11 is in the future" in run.stderr  # a promotion dated next year: a typo
    assert dump(db_url) == before
    kith.ok("occasion", "add", str(ann), "--kind", "promotion", "--date", "2025-03-10",
            as_of="2025-03-10")  # fmt: skip


# R7: do-not-contact. Logging what you did to such a contact still records it, with a
# warning; what they sent you needs none.


def test_an_outbound_log_to_a_do_not_contact_contact_warns_and_still_records(kith):  # type: ignore[no-untyped-def]
    ann = add(kith, "Ann Lee")
    kith.ok("edit", str(ann), "--do-not-contact")
    run = kith.ok("log", str(ann), "--date", START, "--json", as_of=START)
    lines = [ln for ln in run.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "Ann Lee is marked do-not-contact" in lines[0]
    assert "R7" in lines[0]
    logged = run.json()  # stdout stays the one JSON document
    inbound = kith.ok("log", str(ann), "--inbound", "--date", START, as_of=START)
    assert inbound.stderr.strip() == ""
    shown = kith.ok("show", str(ann), "--json").json()
    assert logged["id"] in [i["id"] for i in shown["interactions"]]
    assert len(shown["interactions"]) == 2
