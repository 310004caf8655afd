"""Today: the agenda page and API, done and snooze from a row, the cache's freshness."""

from __future__ import annotations

from datetime import date

import pytest

from kithkin import clock
from kithkin.core.agenda import planner
from webclient import Web

TODAY = date(2026, 2, 10)


@pytest.fixture
def network(kith) -> dict[str, str]:
    """Two colleagues from a job that ended on Jan 31: both due a first touch (R1)."""
    kith.ok("job", "add", "me", "--org", "Acme", "--start", "2020-01-01", "--end", "2026-01-31")
    ids = {}
    for name in ("Bob Builder", "Carol Danvers"):
        cid = kith.ok("add", name, "--tier", "regular", as_of="2020-06-01").stdout.strip()
        kith.ok("job", "add", cid, "--org", "Acme", "--start", "2020-06-01")
        ids[name.split()[0].lower()] = cid
    clock.set_today(TODAY)
    return ids


def test_agenda_api_is_what_kith_today_prints(web: Web, kith, network) -> None:
    api = web.get("/api/agenda")
    assert api.status_code == 200
    assert api.headers["content-type"] == "application/json"
    cli = kith.ok("today", "--json", as_of=TODAY.isoformat()).json()
    assert api.json() == cli
    bob = next(i for i in api.json() if i["name"] == "Bob Builder")
    assert (bob["reason"], bob["rule"], bob["due"], bob["channel"]) == (
        "first_touch",
        "R1",
        "2026-03-02",
        "email",
    )
    plan = web.get("/api/agenda/plan", params={"days": 3}).json()
    assert {p["date"] for p in plan} <= {"2026-02-10", "2026-02-11", "2026-02-12"}


def test_today_page_lists_who_why_when_how(web: Web, network) -> None:
    page = web.page("/today")
    assert page.status_code == 200
    t = page.text
    assert "Bob Builder" in t and "Carol Danvers" in t
    assert "R1: your time together at Acme ended on 2026-01-31" in t
    assert "by Mar 2" in t and "by email" in t
    assert f'href="/today/{network["bob"]}"' in t
    assert web.get("/", follow_redirects=False).headers["location"] == "/today"


def test_open_item_then_done_logs_it_and_the_item_leaves(web: Web, kith, network) -> None:
    bob = network["bob"]
    item = web.page(f"/today/{bob}")
    assert item.status_code == 200 and "first touch within 30 days" in item.text
    assert '<option value="checkin" selected>' in item.text
    assert '<option value="email" selected>' in item.text
    r = web.form(f"/today/{bob}/done", {"kind": "checkin", "channel": "email", "note": "hi!"})
    assert r.status_code == 303 and r.headers["location"] == "/today?saved=done"
    page = web.page(r.headers["location"])
    assert "Bob Builder" not in page.text and "Carol Danvers" in page.text
    assert "the item has left today" in page.text
    [i] = kith.ok("show", bob, "--json", as_of=TODAY.isoformat()).json()["interactions"]
    assert (i["kind"], i["channel"], i["direction"], i["date"], i["note"]) == (
        "checkin",
        "email",
        "outbound",
        "2026-02-10",
        "hi!",
    )
    assert all(x["name"] != "Bob Builder" for x in web.get("/api/agenda").json())


def test_done_and_snooze_from_the_row_with_javascript(web: Web, kith, network) -> None:
    headers = {"x-kith-fetch": "1", "x-csrf-token": web.token()}
    r = web.post(
        f"/today/{network['bob']}/done",
        data={"kind": "checkin", "channel": "call"},
        headers=headers,
    )
    assert r.status_code == 200 and r.json() == {"message": "Logged checkin with Bob Builder."}
    r = web.post(
        f"/contacts/{network['carol']}/snooze?next=/today",
        data={"until": "2026-02-17"},
        headers=headers,
    )
    assert r.status_code == 200 and "snoozed through 2026-02-17" in r.json()["message"]
    assert web.get("/api/agenda").json() == []
    shown = kith.ok("show", network["carol"], "--json", as_of=TODAY.isoformat()).json()
    assert shown["boundaries"]["snoozed_until"] == "2026-02-17"
    r = web.post(
        f"/contacts/{network['carol']}/snooze", data={"until": "2020-01-01"}, headers=headers
    )
    assert r.status_code == 400 and "in the past" in r.json()["error"]["message"]


