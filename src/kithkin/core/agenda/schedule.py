"""Placing the candidates on the days of the plan, within the daily budget (R17).

Unanswered messages (R8) are pinned: they come first every day until answered.
Everyone else is placed in order of rank, due date and id; a place already in the
remembered plan is kept unless a new pinned item pushes it back into the queue,
and with a budget of at least :data:`RESERVE_FROM` one place a day goes to the
longest-dormant tie (R6), so that a steady flow of check-ins never starves the
relationships that most need rekindling. The :class:`Plan` also records what an
unbuilt contact would have had to beat (see :mod:`kithkin.core.agenda.pruning`).
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from datetime import date, timedelta

from kithkin.core.agenda.windows import Candidate, Window

# With a budget of at least this many, one place a day goes to a dormant tie (R6).
RESERVE_FROM = 3


Key = tuple[int, date, int]


def key_of(w: Window, cid: int) -> Key:
    return (w.rank, w.due, cid)


@dataclass
class Plan:
    days: dict[date, list[tuple[Candidate, Window]]]
    placed: dict[int, date]  # non-pinned placements: contact -> day
    # What an unbuilt contact would have had to beat (see :func:`exact`):
    popped: dict[date, Key] = field(default_factory=dict)  # worst key taken off the queue
    dry: set[date] = field(default_factory=set)  # the queue ran out before the budget
    reserved: dict[date, Key | None] = field(default_factory=dict)  # the R6 place's key
    pins: dict[date, Key | None] = field(default_factory=dict)  # last R8 pin; None: not full


def schedule(
    cands: dict[int, Candidate], slots: dict[int, date], today: date, n_days: int, budget: int
) -> Plan:
    last = today + timedelta(days=n_days - 1)
    days = [today + timedelta(days=k) for k in range(n_days)]
    pin_order = sorted(
        ((c, w) for c in cands.values() for w in c.windows if w.reason == "awaiting_reply"),
        key=lambda p: key_of(p[1], p[0].contact_id),
    )
    pins = {d: _pinned(pin_order, d, budget) for d in days}
    kept: dict[date, list[Candidate]] = {d: [] for d in days}
    queue_by_day: dict[date, list[Candidate]] = {d: [] for d in days}
    dormant_by_day: dict[date, list[Candidate]] = {d: [] for d in days}

    def enqueue(c: Candidate) -> None:
        # Queued on the day each window opens, so a better reason opening later
        # (an occasion, a departure) re-enters the queue with its better rank.
        for d in c.open_days(today, last):
            queue_by_day[d].append(c)
        dormant = c.opening("reconnect", today, last)
        if dormant is not None:
            dormant_by_day[dormant].append(c)

    for cid, c in cands.items():
        slot_day = slots.get(cid)
        if slot_day is not None and slot_day > last:
            continue  # planned beyond this horizon: leave it there
        if slot_day is not None:
            w = c.item_on(slot_day)
            if w is not None and w.reason != "awaiting_reply":
                kept[slot_day].append(c)
                continue
        enqueue(c)
    # A place a new pinned item takes pushes the lowest-ranked slots of its day back
    # into the queue before any day is filled, so that they take the first free
    # place (today's too). Pushed back only when their day is reached, they could
    # only go later, and the next computation would then move them forward: the same
    # data on the same day must give the same plan.
    for d in days:
        room = budget - len(pins[d])
        if len(kept[d]) > room:
            ranked = sorted(kept[d], key=lambda c: key_of(_window_on(c, d), c.contact_id))
            kept[d] = ranked[: max(room, 0)]
            for c in ranked[max(room, 0) :]:
                enqueue(c)
    plan = Plan({}, {})
    heap: list[tuple[tuple[int, date, int], Candidate]] = []
    rheap: list[tuple[tuple[int, date, int], Candidate]] = []
    for d in days:
        fresh = [
            (key_of(w, c.contact_id), c) for c in queue_by_day[d] if (w := c.item_on(d)) is not None
        ]
        if len(fresh) > len(heap):
            heap.extend(fresh)
            heapq.heapify(heap)
        else:
            for entry in fresh:
                heapq.heappush(heap, entry)
        for c in dormant_by_day[d]:
            w = next(w for w in c.windows if w.reason == "reconnect")
            heapq.heappush(rheap, (key_of(w, c.contact_id), c))
        shown: list[tuple[Candidate, Window]] = []
        pinned = pins[d]
        shown.extend(pinned)
        plan.pins[d] = (
            key_of(pinned[-1][1], pinned[-1][0].contact_id) if len(pinned) == budget else None
        )
        pinned_ids = {c.contact_id for c, _ in pinned}
        stay = sorted(
            (
                (c, w)
                for c in kept[d]
                if (w := c.item_on(d)) is not None and w.reason != "awaiting_reply"
            ),
            key=lambda p: key_of(p[1], p[0].contact_id),
        )
        room = budget - len(shown)
        for c, w in stay[:room]:
            shown.append((c, w))
            plan.placed[c.contact_id] = d
        for c, w in stay[room:]:  # pushed back by a new pinned item
            heapq.heappush(heap, (key_of(w, c.contact_id), c))
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
            if key_of(w, c.contact_id) != key:
                heapq.heappush(heap, (key_of(w, c.contact_id), c))
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
        plan.days[d] = sorted(shown, key=lambda p: key_of(p[1], p[0].contact_id))
    return plan


def _pinned(
    pin_order: list[tuple[Candidate, Window]], d: date, budget: int
) -> list[tuple[Candidate, Window]]:
    """Day ``d``'s pinned (R8) items, best first: once open, an R8 window stays open to
    its end. They depend on nothing else in the plan, so every day's are known first."""
    pinned: list[tuple[Candidate, Window]] = []
    for c, w in pin_order:
        if len(pinned) == budget:
            break
        if w.opens <= d and (w.until is None or d <= w.until):
            pinned.append((c, w))
    return pinned


def _window_on(c: Candidate, d: date) -> Window:
    w = c.item_on(d)
    assert w is not None  # kept only when it has a window that day
    return w


def _reserve_reconnect(
    rheap: list[tuple[tuple[int, date, int], Candidate]],
    d: date,
    shown: list[tuple[Candidate, Window]],
    plan: Plan,
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
