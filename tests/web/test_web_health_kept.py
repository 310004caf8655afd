"""``GET /api/health`` reads every contact's history (about a second at 30,000
contacts, each call alike): its answer is kept like the Network page's, which shows the
same summary, until something is written or the day turns."""

from __future__ import annotations

from datetime import date

import pytest

from kithkin import clock
from kithkin.core.agenda import health
from webclient import Web


def test_the_network_health_is_computed_once_until_a_write(
    web: Web, kith, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    kith.ok("add", "Ann Lee", "--tier", "close")
    clock.set_today(date(2026, 11, 2))
    calls = []
    real = health.summary
    monkeypatch.setattr(health, "summary", lambda s: calls.append(1) or real(s))
    first = web.get("/api/health").json()
    assert web.get("/api/health").json() == first
    assert "Your network" in web.page("/network").text  # the same summary, kept once
    assert len(calls) == 1
    kith.ok("add", "Bo Chen", "--tier", "close")  # another process writes
    after = web.get("/api/health").json()
    assert after != first and len(calls) == 2
