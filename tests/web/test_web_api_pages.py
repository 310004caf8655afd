"""Long API answers come in pages a script asks for: ``limit`` and ``offset`` on a
contact's timeline and on "who do I know at X", ``X-Total-Count`` saying how many in
all; without them the whole answer, as before. A page asked for wrongly is a 422 that
names the parameter, never a 500."""

from __future__ import annotations

import pytest

from webclient import Web


def _timeline(web: Web, kith, n: int) -> int:  # type: ignore[no-untyped-def]
    cid = int(kith.ok("add", "Ann Lee").stdout.strip())
    for k in range(n):
        day = f"2026-01-{k + 1:02d}"
        r = web.post(
            "/api/interactions", json={"contacts": [str(cid)], "date": day, "note": f"n{k}"}
        )
        assert r.status_code == 201
    return cid


def test_a_timeline_in_pages(web: Web, kith) -> None:  # type: ignore[no-untyped-def]
    cid = _timeline(web, kith, 5)
    url = f"/api/contacts/{cid}/interactions"
    whole = web.get(url)
    assert [i["note"] for i in whole.json()] == ["n4", "n3", "n2", "n1", "n0"]
    assert whole.headers["x-total-count"] == "5"
    page = web.get(url, params={"limit": 2, "offset": 2})
    assert [i["note"] for i in page.json()] == ["n2", "n1"]
    assert page.headers["x-total-count"] == "5"
    assert web.get(url, params={"offset": 4}).json()[0]["note"] == "n0"
    assert web.get(url, params={"offset": 9}).json() == []


@pytest.mark.parametrize("query", ["limit=0", "limit=-1", "offset=-1", "limit=" + "9" * 23])
def test_a_wrong_page_of_a_timeline_is_a_422(web: Web, kith, query: str) -> None:  # type: ignore[no-untyped-def]
    cid = _timeline(web, kith, 1)
    r = web.get(f"/api/contacts/{cid}/interactions?{query}")
    assert r.status_code == 422, r.text
    assert r.json()["error"]["message"].startswith(query.split("=")[0] + ":")


def test_who_in_pages(web: Web, kith) -> None:  # type: ignore[no-untyped-def]
    for k in range(5):
        kith.ok("add", f"Person{k} Doe", "--org", "Acme")
    whole = web.get("/api/who", params={"org": "Acme"})
    assert len(whole.json()) == 5 and whole.headers["x-total-count"] == "5"
    names = [r["name"] for r in whole.json()]
    page = web.get("/api/who", params={"org": "Acme", "limit": 2, "offset": 3})
    assert [r["name"] for r in page.json()] == names[3:5]
    assert page.headers["x-total-count"] == "5"
    r = web.get("/api/who", params={"org": "Acme", "limit": 0})
    assert r.status_code == 422 and r.json()["error"]["message"].startswith("limit:")


def test_the_pages_are_in_the_openapi_document(web: Web) -> None:
    paths = web.get("/openapi.json").json()["paths"]
    for path in ("/api/contacts/{ref}/interactions", "/api/who", "/api/contacts"):
        params = {p["name"]: p for p in paths[path]["get"]["parameters"]}
        assert {"limit", "offset"} <= set(params), path
        assert params["limit"].get("description") and params["offset"].get("description")