def test_snooze_without_javascript_goes_back(web: Web, network) -> None:
    r = web.form(f"/contacts/{network['carol']}/snooze?next=/today", {"until": "2026-03-01"})
    assert r.status_code == 303 and r.headers["location"] == "/today?saved=snooze"
    r = web.form(f"/contacts/{network['carol']}/snooze?next=//evil.example", {"until": "tomorrow"})
    assert r.headers["location"].startswith(f"/contacts/{network['carol']}")


def test_pause_resume_reset_from_the_contact_page(web: Web, kith, network) -> None:
    carol = network["carol"]
    assert "Pause" in web.page(f"/contacts/{carol}").text
    assert web.form(f"/contacts/{carol}/pause", {}).status_code == 303
    assert all(i["name"] != "Carol Danvers" for i in web.get("/api/agenda").json())
    assert "Resume" in web.page(f"/contacts/{carol}").text
    assert web.form(f"/contacts/{carol}/resume", {}).status_code == 303
    assert any(i["name"] == "Carol Danvers" for i in web.get("/api/agenda").json())
    assert web.form(f"/contacts/{carol}/reset", {}).status_code == 303
    r = web.post(f"/api/contacts/{carol}/pause", json={})
    assert r.status_code == 200 and r.json()["paused"] is True
    r = web.post(f"/api/contacts/{carol}/resume", json={})
    assert r.json()["paused"] is False
    r = web.post(f"/api/contacts/{carol}/snooze", json={"until": "2026-02-20"})
    assert r.json()["snoozed_until"] == "2026-02-20"
    r = web.post(f"/api/contacts/{carol}/snooze", json={"until": "someday"})
    assert r.status_code == 400 and "invalid snooze date" in r.json()["error"]["message"]


def test_cache_sees_writes_from_another_process_and_a_new_day(web: Web, kith, network) -> None:
    first = web.get("/api/agenda").json()
    assert {i["name"] for i in first} == {"Bob Builder", "Carol Danvers"}
    assert web.get("/api/agenda").json() == first  # served from memory
    kith.ok("log", network["bob"], as_of=TODAY.isoformat())  # a terminal, not the server
    clock.set_today(TODAY)
    assert {i["name"] for i in web.get("/api/agenda").json()} == {"Carol Danvers"}
    clock.set_today(date(2026, 4, 1))  # a new day: overdue now, and said so
    later = web.get("/api/agenda").json()
    assert later == kith.ok("today", "--json", as_of="2026-04-01").json()
    assert later[0]["overdue_days"] == 30


def test_occasions_and_settings_api(web: Web, network) -> None:
    r = web.post(
        f"/api/contacts/{network['bob']}/occasions",
        json={"kind": "promotion", "date": "2026-02-09", "note": "VP"},
    )
    assert r.status_code == 201 and r.json()["kind"] == "promotion"
    bob = next(i for i in web.get("/api/agenda").json() if i["name"] == "Bob Builder")
    assert bob["reason"] == "congratulate"
    assert (
        web.post(f"/api/contacts/{network['bob']}/occasions", json={"kind": "wedding"}).status_code
        == 400
    )
    future = web.post(  # what happened, as kith occasion add: not next year
        f"/api/contacts/{network['bob']}/occasions",
        json={"kind": "promotion", "date": "2099-01-01"},
    )
    assert future.status_code == 400 and "in the future" in future.json()["error"]["message"]
    assert web.get("/api/settings").json()["budget"]["value"] == "5"
    r = web.put("/api/settings/budget", json={"value": "1"})
    assert r.status_code == 200 and r.json()["budget"]["value"] == "1"
    assert len(web.get("/api/agenda").json()) == 1
    assert web.put("/api/settings/budget", json={"value": "lots"}).status_code == 400
    assert web.delete("/api/settings/budget").json()["budget"]["is_default"] is True


def test_logging_an_ask_to_someone_you_owe_warns(web: Web, kith, network) -> None:
    for _ in range(3):
        kith.ok("log", network["bob"], "--kind", "favor_ask", as_of="2026-01-05")
    clock.set_today(TODAY)
    r = web.post("/api/interactions", json={"contacts": [network["bob"]], "kind": "referral_ask"})
    assert r.status_code == 201
    assert r.json()["warning"].startswith("R4:")
    r = web.post("/api/interactions", json={"contacts": [network["bob"]], "kind": "thanks"})
    assert r.json()["warning"] is None


