"""R7 in a real browser against a real kith serve: logging your own outreach to someone
marked do-not-contact lands on their page with the warning kith log prints."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator

import pytest
from tests.browser.test_newcomer import ARGS, CHROMIUM, KITH, serving

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("dnc")
    env = {k: v for k, v in os.environ.items() if k not in ("KITH_AS_OF",)}
    env["KITH_HOME"] = str(tmp / "home")
    env["KITH_DB"] = str(tmp / "dnc.db")
    for argv in (["add", "Ann Lee"], ["edit", "ann", "--do-not-contact"]):
        subprocess.run([*KITH, *argv], check=True, env=env, capture_output=True)
    with serving(env) as url:
        yield url


def test_the_log_form_shows_the_do_not_contact_warning(server: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page()
        page.set_default_timeout(10_000)
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(server + "/contacts?q=ann")
        page.get_by_role("link", name="Ann Lee").first.click()
        form = page.locator('form[action$="/log"]')
        form.get_by_role("button", name="Log it").click()
        notice = page.locator("p.warn[role=status]")
        expect(notice).to_contain_text("R7: Ann Lee is marked do-not-contact; logged anyway")
        expect(page.locator(".flash")).to_have_text("Logged. It is on the timeline.")
        form.get_by_label("They did").check()
        form.get_by_role("button", name="Log it").click()
        expect(page.locator(".flash")).to_have_text("Logged. It is on the timeline.")
        expect(notice).to_have_count(0)  # what they sent needs no warning
        browser.close()
        assert errors == []
