"""Each contact's reasons to be contacted, as dated windows.

A :class:`Window` says "from ``start`` to ``until``, contact them for this
reason, by ``due``". The rules (R1, R2, R4, R6, R8, R9, R13) each open at most
one window per contact; R7 boundaries close or delay them. What the agenda shows
for a contact on a given day is the best-ranked window open that day, so the
answer is a pure function of the stored history and the day.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from kithkin.core import bounds
from kithkin.core.agenda import boundaries, cadence, reciprocity
from kithkin.core.agenda.cadence import FIRST_TOUCH_DAYS, FIRST_TOUCH_EXPIRES
from kithkin.core.agenda.factrecord import Facts
from kithkin.core.agenda.replies import awaiting_reply, reply_window
from kithkin.core.book.eventdays import FOLLOW_UP_DAYS, FOLLOW_UP_EXPIRES
from kithkin.core.book.occasiondays import Due
from kithkin.core.wording import count

# Reasons in priority order: R8 above everything, then what loses its value when
# late (an event, an occasion, the month after a departure), then the cadence,
# with dormant relationships last (they have waited; a few more days hardly matter).
REASONS = (
    "awaiting_reply",
    "event_followup",
    "congratulate",
    "first_touch",
    "give_first",
    "cadence_due",
    "reconnect",
)
RANK = {r: 2 * n for n, r in enumerate(REASONS)}
# R9's yearly occasions (a birthday, a work anniversary) come back every year; the
# month after a departure (R1) does not, so they rank just after it, still before
# the cadence.
YEARLY_RANK = RANK["first_touch"] + 1
# What carries out each suggestion when the user simply marks it done: the kind of
# interaction to log (R4 counts a give, R9 a congratulation). Every suggest value
# that build() uses has an entry; the user can always log another kind instead.
LOG_KIND = {
    "reply": "checkin",
    "follow_up": "checkin",
    "congratulate": "congrats",
    "first_touch": "checkin",
    "give": "shared_article",
    "checkin": "checkin",
    "reconnect": "catchup",
}


@dataclass(slots=True, frozen=True)
class Window:
    reason: str
    rule: str
    start: date
    until: date | None  # last day, inclusive; None = until something happens
    due: date
    channel: str
    # The explanation, or what words it: health and the plan build every
    # contact's windows and read the explanation of a few.
    text: str | Callable[[], str] = field(compare=False, repr=False)
    suggest: str
    rank: int
    opens: date  # the start, or the day after a snooze or minimum interval (R7)

    @property
    def why(self) -> str:
        return self.text if isinstance(self.text, str) else self.text()


@dataclass(slots=True)
class Candidate:
    facts: Facts
    cadence: int | None
    windows: list[Window] = field(default_factory=list)

    @property
    def contact_id(self) -> int:
        return self.facts.contact_id

    def add(
        self,
        reason: str,
        rule: str,
        start: date,
        until: date | None,
        due: date,
        channel: str,
        why: str | Callable[[], str],
        suggest: str,
        outreach: bool = True,
        held: date | None = None,
        rank: int | None = None,
    ) -> None:
        """Open a window; ``outreach`` windows also wait for a minimum interval (R7),
        and a window ``held`` (a meeting is planned) waits until the day after it."""
        assert suggest in LOG_KIND, f"no kind to log for the suggestion {suggest!r}"
        blocked = boundaries.blocked_through(self.facts, outreach)
        if held is not None and (blocked is None or held > blocked):
            blocked = held
        opens = start if blocked is None or blocked < start else bounds.after(blocked, 1)
        interval = boundaries.interval_through(self.facts) if outreach else None
        if interval is not None and interval >= start and bounds.after(interval, 1) == opens:
            why = _noted(why, boundaries.interval_note(self.facts, opens))  # R7 named
        self.windows.append(
            Window(
                reason,
                rule,
                start,
                until,
                due,
                channel,
                why,
                suggest,
                RANK[reason] if rank is None else rank,
                opens,
            )
        )

    def item_on(self, day: date) -> Window | None:
        """The best window open on ``day``, or ``None``."""
        best: Window | None = None
        for w in self.windows:
            if w.until is not None and day > w.until:
                continue
            if day < w.opens:
                continue
            if best is None or (w.rank, w.due) < (best.rank, best.due):
                best = w
        return best

    def open_days(self, start: date, last: date) -> set[date]:
        """The days in ``[start, last]`` on which one of the windows opens."""
        out = set()
        for w in self.windows:
            day = max(w.opens, start)
            if day <= last and (w.until is None or day <= w.until):
                out.add(day)
        return out

    def opening(self, reason: str, start: date, last: date) -> date | None:
        """The first day in ``[start, last]`` on which the window for ``reason`` is open."""
        for w in self.windows:
            if w.reason == reason:
                day = max(w.opens, start)
                if day <= last and (w.until is None or day <= w.until):
                    return day
        return None

    def first_day(self, start: date, last: date) -> date | None:
        """The first day in ``[start, last]`` with an open window."""
        first: date | None = None
        for w in self.windows:
            day = max(w.opens, start)
            if day > last or (w.until is not None and day > w.until):
                continue
            if first is None or day < first:
                first = day
        return first


def _noted(why: str | Callable[[], str], note: str) -> str | Callable[[], str]:
    """An explanation with ``note`` after it, worded when read as the original is."""
    if isinstance(why, str):
        return why + note
    return lambda: why() + note


def _d(day: date) -> str:
    return day.isoformat()


def cadence_reason(f: Facts) -> str:
    """R2, or R4 when my recent asks to them outnumber my gives: offer something first."""
    return "give_first" if reciprocity.leans_to_asks(f.gives, f.asks) else "cadence_due"


@dataclass(slots=True, frozen=True)
class Floor:
    """What is known of a cadence-only contact's windows before they are built.

    For someone with no R1, R8, R9 or R13 reason, every window is the R2/R4
    one (rank ``rank``) until ``dormant``, then R6's; all are due on the R2
    date, which light touches (R10) only push later, and open no earlier. So
    these bounds hold before the follow-up counts are loaded, and let the
    agenda leave unbuilt everyone whose bounds are too late to matter.
    """

    rank: int
    due: date
    dormant: date


def floor(f: Facts, tiers: dict[str, int | None]) -> Floor | None:
    """:class:`Floor` of a contact without R1/R8/R9/R13 reasons; ``None``: never shown."""
    if boundaries.excluded(f) is not None:
        return None
    every = cadence.effective_cadence(f, tiers)
    if every is None:
        return None
    return Floor(
        RANK[cadence_reason(f)],
        bounds.after(cadence.anchor(f), every),
        cadence.dormant_from(f, every),
    )


def build(
    f: Facts,
    tiers: dict[str, int | None],
    shared_end: tuple[date, str] | None,
    occasions: Sequence[Due],
    event: tuple[date, str] | None,
    today: date | None = None,
) -> Candidate | None:
    """The contact's windows, or ``None`` when they never appear right now (R7)."""
    if boundaries.excluded(f) is not None:
        return None
    every = cadence.effective_cadence(f, tiers)
    c = Candidate(f, every)
    add = c.add
    gives_first = cadence_reason(f) == "give_first"
    # R8: they wrote and have not heard back.
    if awaiting_reply(f, today) and f.last_in is not None:
        start, until = reply_window(f)
        add(
            "awaiting_reply",
            "R8",
            start,
            until,
            start,
            f.last_in_channel or cadence.channel_for(f),
            f"R8: {f.name} wrote to you on {_d(f.last_in)} and has had no reply; answer first",
            "reply",
            outreach=False,
        )
    # R13: met at an event and not touched since.
    if event is not None and (f.last_conv is None or f.last_conv <= event[0]):
        held, name = event
        add(
            "event_followup",
            "R13",
            held,
            bounds.after(held, FOLLOW_UP_EXPIRES),
            bounds.after(held, FOLLOW_UP_DAYS),
            cadence.channel_for(f),
            f"R13: you met at {name} on {_d(held)}; follow up within {FOLLOW_UP_DAYS} days",
            "follow_up",
        )
    # R9: occasions not yet congratulated (recorded, birthdays, work anniversaries).
    for occ in occasions:
        if f.last_out is None or f.last_out < occ.on:
            add(
                "congratulate",
                "R9",
                occ.on,
                occ.until,
                occ.due,
                cadence.channel_for(f),
                occ.why,
                "congratulate",
                rank=YEARLY_RANK if occ.yearly else None,
            )
    if every is None:
        return c if c.windows else None
    meeting = cadence.held_until(f)  # a meeting is planned: the check-in waits for it
    # R1: the first contact after a shared job ended, by email (R3).
    if shared_end is not None and (f.last_conv is None or f.last_conv <= shared_end[0]):
        end, org = shared_end
        add(
            "first_touch",
            "R1",
            bounds.after(end, 1),
            bounds.after(end, FIRST_TOUCH_EXPIRES),
            bounds.after(end, FIRST_TOUCH_DAYS),
            cadence.channel_for(f, first_touch=True),
            f"R1: your time together at {org} ended on {_d(end)}; first touch within "
            f"{FIRST_TOUCH_DAYS} days, by email",
            "give" if gives_first else "first_touch",
            held=meeting,
        )
    # R2 (+R10), turning into R6 when the gap passes twice the cadence.
    due = cadence.due_date(f, every)
    dormant = cadence.dormant_from(f, every)
    channel = cadence.channel_for(f)
    # Worded only when read; from the facts as they are now (follow-ups may change them).
    last, added, n_light, asks, gives = f.last_conv, f.created_on, f.light_after, f.asks, f.gives

    def since(light: bool = False) -> str:
        said = (
            f"last conversation {_d(last)}"
            if last
            else f"no conversation since you added them on {_d(added)}"
        )
        if light and n_light:
            said += f", {n_light} light touch{'es' if n_light > 1 else ''} since (R10)"
        return said

    if due < dormant:
        rule, suggest = ("R4", "give") if gives_first else ("R2", "checkin")

        def why() -> str:
            if gives_first:
                return (
                    f"R4: due (every {count(every, 'day')}, {since(light=True)}) and your "
                    f"recent asks ({asks}) outnumber your gives ({gives}); offer something first"
                )
            return f"R2: every {count(every, 'day')}; {since(light=True)}"

        add(cadence_reason(f), rule, due, bounds.after(dormant, -1), due, channel, why, suggest,
            held=meeting)  # fmt: skip

    def dormant_why() -> str:
        return (
            f"R6: dormant, {since()} (more than twice the {every}-day cadence); "
            "acknowledge the gap honestly" + ("; give first (R4)" if gives_first else "")
        )

    add(
        "reconnect",
        "R6",
        max(due, dormant),
        None,
        due,
        channel,
        dormant_why,
        "give" if gives_first else "reconnect",
        held=meeting,
    )
    return c


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


# How far ahead ``kith show`` looks for the next reason to get in touch.
REASON_DAYS = 365


def next_reason(c: Candidate | None, today: date) -> dict[str, Any] | None:
    """Why (and by when) to contact someone, regardless of the daily budget.

    Today's reason when there is one, else the next one within :data:`REASON_DAYS`
    (its ``date`` says when it opens); ``None`` when no rule asks for them.
    """
    if c is None:
        return None
    last = today + timedelta(days=REASON_DAYS)
    day = c.first_day(today, last)
    if day is None:
        return None
    w = c.item_on(day)
    assert w is not None
    return {"date": day.isoformat(), **item(c, w, day)}
