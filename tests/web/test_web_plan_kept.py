"""The coming days (``/agenda``, ``GET /api/agenda/plan``) plan the whole network: 0.7 to
1.5 s at 30,000 contacts on every view, though nothing had changed. The plan is kept
per number of days (and budget) until something is written or the day turns."""

from __future__ import annotations

from datetime import date

import pytest

from kithkin import clock
from kithkin.core.agenda import planner
from webclient import Web


def test_the_plan_is_computed_once_until_a_write(
    web: Web, kith, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    kith.ok("add", "Ann Lee", "--tier", "close")
    kith.ok("log", "Ann Lee", "--date", "2020-01-01", as_of="2020-01-01")
    clock.set_today(date(2026, 11, 2))
    calls: list[tuple[int, int | None]] = []
    real = planner.plan
    monkeypatch.setattr(planner, "plan", lambda s, d, b=None: calls.append((d, b)) or real(s, d, b))
    for _ in range(2):  # the first plan is remembered (a write): planned once more after
        first = web.page("/agenda").text
        web.get("/api/agenda/plan", params={"days": 3})
    calls.clear()
    assert "Ann Lee" in first and web.page("/agenda").text == first
    plan = web.get("/api/agenda/plan").json()
    assert [i["name"] for i in plan] == ["Ann Lee"]
    assert web.get("/api/agenda/plan").json() == plan
    assert web.get("/api/agenda/plan", params={"days": 3}).json() == plan
    assert calls == []  # the page and the API share the 7-day plan
    kith.ok("log", "Ann Lee", "--date", "2026-11-01", as_of="2026-11-02")  # another process
    clock.set_today(date(2026, 11, 2))
    assert "Ann Lee" not in web.page("/agenda").text
    assert web.get("/api/agenda/plan").json() == []
