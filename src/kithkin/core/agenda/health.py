"""Relationship health: a 0-100 strength per contact and the network by state.

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
  balance (1 when my gives cover my asks, else gives / asks).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from kithkin import clock
from kithkin.core import settings
from kithkin.core.agenda import boundaries, cadence, facts, keptfacts
from kithkin.core.agenda.facts import YEAR_DAYS, Facts
from kithkin.core.agenda.kept import HEALTH_TOP
from kithkin.core.agenda.replies import awaiting_reply
from kithkin.core.agenda.windows import build
from kithkin.core.book import events, occasions
from kithkin.errors import BadInput

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
    give_ask = 1.0 if f.asks <= f.gives else f.gives / f.asks
    reciprocity = (mutuality + give_ask) / 2
    out = {
        "recency": round(WEIGHTS["recency"] * recency),
        "frequency": round(WEIGHTS["frequency"] * frequency),
        "depth": round(WEIGHTS["depth"] * depth),
        "reciprocity": round(WEIGHTS["reciprocity"] * reciprocity),
    }
    out["strength"] = sum(out.values())
    return out


def _load(
    s: Session, today: date, contact_ids: Sequence[int] | None
) -> tuple[dict[int, Facts], dict[str, int | None]]:
    loaded = facts.load(s, today, contact_ids, health=True)
    return loaded, settings.tier_cadences(s)


def strength_scores(s: Session, contact_ids: Sequence[int] | None = None) -> dict[int, int]:
    """Strength 0-100 per contact (all contacts, or those given).

    Everyone's is read from the strengths kept with the network's facts when a copy of
    today holds them (:func:`kithkin.core.agenda.keptfacts.derived`: only the contacts
    a write touched since are read again), as :func:`summary` keeps them.
    """
    today = clock.today()
    tiers = settings.tier_cadences(s)
    if contact_ids is None:
        kept = keptfacts.derived(
            s, today, health=True, derive=_deriver(tiers, today), derive_key=_derive_key(tiers)
        )
        if kept is not None:
            return {cid: d[0] for cid, d in kept.items()}
    # No reply channels: they choose how to reach someone, not how strong the tie is.
    loaded = facts.load(s, today, contact_ids, health=True, reply_channels=False)
    return {
        cid: parts(f, cadence.effective_cadence(f, tiers), today)["strength"]
        for cid, f in loaded.items()
    }


def _deriver(tiers: dict[str, int | None], today: date) -> Callable[[Facts], tuple[int, int]]:
    """What the network's health keeps of each contact with its facts: the strength and
    the index of its plain state in :data:`STATES` (:func:`summary`)."""

    def derive(f: Facts) -> tuple[int, int]:
        every = cadence.effective_cadence(f, tiers)
        plain = _state(f, tiers, None, [], None, today)
        return parts(f, every, today)["strength"], STATES.index(plain)

    return derive


def _derive_key(tiers: dict[str, int | None]) -> str:
    """What the kept strengths and states depend on besides the facts and the day."""
    return json.dumps(tiers, sort_keys=True)


def _state(
    f: Facts,
    tiers: dict[str, int | None],
    end: tuple[date, str] | None,
    occ: Sequence[occasions.Due],
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


def _states(
    s: Session,
    facts: Mapping[int, Facts],
    tiers: dict[str, int | None],
    today: date,
    plain: Mapping[int, str] | None = None,
) -> dict[int, str]:
    """Each contact's state. ``plain``: states already known of contacts with no shared
    job end, occasion or event (``_state`` with none of them), used for those."""
    ends = cadence.shared_job_ends(s, today)
    occ = occasions.recent_occasions(s, today, today)
    met = events.recent(s, today, today)
    out: dict[int, str] = {}
    for cid in facts:
        if plain is not None and cid not in ends and cid not in occ and cid not in met:
            out[cid] = plain[cid]
        else:
            out[cid] = _state(
                facts[cid], tiers, ends.get(cid), occ.get(cid, []), met.get(cid), today
            )
    return out


def contact_health(s: Session, contact_id: int) -> dict[str, Any]:
    """What ``kith show`` prints under "health": strength, its parts, state, cadence."""
    today = clock.today()
    facts, tiers = _load(s, today, [contact_id])
    f = facts.get(contact_id)
    if f is None:  # only the user is never among the facts
        raise BadInput("health is of your relationships; your own record has none")
    every = cadence.effective_cadence(f, tiers)
    p = parts(f, every, today)
    return {
        "strength": p.pop("strength"),
        "parts": p,
        "max": WEIGHTS,
        "state": _states(s, facts, tiers, today)[contact_id],
        "cadence_days": boundaries.doubled(every, f),
        "unanswered_outreach": f.unanswered,
        "held_back": boundaries.held_back(f),
        "last_conversation": f.last_conv.isoformat() if f.last_conv else None,
    }


def summary(s: Session, top: int = HEALTH_TOP) -> dict[str, Any]:
    """The network by state, the strength distribution, the weakest and strongest ties.

    Each contact's strength and plain state (:func:`_states`) are functions of its
    facts, the tiers and the day, so a kept computation keeps them with the facts
    (:func:`kithkin.core.agenda.keptfacts.network`) and works them out again only for
    the contacts a write touched.
    """
    today = clock.today()
    tiers = settings.tier_cadences(s)
    facts, derived = keptfacts.network(
        s, today, health=True, derive=_deriver(tiers, today), derive_key=_derive_key(tiers)
    )
    states = _states(s, facts, tiers, today, {cid: STATES[d[1]] for cid, d in derived.items()})
    strength = {cid: d[0] for cid, d in derived.items()}
    counts = Counter(states.values())
    bands = Counter(min(v // 20, 4) for v in strength.values())
    tracked = [
        cid
        for cid, st in states.items()
        if st not in ("do_not_contact", "untracked", "paused", "no_reply")
    ]

    def row(cid: int) -> dict[str, Any]:
        return {
            "contact_id": cid,
            "name": facts[cid].name,
            "strength": strength[cid],
            "state": states[cid],
        }

    ranked = sorted(tracked, key=lambda cid: (strength[cid], cid))
    return {
        "date": today.isoformat(),
        "contacts": len(facts),
        "states": {st: counts.get(st, 0) for st in STATES},
        "average_strength": round(sum(strength.values()) / len(strength)) if strength else 0,
        "strength_bands": {
            f"{20 * b}-{20 * b + 19 if b < 4 else 100}": bands.get(b, 0) for b in range(5)
        },
        "weakest": [row(c) for c in ranked[:top]],
        "strongest": [row(c) for c in reversed(ranked[-top:])],
    }


def states(s: Session, contact_ids: Sequence[int] | None = None) -> dict[int, str]:
    """Each contact's state (warm, due, overdue, ...), as :func:`summary` counts them."""
    today = clock.today()
    facts, tiers = _load(s, today, contact_ids)
    return _states(s, facts, tiers, today)
