"""Who do I know (R16) and the departure plan as a checklist (R14), as pages and API."""

from __future__ import annotations

from datetime import date

from conftest import dump
from kithkin import clock
from webclient import Web


def _acme(kith) -> dict[str, str]:  # type: ignore[no-untyped-def]
    kith.ok("job", "add", "me", "--org", "Acme Inc.", "--start", "2020-01-01")
    boss = kith.ok("add", "Bea Boss", "--email", "bea@acme.example").stdout.strip()
    kith.ok("job", "add", boss, "--org", "ACME", "--title", "VP", "--start", "2019-01-01")
    kith.ok("tie", boss, "manager")
    old = kith.ok("add", "Otto Old").stdout.strip()
    kith.ok("job", "add", old, "--org", "Acme", "--start", "2015-01-01", "--end", "2018-01-01")
    clock.set_today(date(2026, 11, 2))
    return {"boss": boss, "old": old}


def test_who_page_and_api(web: Web, kith) -> None:
    ids = _acme(kith)
    assert "Organization" in web.page("/who").text
    page = web.page("/who?org=acme")
    t = page.text
    assert page.status_code == 200
    assert t.index("Bea Boss") < t.index("Otto Old")  # current staff first
    assert "worked together at" in t
    assert "You know nobody at Initech" in web.page("/who?org=Initech").text
    rows = web.get("/api/who", params={"org": "ACME, Inc"}).json()
    assert [(r["contact_id"], r["status"]) for r in rows] == [
        (int(ids["boss"]), "current"),
        (int(ids["old"]), "former"),
    ]
    assert web.get("/api/who").status_code == 422


def test_departure_checklist(web: Web, kith, db_url: str) -> None:
    _acme(kith)
    assert "Plan your departure" in web.page("/departure").text
    before = dump(db_url)
    r = web.form("/departure", {"org": "Acme", "last_day": "18/12/2026", "new_org": "Globex"})
    assert r.status_code == 400 and "invalid last day" in r.text
    assert 'value="Globex"' in r.text  # what was typed is kept
    assert dump(db_url) == before
    r = web.form("/departure", {"org": "Acme", "last_day": "2026-12-18", "notice_days": "21"})
    assert r.status_code == 200, r.text
    t = r.text
    assert "Leaving Acme Inc." in t and 'id="step-tell_boss"' in t
    assert "not by email" in t.lower() or "in person" in t.lower()
    r = web.form("/departure/done", {"org": "Acme Inc.", "key": "tell_boss"})
    assert r.status_code == 303 and r.headers["location"].endswith("#step-tell_boss")
    steps = {st["key"]: st for st in kith.ok("plan", "--json").json()}
    assert steps["tell_boss"]["done"] is True and steps["notice"]["done"] is False
    r = web.form("/departure/done", {"org": "Acme Inc.", "key": "ask_rehire", "rehire": "yes"})
    assert r.status_code == 303
    assert "Rehire eligible: yes" in web.page("/departure").text
    r = web.form("/departure/done", {"org": "Acme Inc.", "key": "tell_boss", "undo": "1"})
    assert {st["key"]: st for st in web.get("/api/departure").json()}["tell_boss"]["done"] is False
    r = web.form("/departure/done", {"key": "fly_to_mars"})
    assert r.status_code == 400 and "unknown step" in r.text


def test_departure_api(web: Web, kith) -> None:
    _acme(kith)
    assert web.get("/api/departure").status_code == 404
    r = web.post("/api/departure", json={"org": "Acme", "last_day": "2026-12-18"})
    assert r.status_code == 201
    body = r.json()
    assert body["org"] == "Acme Inc." and body["steps"][0]["key"] == "confidential"
    r = web.post("/api/departure/steps/notice", json={})
    assert r.status_code == 200 and r.json()["done"] is True
    r = web.post("/api/departure/steps/notice", json={"rehire": "yes"})
    assert r.status_code == 400
    r = web.post("/api/departure", json={"org": "Acme", "last_day": "next week"})
    assert r.status_code == 400 and "invalid last day" in r.json()["error"]["message"]


def test_departure_refusal_names_the_fields_not_cli_flags(web: Web, kith, db_url: str) -> None:
    """A person filling the form never saw `--new-org`; the message names what they see."""
    _acme(kith)
    before = dump(db_url)
    r = web.form("/departure", {"org": "Acme", "last_day": "2026-12-18", "new_org": "Globex"})
    assert r.status_code == 400
    assert "--" not in r.text.split('role="alert"')[1].split("</p>")[0]
    assert "start date" in r.text
    r = web.form(
        "/departure",
        {"org": "Acme", "last_day": "2026-12-18", "new_org": "ACME", "start_date": "2027-01-04"},
    )
    assert r.status_code == 400
    assert "--" not in r.text.split('role="alert"')[1].split("</p>")[0]
    assert dump(db_url) == before
