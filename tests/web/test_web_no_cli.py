"""A web page never tells the user to type a `kith` command, and offers what it knows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from webclient import Web

TEMPLATES = Path(__file__).parents[2] / "src" / "kithkin" / "web" / "templates"
CLI = re.compile(r"\bkith [a-z]|--[a-z]{2,}[a-z-]* [A-Z]{2,}")  # `kith leave`, `--org ORG`


def _visible(html: str) -> str:
    """The page as read: tags and scripts out (a command in a comment is not shown)."""
    html = re.sub(r"<script.*?</script>|<style.*?</style>|<!--.*?-->", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_no_template_spells_a_command() -> None:
    found = [
        f"{path.name}:{n}: {line.strip()}"
        for path in sorted(TEMPLATES.glob("*.html"))
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if CLI.search(_visible(line))
    ]
    assert found == []


PAGES = [
    "/today",
    "/agenda",
    "/contacts",
    "/network",
    "/import",
    "/who?org=Acme",
    "/departure",
    "/leads",
    "/events",
    "/references",
    "/settings",
    "/triage",
    "/dupes",
]


@pytest.mark.parametrize("populated", [False, True])
def test_no_page_spells_a_command(web: Web, kith, populated: bool) -> None:  # type: ignore[no-untyped-def]
    kith.ok("init")
    if populated:
        kith.ok("job", "add", "me", "--org", "Acme", "--start", "2020-01-01", "--end", "2026-10-31")
        kith.ok("add", "Bea Boss", "--email", "bea@acme.example")
        kith.ok("job", "add", "bea", "--org", "Acme", "--start", "2019-01-01")
        kith.ok("tie", "bea", "manager")
        kith.ok("leave", "acme", "--last-day", "2026-10-31", as_of="2026-11-20")
        kith.ok("add", "Bea Boss", "--email", "bea@home.example", "--force")  # /dupes pairs them
    me = kith.ok("show", "me", "--json").json()["id"]
    for url in [*PAGES, f"/contacts/{me}"]:
        page = web.page(url)
        assert page.status_code == 200, url
        assert not CLI.search(_visible(page.text)), (url, CLI.search(_visible(page.text)))
    # A refused form says what is wrong, not what to type.
    refused = web.form("/departure", {"org": "Initech", "last_day": "2027-01-31"})
    assert refused.status_code in (400, 404)
    assert not CLI.search(_visible(refused.text)), _visible(refused.text)


def test_the_departure_page_offers_your_employers(web: Web, kith) -> None:  # type: ignore[no-untyped-def]
    page = web.page("/departure").text
    assert '<input id="d-org"' in page and 'href="/me#positions"' in page  # none yet
    kith.ok("job", "add", "me", "--org", "Initech", "--start", "2015-01-01", "--end", "2019-12-31")
    kith.ok("job", "add", "me", "--org", "Acme Inc.", "--start", "2020-01-01")
    page = web.page("/departure").text
    options = re.findall(
        r'<option value="([^"]+)"', page.split('id="d-org"')[1].split("</select>")[0]
    )
    assert options == ["Acme Inc.", "Initech"]  # where you work now first
