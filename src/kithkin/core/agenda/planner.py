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

import bisect
import heapq
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from kithkin import clock
from kithkin.core import settings
from kithkin.core.agenda import boundaries, cadence, facts
from kithkin.core.agenda.windows import (
    LOG_KIND,
    RANK,
    REPLY_SPAN,
    Candidate,
    Floor,
    Window,
    awaiting_reply,
    build,
    floor,
    reply_window,
)
from kithkin.core.book import occasions
from kithkin.store.tables import PlanSlot

# R17: how far ahead the plan is kept stable even when only today is asked for.
HORIZON_DAYS = 14
# With a budget of at least this many, one place a day goes to a dormant tie (R6).
RESERVE_FROM = 3


@dataclass
class _Network:
    """What the windows are built from; rebuilt per contact as follow-ups arrive."""

    facts: dict[int, facts.Facts]
    tiers: dict[str, int | None]
    ends: dict[int, tuple[date, str]]
    occ: dict[int, tuple[date, str, str | None]]
    events: dict[int, tuple[date, str]]
    today: date

    def build(self, cid: int) -> Candidate | None:
        return build(
            self.facts[cid],
            self.tiers,
            self.ends.get(cid),
            self.occ.get(cid),
            self.events.get(cid),
            self.today,
        )


def _network(
    s: Session, today: date, last: date, contact_ids: list[int] | None, follow_ups: bool
) -> _Network:
    return _Network(
        facts.load(s, today, contact_ids, follow_ups=follow_ups, reply_channels=follow_ups),
        settings.tier_cadences(s),
        cadence.shared_job_ends(s, today),
        occasions.recent_occasions(s, today, last),
        occasions.recent_events(s, today, last),
        today,
    )


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


def item(c: Candidate, w: Window, day: date) -> dict[str, Any]:
    """One agenda line; the keys are the public contract of ``kith today --json``."""
    return {
        "contact_id": c.contact_id,
        "name": c.facts.name,
        "reason": w.reason,
        "rule": w.rule,
        "due": w.due.isoformat(),
        "overdue_days": max(0, (day - w.due).days),
        "days_left": max(0, (w.due - day).days),
        "channel": (c.facts.last_in_channel or w.channel)
        if w.reason == "awaiting_reply"
        else w.channel,
        "why": w.why,
        "suggest": w.suggest,
        "log_kind": LOG_KIND[w.suggest],
    }


Key = tuple[int, date, int]


def _key(w: Window, cid: int) -> Key:
    return (w.rank, w.due, cid)


@dataclass
class _Plan:
    days: dict[date, list[tuple[Candidate, Window]]]
    placed: dict[int, date]  # non-pinned placements: contact -> day
    # What an unbuilt contact would have had to beat (see :func:`_exact`):
    popped: dict[date, Key] = field(default_factory=dict)  # worst key taken off the queue
    dry: set[date] = field(default_factory=set)  # the queue ran out before the budget
    reserved: dict[date, Key | None] = field(default_factory=dict)  # the R6 place's key
    pins: dict[date, Key | None] = field(default_factory=dict)  # last R8 pin; None: not full


