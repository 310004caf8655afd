"""R4 reciprocity: what I gave against what I asked, per contact.

Direction matters. My outbound gives (an article, a lead, an intro...) and my
outbound asks (a referral, advice, a favour) make the balance; an inbound ask is
them asking me (a chance to give), and an inbound give is what they did for me.
A contact whose recent balance leans to my asks gets a "give first" suggestion,
and logging another ask to them warns.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from kithkin import clock
from kithkin.core.book import interactions as ix
from kithkin.core.vocabulary import KINDS, Direction, Nature

# The balance of gives and asks looks back this far.
RECENT_DAYS = 180


def leans_to_asks(gives: int, asks: int) -> bool:
    """More of my asks than my gives in the recent window."""
    return asks > gives


def balance(s: Session, contact_id: int) -> dict[str, Any]:
    """The balance ``kith show`` prints: all-time counts, the recent window, the lean."""
    since = clock.today() - timedelta(days=RECENT_DAYS)
    recent = ix.balance(s, contact_id, since)
    return {
        **ix.balance(s, contact_id),
        "recent": {"since": since.isoformat(), "give": recent["give"], "ask": recent["ask"]},
        "leans": "asks"
        if leans_to_asks(recent["give"], recent["ask"])
        else "gives"
        if recent["give"] > recent["ask"]
        else "even",
    }


def ask_warning(s: Session, contact_id: int, name: str, kind: str, direction: str) -> str | None:
    """The warning to show before logging my ask to someone I already owe (R4)."""
    if KINDS.get(kind) is not Nature.ASK or direction != Direction.OUTBOUND.value:
        return None
    b = balance(s, contact_id)
    if b["leans"] != "asks":
        return None
    r = b["recent"]
    return (
        f"R4: your asks to {name} since {r['since']} ({r['ask']}) outnumber your gives "
        f"({r['give']}); consider giving first (an article, a lead, an intro)"
    )
