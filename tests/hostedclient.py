"""Hosted mode's test fixtures: a fresh accounts schema, Ada and Bob, the app, a browser.

Two users are made in a fresh accounts schema of the test PostgreSQL database; their
networks are given the same contact ids on purpose, so that any answer served from
the wrong schema (or kept for the wrong user) would show.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import text
from tests.conftest import PG_BASE, Kith
from tests.webclient import BASE, Web

from kithkin import clock
from kithkin.store.accounts import Accounts
from kithkin.web.app import create_app

URL = "postgresql+psycopg://" + PG_BASE.split("://", 1)[1]
PASSWORDS = {"ada@example.org": "ada's long password", "bob@example.org": "bob's long password"}


@pytest.fixture
def schema(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh accounts schema (and, through it, fresh user schemas), dropped afterwards."""
    name = f"kith_ht_{uuid.uuid4().hex[:10]}"
    monkeypatch.setenv("KITH_HOSTED_SCHEMA", name)
    yield name
    accounts = Accounts(URL, name)
    with accounts.engine.begin() as conn:
        found = conn.execute(
            text("SELECT nspname FROM pg_namespace WHERE nspname LIKE :p"), {"p": f"{name}%"}
        ).scalars()
        for n in sorted(found, reverse=True):  # the users' schemas first
            conn.exec_driver_sql(f'DROP SCHEMA "{n}" CASCADE')
    accounts.close()


@pytest.fixture
def users(schema: str) -> dict[str, Kith]:
    """Ada and Bob, and `kith` on each one's network (as `kith hosted url` names it)."""
    accounts = Accounts(URL, schema)
    accounts.ensure()
    out = {}
    for email, password in PASSWORDS.items():
        out[email.split("@")[0]] = Kith(accounts.user_url(accounts.add(email, password)))
    accounts.close()
    # Same ids in both networks: #1 is Priya for Ada and Quentin for Bob.
    for who, name in (("ada", "Priya Raman"), ("bob", "Quentin Blake")):
        out[who].ok("add", name, "--tier", "close")
        out[who].ok("log", name, "--date", "2020-01-01", as_of="2020-01-01")
    clock.set_today(None)  # --as-of above set the day for this process
    return out


@pytest.fixture
def app(schema: str, users: dict[str, Kith]) -> Iterator:  # type: ignore[type-arg]
    application = create_app(URL, hosted=True, hosted_schema=schema)
    # One client runs the app's lifespan; the others share the app.
    with Web(application, base_url=BASE, raise_server_exceptions=False):
        yield application


def browser(app, base: str = BASE) -> Web:  # type: ignore[no-untyped-def]
    return Web(app, base_url=base, raise_server_exceptions=False)


def form_token(client: Web, page: str = "/login") -> str:
    found = re.search(r'name="csrf-token" content="([^"]+)"', client.page(page).text)
    assert found
    return found.group(1)


def log_in(client: Web, email: str, password: str | None = None, next_: str = ""):  # type: ignore[no-untyped-def]
    token = form_token(client)
    return client.post(
        "/login" + (f"?next={next_}" if next_ else ""),
        data={"csrf_token": token, "email": email, "password": password or PASSWORDS[email]},
        headers={"accept": "text/html"},
        follow_redirects=False,
    )


def logged_in(app, email: str) -> Web:  # type: ignore[no-untyped-def]
    client = browser(app)
    assert log_in(client, email).status_code == 303
    return client