def _schedule(
    cands: dict[int, Candidate], slots: dict[int, date], today: date, n_days: int, budget: int
) -> _Plan:
    last = today + timedelta(days=n_days - 1)
    days = [today + timedelta(days=k) for k in range(n_days)]
    pin_order = sorted(
        ((c, w) for c in cands.values() for w in c.windows if w.reason == "awaiting_reply"),
        key=lambda p: _key(p[1], p[0].contact_id),
    )
    kept: dict[date, list[Candidate]] = {d: [] for d in days}
    queue_by_day: dict[date, list[Candidate]] = {d: [] for d in days}
    dormant_by_day: dict[date, list[Candidate]] = {d: [] for d in days}
    for cid, c in cands.items():
        slot_day = slots.get(cid)
        if slot_day is not None and slot_day > last:
            continue  # planned beyond this horizon: leave it there
        if slot_day is not None:
            w = c.item_on(slot_day)
            if w is not None and w.reason != "awaiting_reply":
                kept[slot_day].append(c)
                continue
        # Queued on the day each window opens, so a better reason opening later
        # (an occasion, a departure) re-enters the queue with its better rank.
        for d in c.open_days(today, last):
            queue_by_day[d].append(c)
        dormant = c.opening("reconnect", today, last)
        if dormant is not None:
            dormant_by_day[dormant].append(c)
    plan = _Plan({}, {})
    heap: list[tuple[tuple[int, date, int], Candidate]] = []
    rheap: list[tuple[tuple[int, date, int], Candidate]] = []
    for d in days:
        fresh = [
            (_key(w, c.contact_id), c) for c in queue_by_day[d] if (w := c.item_on(d)) is not None
        ]
        if len(fresh) > len(heap):
            heap.extend(fresh)
            heapq.heapify(heap)
        else:
            for entry in fresh:
                heapq.heappush(heap, entry)
        for c in dormant_by_day[d]:
            w = next(w for w in c.windows if w.reason == "reconnect")
            heapq.heappush(rheap, (_key(w, c.contact_id), c))
        shown: list[tuple[Candidate, Window]] = []
        # Pinned (R8) items, best first: once open, an R8 window stays open to its end.
        pinned: list[tuple[Candidate, Window]] = []
        for c, w in pin_order:
            if len(pinned) == budget:
                break
            if w.opens <= d and (w.until is None or d <= w.until):
                pinned.append((c, w))
        shown.extend(pinned)
        plan.pins[d] = (
            _key(pinned[-1][1], pinned[-1][0].contact_id) if len(pinned) == budget else None
        )
        pinned_ids = {c.contact_id for c, _ in pinned}
        stay = sorted(
            (
                (c, w)
                for c in kept[d]
                if (w := c.item_on(d)) is not None and w.reason != "awaiting_reply"
            ),
            key=lambda p: _key(p[1], p[0].contact_id),
        )
        room = budget - len(shown)
        for c, w in stay[:room]:
            shown.append((c, w))
            plan.placed[c.contact_id] = d
        for c, w in stay[room:]:  # pushed back by a new pinned item
            heapq.heappush(heap, (_key(w, c.contact_id), c))
        if (
            budget >= RESERVE_FROM
            and len(shown) < budget
            and all(w.reason != "reconnect" for _, w in shown)
        ):
            plan.reserved[d] = _reserve_reconnect(rheap, d, shown, plan, pinned_ids)
        later: list[Candidate] = []
        while len(shown) < budget and heap:
            key, c = heapq.heappop(heap)
            plan.popped[d] = key  # popped in order: the last one is the worst
            if c.contact_id in plan.placed or c.contact_id in pinned_ids:
                continue
            w = c.item_on(d)
            if w is None:
                later.append(c)
                continue
            if _key(w, c.contact_id) != key:
                heapq.heappush(heap, (_key(w, c.contact_id), c))
                continue
            if w.reason == "awaiting_reply":
                continue  # pinned from now on
            shown.append((c, w))
            plan.placed[c.contact_id] = d
        if len(shown) < budget:
            plan.dry.add(d)
        for c in later:
            nxt = c.first_day(d + timedelta(days=1), last)
            if nxt is not None:
                queue_by_day[nxt].append(c)
        plan.days[d] = sorted(shown, key=lambda p: _key(p[1], p[0].contact_id))
    return plan


def _reserve_reconnect(
    rheap: list[tuple[tuple[int, date, int], Candidate]],
    d: date,
    shown: list[tuple[Candidate, Window]],
    plan: _Plan,
    pinned_ids: set[int],
) -> Key | None:
    """One place a day for the longest-dormant tie, so that a steady flow of check-ins
    never starves the relationships that most need rekindling (R6).

    Returns the key of whoever took the place, ``None`` when nobody could.
    """
    busy: list[tuple[tuple[int, date, int], Candidate]] = []
    taken: Key | None = None
    while rheap:
        key, c = heapq.heappop(rheap)
        if c.contact_id in plan.placed or c.contact_id in pinned_ids:
            continue
        w = c.item_on(d)
        if w is None or w.reason != "reconnect":
            busy.append((key, c))  # held back, or a better reason holds today
            continue
        shown.append((c, w))
        plan.placed[c.contact_id] = d
        taken = key
        break
    for entry in busy:
        heapq.heappush(rheap, entry)
    return taken


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


def _save(s: Session, plan: _Plan, today: date, before: dict[int, date]) -> None:
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


