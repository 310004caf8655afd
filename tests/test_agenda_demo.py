"""The demo network's first morning shows every kind of reason, within the budget."""

from __future__ import annotations


def test_demo_today_shows_a_mix_of_reasons(kith):  # type: ignore[no-untyped-def]
    kith.ok("demo", as_of="2026-11-02")
    items = kith.ok("today", "--json", as_of="2026-11-02").json()
    assert len(items) == 5
    assert [i["reason"] for i in items] == [
        "awaiting_reply",
        "congratulate",
        "first_touch",
        "congratulate",
        "reconnect",
    ]
    assert "promotion" in items[1]["why"]
    assert items[2]["channel"] == "email" and "Stark Industries" in items[2]["why"]
    # R9's yearly occasions rank after the month after a departure (R1).
    assert "work anniversary" in items[3]["why"]
    plan = kith.ok("agenda", "--days", "7", "--json", as_of="2026-11-02").json()
    assert len(plan) == 35 and plan[:5] == [{"date": "2026-11-02", **i} for i in items]
    assert "give_first" in {i["reason"] for i in plan[5:15]}
    health = kith.ok("health", "--json", as_of="2026-11-02").json()
    assert health["states"]["no_reply"] >= 1 and health["states"]["dormant"] >= 1
