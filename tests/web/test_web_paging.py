"""Long answers come in pages of 50 with previous/next links, and the pages computed
once (web.memo) are computed again as soon as anything is written."""

from __future__ import annotations

import re
from datetime import date

from kithkin import clock
from webclient import Web


def _people_at_acme(kith, n: int) -> None:  # type: ignore[no-untyped-def]
    for k in range(n):
        kith.ok("add", f"Person{k:03d} Doe", "--org", "Acme", "--email", f"p{k}@acme.example")


def _names(html: str) -> list[str]:
    return re.findall(r'class="who" href="/contacts/\d+">([^<]+)<', html)


def test_who_comes_in_pages_and_sees_a_write_at_once(web: Web, kith) -> None:  # type: ignore[no-untyped-def]
    _people_at_acme(kith, 60)
    clock.set_today(date(2026, 11, 2))
    first = web.page("/who?org=acme").text
    assert "60 people" in first and len(_names(first)) == 50
    assert 'rel="next"' in first and 'rel="prev"' not in first
    second = web.page("/who?org=acme&page=2").text
    assert len(_names(second)) == 10 and 'rel="prev"' in second and 'rel="next"' not in second
    assert set(_names(first)).isdisjoint(_names(second))
    kith.ok("add", "Zed Late", "--org", "Acme")  # another process writes
    assert "61 people" in web.page("/who?org=acme&page=2").text
    assert len(_names(web.page("/who?org=acme&page=99").text)) == 11  # past the end: the last


def test_the_network_page_sees_a_write_at_once(web: Web, kith) -> None:  # type: ignore[no-untyped-def]
    kith.ok("add", "Ann Lee", "--tier", "close")
    clock.set_today(date(2026, 11, 2))
    before = web.page("/network").text
    assert web.page("/network").text == before  # kept
    kith.ok("add", "Bo Chen", "--tier", "close")
    after = web.page("/network").text
    assert after != before


def test_contacts_come_in_pages(web: Web, kith) -> None:  # type: ignore[no-untyped-def]
    _people_at_acme(kith, 60)
    first = web.page("/contacts").text
    assert "Page 1 of 2" in first and 'rel="next"' in first
    last = web.page("/contacts?page=2").text
    assert "Page 2 of 2" in last and "Person059" in last and "Person000" not in last


def test_the_contact_list_sees_a_write_at_once(web: Web, kith) -> None:  # type: ignore[no-untyped-def]
    """The list's order is kept between pages (web.memo), never past a write."""
    _people_at_acme(kith, 60)
    assert "Page 2 of 2" in web.page("/contacts?page=2").text
    kith.ok("add", "Aaron Early")  # another process writes: first by name
    first = web.page("/contacts").text
    assert "61 contacts" in first and "Aaron Early" in first
    last = web.page("/contacts?page=2").text
    assert "Person048" not in last and "Person049" in last  # pushed one row down
    kith.ok("rm", "--yes", "Person059 Doe")
    assert "Person059" not in web.page("/contacts?page=2").text
    assert "Person010" in web.page("/contacts?tier=regular").text
