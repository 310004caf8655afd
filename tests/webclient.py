"""The web test client and its fixture: the app over the test database, as a browser sees it.

Not a conftest.py: a second ``conftest`` module would shadow the top-level one that
other tests import ``dump`` from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from kithkin.web.app import create_app

BASE = "http://127.0.0.1:8000"


class Web(TestClient):
    """A test client that behaves like the user's browser: cookies kept, HTML asked for."""

    def token(self) -> str:
        """The CSRF token a page hands to its forms."""
        page = self.get("/contacts", headers={"accept": "text/html"})
        found = re.search(r'name="csrf-token" content="([^"]+)"', page.text)
        assert found, "no csrf token in the page"
        return found.group(1)

    def form(self, url: str, data: dict[str, str], **kw):  # type: ignore[no-untyped-def]
        """Submit a form as the page would (with its token), not following the redirect."""
        return self.post(
            url,
            data={"csrf_token": self.token(), **data},
            headers={"accept": "text/html"},
            follow_redirects=False,
            **kw,
        )

    def page(self, url: str):  # type: ignore[no-untyped-def]
        return self.get(url, headers={"accept": "text/html"})


@pytest.fixture
def web(db_url: str) -> Iterator[Web]:
    app = create_app(db_url)
    with Web(app, base_url=BASE, raise_server_exceptions=False) as client:
        yield client
    app.state.db.dispose()
