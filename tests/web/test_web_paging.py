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


def _listed(html: str) -> list[str]:
    return re.findall(r'<td><a href="/contacts/\d+">([^<]+)</a>', html)


def test_contacts_by_strength_or_state_come_in_pages_kept_until_a_write(web: Web, kith) -> None:  # type: ignore[no-untyped-def]
    """Sorting by strength or filtering by state reads every contact's history (1.7 s
    at 25,000 contacts, each page alike): the order is kept like the list by name's, and a
    write, here or by another process, is seen at once."""
    _people_at_acme(kith, 60)
    kith.ok("edit", "Person059 Doe", "--tier", "close")
    kith.ok("log", "Person059 Doe", "--channel", "call", "--date", "2026-09-20")
    clock.set_today(date(2026, 11, 2))
    first = web.page("/contacts?sort=strength").text
    names = _listed(first)
    assert len(names) == 50 and names[0] == "Person059 Doe"
    second = web.page("/contacts?sort=strength&page=2").text
    assert len(_listed(second)) == 10 and set(names).isdisjoint(_listed(second))
    assert web.page("/contacts?sort=strength").text == first  # kept
    overdue = web.page("/contacts?state=overdue").text
    assert _listed(overdue) == ["Person059 Doe"]
    kith.ok("edit", "Person000 Doe", "--tier", "close")
    kith.ok("log", "Person000 Doe", "--channel", "call", "--date", "2026-09-25")
    kith.ok("log", "Person000 Doe", "--channel", "video", "--date", "2026-09-24")
    clock.set_today(date(2026, 11, 2))  # the command set its own day
    listed = _listed(web.page("/contacts?state=overdue").text)
    assert listed == ["Person000 Doe", "Person059 Doe"]
    assert _listed(web.page("/contacts?sort=strength").text)[0] == "Person000 Doe"
    assert "61 contacts" not in web.page("/contacts?sort=strength&page=9").text
    assert len(_listed(web.page("/contacts?sort=strength&page=9").text)) == 10  # the last


def test_a_kept_page_is_not_computed_again_by_reading_it(web: Web, kith, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A read must not move the data version it is kept under: on PostgreSQL the version
    is the cluster's snapshot, which any transaction holding an xid moves, a scratch
    table's included; the strength order was then computed again on every page and
    reload (2 s at 20,000 contacts) and the Network page likewise."""
    from kithkin.core.agenda import health

    _people_at_acme(kith, 3)
    kith.ok("log", "Person000 Doe", "--channel", "email", "--date", "2026-09-20")
    clock.set_today(date(2026, 11, 2))
    calls: list[int] = []
    real = health.strength_scores

    def counted(*a, **kw):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(*a, **kw)

    monkeypatch.setattr(health, "strength_scores", counted)
    first = web.page("/contacts?sort=strength").text
    assert web.page("/contacts?sort=strength").text == first
    assert web.page("/contacts?sort=strength&page=2").status_code == 200
    assert len(calls) == 1


def test_the_list_by_strength_or_tier_ranks_from_names_alone(web: Web, kith, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Ranking the whole list by strength, tier or state reads each contact's name, tier
    and strength, not everyone's emails and jobs (a quarter of a second at 30,000): those
    (the organization shown) are read for the page shown, the page sorting the full rows gives."""
    from kithkin.core.book import listing

    _people_at_acme(kith, 60)
    kith.ok("edit", "Person007 Doe", "--tier", "close")
    kith.ok("log", "Person003 Doe", "--channel", "email", "--date", "2026-10-20")
    clock.set_today(date(2026, 11, 2))
    real = listing.page
    wanted = {}
    for sort in ("strength", "tier"):
        with_details = [r["name"] for r in real_rows(web, real, sort)]
        wanted[sort] = with_details[:50]

    def refused(*a, **kw):  # type: ignore[no-untyped-def]
        raise AssertionError("every contact's details read to rank them")

    monkeypatch.setattr(listing, "page", refused)
    for sort in ("strength", "tier"):
        html = web.page(f"/contacts?sort={sort}").text
        assert _listed(html) == wanted[sort] and "Acme" in html
    assert _listed(web.page("/contacts?state=warm").text)


def real_rows(web: Web, page, sort: str):  # type: ignore[no-untyped-def]
    """The whole list's rows with their details, sorted as the page sorts them."""
    from kithkin.core.agenda import health
    from kithkin.core.book import listing
    from kithkin.web.pages.contacts import SORTS

    with web.app.state.db.session() as s:  # type: ignore[attr-defined]
        rows = page(s, listing.Filters()).rows
        strength = health.strength_scores(s, [r["id"] for r in rows])
    for r in rows:
        r["strength"] = strength.get(r["id"]) if sort == "strength" else None
    return sorted(rows, key=SORTS[sort])
