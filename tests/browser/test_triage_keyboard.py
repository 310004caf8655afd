"""Triage in a real browser, with the keyboard only: one key per decision, as in the terminal."""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
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
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    tmp = tmp_path_factory.mktemp("triage")
    env = {k: v for k, v in os.environ.items() if k not in ("KITH_AS_OF",)}
    env["KITH_HOME"] = str(tmp / "home")
    env["KITH_DB"] = str(tmp / "triage.db")
    steps = [
        ["job", "add", "me", "--org", "Acme", "--start", "2018-01-01", "--end", "2022-12-31"],
        ["add", "Acme Alice", "--tier", "wide"],
        ["job", "add", "alice", "--org", "Acme", "--start", "2019-01-01"],
        ["add", "Chatty Chen", "--tier", "wide"],
        ["log", "chen", "--date", "2025-01-10"],
        ["add", "Quiet Quinn", "--tier", "wide"],
    ]
    for argv in steps:
        subprocess.run([*KITH, *argv], check=True, env=env, capture_output=True)
    return env


def tier(env: dict[str, str], who: str) -> tuple[str, list[str]]:
    out = subprocess.run(
        [*KITH, "show", who, "--json"], check=True, env=env, capture_output=True, text=True
    )
    shown = json.loads(out.stdout)
    return shown["tier"], [r["type"] for r in shown["relationships"] if r["until"] is None]


@pytest.fixture(scope="module")
def server(env: dict[str, str]) -> Iterator[str]:
    with serving(env) as url:
        yield url


@pytest.fixture
def page(server: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        pg = context.new_page()
        pg.set_default_timeout(10_000)
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        yield pg
        browser.close()
        assert errors == [], errors


def test_triage_with_the_keyboard_only(server: str, page, env, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    page.goto(server + "/triage")
    card = page.locator("section.triage")
    expect(card.get_by_role("heading", level=2)).to_have_text("Acme Alice")
    expect(card).to_contain_text("worked together")
    shots(page, tmp_path, "triage")

    page.keyboard.press("m")  # a tie first: she stays for a tier
    expect(page.get_by_role("status")).to_contain_text("Tie saved")
    expect(card.get_by_role("heading", level=2)).to_have_text("Acme Alice")
    page.keyboard.press("c")
    expect(page.get_by_role("status")).to_contain_text("Sorted")
    expect(card.get_by_role("heading", level=2)).to_have_text("Chatty Chen")
    assert tier(env, "alice") == ("close", ["manager"])

    page.keyboard.press("s")  # skip Chen for now
    expect(card.get_by_role("heading", level=2)).to_have_text("Quiet Quinn")
    page.keyboard.press("n")
    expect(page.locator("#main")).to_contain_text("Only the people you skipped are left")
    assert tier(env, "quinn")[0] == "none"

    page.keyboard.press("u")  # undo: Quinn is back, with the tier he had
    expect(page.get_by_role("status")).to_contain_text("undone")
    assert tier(env, "quinn")[0] == "wide"

    # Without shortcuts, Tab and Enter reach the same buttons.
    page.goto(server + "/triage")
    expect(card.get_by_role("heading", level=2)).to_have_text("Chatty Chen")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent").startswith("Regular"):
            break
    else:
        raise AssertionError("Tab never reached the Regular button")
    page.keyboard.press("Enter")
    expect(card.get_by_role("heading", level=2)).to_have_text("Quiet Quinn")
    assert tier(env, "chen")[0] == "regular"
    # Typing in a field never triggers a shortcut.
    page.goto(server + "/contacts")
    page.get_by_label("Search").press_sequentially("cnu", delay=20)
    expect(page).to_have_url(re.compile(r"/contacts"))
    time.sleep(0.3)
    assert tier(env, "quinn")[0] == "wide"
    assert urllib.request.urlopen(server + "/triage").status == 200
