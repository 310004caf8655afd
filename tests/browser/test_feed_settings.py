"""The calendar address on the Settings page, in a real browser against a real kith serve:
made with a button, copied with the Copy button, fetched over HTTP as a calendar would."""

from __future__ import annotations

import os
import subprocess
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.browser.test_newcomer import ARGS, CHROMIUM, KITH, serving, shots

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("feed")
    env = {k: v for k, v in os.environ.items() if k not in ("KITH_AS_OF",)}
    env["KITH_HOME"] = str(tmp / "home")
    env["KITH_DB"] = str(tmp / "feed.db")
    for argv in (["add", "Ann Lee", "--tier", "close"], ["log", "ann", "--date", "2025-01-10"]):
        subprocess.run([*KITH, *argv], check=True, env=env, capture_output=True)
    with serving(env) as url:
        yield url


def test_make_and_copy_the_calendar_address(server: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
        page = context.new_page()
        page.set_default_timeout(10_000)
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(server + "/settings")
        page.get_by_role("button", name="Make my calendar address").click()
        expect(page.get_by_role("status")).to_contain_text("calendar address is ready")
        field = page.locator("#feed-url")
        url = field.input_value()
        assert url.startswith(server + "/feed/") and url.endswith(".ics")
        page.get_by_role("button", name="Copy").click()
        expect(page.locator("#announce")).to_have_text("Copied.")
        assert page.evaluate("navigator.clipboard.readText()") == url
        shots(page, tmp_path, "settings")
        browser.close()
    assert errors == [], errors
    with urllib.request.urlopen(url, timeout=10) as r:
        assert r.headers["content-type"] == "text/calendar; charset=utf-8"
        body = r.read()
    assert body.startswith(b"BEGIN:VCALENDAR\r\n") and b"Ann Lee" in body
    head = urllib.request.Request(url, method="HEAD")
    with urllib.request.urlopen(head, timeout=10) as r:
        assert r.status == 200 and r.read() == b""
