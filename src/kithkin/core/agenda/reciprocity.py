"""R4 reciprocity: what I gave against what I asked, per contact.

Direction matters. My outbound gives (an article, a lead, an intro...) and my
outbound asks (a referral, advice, a favour) make the balance; an inbound ask is
them asking me (a chance to give), and an inbound give is what they did for me.
A contact whose recent balance leans to my asks gets a "give first" suggestion,
and logging another ask to them warns.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from kithkin import clock
from kithkin.core.vocabulary import KINDS, Direction, Nature

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# The balance of gives and asks looks back this far.
RECENT_DAYS = 180


def leans_to_asks(gives: int, asks: int) -> bool:
    """More of my asks than my gives in the recent window."""
    return asks > gives


def covered(gives: int, asks: int, touches: int) -> float:
    """How far my gives cover my asks, 0 to 1: health's half of reciprocity
    (:mod:`kithkin.core.agenda.strength`). All of it when they do, else gives / asks;
    nothing when there is nothing between us (no give, no ask and no touch in the
    last year), so that a stranger scores 0 there as in every other part: a network
    of 30,000 imported people never spoken to is not 8/100 strong.
    """
    if not (gives or asks or touches):
        return 0.0
    return 1.0 if asks <= gives else gives / asks


def balance(s: Session, contact_id: int) -> dict[str, Any]:
    """The balance ``kith show`` prints: all-time counts, the recent window, the lean."""
    from kithkin.core.book import interactions as ix  # the session's reader of the rows

    return balance_of(ix.natures(s, contact_id), clock.today())


def balance_of(rows: Iterable[tuple[date, str, str]], today: date) -> dict[str, Any]:
    """:func:`balance` of a contact's interactions as (day, nature, direction) rows."""
    since = today - timedelta(days=RECENT_DAYS)
    everything = list(rows)
    recent = tally((nature, way) for on, nature, way in everything if on >= since)
    return {
        **tally((nature, way) for _, nature, way in everything),
        "recent": {"since": since.isoformat(), "give": recent["give"], "ask": recent["ask"]},
        "leans": "asks"
        if leans_to_asks(recent["give"], recent["ask"])
        else "gives"
        if recent["give"] > recent["ask"]
        else "even",
    }


def tally(rows: Iterable[tuple[str, str]]) -> dict[str, int]:
    """My gives and asks, and what they gave or asked of me, of (nature, direction) rows.

    ``give`` and ``ask`` count only my outbound interactions; an inbound ask is
    them asking me (``asked_of_me``), an inbound give is theirs (``received``).
    """
    counts = {"give": 0, "ask": 0, "neutral": 0, "received": 0, "asked_of_me": 0}
    for nature, direction in rows:
        if nature == Nature.NEUTRAL.value:
            counts["neutral"] += 1
        elif direction == Direction.OUTBOUND.value:
            counts[nature] += 1
        else:
            counts["received" if nature == Nature.GIVE.value else "asked_of_me"] += 1
    return counts


def ask_warning(s: Session, contact_id: int, name: str, kind: str, direction: str) -> str | None:
    """The warning to show before logging my ask to someone I already owe (R4)."""
    if KINDS.get(kind) is not Nature.ASK or direction != Direction.OUTBOUND.value:
        return None
    return leaning_warning(s, contact_id, name)


def leaning_warning(s: Session, contact_id: int, name: str) -> str | None:
    """R4's warning for the balance as it stands, or ``None`` when it does not lean to
    my asks: :func:`ask_warning` before an ask, the web's page after one is logged."""
    b = balance(s, contact_id)
    if b["leans"] != "asks":
        return None
    r = b["recent"]
    return (
        f"R4: your asks to {name} since {r['since']} ({r['ask']}) outnumber your gives "
        f"({r['give']}); consider giving first (an article, a lead, an intro)"
    )
