"""The JSON API: the CLI's operations over HTTP, with the CLI's messages as 4xx errors."""

from __future__ import annotations

from conftest import dump
from webclient import Web


def test_add_show_edit_list_remove(web: Web, db_url: str) -> None:
    r = web.post(
        "/api/contacts",
        json={
            "name": "Grace Hopper",
            "emails": ["grace@navy.example"],
            "org": "US Navy",
            "title": "Rear Admiral",
            "tags": ["Mentor"],
            "tier": "close",
        },
    )
    assert r.status_code == 201
    gid = r.json()["id"]
    assert r.json() == {"id": gid, "name": "Grace Hopper"}

    shown = web.get("/api/contacts/grace@navy.example").json()
    assert shown["id"] == gid and shown["org"] == "US Navy" and shown["tags"] == ["mentor"]
    assert shown["effective_cadence_days"] == 30
    assert web.get("/api/contacts/Hopper").json()["id"] == gid

    r = web.patch(
        f"/api/contacts/{gid}",
        json={"tier": "wide", "do_not_contact": True, "phones": ["+1 202 555 0142"]},
    )
    assert r.status_code == 200 and r.json()["tier"] == "wide"
    shown = web.get(f"/api/contacts/{gid}").json()
    assert shown["boundaries"]["do_not_contact"] is True
    assert shown["phones"] == ["+12025550142"]

    listed = web.get("/api/contacts", params={"tier": "wide"}).json()
    assert [c["id"] for c in listed] == [gid]
    assert web.get("/api/contacts", params={"tier": "close"}).json() == []
    assert [c["name"] for c in web.get("/api/contacts", params={"org": "us navy"}).json()] == [
        "Grace Hopper"
    ]

    assert web.delete(f"/api/contacts/{gid}").status_code == 204
    assert web.get(f"/api/contacts/{gid}").status_code == 404
    assert "Grace" not in str(dump(db_url)["contacts"])


def test_positions_details_ties(web: Web, kith) -> None:
    cid = kith.ok("add", "Linus Torvalds").stdout.strip()
    r = web.post(
        f"/api/contacts/{cid}/positions",
        json={"org": "Transmeta", "title": "Engineer", "start": "1997-03-01", "end": "2003-06-30"},
    )
    assert r.status_code == 201
    assert r.json()["org"] == "Transmeta" and r.json()["end"] == "2003-06-30"
    r = web.post(f"/api/contacts/{cid}/details", json={"category": "hobby", "fact": "diving"})
    assert r.status_code == 201 and r.json()["category"] == "hobby"
    r = web.post(f"/api/contacts/{cid}/ties", json={"type": "mentor", "since": "2020-01-01"})
    assert r.status_code == 201 and r.json()["type"] == "mentor"
    shown = kith.ok("show", cid, "--json").json()
    assert shown["positions"][0]["title"] == "Engineer"
    assert shown["personal_details"][0]["fact"] == "diving"
    assert shown["relationships"][0]["type"] == "mentor"


def test_log_and_timeline(web: Web, kith) -> None:
    a = kith.ok("add", "Ada Lovelace").stdout.strip()
    b = kith.ok("add", "Charles Babbage").stdout.strip()
    r = web.post(
        "/api/interactions",
        json={
            "contacts": ["Ada", "Babbage"],
            "channel": "meeting",
            "kind": "shared_article",
            "date": "2026-03-01",
            "note": "engines",
            "topics": ["Math"],
        },
    )
    assert r.status_code == 201
    body = r.json()
    assert body["nature"] == "give" and body["date"] == "2026-03-01"
    assert sorted(body["contact_ids"]) == sorted([int(a), int(b)])
    web.post("/api/interactions", json={"contacts": [a], "inbound": True, "date": "2026-04-01"})
    tl = web.get(f"/api/contacts/{a}/interactions").json()
    assert [i["date"] for i in tl] == ["2026-04-01", "2026-03-01"]
    assert tl[0]["direction"] == "inbound"
    assert tl[1]["topics"] == ["math"]
    assert {p["name"] for p in tl[1]["with"]} == {"Ada Lovelace", "Charles Babbage"}
    assert kith.ok("show", b, "--json").json()["balance"]["give"] == 1


def test_search(web: Web, kith) -> None:
    cid = kith.ok("add", "Ada Lovelace", "--note", "analytical engine notes").stdout.strip()
    hits = web.get("/api/search", params={"q": "analyt"}).json()
    assert hits and hits[0]["contact_id"] == int(cid) and hits[0]["name"] == "Ada Lovelace"
    assert web.get("/api/search", params={"q": "zzzz"}).json() == []


