"""R7 on the web: logging your own outreach to someone marked do-not-contact records
it and says so, in the words ``kith log`` prints; what they sent you is not warned of."""

from __future__ import annotations

from webclient import Web

WARNING = "R7: Ann Lee is marked do-not-contact; logged anyway"


def _marked(kith) -> str:  # type: ignore[no-untyped-def]
    cid: str = kith.ok("add", "Ann Lee").stdout.strip()
    kith.ok("edit", cid, "--do-not-contact")
    return cid


def test_the_api_warns_of_an_outreach_to_someone_do_not_contact(web: Web, kith) -> None:
    cid = _marked(kith)
    r = web.post("/api/interactions", json={"contacts": [cid]})
    assert r.status_code == 201
    body = r.json()
    assert body["warning"].startswith(WARNING)  # the field R4's warning already uses
    assert body["contact_ids"] == [int(cid)] and body["kind"] == "checkin"
    r = web.post("/api/interactions", json={"contacts": [cid], "inbound": True})
    assert r.status_code == 201 and r.json()["warning"] is None
    assert len(kith.ok("show", cid, "--json").json()["interactions"]) == 2


def test_the_openapi_document_says_what_the_warning_is(web: Web) -> None:
    schema = web.get("/openapi.json").json()
    warning = schema["components"]["schemas"]["Logged"]["properties"]["warning"]
    assert "R7" in warning["description"] and "R4" in warning["description"]
