"""Hosted mode's Account page: a user changes their own password, and makes, lists and
revokes the API tokens their scripts use (`Authorization: Bearer ...` on `/api`)."""

from __future__ import annotations

import re

import pytest
from tests import hostedclient
from tests.conftest import PG_OK
from tests.hostedclient import PASSWORDS, browser, log_in, logged_in
from tests.webclient import Web

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