def test_search_finds_people_by_their_positions(web: Web, kith) -> None:
    cid = kith.ok("add", "Grace Hopper", "--org", "US Navy", "--title", "Rear Admiral").stdout
    hits = web.get("/api/search", params={"q": "navy admiral"}).json()
    assert hits == [
        {
            "contact_id": int(cid),
            "name": "Grace Hopper",
            "kind": "position",
            "snippet": "Rear [Admiral] at US [Navy]",
        }
    ]


def test_bad_input_is_4xx_with_the_cli_message_and_writes_nothing(
    web: Web, kith, db_url: str
) -> None:
    cid = kith.ok("add", "Ada Lovelace", "--email", "ada@example.com").stdout.strip()
    kith.ok("add", "Ada Byron")
    before = dump(db_url)
    cases = [
        (
            web.post("/api/interactions", json={"contacts": [cid], "channel": "pigeon"}),
            400,
            "bad_input",
            "unknown channel 'pigeon'",
        ),
        (
            web.post("/api/interactions", json={"contacts": [cid], "kind": "bribe"}),
            400,
            "bad_input",
            "unknown kind 'bribe'",
        ),
        (
            web.post("/api/interactions", json={"contacts": [cid], "date": "2026-13-01"}),
            400,
            "bad_input",
            "invalid date",
        ),
        (
            web.post("/api/interactions", json={"contacts": ["Ada"]}),
            400,
            "ambiguous",
            "matches 2 contacts",
        ),
        (
            web.post("/api/interactions", json={"contacts": ["Nobody"]}),
            404,
            "not_found",
            "no contact matches",
        ),
        (
            web.post("/api/contacts", json={"name": "Other", "emails": ["ada@example.com"]}),
            409,
            "conflict",
            "already belongs to Ada Lovelace",
        ),
        (
            web.post("/api/contacts", json={"name": "X", "emails": ["not-an-email"]}),
            400,
            "bad_input",
            "invalid email",
        ),
        (
            web.post(
                f"/api/contacts/{cid}/positions",
                json={"org": "Acme", "start": "2020-01-01", "end": "2019-01-01"},
            ),
            400,
            "bad_input",
            "before start date",
        ),
        (web.post("/api/contacts", json={"nom": "X"}), 422, "invalid", "name"),
        (web.post("/api/interactions", json={"contacts": []}), 422, "invalid", "contacts"),
        (web.get("/api/contacts/999"), 404, "not_found", "no contact with id 999"),
        (web.get("/api/nothing-here"), 404, "not_found", "Not Found"),
        (web.put("/api/contacts"), 405, "method_not_allowed", "Method Not Allowed"),
    ]
    for r, status, code, words in cases:
        assert r.status_code == status, (r.status_code, r.text)
        err = r.json()["error"]
        assert err["code"] == code and words in err["message"], err
        assert "Traceback" not in r.text
    assert dump(db_url) == before


def test_openapi_documents_every_route_with_models(web: Web) -> None:
    doc = web.get("/openapi.json").json()
    assert doc["info"]["title"] == "kithkin"
    paths = doc["paths"]
    for path in (
        "/api/contacts",
        "/api/contacts/{ref}",
        "/api/interactions",
        "/api/search",
        "/api/contacts/{ref}/positions",
        "/api/contacts/{ref}/interactions",
    ):
        assert path in paths, path
    assert not any(p.startswith("/contacts") for p in paths), "pages stay out of the API doc"
    for path, ops in paths.items():
        for method, op in ops.items():
            ok = [c for c in op["responses"] if c.startswith("2")]
            assert ok, (method, path)
            content = op["responses"][ok[0]].get("content")
            if ok[0] != "204":
                assert "$ref" in str(content), (method, path, "no response model")
            assert "400" in op["responses"], (method, path, "errors undocumented")
            if "requestBody" in op:
                assert "$ref" in str(op["requestBody"]), (method, path, "no request model")
    assert "ErrorResponse" in doc["components"]["schemas"]


def test_your_own_record_answers_as_its_page_does(web: Web) -> None:
    # "Me" is left out of the lists, but has a page (/me leads there, where your jobs go):
    # the API shows the same record the page does, and neither lists it.
    where = web.get("/me", follow_redirects=False).headers["location"]
    me = int(where.rsplit("/", 1)[1])
    assert web.page(where).status_code == 200
    r = web.get(f"/api/contacts/{me}")
    assert r.status_code == 200 and r.json()["name"] == "Me"
    assert all(c["id"] != me for c in web.get("/api/contacts").json())
