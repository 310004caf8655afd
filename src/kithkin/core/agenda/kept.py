"""Today's agenda and the network's health, computed once per data version and day, then kept.

The plan (R17) and the health summary are functions of the data and the day:
while neither changed, the answer of the last computation is the answer.
:mod:`kithkin.store.memo` counts every write; this module keeps each answer with
the count it was computed from and hands it back while it holds.
``tests/test_kept_agenda.py`` holds each kept answer equal to a fresh computation
over generated networks and days.

Importing this module loads nothing heavy: ``kith today`` reads a kept answer
(:mod:`kithkin.store.quickread`) before the application is even loaded, and asks
this module what it is called.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from kithkin import clock

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

KIND = "today"
HEALTH_KIND = "health"
HEALTH_TOP = 5  # the weakest and strongest ties the summary names
HEALTH_PARAMS = f"top={HEALTH_TOP}"


def params(budget: int | None) -> str:
    """The parameters an answer depends on besides the data and the day, as a key."""
    return f"budget={'' if budget is None else budget}"


def today_items(s: Session, budget: int | None = None) -> list[dict[str, Any]]:
    """What :func:`~kithkin.core.agenda.planner.today_items` returns, computed at most once.

    Call it in a write transaction: computing remembers the plan and keeps the answer.
    """
    from kithkin.core.agenda import planner

    items: list[dict[str, Any]] = _kept(
        s, KIND, params(budget), lambda: planner.today_items(s, budget)
    )
    return items


def health_summary(s: Session) -> dict[str, Any]:
    """What :func:`~kithkin.core.agenda.health.summary` returns, computed at most once."""
    from kithkin.core.agenda import health

    out: dict[str, Any] = _kept(
        s, HEALTH_KIND, HEALTH_PARAMS, lambda: health.summary(s, HEALTH_TOP)
    )
    return out


def _kept(s: Session, kind: str, key: str, compute: Callable[[], Any]) -> Any:
    """The kept answer, or a computation that keeps it, with the facts it read
    (:mod:`kithkin.core.agenda.keptfacts`: the next computation re-reads only what a
    write touched)."""
    from kithkin.core.agenda import keptfacts
    from kithkin.store import memo

    day = clock.today()
    start = memo.current(s)
    body = memo.load(s, kind, key, day, start)
    if body is not None:
        return json.loads(body)
    with keptfacts.keeping(s):
        answer = compute()
    pending = keptfacts.take_pending(s)
    version = memo.settle(s, start)
    if version is not None:
        with memo.if_free(s):  # a reader (kith health) never fails or waits to keep it
            memo.save(s, kind, key, day, version, dumps(answer))
            for params, on, at, kept_facts in pending:
                memo.save(s, keptfacts.KIND, params, on, at, kept_facts)
            if pending:
                memo.forget_unlike(s, keptfacts.KIND, f"{keptfacts.FORMAT};")
    return answer


def dumps(answer: Any) -> str:
    return json.dumps(answer, ensure_ascii=False, separators=(",", ":"))
