"""The digest the web face composes or sends links to the address the user reaches
the server at, like the calendar feed, unless ``web.url`` says otherwise: ``kith serve
--port 8765`` sent "Send now" digests whose links opened http://127.0.0.1:8000, where
nothing answered."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from kithkin import clock
from kithkin.web.app import create_app
from mail_server import Mailbox
from webclient import Web

ELSEWHERE = "http://127.0.0.1:8765"


@pytest.fixture
def web_8765(db_url: str) -> Iterator[Web]:
    app = create_app(db_url, port=8765)
    with Web(app, base_url=ELSEWHERE, raise_server_exceptions=False) as client:
        yield client
    app.state.db.dispose()


def _due(kith) -> None:  # type: ignore[no-untyped-def]
    kith.ok("add", "Ann Lee", "--tier", "close")
    kith.ok("log", "Ann Lee", "--date", "2020-01-01", as_of="2020-01-01")
    clock.set_today(date(2026, 11, 2))


def test_the_digest_links_to_the_server_it_came_from(web_8765: Web, kith) -> None:  # type: ignore[no-untyped-def]
    _due(kith)
    d = web_8765.get("/api/digest").json()
    assert d["today"] and d["today"][0]["link"].startswith(ELSEWHERE + "/today/")
    kith.ok("config", "set", "web.url", "https://kith.example.org")
    d = web_8765.get("/api/digest").json()
    assert d["today"][0]["link"].startswith("https://kith.example.org/today/")


def test_send_now_links_to_the_server_it_came_from(web_8765: Web, kith) -> None:  # type: ignore[no-untyped-def]
    _due(kith)
    box = Mailbox()
    try:
        for key, value in (("digest.from", "k@example.org"), ("digest.to", "me@example.org"),
                           ("smtp.host", "127.0.0.1"), ("smtp.port", str(box.port)),
                           ("smtp.security", "none")):  # fmt: skip
            kith.ok("config", "set", key, value)
        assert web_8765.form("/settings/digest/send", {}).status_code == 303
        assert web_8765.post("/api/digest/send", json={}).json()["sent"] is True
        assert len(box.received) == 2
        for got in box.received:
            msg = got.message
            text = msg.get_body(("plain",)).get_content()
            html = msg.get_body(("html",)).get_content()
            assert f"Open: {ELSEWHERE}/today/" in text and "127.0.0.1:8000" not in text
            assert f'href="{ELSEWHERE}/today' in html and "127.0.0.1:8000" not in html
    finally:
        box.stop()
