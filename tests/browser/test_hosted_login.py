"""Hosted mode in a real browser against a real `kith serve --hosted` on PostgreSQL:
sent to log in, logged in, the agenda shown, logged out, sent to log in again; a
password changed on the Account page."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from tests.browser.test_newcomer import ARGS, CHROMIUM, KITH, serving, shots
from tests.conftest import PG_BASE, PG_OK

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
    pytest.mark.skipif(not PG_OK, reason="PostgreSQL not reachable"),
]

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("hosted")
    schema = f"kith_hb_{uuid.uuid4().hex[:10]}"
    env = {k: v for k, v in os.environ.items() if k not in ("KITH_AS_OF",)}
    env.update(KITH_HOME=str(tmp / "home"), KITH_DB=PG_BASE, KITH_HOSTED_SCHEMA=schema)
    secret = tmp / "pw"
    secret.write_text(PASSWORD + "\n")

    def kith(*argv: str) -> str:
        done = subprocess.run([*KITH, *argv], check=True, env=env, capture_output=True, text=True)
        return done.stdout

    kith("hosted", "adduser", "ada@example.org", "--password-file", str(secret))
    kith("hosted", "adduser", "ben@example.org", "--password-file", str(secret))
    ada = kith("hosted", "url", "ada@example.org").strip()
    kith("--db", ada, "add", "Ann Lee", "--tier", "close")
    kith("--db", ada, "log", "ann", "--date", "2025-01-10")
    try:
        with serving(env, serve=("--hosted",)) as url:
            yield url
    finally:
        engine = create_engine("postgresql+psycopg://" + PG_BASE.split("://", 1)[1])
        with engine.begin() as conn:
            for name in sorted(conn.execute(
                text("SELECT nspname FROM pg_namespace WHERE nspname LIKE :p"),
                {"p": f"{schema}%"},
            ).scalars(), reverse=True):  # fmt: skip
                conn.exec_driver_sql(f'DROP SCHEMA "{name}" CASCADE')
        engine.dispose()


def test_log_in_see_the_agenda_log_out(server: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        page.set_default_timeout(10_000)
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(server + "/today")
        expect(page).to_have_url(server + "/login?next=%2Ftoday")
        expect(page.get_by_text("Ann Lee")).to_have_count(0)
        page.get_by_label("Email").fill("ada@example.org")
        page.get_by_label("Password").fill("not the password")
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("alert")).to_have_text("Wrong email or password.")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page).to_have_url(server + "/today")
        expect(page.get_by_role("main")).to_contain_text("Ann Lee")
        expect(page.locator("header")).to_contain_text("ada@example.org")
        shots(page, tmp_path, "hosted-today")
        page.get_by_role("button", name="Log out").click()
        expect(page).to_have_url(server + "/login")
        page.goto(server + "/today")
        expect(page).to_have_url(server + "/login?next=%2Ftoday")
        browser.close()
    assert errors == [], errors


def test_change_the_password_on_the_account_page(server: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    new = "a brand new passphrase"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        page.set_default_timeout(10_000)
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))

        def log_in(password: str) -> None:
            page.goto(server + "/login")
            page.get_by_label("Email").fill("ben@example.org")
            page.get_by_label("Password").fill(password)
            page.get_by_role("button", name="Log in").click()

        log_in(PASSWORD)
        page.get_by_role("link", name="ben@example.org").click()
        expect(page.get_by_role("heading", name="Change your password")).to_be_visible()
        page.get_by_label("Current password").fill("not my password")
        page.get_by_label("New password", exact=True).fill(new)
        page.get_by_label("New password, again").fill(new)
        page.get_by_role("button", name="Change password").click()
        expect(page.get_by_role("alert")).to_have_text("Your current password is wrong.")
        page.get_by_label("Current password").fill(PASSWORD)
        page.get_by_label("New password", exact=True).fill(new)
        page.get_by_label("New password, again").fill(new)
        page.get_by_role("button", name="Change password").click()
        expect(page.get_by_role("status")).to_have_text(
            "Password changed; your other sessions have ended."
        )
        shots(page, tmp_path, "hosted-password-changed")
        page.get_by_role("button", name="Log out").click()
        log_in(PASSWORD)
        expect(page.get_by_role("alert")).to_have_text("Wrong email or password.")
        log_in(new)
        expect(page).to_have_url(server + "/today")
        browser.close()
    assert errors == [], errors
