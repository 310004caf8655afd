"""Local safety: DNS rebinding, CSRF, cross-site requests, upload limits, headers."""

from __future__ import annotations

from fastapi.testclient import TestClient

from kithkin.web.app import create_app
from kithkin.web.security import allowed_hosts
from webclient import BASE, Web


def test_bad_host_is_refused_with_400(web: Web) -> None:
    r = web.get("/api/contacts", headers={"host": "evil.example:8000"})
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "bad_host"
    assert web.get("/api/contacts", headers={"host": "localhost:8000"}).status_code == 200
    assert web.get("/api/contacts", headers={"host": "127.0.0.1:8001"}).status_code == 400


def test_allowed_hosts_follow_the_bound_address() -> None:
    assert "localhost:8000" in allowed_hosts("127.0.0.1", 8000)
    assert "[::1]:8000" in allowed_hosts("127.0.0.1", 8000)
    lan = allowed_hosts("192.168.1.5", 9000)
    assert "192.168.1.5:9000" in lan and "localhost:9000" not in lan
    everywhere = allowed_hosts("0.0.0.0", 80, ["box.lan"])
    assert {"127.0.0.1:80", "box.lan:80", "box.lan"} <= everywhere
    assert "attacker.example" not in everywhere


def test_form_post_without_csrf_token_is_403_and_writes_nothing(web: Web, kith) -> None:
    cid = kith.ok("add", "Ada Lovelace").stdout.strip()
    r = web.post(f"/contacts/{cid}/log", data={"kind": "checkin"}, headers={"accept": "text/html"})
    assert r.status_code == 403
    assert "reload the page" in r.text
    r = web.post(f"/contacts/{cid}/log", data={"kind": "checkin", "csrf_token": "nope.nope"})
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "csrf"
    assert kith.ok("show", cid, "--json").json()["interactions"] == []


def test_csrf_token_from_the_page_is_accepted(web: Web, kith) -> None:
    cid = kith.ok("add", "Ada Lovelace").stdout.strip()
    r = web.form(f"/contacts/{cid}/log", {"kind": "thanks"})
    assert r.status_code == 303
    assert [i["kind"] for i in kith.ok("show", cid, "--json").json()["interactions"]] == ["thanks"]


def test_token_in_header_is_accepted(web: Web, kith) -> None:
    cid = kith.ok("add", "Ada Lovelace").stdout.strip()
    r = web.post(
        f"/contacts/{cid}/log",
        data={"kind": "thanks"},
        headers={"x-csrf-token": web.token()},
        follow_redirects=False,
    )
    assert r.status_code == 303


def test_token_from_another_browser_is_refused(db_url: str, kith) -> None:
    cid = kith.ok("add", "Ada Lovelace").stdout.strip()
    app = create_app(db_url)
    with Web(app, base_url=BASE) as mine, Web(app, base_url=BASE) as theirs:
        stolen = theirs.token()
        mine.token()  # my own cookie
        r = mine.post(f"/contacts/{cid}/log", data={"csrf_token": stolen})
        assert r.status_code == 403
    app.state.db.dispose()


def test_cross_origin_json_is_refused(web: Web) -> None:
    r = web.post(
        "/api/contacts", json={"name": "Mallory"}, headers={"origin": "https://evil.example"}
    )
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "cross_site"
    r = web.post(
        "/api/contacts", json={"name": "Mallory"}, headers={"sec-fetch-site": "cross-site"}
    )
    assert r.status_code == 403
    assert web.get("/api/contacts").json() == []
    r = web.post("/api/contacts", json={"name": "Alice"}, headers={"origin": BASE})
    assert r.status_code == 201


def test_text_plain_post_needs_the_token(web: Web) -> None:
    # A cross-site form can send text/plain without a preflight: never treated as JSON.
    r = web.post(
        "/api/contacts", content=b'{"name": "Mallory"}', headers={"content-type": "text/plain"}
    )
    assert r.status_code == 403
    assert web.get("/api/contacts").json() == []


def test_oversized_upload_is_413(db_url: str, kith) -> None:
    cid = kith.ok("add", "Ada Lovelace").stdout.strip()
    app = create_app(db_url, max_upload=1000)
    with Web(app, base_url=BASE) as web:
        token = web.token()
        r = web.post(f"/contacts/{cid}/log", data={"csrf_token": token, "note": "x" * 5000})
        assert r.status_code == 413
        assert r.json()["error"]["code"] == "too_large"

        def chunks():  # no Content-Length: discovered while streaming
            for _ in range(10):
                yield b"note=" + b"y" * 500

        r = web.post(
            f"/contacts/{cid}/log",
            content=chunks(),
            headers={"content-type": "application/x-www-form-urlencoded", "x-csrf-token": token},
        )
        assert r.status_code == 413
    app.state.db.dispose()
    assert kith.ok("show", cid, "--json").json()["interactions"] == []


def test_security_headers_on_every_response(web: Web) -> None:
    for url in (
        "/contacts",
        "/api/contacts",
        "/static/app.css",
        "/api/contacts/999",
        "/openapi.json",
    ):
        r = web.get(url)
        assert "script-src 'self'" in r.headers["content-security-policy"], url
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"
    bad = web.get("/", headers={"host": "evil.example"})
    assert bad.headers["x-content-type-options"] == "nosniff"


def test_csrf_cookie_is_httponly_and_strict(db_url: str) -> None:
    app = create_app(db_url)
    with TestClient(app, base_url=BASE) as client:
        cookie = client.get("/contacts").headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    app.state.db.dispose()


def test_a_bug_is_500_without_a_stack_trace(web: Web) -> None:
    def boom() -> None:
        raise RuntimeError("secret internals")

    web.app.add_api_route("/api/boom", boom)  # type: ignore[attr-defined]
    r = web.get("/api/boom")
    assert r.status_code == 500
    assert r.json() == {
        "error": {"code": "internal", "message": "internal error; the server log has the details"}
    }
    assert "secret" not in r.text and "Traceback" not in r.text
