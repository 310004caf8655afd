"""Mistakes undone over the web: from the contact's timeline (forms with their CSRF
token) and through the JSON API; the agenda follows every correction."""

from __future__ import annotations

import re
from datetime import date

from conftest import dump
from kithkin import clock
from webclient import Web

DAY = "2025-06-01"


def _setup(kith) -> tuple[str, list[int]]:  # type: ignore[no-untyped-def]
    cid = kith.ok("add", "Ann Lee", "--tier", "close", as_of="2025-01-01").stdout.strip()
    ids = [
        kith.ok("log", cid, "--date", d, "--note", f"note {d}", "--json", as_of=d).json()["id"]
        for d in ("2025-01-01", "2025-02-01", "2025-03-01")
    ]
    return cid, ids


def test_the_timeline_corrects_and_removes(web: Web, kith) -> None:  # type: ignore[no-untyped-def]
    cid, ids = _setup(kith)
    clock.set_today(date.fromisoformat(DAY))
    page = web.page(f"/contacts/{cid}").text
    for iid in ids:
        assert f'action="/contacts/{cid}/interactions/{iid}/edit"' in page
        assert f'action="/contacts/{cid}/interactions/{iid}/delete"' in page
    assert "Correct or remove" in page
    assert not re.search(r"\bkith (log|job|tie|detail|occasion)\b", page)
    r = web.form(f"/contacts/{cid}/interactions/{ids[2]}/delete", {})
    assert r.status_code == 303 and r.headers["location"].endswith("#timeline")
    after = web.page(f"/contacts/{cid}").text
    assert "note 2025-03-01" not in after and "note 2025-02-01" in after
    r = web.form(
        f"/contacts/{cid}/interactions/{ids[1]}/edit",
        {
            "kind": "thanks",
            "channel": "call",
            "direction": "inbound",
            "date": "2025-02-02",
            "note": "a call after all",
            "topics": "rust, go",
        },
    )
    assert r.status_code == 303
    shown = kith.ok("show", cid, "--json", as_of=DAY).json()["interactions"][0]
    assert (shown["kind"], shown["channel"], shown["direction"], shown["date"]) == (
        "thanks",
        "call",
        "inbound",
        "2025-02-02",
    )
    assert shown["note"] == "a call after all" and sorted(shown["topics"]) == ["go", "rust"]


def test_a_refused_correction_says_why_and_changes_nothing(web: Web, kith, db_url) -> None:  # type: ignore[no-untyped-def]
    cid, ids = _setup(kith)
    other = kith.ok("add", "Bob Stone").stdout.strip()
    before = dump(db_url)
    r = web.form(f"/contacts/{cid}/interactions/{ids[0]}/edit", {"kind": "bribe"})
    assert r.status_code == 400 and "unknown kind" in r.text
    assert f'id="ix-{ids[0]}" open' in r.text
    assert web.form(f"/contacts/{other}/interactions/{ids[0]}/delete", {}).status_code == 404
    no_token = web.post(
        f"/contacts/{cid}/interactions/{ids[0]}/delete", data={}, follow_redirects=False
    )
    assert no_token.status_code == 403
    assert dump(db_url) == before


