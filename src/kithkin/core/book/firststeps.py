"""The first day: what a new user should do before the agenda has anything to say.

An empty database makes every daily command answer "nobody is due", which reads as
"all is well" when really nothing is known yet. While nobody but you is on record,
the faces show these steps instead (the CLI with its commands, the web UI with
links), each marked done once the database shows it: people imported or added, your
own positions (colleagues are derived from them, R1 and R16 need them), and the
close people whose cadence matters most. Three cheap queries, whatever the size.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from kithkin.core.vocabulary import Tier
from kithkin.store.tables import Contact, Position


@dataclass(frozen=True)
class Step:
    key: str  # import, positions, close
    done: bool


@dataclass(frozen=True)
class FirstSteps:
    has_people: bool
    has_positions: bool
    has_close: bool

    @property
    def empty(self) -> bool:
        """Nobody but you on record: the daily commands guide instead of saying nothing."""
        return not self.has_people

    @property
    def steps(self) -> list[Step]:
        return [
            Step("import", self.has_people),
            Step("positions", self.has_positions),
            Step("close", self.has_close),
        ]


def _exists(s: Session, query: Select[Any]) -> bool:
    return s.execute(query.limit(1)).first() is not None


def first_steps(s: Session) -> FirstSteps:
    """Which of the first steps the database already shows."""
    others = Contact.is_me.is_(False)
    return FirstSteps(
        has_people=_exists(s, select(Contact.id).where(others)),
        has_positions=_exists(s, select(Position.id).join(Contact).where(Contact.is_me.is_(True))),
        has_close=_exists(s, select(Contact.id).where(others, Contact.tier == Tier.CLOSE)),
    )


def anyone_kept_in_touch(s: Session) -> bool:
    """R2: whether anyone but you has a cadence, their own or their tier's.

    Imported people land in tier ``none``: after a 30,000-row LinkedIn import nobody
    is ever due on a cadence, and an agenda that says "nobody is due" then reads as
    "all is well" when no one has been chosen to keep in touch with yet.
    """
    from kithkin.core.settings import tier_cadences

    tiers = [tier for tier, days in tier_cadences(s).items() if days]
    return _exists(
        s,
        select(Contact.id).where(
            Contact.is_me.is_(False),
            or_(Contact.cadence_days.is_not(None), Contact.tier.in_(tiers)),
        ),
    )
