"""Hosted mode's Account page: a user changes their own password, and makes, lists and
revokes the API tokens their scripts use (`Authorization: Bearer ...` on `/api`)."""

from __future__ import annotations

import re

import pytest
from tests import hostedclient
from tests.conftest import PG_OK, Kith
from tests.hostedclient import PASSWORDS, URL, browser, log_in, logged_in
from tests.webclient import Web

from kithkin.store.accounts import Accounts

hosted = pytest.mark.skipif(not PG_OK, reason="PostgreSQL not reachable")
schema, users, app = hostedclient.schema, hostedclient.users, hostedclient.app  # fixtures

ADA = "ada@example.org"
NEW = "a brand new password"


def change(client: Web, current: str, new: str, again: str | None = None):  # type: ignore[no-untyped-def]
    fields = {"current_password": current, "new_password": new, "new_password_again": again or new}
    return client.form("/account/password", fields)


def error_of(page) -> str:  # type: ignore[no-untyped-def]
    found = re.search(r'<p class="error" role="alert">([^<]*)</p>', page.text)
    return found.group(1) if found else ""


@hosted
def test_a_user_changes_their_password_and_their_other_sessions_end(app) -> None:  # type: ignore[no-untyped-def]
    ada, her_phone = logged_in(app, ADA), logged_in(app, ADA)
    page = ada.page("/account")
    assert page.status_code == 200 and "Change your password" in page.text
    assert "<title>Your account · kithkin</title>" in page.text  # the tab's title, nothing more
    assert page.text.count('id="tokens"') == 1
    assert 'href="/account"' in ada.page("/today").text  # from every page, by her email
    r = change(ada, PASSWORDS[ADA], NEW)
    assert r.status_code == 303 and r.headers["location"] == "/account?saved=password"
    said = ada.page(r.headers["location"]).text
    assert "Password changed; your other sessions have ended." in said
    assert ada.get("/api/agenda").status_code == 200  # this one goes on
    assert her_phone.get("/api/agenda").status_code == 401  # every other one ended
    assert log_in(browser(app), ADA).status_code == 401  # the old password
    assert log_in(browser(app), ADA, NEW).status_code == 303
    assert log_in(browser(app), "bob@example.org").status_code == 303  # nobody else's changed


@hosted
def test_a_password_change_is_refused_with_its_reason(app) -> None:  # type: ignore[no-untyped-def]
    ada, her_phone = logged_in(app, ADA), logged_in(app, ADA)
    for current, new, again, status, said in (
        ("not her password", NEW, NEW, 400, "Your current password is wrong."),
        (PASSWORDS[ADA], NEW, NEW + "!", 400, "The two new passwords differ."),
        (PASSWORDS[ADA], "short", "short", 400, "the password must have at least 10 characters"),
    ):
        r = change(ada, current, new, again)
        assert r.status_code == status and error_of(r) == said, r.text
        assert 'id="current_password"' in r.text and NEW not in r.text  # no password sent back
    r = ada.post("/account/password", data={"current_password": PASSWORDS[ADA],
                 "new_password": NEW, "new_password_again": NEW},
                 headers={"accept": "text/html"})  # fmt: skip
    assert r.status_code == 403  # without the form's token
    assert her_phone.get("/api/agenda").status_code == 200  # nothing changed
    assert log_in(browser(app), ADA).status_code == 303


@hosted
def test_wrong_current_passwords_make_the_change_wait(app) -> None:  # type: ignore[no-untyped-def]
    ada = logged_in(app, ADA)
    codes = [change(ada, f"guess {n}", NEW).status_code for n in range(6)]
    assert codes == [400] * 5 + [429]
    r = change(ada, PASSWORDS[ADA], NEW)  # the right one, too soon
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 0
    assert error_of(r).startswith("Too many wrong passwords: try again in ")
    assert log_in(browser(app), ADA).status_code == 429  # one count per account: login waits
    assert ada.get("/api/agenda").status_code == 200  # her session goes on


def test_without_hosted_mode_there_is_no_account_page(web: Web) -> None:
    assert web.page("/account").status_code == 404
    assert web.form("/account/password", {"current_password": "x"}).status_code == 404


TOKEN = re.compile(r"kith_[A-Za-z0-9_-]{43}")


def new_token(client: Web, label: str) -> str:
    page = client.form("/account/tokens", {"label": label})
    assert page.status_code == 201 and "Copy it now: it is not shown again." in page.text
    found = TOKEN.findall(page.text)
    assert len(set(found)) == 1
    return found[0]


