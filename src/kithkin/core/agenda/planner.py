"""Today's agenda and the stable plan (R17), over the windows of every contact.

Each day shows at most ``budget`` people. Unanswered messages (R8) are pinned:
they come first every day until answered. The other items are given a day in
priority order and that day is remembered (``plan_slots``), so tomorrow shows
what today's plan said for tomorrow unless something new happened: a new
interaction that closes or moves a window drops its slot, and a new pinned item
may push the lowest-ranked slot of its day back into the queue. Items nobody
acted on are not pushed ahead of the plan; they return to the queue and take
the first free place.

The plan is written only when ``today`` is not before the last day it was made,
so asking about the past (``--as-of``) never rewrites the future.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from kithkin import clock
from kithkin.core import bounds, settings
from kithkin.core.agenda import boundaries, cadence, facts, keptfacts
from kithkin.core.agenda.pruning import Unbuilt, exact, likeliest
from kithkin.core.agenda.replies import awaiting_reply, reply_window
from kithkin.core.agenda.schedule import Plan, schedule
from kithkin.core.agenda.windows import REASON_DAYS, Candidate, build, floor, next_reason
from kithkin.core.agenda.windows import item as item
from kithkin.core.book import events, occasions
from kithkin.store.tables import PlanSlot

# R17: how far ahead the plan is kept stable even when only today is asked for.
HORIZON_DAYS = 14


@dataclass
class _Network:
    """What the windows are built from; rebuilt per contact as follow-ups arrive."""

    facts: Mapping[int, facts.Facts]
    tiers: dict[str, int | None]
    ends: dict[int, tuple[date, str]]
    occ: dict[int, list[occasions.Due]]
    events: dict[int, tuple[date, str]]
    today: date
    # Per contact, what the pruning needs before building anyone (:func:`_entry`).
    entries: dict[int, tuple[int, ...]]

    def build(self, cid: int) -> Candidate | None:
        return build(
            self.facts[cid],
            self.tiers,
            self.ends.get(cid),
            self.occ.get(cid, []),
            self.events.get(cid),
            self.today,
        )


def _network(
    s: Session, today: date, last: date, contact_ids: list[int] | None, follow_ups: bool
) -> _Network:
    tiers = settings.tier_cadences(s)
    loaded: Mapping[int, facts.Facts]
    entries: dict[int, tuple[int, ...]] = {}
    if contact_ids is None:
        loaded, entries = keptfacts.network(
            s,
            today,
            follow_ups=follow_ups,
            reply_channels=follow_ups,
            derive=lambda f: _entry(f, tiers, today),
            derive_key=json.dumps(tiers, sort_keys=True),
        )
    else:
        loaded = facts.load(s, today, contact_ids, follow_ups=follow_ups, reply_channels=follow_ups)
    return _Network(
        loaded,
        tiers,
        cadence.shared_job_ends(s, today),
        occasions.recent_occasions(s, today, last),
        events.recent(s, today, last),
        today,
        entries,
    )


def _entry(f: facts.Facts, tiers: dict[str, int | None], today: date) -> tuple[int, ...]:
    """What the pruning knows of a contact before building it, as day numbers (0: none):
    its R8 reply window if it is open to the agenda, then its cadence floor."""
    reply = (0, 0)
    if awaiting_reply(f, today) and boundaries.excluded(f) is None:
        start, until = reply_window(f)
        reply = (start.toordinal(), until.toordinal())
    bound = floor(f, tiers)
    if bound is None:
        return (*reply, 0, 0, 0)
    return (*reply, bound.rank, bound.due.toordinal(), bound.dormant.toordinal())


def candidates(
    s: Session, today: date, last: date, contact_ids: list[int] | None = None
) -> dict[int, Candidate]:
    """Every contact that may appear on the agenda between ``today`` and ``last``."""
    net = _network(s, today, last, contact_ids, follow_ups=True)
    out: dict[int, Candidate] = {}
    for cid in net.facts:
        c = net.build(cid)
        if c is not None:
            out[cid] = c
    return out


def _load_slots(s: Session, today: date) -> tuple[dict[int, date], bool]:
    """The remembered plan, and whether it may be rewritten (not asked about the past)."""
    newest = s.scalar(select(func.max(PlanSlot.planned_on)))
    writable = newest is None or newest <= today
    q = select(PlanSlot.contact_id, PlanSlot.day).where(
        PlanSlot.day >= today, PlanSlot.planned_on <= today
    )
    slots: dict[int, date] = {}
    for cid, day in s.execute(q):
        if cid not in slots or day < slots[cid]:
            slots[cid] = day
    return slots, writable


def _save(s: Session, plan: Plan, today: date, before: dict[int, date]) -> None:
    s.execute(delete(PlanSlot).where(PlanSlot.day < today))
    last = max(plan.days)
    gone = [cid for cid, day in before.items() if day <= last and plan.placed.get(cid) != day]
    for start in range(0, len(gone), 2000):
        s.execute(delete(PlanSlot).where(PlanSlot.contact_id.in_(gone[start : start + 2000])))
    rows = []
    for day, shown in plan.days.items():
        for c, w in shown:
            if plan.placed.get(c.contact_id) == day and before.get(c.contact_id) != day:
                rows.append(
                    PlanSlot(
                        contact_id=c.contact_id,
                        day=day,
                        reason=w.reason,
                        due=w.due,
                        planned_on=today,
                    )
                )
    s.add_all(rows)
    s.flush()


def plan_days(
    s: Session,
    n_days: int,
    budget: int | None,
    eager: bool = False,
    batch: int | None = None,
    today: date | None = None,
) -> tuple[date, Plan]:
    """Plan ``max(n_days, HORIZON_DAYS)`` days and remember it.

    A large network holds far more people than the plan has places, so the
    windows are built only where they can matter, and widened until the plan
    is provably the one of building everyone:

    - everyone with a reason beyond the cadence and a reply (R1, R9, R13) or
      a place in the remembered plan is built;
    - the others are taken in order of :func:`~kithkin.core.agenda.windows.floor`,
      the earliest due date they can have, ``batch`` at a time (by default
      twice the places in the plan), and those awaiting a reply (R8) in order
      of due date among those open each day; :func:`exact` says when the
      rest could not have taken any place, else the batch doubles.

    Likewise the follow-up counts (R7 unanswered outreach, R10 light touches)
    can only take someone off the agenda or make them due later, so they are
    loaded for the likeliest contacts first and then for whoever the plan
    shows, re-planning until everyone shown is known. ``eager`` builds everyone
    with every count loaded: the reference the property tests compare against.
    ``today`` is the clock's unless given (the digest's day in the user's time zone).
    """
    bounds.check_count(budget, "budget")
    bounds.check_count(n_days, "days")
    today = today or clock.today()
    horizon = max(max(1, n_days), HORIZON_DAYS)
    last = bounds.after(today, horizon - 1)
    configured = settings.budget(s)
    per_day = max(1, budget if budget is not None else configured)
    net = _network(s, today, last, None, follow_ups=eager)
    slots, writable = _load_slots(s, today)
    if per_day != configured:
        # A budget for one command (`--budget N`): the plan it would make, from
        # scratch, and the remembered one (made for the configured budget) left as is.
        slots, writable = {}, False
    special = set(slots) | set(net.ends) | set(net.occ) | set(net.events)
    unbuilt = Unbuilt(today)
    cands: dict[int, Candidate] = {}
    day = date.fromordinal
    for cid in net.facts:
        if cid in special or eager:
            c = net.build(cid)
            if c is not None:
                cands[cid] = c
            continue
        entry = net.entries.get(cid)
        opens, until, rank, due, dormant = (
            entry if entry is not None else _entry(net.facts[cid], net.tiers, today)
        )
        if opens:
            unbuilt.add_reply(cid, day(opens), day(until))
        if due:
            unbuilt.add_bound(cid, rank, day(due), day(dormant))
    unbuilt.ready()
    days = [today + timedelta(days=k) for k in range(horizon)]
    step = batch if batch is not None else 2 * per_day * horizon
    likely = set(slots)
    grow = True
    while True:
        if grow:
            for cid in unbuilt.take(step, days, per_day):
                c = net.build(cid)
                if c is not None:
                    cands[cid] = c
            step *= 2
            likely |= likeliest(cands, 3 * per_day * horizon, horizon)
        need = [
            net.facts[cid] for cid in likely if cid in net.facts and not net.facts[cid].followed_up
        ]
        if need:
            facts.add_follow_ups(s, need, today)
            for f in need:
                c = net.build(f.contact_id)
                if c is None:
                    cands.pop(f.contact_id, None)
                else:
                    cands[f.contact_id] = c
        plan = schedule(cands, slots, today, horizon, per_day)
        likely = {c.contact_id for shown in plan.days.values() for c, _ in shown}
        grow = all(net.facts[cid].followed_up for cid in likely)
        if grow and exact(plan, unbuilt):
            break
    waiting = {
        c.contact_id: c.facts
        for shown in plan.days.values()
        for c, w in shown
        if w.reason == "awaiting_reply"
    }
    facts.add_reply_channels(s, list(waiting.values()), today)
    if writable:
        _save(s, plan, today, slots)
    return today, plan


def today_items(s: Session, budget: int | None = None) -> list[dict[str, Any]]:
    """Today's agenda: the dicts ``kith today --json`` prints, best first."""
    today, plan = plan_days(s, 1, budget)
    return [item(c, w, today) for c, w in plan.days[today]]


def plan(s: Session, days: int, budget: int | None = None) -> list[dict[str, Any]]:
    """The next ``days`` days of the agenda, each item with its ``date``."""
    today, p = plan_days(s, days, budget)
    out: list[dict[str, Any]] = []
    for k in range(max(1, days)):
        day = today + timedelta(days=k)
        out.extend({"date": day.isoformat(), **item(c, w, day)} for c, w in p.days[day])
    return out


def reason_for(s: Session, contact_id: int) -> dict[str, Any] | None:
    """Why (and by when) to contact someone, regardless of the daily budget
    (:func:`~kithkin.core.agenda.windows.next_reason` of their windows)."""
    today = clock.today()
    last = today + timedelta(days=REASON_DAYS)
    return next_reason(candidates(s, today, last, [contact_id]).get(contact_id), today)
