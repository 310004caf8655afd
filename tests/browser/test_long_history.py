"""A contact with years of LinkedIn messages, in a real browser against ``kith serve``:
their page opens with the newest 50 of 150 interactions and a pager, not 150 correction
forms; the oldest page is a click away, with and without JavaScript, and a correction
made there comes back to that page with the corrected note in view."""

from __future__ import annotations

import csv
import os
import subprocess
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from browser.test_newcomer import KITH, browser, pytestmark, serving  # noqa: F401

ME, ANN = "Alex Morgan", "Ann Long"
URL = {ME: "https://www.linkedin.com/in/alex-morgan", ANN: "https://www.linkedin.com/in/ann-long"}


def _export(folder: Path, n: int) -> Path:
    """Profile.csv (whose messages are the user's), Connections.csv with Ann Long, and
    ``n`` messages with her, a day apart."""
    folder.mkdir()
    (folder / "Profile.csv").write_text("First Name,Last Name,Birth Date\nAlex,Morgan,\n")
    with (folder / "Connections.csv").open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["First Name", "Last Name", "URL", "Email Address", "Company", "Position",
                    "Connected On"])  # fmt: skip
        w.writerow(["Ann", "Long", URL[ANN], "", "Acme", "Engineer", "01 Jan 2019"])
    with (folder / "messages.csv").open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO",
                    "RECIPIENT PROFILE URLS", "DATE", "SUBJECT", "CONTENT", "FOLDER"])  # fmt: skip
        for k in range(n):
            a, b = (ANN, ME) if k % 2 else (ME, ANN)
            day = date(2020, 1, 1) + timedelta(days=k)
            w.writerow(["c1", "", a, URL[a], b, URL[b], f"{day} 10:00:00 UTC", "",
                        f"message {k:03d}", "INBOX"])  # fmt: skip
    return folder


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("long")
    db = str(tmp / "long.db")
    env = {k: v for k, v in os.environ.items() if k not in ("KITH_DB", "KITH_AS_OF")}
    env["KITH_HOME"] = str(tmp / "home")
    run = {"check": True, "env": env, "capture_output": True}
    subprocess.run([*KITH, "--db", db, "init"], **run)  # type: ignore[call-overload]
    subprocess.run([*KITH, "--db", db, "import", "linkedin", str(_export(tmp / "x", 150))], **run)  # type: ignore[call-overload]
    with serving(env, "--db", db) as url:
        yield url


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_a_long_timeline_in_pages(server: str, browser, js: bool) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from playwright.sync_api import expect

    context = browser.new_context(java_script_enabled=js)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(server + "/contacts?q=Ann+Long")
        page.get_by_role("link", name=ANN).first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(ANN)
        timeline = page.locator("#timeline ol.timeline > li")
        expect(timeline).to_have_count(50)
        expect(timeline.first).to_contain_text("message 149")
        expect(page.locator("#timeline")).to_contain_text("150 interactions")
        pager = page.get_by_role("navigation", name="Pages")
        expect(pager).to_contain_text("Page 1 of 3")
        pager.get_by_role("link", name="Next").click()
        page.get_by_role("navigation", name="Pages").get_by_role("link", name="Next").click()
        expect(page.get_by_role("navigation", name="Pages")).to_contain_text("Page 3 of 3")
        expect(timeline).to_have_count(50)
        oldest = timeline.last
        expect(oldest).to_contain_text("Jan 1, 2020")  # message 000, or corrected by a run before
        oldest.get_by_text("Correct or remove").click()
        note = f"first hello, corrected ({'js' if js else 'no js'})"
        oldest.get_by_label("Note").fill(note)
        oldest.get_by_role("button", name="Save correction").click()
        expect(page.get_by_role("navigation", name="Pages")).to_contain_text("Page 3 of 3")
        expect(page.locator("#timeline")).to_contain_text(note)
    finally:
        context.close()
