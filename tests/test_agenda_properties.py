"""Agenda invariants over generated networks (hypothesis).

Never a do-not-contact or paused person, never more than the budget, never one
person twice a day, the same plan however few windows are built at first (see
``agenda._plan``), and a plan re-computed tomorrow with no new interaction
keeps every item of today's plan on its day (the only newcomers are today's
items nobody acted on, in places the plan had left free).

These run on SQLite only: each example needs a fresh database and PostgreSQL
would make them slow; every rule is tested on both backends in test_agenda_rules
and test_agenda_boundaries.
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kithkin import clock
from kithkin.core import agenda, interactions, jobs, occasions
from kithkin.core import settings as prefs
from kithkin.core.contacts import ContactInput, add_contact, me
from kithkin.store.db import open_db
from kithkin.store.tables import Contact

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


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(net=network)
def test_agenda_invariants(net: dict[str, Any], _sqlite_template: Path, tmp_path: Path) -> None:
    target = tmp_path / f"prop-{id(net)}.db"
    shutil.copy(_sqlite_template, target)
    db = open_db(f"sqlite:///{target}")
    try:
        clock.set_today(TODAY)
        with db.session() as s:
            _build(s, net)
        with db.engine.connect() as conn:  # the copy must hold what the WAL holds
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        for kind in ("eager", "lazy"):
            shutil.copy(target, tmp_path / f"{kind}-{id(net)}.db")
        with db.session() as s:
            excluded = {c.id for c in s.query(Contact) if c.do_not_contact or c.paused}
            plan1 = _by_day(agenda.plan(s, net["days"]))
            first = [it["contact_id"] for it in agenda.today_items(s)]
        assert first == plan1.get(TODAY.isoformat(), [])
        # Building windows a contact at a time and loading the follow-up counts
        # lazily (each on a database with no plan yet) gives the plan of building
        # everyone with every count loaded.
        plans = {}
        for kind in ("eager", "lazy"):
            other = open_db(f"sqlite:///{tmp_path / f'{kind}-{id(net)}.db'}")
            with other.session() as s:
                plans[kind] = agenda._plan(s, net["days"], None, kind == "eager", batch=1)[1]
            other.dispose()
        eager, lazy = plans["eager"], plans["lazy"]
        assert {
            d.isoformat(): [c.contact_id for c, _ in shown] for d, shown in eager.days.items()
        } == {d.isoformat(): [c.contact_id for c, _ in shown] for d, shown in lazy.days.items()}
        assert [[c.contact_id for c, _ in eager.days[d]] for d in sorted(eager.days)][
            : net["days"]
        ] == [plan1.get((TODAY + timedelta(days=k)).isoformat(), []) for k in range(net["days"])]
        for ids in plan1.values():
            assert len(ids) <= net["budget"]
            assert len(ids) == len(set(ids))
            assert not excluded & set(ids)
        clock.set_today(TODAY + timedelta(days=1))
        with db.session() as s:
            plan2 = _by_day(agenda.plan(s, net["days"] - 1))
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
