"""A newcomer's first minutes, in a real browser against a real server.

Debian's Chromium (``/usr/bin/chromium``) driven by Playwright, against ``kith serve``
on a free loopback port over a fresh demo database: open the demo, see today's
agenda, open a contact from it, log the suggested interaction, see the item gone
and the timeline updated, search for someone, import a vCard and find its person,
glance at the network. Screenshots of each page at phone
and desktop width are written next to the test's temporary files.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian's chromium is not installed (make browser installs it)",
    ),
]
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
KITH = [sys.executable, "-c", "from kithkin.cli.app import main; main()"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(env: dict[str, str], *options: str, serve: tuple[str, ...] = ()) -> Iterator[str]:
    """``kith [options] serve [serve] --port P`` with ``env`` on a free port, until the
    block ends: its base URL, once the server has printed the line it prints when it
    answers."""
    port = _free_port()
    argv = [*KITH, *options, "serve", *serve, "--port", str(port)]
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        proc.stdout.readline()  # printed once it answers
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``kith serve`` on the demo network, on a free port; its base URL."""
    tmp = tmp_path_factory.mktemp("browser")
    db = str(tmp / "demo.db")
    env = {k: v for k, v in os.environ.items() if k not in ("KITH_DB", "KITH_AS_OF")}
    env["KITH_HOME"] = str(tmp / "home")
    subprocess.run([*KITH, "--db", db, "demo", "--force"], check=True, env=env, capture_output=True)
    port = _free_port()
    proc = subprocess.Popen(
        [*KITH, "--db", db, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(url + "/contacts", timeout=1).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    out = proc.stdout.read().decode() if proc.stdout else ""
                    raise RuntimeError(f"kith serve did not start: {out}") from None
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, tmp_path: Path):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert errors == [], f"errors in the browser console: {errors}"


def shots(page, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    """The page at desktop and phone width; a phone must never scroll sideways."""
    page.screenshot(path=str(tmp_path / f"{name}-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=str(tmp_path / f"{name}-phone.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert overflow <= 375, f"{name} is {overflow}px wide on a 375px phone"


def test_newcomer_path(server: str, page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    # Open the demo: the start page is today's agenda.
    page.goto(server + "/")
    expect(page).to_have_url(re.compile(r"/today$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Today")
    rows = page.locator("ol.agenda > li")
    assert rows.count() >= 2, "the demo should have people due today"
    shots(page, tmp_path, "today")

    # Open a contact from it: the page says why they are on the agenda.
    first = rows.first
    name = first.locator("a.who").inner_text()
    why = first.locator(".why").inner_text()
    first.locator("a.who").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.locator(".agenda-state")).to_contain_text(why.split(";")[0])
    shots(page, tmp_path, "contact")
    contact_url = page.url
    before = page.locator("ol.timeline > li").count()

    # Log the suggested interaction: open the item, press "Log it as done".
    page.go_back()
    page.locator("ol.agenda > li", has_text=name).get_by_role(
        "link", name=re.compile("Open")
    ).click()
    expect(page.get_by_role("heading", level=2, name="Done?")).to_be_visible()
    shots(page, tmp_path, "item")
    page.get_by_role("button", name="Log it as done").click()

    # The item is gone, the timeline has it.
    expect(page).to_have_url(re.compile(r"/today\?saved=done$"))
    expect(page.get_by_role("status")).to_contain_text("left today's list")
    expect(page.locator("ol.agenda")).not_to_contain_text(name)
    page.goto(contact_url)
    expect(page.locator("ol.timeline > li")).to_have_count(before + 1)
    expect(page.locator("ol.timeline > li").first).to_contain_text("You → them")

    # With JavaScript, Done on a row removes it in place.
    page.goto(server + "/today")
    row = page.locator("ol.agenda > li").first
    other = row.locator("a.who").inner_text()
    row.get_by_role("button", name=re.compile("^Done")).click()
    expect(page.get_by_role("status")).to_contain_text(f"with {other}")
    expect(page.locator("ol.agenda")).not_to_contain_text(other)
    expect(page).to_have_url(re.compile(r"/today$"))

    # Search for someone, as you type (no button pressed).
    page.get_by_role("navigation").get_by_role("link", name="Contacts").click()
    shots(page, tmp_path, "contacts")
    page.get_by_label("Search").press_sequentially(name.split()[0][:4], delay=40)
    expect(page).to_have_url(re.compile(r"q=" + re.escape(name.split()[0][:4])))
    expect(page.locator("#results")).to_contain_text(name)
    page.locator("#results").get_by_role("link", name=name).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)

    # Import a vCard, then find its person.
    card = tmp_path / "grace.vcf"
    card.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nN:Hopper;Grace;;;\r\n"
        b"EMAIL:grace@navy.example\r\nORG:US Navy\r\nEND:VCARD\r\n"
    )
    page.get_by_role("navigation").get_by_role("link", name="Import").click()
    page.get_by_label("File").set_input_files(str(card))
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#summary")).to_contain_text("Imported grace.vcf")
    expect(page.locator("#summary")).to_contain_text("1 new")
    shots(page, tmp_path, "import")
    page.get_by_role("navigation").get_by_role("link", name="Contacts").click()
    page.get_by_label("Search").press_sequentially("grace", delay=40)
    expect(page.locator("#results")).to_contain_text("Grace Hopper")
    page.locator("#results").get_by_role("link", name="Grace Hopper").click()
    expect(page.locator(".lead")).to_contain_text("US Navy")

    # The network at a glance.
    page.get_by_role("navigation").get_by_role("link", name="Network").click()
    expect(page.get_by_role("heading", level=2, name="Contacts by state")).to_be_visible()
    shots(page, tmp_path, "network")


def test_keyboard_reaches_the_content_first(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/today")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('main') !== null")
    assert focused, "after the skip link, Tab lands in the page's content"


def test_pages_work_without_javascript(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "/contacts")
    page.get_by_label("Search").fill("a")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"q=a"))
    expect(page.locator("#results table")).to_be_visible()
    page.goto(server + "/today")
    row = page.locator("ol.agenda > li").first
    who = row.locator("a.who").inner_text()
    row.get_by_role("button", name="Snooze").click()
    expect(page).to_have_url(re.compile(r"/today\?saved=snooze$"))
    expect(page.locator("ol.agenda")).not_to_contain_text(who)
    context.close()


def test_every_contacts_sort_fits_a_phone(server: str, page) -> None:  # type: ignore[no-untyped-def]
    """Sorting by strength adds a column; on a phone the table must still fit.

    A 25,000-person trial showed the Strength column cut off at 375 px and the page
    scrolling sideways, only in that sort.
    """
    page.set_viewport_size({"width": 375, "height": 800})
    for sort in ("name", "org", "tier", "strength"):
        page.goto(server + f"/contacts?sort={sort}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"/contacts?sort={sort} is {width}px wide on a 375px phone"


def test_a_long_unbroken_note_does_not_widen_the_contact_page(server: str, page) -> None:  # type: ignore[no-untyped-def]
    """A pasted link or a word without spaces in a note must wrap, not push the page sideways.

    A 25,000-person trial showed one such note in the timeline making a contact's page
    938 px wide on a 375-px phone.
    """
    word = "https://example.com/" + "averylongpathwithoutspaces" * 5
    r = page.request.post(server + "/api/contacts", data={"name": "Lona Longword", "note": word})
    assert r.ok, r.text()
    cid = r.json()["id"]
    r = page.request.post(
        server + "/api/interactions", data={"contacts": [str(cid)], "kind": "checkin", "note": word}
    )
    assert r.ok, r.text()
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(server + f"/contacts/{cid}")
        assert page.get_by_text(word).first.is_visible()
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"a contact's page is {scroll}px wide on a {width}px screen"


def test_duplicates_fit_a_phone_and_merge_without_javascript(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    """Two people side by side, long emails and all, must not scroll a phone sideways."""
    from playwright.sync_api import expect

    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    page = context.new_page()
    for mail in (
        "maximiliana.featherstonehaugh-wolfeschlegel@a-long-domain.example",
        "m@b.example",
    ):
        body = {"name": "Maximiliana Featherstonehaugh", "emails": [mail], "force": True}
        assert page.request.post(server + "/api/contacts", data=body).status == 201
    page.goto(server + "/dupes")
    expect(page.locator("section.pair")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.locator("section.pair").get_by_role("button", name=re.compile("^Merge, keep #")).click()
    expect(page.get_by_role("status")).to_contain_text("Merged")
    expect(page.locator("section.pair")).to_have_count(0)
    context.close()
