"""Building only the windows that can matter, and proving the plan is unchanged by it.

A large network holds far more people than the plan has places. :class:`Unbuilt`
keeps the contacts whose windows are not built yet, ordered by the best key each
can have; :func:`exact` says when none of them could have taken a place in a
:class:`~kithkin.core.agenda.schedule.Plan`, so that the planner may stop widening.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
from collections.abc import Iterator
from datetime import date, timedelta

from kithkin.core.agenda.replies import REPLY_SPAN
from kithkin.core.agenda.schedule import Key, Plan
from kithkin.core.agenda.windows import RANK, Candidate, Floor


class Unbuilt:
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
        self.add_bound(cid, bound.rank, bound.due, bound.dormant)

    def add_bound(self, cid: int, rank: int, due: date, dormant: date) -> None:
        """:meth:`add` of a floor given by its parts (a kept one, not made into a Floor)."""
        self.heaps[RANK["reconnect"]].append((due, cid))
        if dormant > self.today:
            self.heaps[rank].append((due, cid))

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


def exact(plan: Plan, unbuilt: Unbuilt) -> bool:
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


def likeliest(cands: dict[int, Candidate], n: int, n_dormant: int) -> set[int]:
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
