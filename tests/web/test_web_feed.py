"""GET /feed/{token}.ics: served from the token alone, 304 while unchanged, 404 once revoked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from icalendar import Calendar
from tests.conftest import dump

ICS = "text/calendar; charset=utf-8"


@pytest.fixture
def feed(kith, web):  # type: ignore[no-untyped-def]
    """A small network and the feed's path, as `kith feed url` printed it."""
    for n in range(3):
        kith.ok("add", f"Person {n}", "--tier", "close")
        kith.ok("log", f"Person {n}", "--date", "2020-01-01", as_of="2020-01-01")
    url = kith.ok("feed", "url").stdout.splitlines()[0]
    assert re.fullmatch(r"http://127\.0\.0\.1:8000/feed/[A-Za-z0-9_-]{32}\.ics", url)
    return url.removeprefix("http://127.0.0.1:8000")


def test_the_feed_answers_with_a_calendar_and_304_while_unchanged(web, feed):  # type: ignore[no-untyped-def]
    r = web.get(feed)
    assert r.status_code == 200 and r.headers["content-type"] == ICS
    cal = Calendar.from_ical(r.content)
    summaries = sorted(str(e["summary"]) for e in cal.walk("VEVENT"))
    assert [s.split(":")[0] for s in summaries] == [f"Reconnect with Person {n}" for n in range(3)]
    assert all(str(e["url"]).startswith("http://127.0.0.1:8000/today/") for e in cal.walk("VEVENT"))
    etag, modified = r.headers["etag"], r.headers["last-modified"]
    assert r.headers["cache-control"] == "private, no-cache"
    again = web.get(feed, headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    since = web.get(feed, headers={"if-modified-since": modified})
    assert since.status_code == 304
    assert web.get(feed, headers={"if-none-match": '"other"'}).status_code == 200


def test_a_change_gives_a_new_etag(kith, web, feed):  # type: ignore[no-untyped-def]
    first = web.get(feed)
    kith.ok("log", "Person 1", "--note", "coffee")
    second = web.get(feed, headers={"if-none-match": first.headers["etag"]})
    assert second.status_code == 200 and second.headers["etag"] != first.headers["etag"]
    assert len(list(Calendar.from_ical(second.content).walk("VEVENT"))) == 2


def test_rotation_and_off_answer_404_at_once(kith, web, feed):  # type: ignore[no-untyped-def]
    assert web.get(feed).status_code == 200
    new = kith.ok("feed", "rotate").stdout.splitlines()[0].removeprefix("http://127.0.0.1:8000")
    assert new != feed
    old = web.get(feed)
    assert old.status_code == 404
    assert old.content == web.get("/feed/nothing-here.ics").content
    assert web.get(new).status_code == 200
    assert kith.ok("feed", "url").stdout.splitlines()[0].endswith(new)
    kith.ok("feed", "off")
    assert web.get(new).status_code == 404
    again = kith.ok("feed", "url").stdout.splitlines()[0].removeprefix("http://127.0.0.1:8000")
    assert again not in (feed, new) and web.get(again).status_code == 200


def test_the_token_opens_nothing_else(web, feed):  # type: ignore[no-untyped-def]
    token = feed.removeprefix("/feed/").removesuffix(".ics")
    for path in (f"/feed/{token}", f"/feed/{token}.json", f"/api/feed/{token}.ics",
                 f"/feed/{token}.ics/today", f"/feed/{token.upper()}.ics",
                 f"/feed/{token[:-1]}.ics", f"/feed/{token}x.ics"):  # fmt: skip
        r = web.get(path)
        assert r.status_code == 404, path
    # Every other GET route, its parameters filled with the token: never the calendar.
    for route in web.app.routes:
        path = getattr(route, "path", "")
        if "GET" not in getattr(route, "methods", set()) or path.startswith("/feed/"):
            continue
        filled = re.sub(r"\{[^}]+\}", token, path)
        for url in (filled, f"{filled}?token={token}"):
            r = web.get(url, headers={"authorization": f"Bearer {token}"})
            assert "text/calendar" not in r.headers.get("content-type", ""), url
            assert b"BEGIN:VCALENDAR" not in r.content, url


def test_the_feed_links_to_the_configured_address(kith, web, feed):  # type: ignore[no-untyped-def]
    kith.ok("config", "set", "web.url", "https://kith.example.org/")
    cal = Calendar.from_ical(web.get(feed).content)
    assert all(str(e["url"]).startswith("https://kith.example.org/today/")
               for e in cal.walk("VEVENT"))  # fmt: skip
    assert kith.ok("feed", "url").stdout.startswith("https://kith.example.org/feed/")


def test_only_the_hash_is_stored_and_the_kept_token_is_private(kith, feed, db_url):  # type: ignore[no-untyped-def]
    import os

    token = feed.removeprefix("/feed/").removesuffix(".ics")
    rows = dump(db_url)["feed_tokens"]
    assert len(rows) == 1 and token not in str(rows)
    kept = list((Path(os.environ["KITH_HOME"]) / "config" / "feed").iterdir())
    assert len(kept) == 1 and kept[0].stat().st_mode & 0o077 == 0


def test_an_address_made_elsewhere_is_not_shown_but_remade(kith, feed, db_url):  # type: ignore[no-untyped-def]
    import os
    import shutil

    shutil.rmtree(Path(os.environ["KITH_HOME"]) / "config" / "feed")
    before = dump(db_url)
    run = kith.bad("feed", "url")
    assert "another machine" in run.stderr and "kith feed rotate" in run.stderr
    assert dump(db_url) == before
    assert kith.ok("feed", "rotate").stdout.startswith("http://127.0.0.1:8000/feed/")


BAD = {
    "feed: unknown subcommand": ("feed", "list"),
    "feed url: extra argument": ("feed", "url", "now"),
    "feed rotate: unknown option": ("feed", "rotate", "--force"),
    "export ics: a folder": ("export", "ics", "."),
    "export ics: cannot write": ("export", "ics", "/proc/kith/agenda.ics"),
    "export ics: no file": ("export", "ics"),
    "web.url: not http": ("config", "set", "web.url", "ftp://example.org"),
    "web.url: with a query": ("config", "set", "web.url", "http://example.org/?a=1"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_is_refused_and_changes_nothing(kith, feed, db_url, case):  # type: ignore[no-untyped-def]
    before = dump(db_url)
    run = kith.bad(*BAD[case])
    assert run.stderr.startswith("error: ")
    assert dump(db_url) == before
