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
from kithkin.core import history
from kithkin.core.history import RECENT_DAYS, Facts
from kithkin.core.model import KINDS, Direction, Nature


def leans_to_asks(gives: int, asks: int) -> bool:
    """More of my asks than my gives in the recent window."""
    return asks > gives


def balance_of(f: Facts) -> dict[str, Any]:
    """The balance as ``kith show`` prints it (the ``give``/``ask`` keys are mine)."""
    since = clock.today() - timedelta(days=RECENT_DAYS)
    return {
        "since": since.isoformat(),
        "give": f.gives,
        "ask": f.asks,
        "received": f.in_gives,
        "asked_of_me": f.in_asks,
        "leans": "asks"
        if leans_to_asks(f.gives, f.asks)
        else "gives"
        if f.gives > f.asks
        else "even",
    }


def balance(s: Session, contact_id: int) -> dict[str, Any]:
    facts = history.load(s, clock.today(), [contact_id], details=False)
    f = facts.get(contact_id)
    if f is None:
        return {"give": 0, "ask": 0, "received": 0, "asked_of_me": 0, "leans": "even"}
    return balance_of(f)


def ask_warning(s: Session, contact_id: int, name: str, kind: str, direction: str) -> str | None:
    """The warning to show before logging my ask to someone I already owe (R4)."""
    if KINDS.get(kind) is not Nature.ASK or direction != Direction.OUTBOUND.value:
        return None
    b = balance(s, contact_id)
    if b["leans"] != "asks":
        return None
    return (
        f"R4: your recent asks to {name} ({b['ask']}) outnumber your gives ({b['give']}) "
        f"since {b['since']}; consider giving first (an article, a lead, an intro)"
    )
