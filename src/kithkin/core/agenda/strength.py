"""Relationship health of one contact: its 0-100 strength and its state.

Strength is the sum of four parts, each computed from the same aggregate facts
as the agenda (no per-contact queries):

- recency (40): the last conversation against the cadence (doubled after three
  unanswered outreaches, R7; 90 days for untracked contacts). Full marks within
  one cadence (plus the R10 allowance of light touches since), falling linearly
  to 0 at three cadences. No conversation ever: 0.
- frequency (20): conversations in the last year against the number the cadence
  asks for (365 / cadence), capped at 1.
- depth (25): the average weight of the last year's interactions, a meeting,
  call, video or event 3, any other conversation 2, a like or comment 1 (R10),
  over 3.
- reciprocity (15): half mutuality (the smaller of inbound and outbound
  conversations over the larger, so one-way traffic scores 0), half the R4
  balance (1 when my gives cover my asks, else gives / asks; 0 with nothing
  between us, :func:`kithkin.core.agenda.reciprocity.covered`).

Apart from the queries of :mod:`kithkin.core.agenda.health` (the network by state)
so that the rules load without SQLAlchemy (:mod:`kithkin.cli.quickshow`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from kithkin.core.agenda import boundaries, cadence, reciprocity
from kithkin.core.agenda.factrecord import YEAR_DAYS, Facts
from kithkin.core.agenda.replies import awaiting_reply
from kithkin.core.agenda.windows import build
from kithkin.core.book.occasiondays import Due

WEIGHTS = {"recency": 40, "frequency": 20, "depth": 25, "reciprocity": 15}
UNTRACKED_REFERENCE_DAYS = 90
# States, in the order `kith health` lists them.
STATES = (
    "warm",
    "due",
    "overdue",
    "dormant",
    "awaiting_reply",
    "paused",
    "no_reply",
    "untracked",
    "do_not_contact",
)
DUE_SOON_DAYS = 7


def parts(f: Facts, every: int | None, today: date) -> dict[str, int]:
    """The four parts of a contact's strength, and their sum as ``strength``."""
    ref = boundaries.doubled(every, f) or UNTRACKED_REFERENCE_DAYS
    if f.last_conv is None:
        recency = 0.0
    else:
        allowance = ref + cadence.light_delay(f, ref)
        ratio = (today - f.last_conv).days / allowance
        recency = 1.0 if ratio <= 1 else max(0.0, (3 - ratio) / 2)
    conversations = f.year_heavy + f.year_medium
    frequency = min(1.0, conversations / (YEAR_DAYS / ref))
    touches = conversations + f.year_light
    depth = (3 * f.year_heavy + 2 * f.year_medium + f.year_light) / touches / 3 if touches else 0.0
    ins, outs = f.year_in, f.year_out
    mutuality = min(ins, outs) / max(ins, outs) if max(ins, outs) else 0.0
    give_ask = reciprocity.covered(f.gives, f.asks, touches)
    reciprocal = (mutuality + give_ask) / 2
    out = {
        "recency": round(WEIGHTS["recency"] * recency),
        "frequency": round(WEIGHTS["frequency"] * frequency),
        "depth": round(WEIGHTS["depth"] * depth),
        "reciprocity": round(WEIGHTS["reciprocity"] * reciprocal),
    }
    out["strength"] = sum(out.values())
    return out


def state(
    f: Facts,
    tiers: dict[str, int | None],
    end: tuple[date, str] | None,
    occ: Sequence[Due],
    met: tuple[date, str] | None,
    today: date,
) -> str:
    """One contact's state, from its facts and what else may give it a reason."""
    gone = boundaries.excluded(f)
    if gone is not None:
        return gone
    if f.snoozed_until is not None and f.snoozed_until >= today:
        return "paused"
    c = build(f, tiers, end, occ, met, today)
    w = c.item_on(today) if c is not None else None
    if awaiting_reply(f, today):
        return "awaiting_reply"
    if w is not None and w.reason == "reconnect":
        return "dormant"
    if w is not None:
        return "overdue" if today > w.due else "due"
    if c is None or c.cadence is None:
        return "untracked"
    soon = c.first_day(today, today + timedelta(days=DUE_SOON_DAYS))
    return "due" if soon is not None else "warm"


def record(f: Facts, tiers: dict[str, int | None], state: str, today: date) -> dict[str, Any]:
    """A contact's health as ``kith show`` prints it: strength, its parts, ``state``
    (:func:`state`), the cadence (doubled by R7) and what holds them back."""
    every = cadence.effective_cadence(f, tiers)
    p = parts(f, every, today)
    return {
        "strength": p.pop("strength"),
        "parts": p,
        "max": WEIGHTS,
        "state": state,
        "cadence_days": boundaries.doubled(every, f),
        "unanswered_outreach": f.unanswered,
        "held_back": boundaries.held_back(f),
        "last_conversation": f.last_conv.isoformat() if f.last_conv else None,
    }
