"""The contact list reads plain rows a page at a time: the same rows, in the same
order, as loading each contact would give, on both backends (hypothesis)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kithkin import clock
from kithkin.core import views
from kithkin.core.book import jobs, listing
from kithkin.core.book.contacts import ContactInput, add_contact
from kithkin.store.db import open_db
from kithkin.store.tables import Contact, Position

TODAY = date(2026, 3, 1)
# Start and end as days from today (None: not known); ends around today on purpose.
job = st.tuples(
    st.sampled_from(["Acme", "Globex", "Initech"]),
    st.one_of(st.none(), st.integers(-900, 30)),
    st.one_of(st.none(), st.integers(-40, 40)),
)
person = st.tuples(
    st.sampled_from(["Ann Lee", "ann lee", "Bo Chen", "Zoe Adams", "Émile Zola"]),
    st.lists(job, max_size=3),
    st.integers(0, 2),
)


def _day(n: int | None) -> date | None:
    return None if n is None else TODAY + timedelta(days=n)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(people=st.lists(person, min_size=1, max_size=8), limit=st.integers(1, 4))
def test_pages_are_the_loaded_contacts_in_name_order(
    people: list[Any],
    limit: int,
    fresh_url: Callable[[], str],
) -> None:
    db = open_db(fresh_url())
    try:
        clock.set_today(TODAY)
        with db.session() as s:
            for n, (name, positions, emails) in enumerate(people):
                emails_of = [f"p{n}.{k}@example.org" for k in range(emails)]
                c = add_contact(s, ContactInput(name=name, emails=emails_of))
                for org, start, end in positions:
                    start_d, end_d = _day(start), _day(end)
                    if start_d and end_d and end_d < start_d:
                        start_d, end_d = end_d, start_d
                    jobs.add_position(s, c, org, f"{org} title {n}", start_d, end_d)
        with db.session() as s:
            loaded = s.scalars(
                select(Contact)
                .where(Contact.is_me.is_(False))
                .options(
                    selectinload(Contact.emails),
                    selectinload(Contact.positions).selectinload(Position.org),
                )
            ).all()
            expected = sorted(
                (views.contact_summary(c) for c in loaded),
                key=lambda r: (r["name"].lower(), r["id"]),
            )
            whole = listing.page(s, listing.Filters())
            assert whole.total == len(expected)
            assert whole.rows == expected
            for offset in range(0, len(expected) + 1, limit):
                part = listing.page(s, listing.Filters(), limit, offset)
                assert part.rows == expected[offset : offset + limit]
                assert part.total == len(expected)
    finally:
        clock.set_today(None)
        db.dispose()


def test_kith_list_pages_and_says_which_rows(kith) -> None:  # type: ignore[no-untyped-def]
    for name in ("Cy Doe", "Al Doe", "Bo Doe", "Di Doe", "Ed Doe"):
        kith.ok("add", name, "--email", f"{name.split()[0].lower()}@doe.example")
    out = kith.ok("list", "--limit", "2", "--offset", "1").stdout.splitlines()
    assert out[0] == "2-3 of 5 contacts"
    assert [line.split("\t")[1] for line in out[2:]] == ["Bo Doe", "Cy Doe"]
    whole = kith.ok("list").stdout.splitlines()
    assert whole[0] == "5 contacts" and len(whole) == 7
    assert [r["name"] for r in kith.ok("list", "--json", "--limit", "1").json()] == ["Al Doe"]
    assert kith.ok("list", "--offset", "9").stdout.splitlines()[0] == "0 of 5 contacts"
    for bad in (("--limit", "0"), ("--offset", "-1"), ("--limit", "99999999999999999999999")):
        run = kith("list", *bad)
        assert run.exit_code == 2 and len(run.stderr.strip().splitlines()) == 1, run.stderr


def test_the_api_pages_and_counts(web, kith) -> None:  # type: ignore[no-untyped-def]
    for name in ("Cy Doe", "Al Doe", "Bo Doe"):
        kith.ok("add", name)
    r = web.get("/api/contacts", params={"limit": 2, "offset": 1})
    assert r.status_code == 200 and r.headers["x-total-count"] == "3"
    assert [c["name"] for c in r.json()] == ["Bo Doe", "Cy Doe"]
    assert web.get("/api/contacts", params={"limit": 0}).status_code == 422