def _plan(
    s: Session,
    n_days: int,
    budget: int | None,
    eager: bool = False,
    batch: int | None = None,
) -> tuple[date, _Plan]:
    """Plan ``max(n_days, HORIZON_DAYS)`` days and remember it.

    A large network holds far more people than the plan has places, so the
    windows are built only where they can matter, and widened until the plan
    is provably the one of building everyone:

    - everyone with a reason beyond the cadence and a reply (R1, R9, R13) or
      a place in the remembered plan is built;
    - the others are taken in order of :func:`~kithkin.core.agenda.windows.floor`,
      the earliest due date they can have, ``batch`` at a time (by default
      twice the places in the plan), and those awaiting a reply (R8) in order
      of due date among those open each day; :func:`_exact` says when the
      rest could not have taken any place, else the batch doubles.

    Likewise the follow-up counts (R7 unanswered outreach, R10 light touches)
    can only take someone off the agenda or make them due later, so they are
    loaded for the likeliest contacts first and then for whoever the plan
    shows, re-planning until everyone shown is known. ``eager`` builds everyone
    with every count loaded: the reference the property tests compare against.
    """
    today = clock.today()
    horizon = max(max(1, n_days), HORIZON_DAYS)
    last = today + timedelta(days=horizon - 1)
    per_day = max(1, budget if budget is not None else settings.budget(s))
    net = _network(s, today, last, None, follow_ups=eager)
    slots, writable = _load_slots(s, today)
    special = set(slots) | set(net.ends) | set(net.occ) | set(net.events)
    unbuilt = _Unbuilt(today)
    cands: dict[int, Candidate] = {}
    for cid, f in net.facts.items():
        if cid in special or eager:
            c = net.build(cid)
            if c is not None:
                cands[cid] = c
            continue
        if awaiting_reply(f, today) and boundaries.excluded(f) is None:
            unbuilt.add_reply(cid, *reply_window(f))
        if (bound := floor(f, net.tiers)) is not None:
            unbuilt.add(cid, bound)
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
            likely |= _likeliest(cands, 3 * per_day * horizon, horizon)
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
        plan = _schedule(cands, slots, today, horizon, per_day)
        likely = {c.contact_id for shown in plan.days.values() for c, _ in shown}
        grow = all(net.facts[cid].followed_up for cid in likely)
        if grow and _exact(plan, unbuilt):
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