def _headers(r) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Every header but the ones that differ per request by nature."""
    return {k: v for k, v in r.headers.items() if k not in {"date", "set-cookie"}}


def test_cached_answers_are_the_same_bytes_with_the_same_protection(web: Web, network) -> None:
    """The second GET comes from memory: same body, same headers one by one, same CSRF token."""
    first, second = web.get("/api/agenda"), web.get("/api/agenda")
    assert first.content == second.content
    assert _headers(first) == _headers(second)
    assert first.headers["content-type"] == "application/json"
    assert first.headers["x-content-type-options"] == "nosniff"
    assert first.headers["etag"] and "no-cache" in first.headers["cache-control"]
    page1, page2 = web.page("/today"), web.page("/today")
    assert _headers(page1) == _headers(page2)
    token = web.token()
    assert page1.text == page2.text and token in page2.text
    assert "KithCsrfTokenSlot" not in page2.text
    assert "script-src 'self'" in page2.headers["content-security-policy"]
    assert web.get("/today", headers={"host": "evil.example"}).status_code == 400
    other = Web(web.app, base_url="http://127.0.0.1:8000")
    theirs = other.page("/today").text
    assert token not in theirs and other.token() in theirs


def test_an_unchanged_agenda_answers_304_and_a_write_changes_it(web: Web, kith, network) -> None:
    for url in ("/api/agenda", "/today"):
        tag = web.get(url).headers["etag"]
        again = web.get(url, headers={"if-none-match": tag})
        assert again.status_code == 304 and not again.content
        assert again.headers["etag"] == tag
    tag = web.get("/api/agenda").headers["etag"]
    kith.ok("log", network["bob"], "--kind", "checkin", as_of=TODAY.isoformat())
    clock.set_today(TODAY)
    fresh = web.get("/api/agenda", headers={"if-none-match": tag})
    assert fresh.status_code == 200 and fresh.headers["etag"] != tag


def test_the_agenda_is_computed_once_while_nothing_changes(
    web: Web, kith, network, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Polling costs no computation: the planner runs again only after a write, on
    both backends (PostgreSQL's version is the database's own write count, which
    other databases on the server and other tests' schemas do not move)."""
    calls = []
    real = planner.today_items
    monkeypatch.setattr(
        planner, "today_items", lambda s, budget=None: calls.append(1) or real(s, budget)
    )
    for _ in range(3):
        assert web.get("/api/agenda").status_code == 200
        assert web.page("/today").status_code == 200
    assert len(calls) == 1
    kith.ok("log", network["bob"], "--kind", "checkin", as_of=TODAY.isoformat())
    clock.set_today(TODAY)
    web.get("/api/agenda")
    assert len(calls) == 2


def test_item_page_shows_the_draft_and_rewrites_it(web: Web, kith, network) -> None:
    kith.ok("detail", network["bob"], "hobby", "sails on weekends")
    kith.ok("edit", network["bob"], "--email", "bob@builder.example")
    clock.set_today(TODAY)
    page = web.page(f"/today/{network['bob']}")
    assert page.status_code == 200
    t = page.text
    assert 'id="draft-text"' in t and "Bob" in t.split('id="draft-text"')[1][:600]
    assert 'href="mailto:bob@builder.example?body=' in t
    assert "Written from:" in t
    thanks = web.page(f"/today/{network['bob']}?occasion=thanks")
    assert '<option value="thanks" selected>' in thanks.text
    assert web.page(f"/today/{network['bob']}?occasion=bribe").status_code == 200
    assert "unknown occasion" in web.page(f"/today/{network['bob']}?occasion=bribe").text
    assert f'href="/today/{network["bob"]}#draft"' in web.page(f"/contacts/{network['bob']}").text


def test_draft_api(web: Web, kith, network) -> None:
    r = web.get(f"/api/contacts/{network['bob']}/draft")
    assert r.status_code == 200
    body = r.json()
    assert body["name"] == "Bob Builder" and body["text"] and isinstance(body["facts"], dict)
    cli = kith.ok("draft", network["bob"], "--json", as_of=TODAY.isoformat()).json()
    assert body["text"] == cli["text"] and body["occasion"] == cli["occasion"]
    r = web.get(f"/api/contacts/{network['bob']}/draft", params={"occasion": "bribe"})
    assert r.status_code == 400 and "unknown occasion" in r.json()["error"]["message"]
    kith.ok("edit", network["carol"], "--do-not-contact")
    r = web.get(f"/api/contacts/{network['carol']}/draft")
    assert r.status_code == 400 and "do-not-contact" in r.json()["error"]["message"]


def test_the_draft_api_answers_what_kith_draft_prints(web: Web, kith, network) -> None:
    cli = kith.ok("draft", network["bob"], "--json", as_of=TODAY.isoformat()).json()
    api = web.get(f"/api/contacts/{network['bob']}/draft").json()
    assert api == cli and set(api) >= {"contact_id", "occasion", "text", "template"}
