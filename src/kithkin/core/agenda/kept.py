"""Today's agenda, computed once per data version, day and budget, then kept.

The plan (R17) is a function of the data and the day: while neither changed, the
answer of the last computation is the answer. :mod:`kithkin.store.memo` counts
every write; this module keeps today's items with the count they were computed
from and hands them back while it holds. ``tests/test_kept_agenda.py`` holds the
kept answer equal to a fresh computation over generated networks and days.

Importing this module loads nothing heavy: ``kith today`` reads a kept answer
(:mod:`kithkin.store.quickread`) before the application is even loaded, and asks
this module what it is called.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from kithkin import clock

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

KIND = "today"


def params(budget: int | None) -> str:
    """The parameters an answer depends on besides the data and the day, as a key."""
    return f"budget={'' if budget is None else budget}"


def today_items(s: Session, budget: int | None = None) -> list[dict[str, Any]]:
    """What :func:`~kithkin.core.agenda.planner.today_items` returns, computed at most once.

    Call it in a write transaction: computing remembers the plan and keeps the answer.
    """
    from kithkin.core.agenda import planner
    from kithkin.store import memo

    day = clock.today()
    key = params(budget)
    start = memo.current(s)
    body = memo.load(s, KIND, key, day, start)
    if body is not None:
        items: list[dict[str, Any]] = json.loads(body)
        return items
    items = planner.today_items(s, budget)
    version = memo.settle(s, start)
    if version is not None:
        memo.save(s, KIND, key, day, version, dumps(items))
    return items


def dumps(items: list[dict[str, Any]]) -> str:
    return json.dumps(items, ensure_ascii=False, separators=(",", ":"))
