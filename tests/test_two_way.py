"""R7 reads conversations right: a call, a meeting, a video call or an event is two-way.

Only one-way outreach (email, message, LinkedIn, letter) waits for a reply; a
conversation answers everything before it, whichever way it went. Tests at the
boundary (the third one-way outreach, then a call) through the CLI, and a
property over generated histories: whoever last spoke with you two-way is never
in the R7 back-off.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import pg_twin
from kithkin import clock
from kithkin.core.agenda import boundaries, facts, health
from kithkin.core.book import interactions
from kithkin.core.book.contacts import ContactInput, add_contact
from kithkin.core.vocabulary import TWO_WAY_CHANNELS, Channel
from kithkin.store.db import open_db
from test_agenda_rules import add, log, today

ONE_WAY = sorted(ch.value for ch in Channel if ch.value not in TWO_WAY_CHANNELS)


def state(kith, who: int, as_of: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return kith.ok("show", str(who), "--json", as_of=as_of).json()["health"]  # type: ignore[no-any-return]


def test_the_two_way_set_is_calls_meetings_video_and_events() -> None:
    assert {"call", "video", "meeting", "event"} == TWO_WAY_CHANNELS
    assert {"email", "message", "linkedin", "letter"} <= set(ONE_WAY)


@pytest.mark.parametrize("channel", ["call", "meeting", "video", "event"])
def test_a_conversation_after_the_third_outreach_brings_them_back(kith, channel):  # type: ignore[no-untyped-def]
    ann = add(kith, "Ann Lee", "--tier", "close")
    log(kith, ann, "2025-01-01", "--channel", "email")
    log(kith, ann, "2025-02-01", "--channel", "message")
    assert state(kith, ann, "2025-02-02")["unanswered_outreach"] == 2
    log(kith, ann, "2025-03-01", "--channel", "linkedin")  # the third: off the agenda
    assert state(kith, ann, "2025-04-05")["state"] == "no_reply"
    assert ann not in today(kith, "2025-04-05")
    log(kith, ann, "2025-04-05", "--channel", channel)  # we talked: the door was open
    shown = state(kith, ann, "2025-04-06")
    assert shown["state"] != "no_reply" and shown["unanswered_outreach"] == 0
    assert shown["cadence_days"] == 30
    assert today(kith, "2025-05-05")[ann]["reason"] == "cadence_due"


def test_calls_and_meetings_never_add_up_to_silence(kith):  # type: ignore[no-untyped-def]
    ann = add(kith, "Ann Lee", "--tier", "close")
    for n, channel in enumerate(["call", "meeting", "video", "event", "call"]):
        log(kith, ann, f"2025-0{n + 1}-01", "--channel", channel)
    assert state(kith, ann, "2025-05-02")["unanswered_outreach"] == 0
    assert today(kith, "2025-05-31")[ann]["reason"] == "cadence_due"


def test_a_call_between_emails_answers_the_ones_before_it(kith):  # type: ignore[no-untyped-def]
    ann = add(kith, "Ann Lee", "--tier", "close")
    log(kith, ann, "2025-01-01")
    log(kith, ann, "2025-02-01")
    log(kith, ann, "2025-03-01", "--channel", "call", "--inbound")  # they called
    log(kith, ann, "2025-04-01")
    log(kith, ann, "2025-05-01")
    assert state(kith, ann, "2025-05-02")["unanswered_outreach"] == 2
    log(kith, ann, "2025-06-01", "--channel", "letter")  # one-way: the third since the call
    assert state(kith, ann, "2025-06-02")["state"] == "no_reply"


def test_an_email_the_day_of_a_call_is_answered_by_it(kith):  # type: ignore[no-untyped-def]
    ann = add(kith, "Ann Lee", "--tier", "close")
    for when in ("2025-01-01", "2025-02-01", "2025-03-01"):
        log(kith, ann, when)
    log(kith, ann, "2025-03-01", "--channel", "video")
    assert state(kith, ann, "2025-03-02")["unanswered_outreach"] == 0


def test_health_lists_the_people_you_talk_with_among_the_strongest(kith):  # type: ignore[no-untyped-def]
    ann = add(kith, "Ann Lee", "--tier", "close")
    for k in range(12):
        log(kith, ann, (date(2024, 2, 1) + timedelta(days=30 * k)).isoformat(), "--channel", "call")
    out = kith.ok("health", "--json", as_of="2025-01-20").json()
    assert out["states"]["no_reply"] == 0
    assert [r["contact_id"] for r in out["strongest"]] == [ann]


def test_the_demo_manager_is_on_the_agenda_horizon(kith):  # type: ignore[no-untyped-def]
    kith.ok("demo", as_of="2026-11-02")
    people = kith.ok("list", "--json", as_of="2026-11-02").json()
    shown = [kith.ok("show", str(c["id"]), "--json", as_of="2026-11-02").json() for c in people]
    boss = next(
        c
        for c in shown
        if any(r["type"] == "manager" and r["until"] is None for r in c["relationships"])
    )
    assert boss["health"]["state"] != "no_reply" and boss["health"]["strength"] >= 60
    assert boss["agenda"] is not None
    out = kith.ok("health", "--json", as_of="2026-11-02").json()
    assert 1 <= out["states"]["no_reply"] <= 2


# Property: the last interaction is two-way, so nothing waits for a reply.

TODAY = date(2026, 3, 1)
touch = st.tuples(
    st.integers(1, 300),  # days before the two-way conversation
    st.sampled_from([*ONE_WAY, *sorted(TWO_WAY_CHANNELS)]),
    st.booleans(),  # inbound
    st.sampled_from(["checkin", "advice_ask", "like", "congrats"]),
)
history = st.fixed_dictionaries(
    {
        "before": st.lists(touch, max_size=8),
        "last": st.sampled_from(sorted(TWO_WAY_CHANNELS)),
        "last_inbound": st.booleans(),
        "ago": st.integers(0, 400),
        "tier": st.sampled_from(["close", "regular", "wide", "none"]),
        "reset": st.one_of(st.none(), st.integers(0, 500)),
    }
)


def test_whoever_last_talked_with_you_is_never_backed_off(
    fresh_url: Callable[[], str], request: pytest.FixtureRequest
) -> None:
    """30 histories on SQLite; the PostgreSQL twin draws a few (conftest.pg_twin)."""

    @pg_twin(request, 30)
    @given(h=history)
    def check(h: dict[str, Any]) -> None:
        _never_backed_off(h, fresh_url)

    check()


def _never_backed_off(h: dict[str, Any], fresh_url: Callable[[], str]) -> None:
    db = open_db(fresh_url())
    try:
        clock.set_today(TODAY)
        last = TODAY - timedelta(days=h["ago"])
        with db.session() as s:
            c = add_contact(s, ContactInput(name="Ann Lee", tier=h["tier"]))
            c.created_on = TODAY - timedelta(days=900)
            if h["reset"] is not None:
                c.reset_on = TODAY - timedelta(days=h["reset"])
            for back, channel, inbound, kind in [
                *h["before"],
                (0, h["last"], h["last_inbound"], "checkin"),
            ]:
                interactions.log(
                    s,
                    interactions.InteractionInput(
                        contact_ids=[c.id],
                        channel=channel,
                        kind=kind,
                        direction="inbound" if inbound else "outbound",
                        occurred_on=last - timedelta(days=back),
                    ),
                )
            cid = c.id
        with db.session() as s:
            f = facts.load(s, TODAY, [cid])[cid]
            assert f.unanswered == 0
            assert boundaries.excluded(f) is None
            assert boundaries.doubled(30, f) == 30
            assert health.states(s, [cid])[cid] != "no_reply"
    finally:
        clock.set_today(None)
        db.dispose()


@pytest.mark.parametrize("channel", sorted(TWO_WAY_CHANNELS))
def test_a_call_they_made_owes_no_reply(kith, channel):  # type: ignore[no-untyped-def]
    ann = add(kith, "Ann Lee", "--tier", "close")
    log(kith, ann, "2025-01-01", "--channel", channel, "--inbound")
    assert ann not in today(kith, "2025-01-04")  # R8 is for messages, not conversations
    assert state(kith, ann, "2025-01-04")["state"] != "awaiting_reply"
    log(kith, ann, "2025-01-10", "--inbound")  # an email after it: a reply is owed
    assert today(kith, "2025-01-12")[ann]["reason"] == "awaiting_reply"
