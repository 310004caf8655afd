"""The API for leads, events, references, rehire, health, dupes and merge."""

from __future__ import annotations

from datetime import date

from kithkin import clock
from webclient import Web


def test_leads_api(web: Web, kith) -> None:
    kith.ok("add", "Dana Dev", "--org", "Initech", "--title", "Python developer")
    r = web.post(
        "/api/leads", json={"title": "Python engineer", "org": "Globex", "skills": "python"}
    )
    assert r.status_code == 201
    lid = r.json()["id"]
    matches = web.get(f"/api/leads/{lid}/matches").json()
    assert matches[0]["name"] == "Dana Dev" and "python" in matches[0]["matched"]
    r = web.post(f"/api/leads/{lid}/share", json={"contact": "Dana"})
    assert r.status_code == 201 and r.json()["nature"] == "give"
    assert web.get("/api/leads").json()[0]["shared_with"][0]["name"] == "Dana Dev"
    assert web.post("/api/leads", json={"title": " ", "org": "X"}).status_code == 400
    assert web.get("/api/leads/999/matches").status_code == 404


def test_events_api(web: Web, kith) -> None:
    kith.ok("add", "Kim Known")
    clock.set_today(date(2026, 5, 3))
    r = web.post("/api/events", json={"name": "PyCon", "date": "2026-05-01"})
    assert r.status_code == 201 and r.json()["follow_up_by"] == "2026-05-04"
    r = web.post(f"/api/events/{r.json()['id']}/met", json={"people": ["Kim", "Newt Newcomer"]})
    assert r.status_code == 200
    assert [(p["name"], p["created"]) for p in r.json()["added"]] == [
        ("Kim Known", False),
        ("Newt Newcomer", True),
    ]
    assert len(web.get("/api/events").json()[0]["people"]) == 2
    assert web.post("/api/events", json={"name": "X", "date": "soon"}).status_code == 400


def test_references_rehire_health_dupes_merge(web: Web, kith) -> None:
    kith.ok("job", "add", "me", "--org", "Initech", "--start", "2020-01-01", "--end", "2025-12-31")
    bill = kith.ok(
        "add", "Bill Lumbergh", "--email", "bill@initech.example", "--org", "Initech"
    ).stdout.strip()
    other = kith.ok("add", "Bill Lumbergh", "--org", "Initech", "--force").stdout.strip()
    clock.set_today(date(2026, 6, 1))
    r = web.post("/api/references", json={"contact": bill, "role": "manager"})
    assert r.status_code == 201 and r.json()["warnings"] == []
    r = web.post("/api/references", json={"contact": bill, "role": "CTO", "asked": True})
    assert r.status_code == 201
    [row] = web.get("/api/references").json()
    assert row["agreed"] is True and row["times_asked"] == 1
    r = web.put("/api/rehire/Initech", json={"answer": "yes", "note": "said so"})
    assert r.json() == {"org": "Initech", "rehire_eligible": "yes", "note": "said so"}
    assert web.put("/api/rehire/Initech", json={"answer": "maybe"}).status_code == 400
    h = web.get("/api/health").json()
    assert h["contacts"] == 2 and set(h["states"]) >= {"warm", "due", "overdue", "dormant"}
    ch = web.get(f"/api/contacts/{bill}/health").json()
    assert set(ch["parts"]) == {"recency", "frequency", "depth", "reciprocity"}
    pairs = web.get("/api/dupes").json()
    assert pairs and {pairs[0]["a"]["id"], pairs[0]["b"]["id"]} == {int(bill), int(other)}
    r = web.post("/api/dupes/distinct", json={"a": bill, "b": bill})
    assert r.status_code == 400 and "one contact" in r.json()["error"]["message"]
    r = web.post("/api/dupes/distinct", json={"a": bill, "b": other})
    assert r.status_code == 200 and r.json()["new"] is True
    assert web.get("/api/dupes").json() == []
    r = web.post("/api/merge", json={"keep": bill, "other": other})
    assert r.status_code == 200 and r.json()["id"] == int(bill)
    assert len(web.get("/api/contacts").json()) == 1
