"""Agenda invariants over generated networks (hypothesis).

Never a do-not-contact or paused person, never more than the budget, never one
person twice a day, the same plan however few windows are built at first (see
``planner.plan_days``), and a plan re-computed tomorrow with no new interaction
keeps every item of today's plan on its day (the only newcomers are today's
items nobody acted on, in places the plan had left free).

Like every database test they run on SQLite and PostgreSQL: each example gets an
empty database (a copy of the migrated template, or the worker's schema truncated).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import delete

from conftest import pg_twin
from kithkin import clock
from kithkin.core import settings as prefs
from kithkin.core.agenda import planner
from kithkin.core.book import interactions, jobs, occasions
from kithkin.core.book.contacts import ContactInput, add_contact, me
from kithkin.store.db import open_db
from kithkin.store.tables import Contact, PlanSlot

TODAY = date(2026, 3, 1)
KINDS = ["checkin", "catchup", "like", "advice_ask", "shared_lead", "congrats"]

person = st.fixed_dictionaries(
    {
        "tier": st.sampled_from(["close", "regular", "wide", "none"]),
        "cadence": st.one_of(st.none(), st.integers(5, 90)),
        "dnc": st.booleans(),
        "paused": st.booleans(),
        "snooze": st.one_of(st.none(), st.integers(0, 10)),
        "min_interval": st.one_of(st.none(), st.integers(1, 60)),
        "colleague_until": st.one_of(st.none(), st.integers(-100, 5)),
        "occasion": st.one_of(st.none(), st.integers(-40, 5)),
        "history": st.lists(
            st.tuples(st.integers(-400, 0), st.booleans(), st.sampled_from(KINDS)), max_size=6
        ),
    }
)
network = st.fixed_dictionaries(
    {
        "people": st.lists(person, min_size=1, max_size=14),
        "budget": st.integers(1, 4),
        "days": st.integers(2, 6),
    }
)


def _build(s: Any, net: dict[str, Any]) -> None:
    prefs.set_value(s, "budget", str(net["budget"]))
    user = me(s)
    for n, p in enumerate(net["people"]):
        c = add_contact(
            s, ContactInput(name=f"Person {n}", tier=p["tier"], cadence_days=p["cadence"])
        )
        c.created_on = TODAY - timedelta(days=500)
        c.do_not_contact, c.paused = p["dnc"], p["paused"]
        c.min_interval_days = p["min_interval"]
        if p["snooze"] is not None:
            c.snoozed_until = TODAY + timedelta(days=p["snooze"])
        if p["colleague_until"] is not None:
            end = TODAY + timedelta(days=p["colleague_until"])
            jobs.add_position(s, user, f"Org {n}", None, date(2020, 1, 1), end)
            jobs.add_position(s, c, f"Org {n}", None, date(2021, 1, 1), None)
        if p["occasion"] is not None:
            occasions.add(s, c, "promotion", TODAY + timedelta(days=p["occasion"]))
        for back, inbound, kind in p["history"]:
            interactions.log(
                s,
                interactions.InteractionInput(
                    contact_ids=[c.id],
                    kind=kind,
                    occurred_on=TODAY + timedelta(days=back),
                    direction="inbound" if inbound else "outbound",
                    channel="social" if kind == "like" else "email",
                ),
            )


def _by_day(items: list[dict[str, Any]]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for it in items:
        out.setdefault(it["date"], []).append(it["contact_id"])
    return out


def test_agenda_invariants(fresh_url: Callable[[], str], request: pytest.FixtureRequest) -> None:
    """40 networks on SQLite; the PostgreSQL twin draws a few (conftest.pg_twin): the
    planner's rules are the same code on both, the backend's reads are in every one."""

    @pg_twin(request, 40)
    @given(net=network)
    def check(net: dict[str, Any]) -> None:
        _agenda_invariants(net, fresh_url)

    check()


def _agenda_invariants(net: dict[str, Any], fresh_url: Callable[[], str]) -> None:
    db = open_db(fresh_url())
    try:
        clock.set_today(TODAY)
        with db.session() as s:
            _build(s, net)
        # Building everyone with every follow-up count loaded, and building a
        # contact at a time with the counts loaded lazily, give the same plan.
        # Each starts with no plan remembered: its slots are dropped after.
        plans = {}
        for eager in (True, False):
            with db.session() as s:
                plans[eager] = planner.plan_days(s, net["days"], None, eager, batch=1)[1]
                s.execute(delete(PlanSlot))
        eager_plan, lazy_plan = plans[True], plans[False]
        assert {
            d.isoformat(): [c.contact_id for c, _ in shown] for d, shown in eager_plan.days.items()
        } == {
            d.isoformat(): [c.contact_id for c, _ in shown] for d, shown in lazy_plan.days.items()
        }
        with db.session() as s:
            excluded = {c.id for c in s.query(Contact) if c.do_not_contact or c.paused}
            plan1 = _by_day(planner.plan(s, net["days"]))
            first = [it["contact_id"] for it in planner.today_items(s)]
        assert first == plan1.get(TODAY.isoformat(), [])
        assert [[c.contact_id for c, _ in eager_plan.days[d]] for d in sorted(eager_plan.days)][
            : net["days"]
        ] == [plan1.get((TODAY + timedelta(days=k)).isoformat(), []) for k in range(net["days"])]
        for ids in plan1.values():
            assert len(ids) <= net["budget"]
            assert len(ids) == len(set(ids))
            assert not excluded & set(ids)
        clock.set_today(TODAY + timedelta(days=1))
        with db.session() as s:
            plan2 = _by_day(planner.plan(s, net["days"] - 1))
        ignored = set(plan1.get(TODAY.isoformat(), []))
        for k in range(1, net["days"]):
            d = (TODAY + timedelta(days=k)).isoformat()
            before, after = set(plan1.get(d, [])), set(plan2.get(d, []))
            assert before <= after, f"{d}: planned {before}, re-planned {after}"
            assert after - before <= ignored
            assert len(plan2.get(d, [])) <= net["budget"]
    finally:
        clock.set_today(None)
        db.dispose()