def test_positions_details_ties_occasions_from_the_page(web: Web, kith) -> None:  # type: ignore[no-untyped-def]
    cid, _ = _setup(kith)
    kith.ok("job", "add", cid, "--org", "Acme", "--start", "2020-01-01")
    kith.ok("detail", cid, "hobby", "sailing")
    kith.ok("tie", cid, "mentor")
    kith.ok("occasion", "add", cid, "--kind", "promotion", "--note", "to VP")
    d = kith.ok("show", cid, "--json").json()
    pid, did = d["positions"][0]["id"], d["personal_details"][0]["id"]
    tid, oid = d["relationships"][0]["id"], d["occasions"][0]["id"]
    page = web.page(f"/contacts/{cid}").text
    for url in (
        f"/positions/{pid}/edit",
        f"/positions/{pid}/delete",
        f"/details/{did}/delete",
        f"/ties/{tid}/delete",
        f"/occasions/{oid}/delete",
    ):
        assert f'action="/contacts/{cid}{url}"' in page
    r = web.form(
        f"/contacts/{cid}/positions/{pid}/edit",
        {"org": "Initech", "title": "CTO", "start": "2020-01-01", "end": "2024-12-31"},
    )
    assert r.status_code == 303
    p = kith.ok("show", cid, "--json").json()["positions"][0]
    assert (p["org"], p["title"], p["end"]) == ("Initech", "CTO", "2024-12-31")
    for url in (
        f"/details/{did}/delete",
        f"/ties/{tid}/delete",
        f"/occasions/{oid}/delete",
        f"/positions/{pid}/delete",
    ):
        assert web.form(f"/contacts/{cid}{url}", {}).status_code == 303
    d = kith.ok("show", cid, "--json").json()
    assert d["positions"] == d["personal_details"] == d["relationships"] == d["occasions"] == []


def test_the_api_corrects_and_the_agenda_follows(web: Web, kith) -> None:  # type: ignore[no-untyped-def]
    cid, ids = _setup(kith)
    clock.set_today(date.fromisoformat(DAY))
    h = {"x-csrf-token": web.token()}
    assert int(cid) not in [i["contact_id"] for i in web.get("/api/agenda").json()]  # R7
    r = web.patch(f"/api/interactions/{ids[2]}", json={"channel": "video", "note": "talked"})
    assert r.status_code == 200 and r.json()["channel"] == "video"
    assert web.get(f"/api/interactions/{ids[2]}").json()["note"] == "talked"
    assert web.delete(f"/api/interactions/{ids[2]}").status_code == 204
    assert web.get(f"/api/interactions/{ids[2]}").status_code == 404
    assert web.delete(f"/api/interactions/{ids[2]}").status_code == 404
    assert web.patch(f"/api/interactions/{ids[1]}", json={"kind": "bribe"}).status_code == 400
    clock.set_today(date.fromisoformat(DAY))
    assert int(cid) in [i["contact_id"] for i in web.get("/api/agenda").json()]  # answered
    pos = web.post(
        f"/api/contacts/{cid}/positions", json={"org": "Acme", "start": "2020-01-01"}, headers=h
    ).json()["id"]
    r = web.patch(f"/api/positions/{pos}", json={"title": "CTO", "end": "2024-01-01"})
    assert r.status_code == 200 and r.json()["title"] == "CTO" and r.json()["end"] == "2024-01-01"
    r = web.patch(f"/api/positions/{pos}", json={"current": True})
    assert r.json()["end"] is None
    assert web.delete(f"/api/positions/{pos}").status_code == 204
    det = web.post(
        f"/api/contacts/{cid}/details", json={"category": "hobby", "fact": "chess"}, headers=h
    ).json()
    assert det["id"]
    assert web.patch(f"/api/details/{det['id']}", json={"fact": "go"}).json()["fact"] == "go"
    assert web.delete(f"/api/details/{det['id']}").status_code == 204
    tie = web.post(f"/api/contacts/{cid}/ties", json={"type": "mentor"}, headers=h).json()
    assert web.patch(f"/api/ties/{tie['id']}", json={"type": "friend"}).json()["type"] == "friend"
    assert web.delete(f"/api/ties/{tie['id']}").status_code == 204
    oid = kith.ok("occasion", "add", cid, "--kind", "promotion", "--json").json()["id"]
    assert web.delete(f"/api/occasions/{oid}").status_code == 204
    assert web.delete(f"/api/occasions/{oid}").status_code == 404
    shown = web.get(f"/api/contacts/{cid}").json()
    assert shown["positions"] == shown["personal_details"] == shown["occasions"] == []
