"""The Network page's charts, the contact page's health, the state filter and strength sort."""

from __future__ import annotations

from datetime import date

from kithkin import clock
from webclient import Web


def _network(kith) -> dict[str, str]:  # type: ignore[no-untyped-def]
    kith.ok("job", "add", "me", "--org", "Acme", "--start", "2020-01-01", "--end", "2025-12-31")
    ids = {}
    for name, now in (("Ann Alpha", "Globex"), ("Ben Beta", "Globex"), ("Cat Gamma", None)):
        cid = kith.ok("add", name, "--tier", "close", as_of="2020-02-01").stdout.strip()
        kith.ok(
            "job",
            "add",
            cid,
            "--org",
            "Acme",
            "--start",
            "2020-02-01",
            *(["--end", "2024-12-31"] if now else []),
        )
        if now:
            kith.ok("job", "add", cid, "--org", now, "--start", "2025-01-01")
        ids[name.split()[0].lower()] = cid
    kith.ok(
        "log",
        ids["ann"],
        "--kind",
        "shared_lead",
        "--channel",
        "call",
        "--date",
        "2026-05-10",
        as_of="2026-06-01",
    )
    kith.ok("log", ids["ann"], "--inbound", "--date", "2026-05-20", as_of="2026-06-01")
    kith.ok(
        "log",
        ids["ann"],
        "--kind",
        "like",
        "--channel",
        "social",
        "--date",
        "2026-04-02",
        as_of="2026-06-01",
    )
    kith.ok("log", ids["ben"], "--kind", "favor_ask", "--date", "2026-05-28", as_of="2026-06-01")
    clock.set_today(date(2026, 6, 1))
    return ids


def test_network_page_charts(web: Web, kith) -> None:
    _network(kith)
    page = web.page("/network")
    assert page.status_code == 200
    t = page.text
    assert t.count("<svg viewBox") >= 4 and 'role="img"' in t
    assert '<title id="states-t">Contacts by state</title>' in t
    # Touches per month: May has 2 out (shared lead, favor ask) and 1 in; April one like.
    assert "05: 2 from you, 1 to you, 0 likes and comments" in t
    assert "04: 0 from you, 0 to you, 1 likes and comments" in t
    assert "<td>2026-05</td><td>2</td><td>1</td><td>0</td>" in t
    assert "1 given · 1 neutral · 1 asked" in t  # the like is neutral
    # Where former colleagues work now: two at Globex, one still at Acme.
    assert "Globex: 2" in t
    assert "3 people you worked with: 1 still where you met" in t
    assert "style=" not in t  # inline styles would break the CSP


def test_contact_page_shows_health_and_its_parts(web: Web, kith) -> None:
    ids = _network(kith)
    t = web.page(f"/contacts/{ids['ann']}").text
    assert "Relationship strength" in t
    for part in ("recency", "frequency", "depth", "reciprocity"):
        assert f"<span>{part}</span>" in t
    assert "/40</span>" in t and "/15</span>" in t
    assert "Last conversation May 20" in t


def test_state_filter_and_strength_sort(web: Web, kith) -> None:
    ids = _network(kith)
    strengths = {k: web.get(f"/api/contacts/{v}").status_code for k, v in ids.items()}
    assert set(strengths.values()) == {200}
    by_strength = web.page("/contacts?sort=strength").text
    assert by_strength.index("Ann Alpha") < by_strength.index("Cat Gamma")
    assert '<th scope="col">Strength</th>' in by_strength
    from kithkin.core.agenda import health
    from kithkin.store.db import open_db

    db = open_db(kith.url)
    with db.session() as s:
        states = health.states(s)
    db.dispose()
    ann_state = states[int(ids["ann"])]
    filtered = web.page(f"/contacts?state={ann_state}").text
    assert "Ann Alpha" in filtered
    for name, key in (("Ben Beta", "ben"), ("Cat Gamma", "cat")):
        assert (name in filtered) == (states[int(ids[key])] == ann_state)
    assert "Nobody here yet with these criteria" in web.page("/contacts?state=nonsense").text
