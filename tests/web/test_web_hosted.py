"""Hosted mode (`kith serve --hosted`): users log in, and each sees their own network only.

The fixtures (tests/hostedclient.py) make two users whose networks have the same
contact ids on purpose, so that any answer served from the wrong schema (or kept
for the wrong user) would show.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from sqlalchemy import text
from tests import hostedclient
from tests.conftest import PG_OK, Kith
from tests.hostedclient import PASSWORDS, URL, browser, form_token, log_in, logged_in
from tests.webclient import BASE, Web

from kithkin.store.accounts import Accounts
from kithkin.web.app import create_app

pytestmark = pytest.mark.skipif(not PG_OK, reason="PostgreSQL not reachable")
schema, users, app = hostedclient.schema, hostedclient.users, hostedclient.app  # fixtures


def test_every_page_and_api_route_needs_a_login(app) -> None:  # type: ignore[no-untyped-def]
    anon = browser(app)
    page = anon.page("/today")
    assert page.status_code == 200 and page.url.path == "/login"  # sent to log in
    r = anon.get("/contacts/2?x=1", headers={"accept": "text/html"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=%2Fcontacts%2F2%3Fx%3D1"
    for path in ("/api/agenda", "/api/contacts", "/api/contacts/2", "/openapi.json"):
        r = anon.get(path)
        assert r.status_code == 401, path
        assert r.json()["error"]["code"] == "unauthorized"
    assert anon.post("/api/contacts", json={"name": "Mallory"}).status_code == 401
    assert anon.get("/static/app.css").status_code == 200
    assert "Priya" not in page.text and "Quentin" not in page.text


def test_a_wrong_password_or_email_is_refused_alike(app) -> None:  # type: ignore[no-untyped-def]
    client = browser(app)
    wrong = log_in(client, "ada@example.org", "not her password")
    nobody = log_in(client, "eve@example.org", "not her password")
    assert wrong.status_code == nobody.status_code == 401
    assert "Wrong email or password." in wrong.text and "Wrong email or password." in nobody.text
    assert "set-cookie" not in wrong.headers or "kith_session" not in wrong.headers["set-cookie"]
    assert client.get("/api/agenda").status_code == 401


def test_the_session_cookie_is_httponly_lax_and_secure_over_https(app) -> None:  # type: ignore[no-untyped-def]
    r = log_in(browser(app), "ada@example.org", next_="%2Fcontacts")
    assert r.status_code == 303 and r.headers["location"] == "/contacts"
    cookie = r.headers["set-cookie"].lower()
    assert cookie.startswith("kith_session=") and "httponly" in cookie
    assert "samesite=lax" in cookie and "path=/" in cookie and "secure" not in cookie
    tls = log_in(browser(app, "https://127.0.0.1:8000"), "ada@example.org")
    assert "secure" in tls.headers["set-cookie"].lower()
    # Never another site after logging in.
    for elsewhere in ("%2F%2Fevil.example", "%2F%09%2Fevil.example", "https%3A%2F%2Fevil.example"):
        away = log_in(browser(app), "ada@example.org", next_=elsewhere)
        assert away.headers["location"] == "/"


def test_logging_in_needs_the_form_token_like_every_form(app) -> None:  # type: ignore[no-untyped-def]
    client = browser(app)
    client.page("/login")
    ada = {"email": "ada@example.org", "password": PASSWORDS["ada@example.org"]}
    r = client.post("/login", data=ada, follow_redirects=False)
    assert r.status_code == 403
    assert client.get("/api/agenda").status_code == 401


def test_two_users_with_the_same_ids_see_only_their_own(app, users) -> None:  # type: ignore[no-untyped-def]
    ada, bob = logged_in(app, "ada@example.org"), logged_in(app, "bob@example.org")
    for _ in range(2):  # computed, then from what the server kept
        a, b = ada.get("/api/agenda").json(), bob.get("/api/agenda").json()
        assert [i["name"] for i in a] == ["Priya Raman"]
        assert [i["name"] for i in b] == ["Quentin Blake"]
        assert a[0]["contact_id"] == b[0]["contact_id"] == 1
        assert ada.get("/api/contacts/1").json()["name"] == "Priya Raman"
        assert bob.get("/api/contacts/1").json()["name"] == "Quentin Blake"
        today_a, today_b = ada.page("/today").text, bob.page("/today").text
        assert "Priya Raman" in today_a and "Quentin" not in today_a
        assert "Quentin Blake" in today_b and "Priya" not in today_b
        assert "ada@example.org" in today_a and "bob@example.org" in today_b
        network = ada.page("/network").text + ada.page("/contacts").text
        assert "Quentin" not in network
    assert ada.get("/api/search", params={"q": "Quentin"}).json() == []
    # A write by one is seen by that one only, and moves nobody else's kept answers.
    r = bob.post("/api/contacts", json={"name": "Zoe Quill"})
    assert r.status_code == 201, r.text
    assert r.json()["id"] == 2
    assert ada.get("/api/contacts/2").status_code == 404
    assert "Zoe" not in ada.page("/contacts").text and "Zoe" in bob.page("/contacts").text
    assert users["ada"].ok("list", "--json").json()[-1]["name"] == "Priya Raman"


def test_the_feed_answers_by_its_token_alone_for_its_owner(app, users) -> None:  # type: ignore[no-untyped-def]
    ada = logged_in(app, "ada@example.org")
    ada.form("/settings/feed/on", {})
    found = re.search(r"http://127\.0\.0\.1:8000(/feed/[\w-]{32}\.ics)", ada.page("/settings").text)
    assert found
    feed = found.group(1)
    anon = browser(app)
    r = anon.get(feed)
    assert r.status_code == 200 and "Priya Raman" in r.text and "Quentin" not in r.text
    # Made from the command line against Bob's network: it opens Bob's feed, not Ada's.
    bobs = users["bob"].ok("feed", "url").stdout.splitlines()[0].removeprefix(BASE)
    r = anon.get(bobs)
    assert r.status_code == 200 and "Quentin Blake" in r.text and "Priya" not in r.text
    unknown = anon.get("/feed/" + "A" * 32 + ".ics")
    users["ada"].ok("feed", "rotate")
    revoked = anon.get(feed)
    assert unknown.status_code == revoked.status_code == 404
    assert unknown.content == revoked.content  # nothing tells a revoked token from a made-up one


def test_logging_out_ends_the_session_on_the_server(app) -> None:  # type: ignore[no-untyped-def]
    ada = logged_in(app, "ada@example.org")
    cookie = ada.cookies.get("kith_session")
    assert ada.get("/api/agenda").status_code == 200
    r = ada.form("/logout", {})
    assert r.status_code == 303 and r.headers["location"] == "/login"
    assert ada.get("/api/agenda").status_code == 401
    stolen = browser(app)
    stolen.cookies.set("kith_session", cookie)
    assert stolen.get("/api/agenda").status_code == 401
    forged = browser(app)
    forged.cookies.set("kith_session", "x" * 43)
    assert forged.get("/api/agenda").status_code == 401


def test_a_post_without_the_form_token_is_refused_when_logged_in(app) -> None:  # type: ignore[no-untyped-def]
    ada = logged_in(app, "ada@example.org")
    r = ada.post("/logout", headers={"accept": "text/html"}, follow_redirects=False)
    assert r.status_code == 403
    assert ada.get("/api/agenda").status_code == 200


def test_repeated_failures_make_the_account_wait(app) -> None:  # type: ignore[no-untyped-def]
    client = browser(app)
    codes = [log_in(client, "bob@example.org", f"guess number {n}").status_code for n in range(6)]
    assert codes == [401] * 5 + [429]
    r = log_in(client, "bob@example.org")  # the right password, too soon
    assert r.status_code == 429 and "Too many failed logins" in r.text
    assert int(r.headers["retry-after"]) > 0
    assert logged_in(app, "ada@example.org").get("/api/agenda").status_code == 200
    # An email with no account waits the same way: waiting tells no one it exists.
    codes = [log_in(client, "eve@example.org", f"guess {n}").status_code for n in range(6)]
    assert codes == [401] * 5 + [429]


def test_a_script_logs_in_with_json(app) -> None:  # type: ignore[no-untyped-def]
    client = browser(app)
    r = client.post(
        "/login", json={"email": "ADA@example.org", "password": PASSWORDS["ada@example.org"]}
    )
    assert r.status_code == 200 and r.json() == {"email": "ada@example.org"}
    assert client.get("/api/agenda").json()[0]["name"] == "Priya Raman"
    bad = browser(app).post("/login", json={"email": "ada@example.org", "password": "nope"})
    assert bad.status_code == 401 and bad.json()["error"]["code"] == "unauthorized"


def test_a_user_cannot_point_the_server_at_its_files(app) -> None:  # type: ignore[no-untyped-def]
    ada = logged_in(app, "ada@example.org")
    r = ada.put("/api/settings/smtp.password_file", json={"value": "/etc/shadow"})
    assert r.status_code == 400 and "operator" in r.json()["error"]["message"]
    assert ada.put("/api/settings/budget", json={"value": "3"}).status_code == 200
    shown = ada.page("/settings").text
    assert re.search(r'name="smtp.ca_file"[^>]* readonly>', shown)
    assert not re.search(r'name="budget"[^>]* readonly>', shown)
    page = ada.form("/settings", {"smtp.ca_file": "/etc/shadow", "budget": "4"})
    assert page.status_code == 400 and "only the server&#39;s operator" in page.text
    assert ada.get("/api/settings").json()["budget"]["value"] == "3"  # nothing was saved


# ---- the command line ----------------------------------------------------------------------


def test_hosted_refuses_sqlite_in_one_line(tmp_path: Path) -> None:
    kith = Kith(str(tmp_path / "k.db"))
    run = kith.bad("serve", "--hosted")
    assert "PostgreSQL" in run.stderr
    kith.bad("hosted", "users")


def test_adduser_users_url_rmuser(schema: str, tmp_path: Path) -> None:
    kith = Kith(URL)
    secret = tmp_path / "pw"
    secret.write_text("a long enough password\n")
    out = kith.ok("hosted", "adduser", "Cy@Example.org", "--password-file", str(secret))
    assert out.stdout.startswith("added cy@example.org")
    kith.bad("hosted", "adduser", "cy@example.org", "--password-file", str(secret))
    secret.write_text("short\n")
    kith.bad("hosted", "adduser", "dee@example.org", "--password-file", str(secret))
    asked = kith("hosted", "adduser", "dee@example.org",
                 input="another long password\nanother long password\n")  # fmt: skip
    assert asked.exit_code == 0, asked.stderr
    listed = kith.ok("hosted", "users", "--json").json()
    assert [u["email"] for u in listed] == ["cy@example.org", "dee@example.org"]
    with Accounts(URL, schema).engine.connect() as conn:
        versions = conn.execute(
            text("SELECT table_schema FROM information_schema.tables"
                 " WHERE table_name = 'alembic_version' AND table_schema LIKE :p"),
            {"p": f"{schema}%"},
        ).scalars().all()  # fmt: skip
    assert sorted(versions) == [f"{schema}_u1", f"{schema}_u2"]  # each network migrated alone
    url = kith.ok("hosted", "url", "cy@example.org").stdout.strip()
    assert url.startswith("postgresql://") and f"search_path%3D{schema}_u" in url
    cy = Kith(url)
    cy.ok("add", "Cy's friend")
    assert [c["name"] for c in cy.ok("list", "--json").json()] == ["Cy's friend"]
    kept = kith("hosted", "rmuser", "cy@example.org", input="n\n")
    assert kept.exit_code == 1 and len(kith.ok("hosted", "users", "--json").json()) == 2
    kith.ok("hosted", "rmuser", "cy@example.org", "--yes")
    assert [u["email"] for u in kith.ok("hosted", "users", "--json").json()] == ["dee@example.org"]
    kith.bad("hosted", "url", "cy@example.org")
    accounts = Accounts(URL, schema)
    with accounts.engine.connect() as conn:
        gone = conn.execute(text("SELECT count(*) FROM pg_namespace WHERE nspname = :n"),
                            {"n": listed[0]["schema"]}).scalar()  # fmt: skip
    accounts.close()
    assert gone == 0


def test_each_user_has_their_own_background_jobs(app, schema: str) -> None:  # type: ignore[no-untyped-def]
    from kithkin.web.hosted import LOOK_LATER

    background = app.state.background
    assert sorted(background.names) == ["digest@1", "digest@2", "sync@1", "sync@2"]
    assert background._runners["sync@2"].job.run() == 15 * 60.0  # Bob's sources: none yet
    Kith(URL).ok("hosted", "rmuser", "bob@example.org", "--yes")
    assert background._runners["sync@2"].job.run() == LOOK_LATER  # gone: nothing is read
    assert background._runners["sync@1"].job.run() == 15 * 60.0


def test_the_environment_mail_settings_that_users_would_share_are_dropped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from kithkin.web.hosted import drop_shared_mail_settings

    monkeypatch.setenv("KITH_DIGEST_TO", "operator@example.org")  # everyone's digest
    monkeypatch.setenv("KITH_SMTP_PASSWORD", "s3cret")  # sent to any server a user names
    monkeypatch.setenv("KITH_DIGEST_FROM", "kithkin@example.org")
    assert drop_shared_mail_settings() == ["KITH_DIGEST_TO", "KITH_SMTP_PASSWORD"]
    assert os.environ.get("KITH_DIGEST_FROM") == "kithkin@example.org"
    monkeypatch.setenv("KITH_SMTP_HOST", "relay.example.org")  # the operator's relay, for all
    monkeypatch.setenv("KITH_SMTP_PASSWORD", "s3cret")
    assert drop_shared_mail_settings() == []
    assert os.environ.get("KITH_SMTP_PASSWORD") == "s3cret"


def test_a_new_password_ends_the_sessions(app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ada = logged_in(app, "ada@example.org")
    secret = tmp_path / "pw"
    secret.write_text("her brand new password\n")
    Kith(URL).ok("hosted", "passwd", "ada@example.org", "--password-file", str(secret))
    assert ada.get("/api/agenda").status_code == 401
    assert log_in(browser(app), "ada@example.org").status_code == 401  # the old one
    assert log_in(browser(app), "ada@example.org", "her brand new password").status_code == 303


def test_a_broken_network_keeps_no_one_else_out(schema: str, users) -> None:  # type: ignore[no-untyped-def]
    accounts = Accounts(URL, schema)
    with accounts.engine.begin() as conn:
        conn.exec_driver_sql(f"DROP SCHEMA {schema}_u2 CASCADE")  # Bob's, behind kithkin's back
    accounts.close()
    application = create_app(URL, hosted=True, hosted_schema=schema)
    with Web(application, base_url=BASE, raise_server_exceptions=False):
        assert logged_in(application, "ada@example.org").get("/api/agenda").status_code == 200
        bob = browser(application)
        assert log_in(bob, "bob@example.org").status_code == 303
        assert bob.get("/api/agenda").status_code == 500  # his alone


def _pools(monkeypatch: pytest.MonkeyPatch) -> list:  # type: ignore[type-arg]
    """Every network the server opens from now on (to count the connections it keeps)."""
    from kithkin.store import db as store_db

    made: list = []  # type: ignore[type-arg]
    init = store_db.Database.__init__

    def noted(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        init(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(store_db.Database, "__init__", noted)
    return made


def test_a_broken_network_keeps_no_connection_open(  # type: ignore[no-untyped-def]
    app, schema: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = _pools(monkeypatch)
    accounts = Accounts(URL, schema)
    accounts.add("cy@example.org", "cy's long password")
    with accounts.engine.begin() as conn:
        conn.exec_driver_sql(f"DROP SCHEMA {schema}_u3 CASCADE")  # by hand, server running
    accounts.close()
    cy = browser(app)
    assert log_in(cy, "cy@example.org", "cy's long password").status_code == 303
    for _ in range(3):  # each request tries to open it again, and fails
        assert cy.get("/api/agenda").status_code == 500
    assert made, "the network was never opened"
    # Left open, each failed try would hold a connection until PostgreSQL refused everyone.
    assert sum(d.engine.pool.checkedin() + d.engine.pool.checkedout() for d in made) == 0


def test_a_removed_user_s_network_is_closed(app) -> None:  # type: ignore[no-untyped-def]
    hosted = app.state.hosted
    bob = logged_in(app, "bob@example.org")
    assert bob.get("/api/agenda").status_code == 200
    pool = hosted._served[2].db.engine.pool
    assert pool.checkedin() > 0
    Kith(URL).ok("hosted", "rmuser", "bob@example.org", "--yes")
    assert bob.get("/api/agenda").status_code == 401
    app.state.background._runners["sync@2"].job.run()  # its next pass finds him gone
    assert 2 not in hosted._served and pool.checkedin() + pool.checkedout() == 0
    assert logged_in(app, "ada@example.org").get("/api/agenda").status_code == 200


def test_a_user_cannot_point_the_server_at_other_machines(app) -> None:  # type: ignore[no-untyped-def]
    # The digest's SMTP server is a connection the server makes: named by a user, it would
    # probe the operator's network (a refused port told from an open one, 30 s a try).
    ada = logged_in(app, "ada@example.org")
    for key, value in (("smtp.host", "10.0.0.5"), ("smtp.port", "5432")):
        r = ada.put(f"/api/settings/{key}", json={"value": value})
        assert r.status_code == 400 and "operator" in r.json()["error"]["message"], key
        assert re.search(rf'name="{re.escape(key)}"[^>]* readonly>', ada.page("/settings").text)
    assert ada.get("/api/settings").json()["smtp.host"]["value"] == ""
    assert ada.put("/api/settings/digest.to", json={"value": "ada@example.org"}).status_code == 200


def test_no_answer_of_a_signed_in_user_is_stored_by_caches(app) -> None:  # type: ignore[no-untyped-def]
    # A shared cache (a proxy, the browser's disk) must not keep one user's data: hosted
    # mode serves many people, and the next user of the machine or proxy is someone else.
    ada = logged_in(app, "ada@example.org")
    for path in ("/api/agenda", "/api/contacts", "/api/contacts/1", "/api/settings",
                 "/api/search?q=Priya", "/openapi.json"):  # fmt: skip
        r = ada.get(path)
        assert r.status_code == 200 and r.headers["cache-control"] == "no-store", path
    for path in ("/today", "/contacts", "/contacts/1", "/network", "/settings"):
        r = ada.page(path)
        assert r.status_code == 200 and r.headers["cache-control"] == "no-store", path
    # A script that polls still gets its 304 while the agenda is unchanged.
    tag = ada.get("/api/agenda").headers["etag"]
    again = ada.get("/api/agenda", headers={"if-none-match": tag})
    assert again.status_code == 304 and again.headers["cache-control"] == "no-store"
    assert ada.page("/today").headers["cache-control"] == "no-store"  # kept, now


def test_a_login_form_gone_stale_is_shown_again_fresh(app) -> None:  # type: ignore[no-untyped-def]
    # The form's token no longer matches this browser's (its cookie was lost, or was signed
    # by a server since gone): nobody is logged in, and the form comes back ready to use.
    client = browser(app)
    old = form_token(client)
    client.cookies.clear()
    ada = {"email": "ada@example.org", "password": PASSWORDS["ada@example.org"]}
    r = client.post("/login?next=%2Fcontacts", data={"csrf_token": old, **ada},
                    headers={"accept": "text/html"}, follow_redirects=False)  # fmt: skip
    assert r.status_code == 403 and "kith_session" not in r.headers.get("set-cookie", "")
    assert "This form had expired: please log in again." in r.text
    assert 'value="ada@example.org"' in r.text  # what was typed, but the password
    assert 'action="/login?next=/contacts"' in r.text
    assert client.get("/api/agenda").status_code == 401
    fresh = re.search(r'name="csrf_token" value="([^"]+)"', r.text)
    assert fresh and fresh.group(1) != old
    again = client.post("/login?next=%2Fcontacts", data={"csrf_token": fresh.group(1), **ada},
                        headers={"accept": "text/html"}, follow_redirects=False)  # fmt: skip
    assert again.status_code == 303 and again.headers["location"] == "/contacts"


def test_open_forms_outlive_a_restart(app, schema: str) -> None:  # type: ignore[no-untyped-def]
    # The forms' signing key lives in the accounts schema: a page loaded before a restart
    # (or from another server process) still sends its form.
    ada, bob = logged_in(app, "ada@example.org"), browser(app)
    token, login_token = ada.token(), form_token(bob)
    restarted = create_app(URL, hosted=True, hosted_schema=schema)
    with Web(restarted, base_url=BASE, raise_server_exceptions=False):
        ada_after, bob_after = browser(restarted), browser(restarted)
        ada_after.cookies.update(ada.cookies)
        bob_after.cookies.update(bob.cookies)
        r = ada_after.post("/contacts/1/log", data={"csrf_token": token, "kind": "checkin"},
                           headers={"accept": "text/html"}, follow_redirects=False)  # fmt: skip
        assert r.status_code == 303, r.text
        assert len(ada_after.get("/api/contacts/1").json()["interactions"]) == 2
        r = bob_after.post("/login", headers={"accept": "text/html"}, follow_redirects=False,
                           data={"csrf_token": login_token, "email": "bob@example.org",
                                 "password": PASSWORDS["bob@example.org"]})  # fmt: skip
        assert r.status_code == 303


def test_pages_do_not_claim_the_data_stays_on_your_machine(app) -> None:  # type: ignore[no-untyped-def]
    # The footer of kith serve says everything stays in your database; here it is the
    # server's, and the footer says what is true of it instead.
    for page in (browser(app).page("/login"), logged_in(app, "ada@example.org").page("/today")):
        assert "Local-first" not in page.text
        assert "Kept on this server, for your account alone." in page.text