def bearer(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


@hosted
def test_a_script_reaches_the_api_with_a_personal_token(app, schema: str) -> None:  # type: ignore[no-untyped-def]
    ada, bob = logged_in(app, ADA), logged_in(app, "bob@example.org")
    token = new_token(ada, "nightly backup")
    listed = ada.page("/account").text
    assert "nightly backup" in listed and token not in listed  # shown once, never again
    script = browser(app)  # no cookie: the token alone
    r = script.get("/api/agenda", headers=bearer(token))
    assert r.status_code == 200 and [i["name"] for i in r.json()] == ["Priya Raman"]
    assert r.headers["cache-control"] == "no-store"
    added = script.post("/api/contacts", json={"name": "Zoe Quill"}, headers=bearer(token))
    assert added.status_code == 201  # a write, without any form token: no browser sends one
    assert "Zoe Quill" in ada.page("/contacts").text and "Zoe" not in bob.page("/contacts").text
    page = script.get("/today", headers={**bearer(token), "accept": "text/html"},
                      follow_redirects=False)  # fmt: skip
    assert page.status_code == 303 and page.headers["location"].startswith("/login")  # API only
    for wrong in (token[:-1] + ("A" if token[-1] != "A" else "B"), "nonsense", ""):
        r = script.get("/api/agenda", headers=bearer(wrong))
        assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"
    with Accounts(URL, schema).engine.connect() as conn:
        stored = conn.exec_driver_sql(f"SELECT * FROM {schema}.api_tokens").all()
    assert len(stored) == 1 and token not in repr(stored)  # only its hash is kept
    # Revoked, by its owner only.
    tid = re.search(r'action="/account/tokens/(\d+)/revoke"', listed)
    assert tid
    assert bob.form(f"/account/tokens/{tid.group(1)}/revoke", {}).status_code == 404
    assert script.get("/api/agenda", headers=bearer(token)).status_code == 200
    r = ada.form(f"/account/tokens/{tid.group(1)}/revoke", {})
    assert r.status_code == 303
    said = ada.page(r.headers["location"]).text
    assert "Token revoked; the scripts using it are refused." in said
    assert "nightly backup" not in ada.page("/account").text
    assert script.get("/api/agenda", headers=bearer(token)).status_code == 401


@hosted
def test_a_token_needs_a_name_and_ends_with_its_user(app) -> None:  # type: ignore[no-untyped-def]
    ada = logged_in(app, ADA)
    r = ada.form("/account/tokens", {"label": "  "})
    assert r.status_code == 400 and "name" in error_of(r) and not TOKEN.search(r.text)
    token = new_token(ada, "calendar sync")
    assert browser(app).get("/api/agenda", headers=bearer(token)).status_code == 200
    Kith(URL).ok("hosted", "rmuser", ADA, "--yes")
    assert browser(app).get("/api/agenda", headers=bearer(token)).status_code == 401


@hosted
def test_the_operator_adds_lists_and_removes_tokens(app) -> None:  # type: ignore[no-untyped-def]
    kith = Kith(URL)
    made = kith.ok("hosted", "token", "add", ADA, "--label", "reports")
    token = TOKEN.fullmatch(made.stdout.strip())  # alone on stdout, for TOKEN=$(...)
    assert token and "not shown again" in made.stderr
    script = browser(app)
    assert script.get("/api/agenda", headers=bearer(token.group(0))).status_code == 200
    listed = kith.ok("hosted", "token", "list", ADA, "--json").json()
    assert [(t["label"], t["last_used"] is not None) for t in listed] == [("reports", True)]
    assert token.group(0) not in kith.ok("hosted", "token", "list", ADA).stdout
    assert "reports" in logged_in(app, ADA).page("/account").text  # her page lists it
    kith.bad("hosted", "token", "rm", "bob@example.org", str(listed[0]["id"]))  # not Bob's
    kith.ok("hosted", "token", "rm", ADA, str(listed[0]["id"]))
    assert script.get("/api/agenda", headers=bearer(token.group(0))).status_code == 401
    assert kith.ok("hosted", "token", "list", ADA, "--json").json() == []


def _accounts_rows(schema: str) -> list[tuple]:  # type: ignore[type-arg]
    accounts = Accounts(URL, schema)
    with accounts.engine.connect() as conn:
        rows = [
            tuple(r)
            for table in ("users", "api_tokens")
            for r in conn.exec_driver_sql(f"SELECT * FROM {schema}.{table} ORDER BY id")
        ]
    accounts.close()
    return rows


@hosted
def test_a_token_for_nobody_is_refused_and_writes_nothing(schema, users) -> None:  # type: ignore[no-untyped-def]
    before = _accounts_rows(schema)
    run = Kith(URL).bad("hosted", "token", "add", "Nobody@Example.org", "--label", "reports")
    assert run.stderr.strip() == "error: nobody@example.org: no such user"
    assert run.stdout == ""  # no token printed for a script to pick up
    assert _accounts_rows(schema) == before
