"""The Duplicates page: the pairs `kith dupes` lists, merged or kept apart from the browser."""

from __future__ import annotations

import re

from webclient import Web


def _two_bills(kith) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    first = kith.ok(
        "add", "Bill Lumbergh", "--email", "bill@initech.example", "--org", "Initech"
    ).stdout.strip()
    second = kith.ok(
        "add", "Bill Lumbergh", "--email", "bill@home.example", "--org", "Initech", "--force"
    ).stdout.strip()
    return int(first), int(second)


def _pairs(html: str) -> list[tuple[int, int]]:
    """The pairs listed, by the ids of the two contacts each shows."""
    return [
        (int(a), int(b))
        for a, b in re.findall(
            r'<section class="card pair"[^>]*>.*?href="/contacts/(\d+)".*?href="/contacts/(\d+)"',
            html,
            flags=re.S,
        )
    ]


def test_the_pair_is_listed_with_both_people(web: Web, kith) -> None:  # type: ignore[no-untyped-def]
    a, b = _two_bills(kith)
    page = web.page("/dupes")
    assert page.status_code == 200
    assert _pairs(page.text) == [(a, b)]
    text = page.text
    assert "bill@initech.example" in text and "bill@home.example" in text
    assert "Initech" in text
    [pair] = kith.ok("dupes", "--json").json()
    assert f"{pair['reason']}" in text and f"score {pair['score']}" in text
    assert f"Merge, keep #{a}" in text and "Not the same person" in text


def test_merge_leaves_one_contact_with_both_emails(web: Web, kith) -> None:  # type: ignore[no-untyped-def]
    a, b = _two_bills(kith)
    r = web.form("/dupes/merge", {"keep": str(a), "other": str(b)})
    assert r.status_code == 303 and r.headers["location"].startswith("/dupes")
    after = web.page(r.headers["location"])
    assert _pairs(after.text) == [] and "Merged" in after.text
    people = kith.ok("list", "--json").json()
    assert [p["id"] for p in people] == [a]  # `kith merge A B` keeps A
    shown = kith.ok("show", str(a), "--json").json()
    assert {"bill@initech.example", "bill@home.example"} <= set(shown["emails"])


def test_not_the_same_person_stays_apart(web: Web, kith) -> None:  # type: ignore[no-untyped-def]
    a, b = _two_bills(kith)
    r = web.form("/dupes/distinct", {"a": str(a), "b": str(b)})
    assert r.status_code == 303
    assert _pairs(web.page(r.headers["location"]).text) == []
    assert _pairs(web.page("/dupes").text) == []  # still gone on reload
    assert kith.ok("dupes", "--json").json() == []  # and for the terminal
    assert len(kith.ok("list", "--json").json()) == 2  # nobody merged


def test_a_refused_merge_is_one_line_on_the_page(web: Web, kith) -> None:  # type: ignore[no-untyped-def]
    a, b = _two_bills(kith)
    assert web.form("/dupes/merge", {"keep": str(a), "other": str(b)}).status_code == 303
    again = web.form("/dupes/merge", {"keep": str(a), "other": str(b)})  # a stale tab
    assert again.status_code == 404
    assert re.search(r'<p class="error" role="alert">no contact with id \d+</p>', again.text)
    same = web.form("/dupes/distinct", {"a": str(a), "b": str(a)})
    assert same.status_code == 400 and "one contact" in same.text


def test_a_post_without_the_csrf_token_is_403_and_merges_nothing(web: Web, kith) -> None:  # type: ignore[no-untyped-def]
    a, b = _two_bills(kith)
    for url, data in (
        ("/dupes/merge", {"keep": str(a), "other": str(b)}),
        ("/dupes/distinct", {"a": str(a), "b": str(b)}),
    ):
        r = web.post(url, data=data, headers={"accept": "text/html"}, follow_redirects=False)
        assert r.status_code == 403
    assert _pairs(web.page("/dupes").text) == [(a, b)]


def test_pairs_come_in_pages_of_50(web: Web, kith) -> None:  # type: ignore[no-untyped-def]
    for k in range(9):  # four namesakes a family name: six pairs each
        for n in range(4):
            kith.ok("add", f"Pat Doe{k}", "--email", f"p{k}@{n}.example", "--force")
    pairs = len(kith.ok("dupes", "--json").json())
    assert pairs == 54
    first = web.page("/dupes").text
    assert len(_pairs(first)) == 50 and 'rel="next"' in first and 'rel="prev"' not in first
    assert f"{pairs} possible duplicates" in first
    second = web.page("/dupes?page=2").text
    assert len(_pairs(second)) == pairs - 50 and 'rel="prev"' in second
    assert set(_pairs(first)).isdisjoint(_pairs(second))
    last = web.page("/dupes?page=99").text  # past the end: the last page
    assert _pairs(last) == _pairs(second)
    # Acting on page 2 comes back to page 2.
    a, b = _pairs(second)[0]
    r = web.form("/dupes/distinct", {"a": str(a), "b": str(b), "page": "2"})
    assert r.headers["location"].startswith("/dupes?page=2")


def test_nothing_to_review(web: Web, kith) -> None:  # type: ignore[no-untyped-def]
    kith.ok("add", "Ann Lee")
    page = web.page("/dupes").text
    assert "No likely duplicates" in page and _pairs(page) == []


def test_the_contacts_page_and_the_navigation_link_to_it(web: Web, kith) -> None:  # type: ignore[no-untyped-def]
    assert 'href="/dupes"' in web.page("/contacts").text
    today = web.page("/today").text
    nav = today[today.index('<nav aria-label="Main">') : today.index("</nav>")]
    assert 'href="/dupes"' in nav
