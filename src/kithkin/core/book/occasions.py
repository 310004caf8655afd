"""R9 occasions: reasons to congratulate, as the agenda reads them.

Occasions are written by ``kith occasion add`` and by re-imports that notice a
new company or title. R13's events live in :mod:`kithkin.core.book.events`.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from kithkin import clock
from kithkin.core.userinput import parse_choice
from kithkin.core.vocabulary import OccasionKind
from kithkin.store.tables import Contact, Occasion

# R9: congratulate within a week; after a month it is no longer an occasion.
CONGRATULATE_DAYS = 7
OCCASION_EXPIRES = 30


def add(
    s: Session,
    contact: Contact,
    kind: str,
    on: date | None = None,
    note: str | None = None,
    source: str = "manual",
) -> Occasion:
    k = parse_choice(kind, OccasionKind, "occasion kind").value
    row = Occasion(
        contact_id=contact.id, kind=k, occurred_on=on or clock.today(), note=note, source=source
    )
    s.add(row)
    s.flush()
    return row


def recent_occasions(
    s: Session, today: date, horizon_end: date
) -> dict[int, tuple[date, str, str | None]]:
    """Per contact, the latest occasion that may still be congratulated up to ``horizon_end``."""
    q = (
        select(Occasion.contact_id, Occasion.occurred_on, Occasion.kind, Occasion.note)
        .where(
            Occasion.occurred_on >= today - timedelta(days=OCCASION_EXPIRES),
            Occasion.occurred_on <= horizon_end,
        )
        .order_by(Occasion.occurred_on, Occasion.id)
    )
    return {cid: (day, kind, note) for cid, day, kind, note in s.execute(q)}
