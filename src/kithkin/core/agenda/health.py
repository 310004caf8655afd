"""Relationship health: each contact's strength and state (the rules:
:mod:`kithkin.core.agenda.strength`), and the network by state.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from kithkin import clock
from kithkin.core import settings
from kithkin.core.agenda import cadence, facts, keptfacts
from kithkin.core.agenda.facts import Facts
from kithkin.core.agenda.kept import HEALTH_TOP
from kithkin.core.agenda.strength import DUE_SOON_DAYS as DUE_SOON_DAYS
from kithkin.core.agenda.strength import STATES as STATES
from kithkin.core.agenda.strength import UNTRACKED_REFERENCE_DAYS as UNTRACKED_REFERENCE_DAYS
from kithkin.core.agenda.strength import WEIGHTS as WEIGHTS
from kithkin.core.agenda.strength import parts as parts
from kithkin.core.agenda.strength import record, state
from kithkin.core.book import events, occasions
from kithkin.errors import BadInput

WHOLE_NETWORK = 5000  # contacts asked for: past this many, everyone's strength is read


def _load(
    s: Session, today: date, contact_ids: Sequence[int] | None
) -> tuple[dict[int, Facts], dict[str, int | None]]:
    loaded = facts.load(s, today, contact_ids, health=True)
    return loaded, settings.tier_cadences(s)


def strength_scores(s: Session, contact_ids: Sequence[int] | None = None) -> dict[int, int]:
    """Strength 0-100 per contact (all contacts, or those given; past
    :data:`WHOLE_NETWORK` given, everyone's, narrowed to them).

    Everyone's is read from the strengths kept with the network's facts when a copy of
    today holds them (:func:`kithkin.core.agenda.keptfacts.derived`: only the contacts
    a write touched since are read again), as :func:`summary` keeps them.
    """
    if contact_ids is not None and len(contact_ids) > WHOLE_NETWORK:
        # Most of the network (the contact list by strength): everyone's, kept or read
        # at once, beats naming tens of thousands of ids in SQL.
        everyone = strength_scores(s)
        return {cid: everyone[cid] for cid in contact_ids if cid in everyone}
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
        plain = state(f, tiers, None, [], None, today)
        return parts(f, every, today)["strength"], STATES.index(plain)

    return derive


def _derive_key(tiers: dict[str, int | None]) -> str:
    """What the kept strengths and states depend on besides the facts and the day."""
    return json.dumps(tiers, sort_keys=True)


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
            out[cid] = state(
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
    return record(f, tiers, _states(s, facts, tiers, today)[contact_id], today)


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
