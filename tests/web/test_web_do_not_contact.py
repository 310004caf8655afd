"""R7 on the web: logging your own outreach to someone marked do-not-contact records
it and says so, in the words ``kith log`` prints; what they sent you is not warned of."""

from __future__ import annotations

import re

from webclient import Web

WARNING = "R7: Ann Lee is marked do-not-contact; logged anyway"


def _marked(kith) -> str:  # type: ignore[no-untyped-def]
    cid: str = kith.ok("add", "Ann Lee").stdout.strip()
    kith.ok("edit", cid, "--do-not-contact")
    return cid


def _notices(html: str) -> list[str]:
    """The warnings the page shows as notices (not the 'do not contact' chip)."""
    return re.findall(r'<p class="chip warn" role="status">([^<]*)</p>', html)


def test_the_log_form_warns_of_an_outreach_to_someone_do_not_contact(web: Web, kith) -> None:
    cid = _marked(kith)
    r = web.form(f"/contacts/{cid}/log", {"kind": "checkin", "direction": "outbound"})
    assert r.status_code == 303
    page = web.page(r.headers["location"])
    assert "Logged. It is on the timeline." in page.text
    [notice] = _notices(page.text)
    assert notice.startswith(WARNING) and f"kith edit {cid} --contactable" in notice
    # the warning is not kept: the page on its own says nothing of it
    assert _notices(web.page(f"/contacts/{cid}").text) == []
    inbound = web.form(f"/contacts/{cid}/log", {"kind": "checkin", "direction": "inbound"})
    shown = web.page(inbound.headers["location"]).text
    assert "Logged. It is on the timeline." in shown and _notices(shown) == []
    assert len(kith.ok("show", cid, "--json").json()["interactions"]) == 2  # both recorded


def test_the_page_does_not_warn_when_the_contact_is_contactable(web: Web, kith) -> None:
    cid = kith.ok("add", "Bea Open").stdout.strip()
    r = web.form(f"/contacts/{cid}/log", {"kind": "checkin"})
    assert _notices(web.page(r.headers["location"]).text) == []
    # a link cannot make the page warn of someone who is not marked
    assert _notices(web.page(f"/contacts/{cid}?saved=log&warn=r7").text) == []


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