class _Unbuilt:
    """The contacts whose windows are not built yet, best bounds first.

    Such a contact has no R1, R9 or R13 reason, so its windows are an R8 reply
    (keyed by its exact due date) and cadence windows (bounded by its
    :class:`~kithkin.core.agenda.windows.Floor`). Three orders by (floor, id): those
    whose R4 window (give first) or R2 window (cadence) holds today, and
    everyone, for their R6 window; each order's first entry bounds every other
    entry of that order. Replies are kept by start date, so that those open on
    a day are a short run of the list.
    """

    def __init__(self, today: date) -> None:
        self.today = today
        self.heaps: dict[int, list[tuple[date, int]]] = {
            RANK[r]: [] for r in ("give_first", "cadence_due", "reconnect")
        }
        self.done: set[int] = set()
        self.replies: list[tuple[date, int, date]] = []  # R8: (start, contact, until)
        self.starts: list[date] = []

    def add_reply(self, cid: int, start: date, until: date) -> None:
        self.replies.append((start, cid, until))

    def add(self, cid: int, bound: Floor) -> None:
        self.heaps[RANK["reconnect"]].append((bound.due, cid))
        if bound.dormant > self.today:
            self.heaps[bound.rank].append((bound.due, cid))

    def ready(self) -> None:
        for heap in self.heaps.values():
            heapq.heapify(heap)
        self.replies.sort()
        self.starts = [start for start, _, _ in self.replies]

    def _open_replies(self, day: date) -> Iterator[tuple[date, int, date]]:
        """Unbuilt R8 windows open on ``day``, by due date (= start) then id."""
        i = bisect.bisect_left(self.starts, day - timedelta(days=REPLY_SPAN))
        for entry in itertools.islice(self.replies, i, None):
            start, cid, until = entry
            if start > day:
                return
            if until >= day and cid not in self.done:
                yield entry

    def take(self, n: int, days: list[date], per_day: int) -> list[int]:
        """Up to ``n`` from the front of each order, and for each day the first
        ``n // len(days)`` (at least twice the budget) replies open then."""
        out: list[int] = []
        pins = max(2 * per_day, n // len(days))
        for d in days:
            for _, cid, _ in list(itertools.islice(self._open_replies(d), pins)):
                self.done.add(cid)
                out.append(cid)
        for heap in self.heaps.values():
            for _ in range(n):
                top = self.least(heap)
                if top is None:
                    break
                heapq.heappop(heap)
                self.done.add(top[1])
                out.append(top[1])
        return out

    def least(self, heap: list[tuple[date, int]]) -> tuple[date, int] | None:
        while heap and heap[0][1] in self.done:
            heapq.heappop(heap)
        return heap[0] if heap else None

    def reply_bound(self, day: date) -> Key | None:
        """The best R8 key an unbuilt contact can have on ``day``, if one is open."""
        first = next(self._open_replies(day), None)
        return None if first is None else (RANK["awaiting_reply"], first[0], first[1])

    def bounds(self, day: date) -> dict[int, Key]:
        """Per rank, the best key an unbuilt contact can have on ``day`` (if any is open)."""
        out: dict[int, Key] = {}
        for rank, heap in self.heaps.items():
            top = self.least(heap)
            if top is not None and top[0] <= day:
                out[rank] = (rank, *top)
        return out


def _exact(plan: _Plan, unbuilt: _Unbuilt) -> bool:
    """Whether no contact left unbuilt could have changed ``plan``.

    An unbuilt contact awaiting a reply would have been pinned only if the
    day's pins were not full or one of them ranked after it. Its cadence
    windows are no better than its bound and never open before its floor: on a
    day one is open it would have entered the queue, so it changes nothing as
    long as, that day, the queue never had to reach that far (everything taken
    off it ranked better and the budget was filled) and the dormant place (R6)
    went to someone who ranks better too.
    """
    for d in plan.days:
        pin, last_pin = unbuilt.reply_bound(d), plan.pins[d]
        if pin is not None and (last_pin is None or last_pin > pin):
            return False  # the day's replies might have been someone else's
        bounds = unbuilt.bounds(d)
        if not bounds:
            continue  # nobody unbuilt is open yet
        if d in plan.dry:
            return False
        worst = plan.popped.get(d)
        if worst is not None and worst > min(bounds.values()):
            return False
        dormant = bounds.get(RANK["reconnect"])
        if d in plan.reserved and dormant is not None:
            taken = plan.reserved[d]
            if taken is None or taken > dormant:
                return False
    return True


def _likeliest(cands: dict[int, Candidate], n: int, n_dormant: int) -> set[int]:
    """The contacts most likely to be shown: best reasons and earliest dates first."""

    def best(c: Candidate) -> tuple[int, date, int]:
        return min((w.rank, w.due, c.contact_id) for w in c.windows)

    top = heapq.nsmallest(n, cands.values(), key=best)
    dormant = heapq.nsmallest(
        n_dormant,
        (c for c in cands.values() if any(w.reason == "reconnect" for w in c.windows)),
        key=lambda c: (next(w.due for w in c.windows if w.reason == "reconnect"), c.contact_id),
    )
    return {c.contact_id for c in top} | {c.contact_id for c in dormant}


def today_items(s: Session, budget: int | None = None) -> list[dict[str, Any]]:
    """Today's agenda: the dicts ``kith today --json`` prints, best first."""
    today, plan = _plan(s, 1, budget)
    return [item(c, w, today) for c, w in plan.days[today]]


def plan(s: Session, days: int, budget: int | None = None) -> list[dict[str, Any]]:
    """The next ``days`` days of the agenda, each item with its ``date``."""
    today, p = _plan(s, days, budget)
    out: list[dict[str, Any]] = []
    for k in range(max(1, days)):
        day = today + timedelta(days=k)
        out.extend({"date": day.isoformat(), **item(c, w, day)} for c, w in p.days[day])
    return out


def reason_for(s: Session, contact_id: int) -> dict[str, Any] | None:
    """Why (and by when) to contact someone, regardless of the daily budget.

    Today's reason when there is one, else the next one within a year (its
    ``date`` says when it opens); ``None`` when no rule asks for them.
    """
    today = clock.today()
    last = today + timedelta(days=365)
    c = candidates(s, today, last, [contact_id]).get(contact_id)
    if c is None:
        return None
    day = c.first_day(today, last)
    if day is None:
        return None
    w = c.item_on(day)
    assert w is not None
    return {"date": day.isoformat(), **item(c, w, day)}
