"""The settings page and the API for the calendar feed and the digest (issue 15)."""

from __future__ import annotations

import re

import pytest
from icalendar import Calendar
from tests.conftest import dump

from mail_server import Mailbox
from web.test_web_no_cli import CLI, _visible
from webclient import Web


def _feed_url(page: str) -> str | None:
    found = re.search(r'id="feed-url" type="text" readonly value="([^"]+)"', page)
    return found.group(1) if found else None


def test_the_settings_page_makes_shows_rotates_and_turns_off_the_feed(web: Web, kith) -> None:  # type: ignore[no-untyped-def]
    kith.ok("add", "Ann Lee", "--tier", "close")
    kith.ok("log", "Ann Lee", "--date", "2020-01-01", as_of="2020-01-01")
    page = web.page("/settings").text
    assert "The calendar feed is off." in page and _feed_url(page) is None
    r = web.form("/settings/feed/on", {})
    assert r.status_code == 303 and r.headers["location"].startswith("/settings?saved=feed_on")
    page = web.page("/settings?saved=feed_on").text
    url = _feed_url(page)
    assert url and url.startswith("http://127.0.0.1:8000/feed/") and url.endswith(".ics")
    assert 'data-copy="feed-url"' in page and "Thunderbird" in page and "Google Calendar" in page
    assert url == kith.ok("feed", "url").stdout.splitlines()[0]  # the CLI shows the same
    path = url.removeprefix("http://127.0.0.1:8000")
    cal = Calendar.from_ical(web.get(path).content)
    assert [str(e["summary"]).split(":")[0] for e in cal.walk("VEVENT")] == [
        "Reconnect with Ann Lee"
    ]
    web.form("/settings/feed/rotate", {})
    new = _feed_url(web.page("/settings").text)
    assert new and new != url and web.get(path).status_code == 404
    web.form("/settings/feed/off", {})
    assert web.get(new.removeprefix("http://127.0.0.1:8000")).status_code == 404
    assert "The calendar feed is off." in web.page("/settings").text


def test_the_digest_settings_are_on_the_form(web: Web, kith, db_url) -> None:  # type: ignore[no-untyped-def]
    page = web.page("/settings").text
    for legend in ("Agenda", "Email digest", "Mail server for the digest", "Links"):
        assert f"<legend>{legend}</legend>" in page
    assert '<select id="set-digest-schedule" name="digest.schedule"' in page
    assert 'type="time"' in page and "KITH_SMTP_PASSWORD" in page
    assert not CLI.search(_visible(page))
    chosen = {"digest.schedule": "weekly", "digest.time": "08:15", "digest.weekday": "friday"}
    r = web.form("/settings", {**chosen, "digest.to": "me@example.org"})
    assert r.status_code == 303
    values = kith.ok("config", "show", "--json").json()
    assert (values["digest.schedule"]["value"], values["digest.time"]["value"]) == (
        "weekly",
        "08:15",
    )
    assert values["digest.weekday"]["value"] == "friday" and values["budget"]["is_default"]
    before = dump(db_url)
    r = web.form("/settings", {"digest.time": "25:00", "digest.schedule": "daily"})
    assert r.status_code == 400 and "digest.time must be a time of day" in r.text
    assert not CLI.search(_visible(r.text))
    assert dump(db_url) == before


def test_send_now_from_the_page(web: Web, kith) -> None:  # type: ignore[no-untyped-def]
    r = web.form("/settings/digest/send", {})
    assert r.status_code == 400 and "digest.from" in r.text and not CLI.search(_visible(r.text))
    box = Mailbox()
    try:
        for key, value in (("digest.from", "k@example.org"), ("digest.to", "me@example.org"),
                           ("smtp.host", "127.0.0.1"), ("smtp.port", str(box.port)),
                           ("smtp.security", "none"), ("digest.empty", "send")):  # fmt: skip
            kith.ok("config", "set", key, value)
        r = web.form("/settings/digest/send", {})
        assert r.status_code == 303 and "digest_sent" in r.headers["location"]
        assert len(box.received) == 1
    finally:
        box.stop()


def test_the_api_forms(web: Web, kith) -> None:  # type: ignore[no-untyped-def]
    assert web.get("/api/feed").json() == {"on": False, "url": None, "problem": None}
    made = web.post("/api/feed", json={}).json()
    assert made["on"] and made["url"].endswith(".ics")
    assert web.post("/api/feed", json={}).json()["url"] == made["url"]  # shown again, not remade
    rotated = web.post("/api/feed/rotate", json={}).json()["url"]
    assert rotated != made["url"]
    assert web.get(made["url"].removeprefix("http://127.0.0.1:8000")).status_code == 404
    assert web.delete("/api/feed").json()["on"] is False
    r = web.put("/api/settings/digest.schedule", json={"value": "daily"})
    assert r.status_code == 200 and r.json()["digest.schedule"]["value"] == "daily"
    assert web.put("/api/settings/digest.tz", json={"value": "Mars/Base"}).status_code == 400
    assert web.put("/api/settings/smtp.password", json={"value": "x"}).status_code == 400
    kith.ok("add", "Ann Lee", "--tier", "close")
    kith.ok("log", "Ann Lee", "--date", "2020-01-01", as_of="2020-01-01")
    kith.ok("today")  # back to the real day (--as-of holds in this process until the next run)
    d = web.get("/api/digest").json()
    assert d["today"][0]["summary"].startswith("Reconnect with Ann Lee")
    assert d["today"][0]["draft"].startswith("Hi Ann")
    r = web.post("/api/digest/send", json={})
    assert r.status_code == 400 and "digest.from" in r.json()["error"]["message"]
    schema = web.get("/openapi.json").json()["paths"]
    assert {"/api/feed", "/api/feed/rotate", "/api/digest", "/api/digest/send"} <= set(schema)
    assert not any(p.startswith("/feed") for p in schema)


@pytest.mark.parametrize("ref", ["feed", "digest"])
def test_the_new_apis_are_documented_in_the_schema(web: Web, ref: str) -> None:
    paths = web.get("/openapi.json").json()["paths"]
    assert any(ref in p for p in paths)
