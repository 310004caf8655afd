"""The first day: an empty database says what to do first, a populated one stays quiet."""

from __future__ import annotations

import pytest
from tests.conftest import Kith, dump

TODAY = "2026-03-02"
GUIDE = "Nobody is on record yet. Start here:"


@pytest.mark.parametrize("command", [["today"], ["agenda"], ["list"], ["health"], ["triage"]])
def test_an_empty_database_guides(kith: Kith, command: list[str]) -> None:
    kith.ok("init")
    before = dump(kith.url)
    out = kith.ok(*command, as_of=TODAY).stdout
    assert out.startswith(GUIDE)
    assert "kith import linkedin" in out
    assert "kith job add me" in out
    assert "--tier close" in out
    assert "Enjoy the quiet" not in out
    assert dump(kith.url) == before  # guiding writes nothing


def test_json_stays_as_it_was(kith: Kith) -> None:
    assert kith.ok("today", "--json", as_of=TODAY).json() == []
    assert kith.ok("list", "--json", as_of=TODAY).json() == []
    assert kith.ok("health", "--json", as_of=TODAY).json()["contacts"] == 0


def test_steps_already_taken_are_marked_done(kith: Kith) -> None:
    kith.ok("job", "add", "me", "--org", "Acme", "--start", "2020-01-01", as_of=TODAY)
    lines = kith.ok("today", as_of=TODAY).stdout.splitlines()
    assert lines[1].startswith(" 1. Import") and "[done]" not in lines[1]
    assert any(ln.startswith(" 2. [done] Add your own jobs") for ln in lines)


def test_a_populated_database_with_nothing_due_is_quiet(kith: Kith) -> None:
    kith.ok("add", "Ann Lee", as_of=TODAY)
    out = kith.ok("today", as_of=TODAY).stdout
    assert out == f"Nobody is due on {TODAY}. Enjoy the quiet.\n"
    assert GUIDE not in kith.ok("health", as_of=TODAY).stdout


def test_the_web_today_page_guides_then_goes_quiet(web, kith: Kith) -> None:  # type: ignore[no-untyped-def]
    kith.ok("init")
    page = web.page("/today").text
    assert "Start here" in page and 'href="/import"' in page
    assert "Enjoy the quiet" not in page
    assert "kith " not in page  # no CLI syntax in a web page
    assert 'href="/me#positions"' in page
    me = kith.ok("show", "me", "--json").json()["id"]
    assert web.get("/me", follow_redirects=False).headers["location"] == f"/contacts/{me}"
    assert "Nobody here yet" in web.page("/contacts").text
    kith.ok("add", "Ann Lee")
    page = web.page("/today").text
    assert "Start here" not in page and "Enjoy the quiet" in page


def test_people_nobody_keeps_in_touch_with_say_how_to_choose(kith: Kith) -> None:
    """An import lands everyone in tier none: "enjoy the quiet" would read as all is well."""
    kith.ok("add", "Ann Lee", "--tier", "none", as_of=TODAY)
    kith.ok("add", "Bo Berg", "--tier", "none", as_of=TODAY)
    before = dump(kith.url)
    out = kith.ok("today", as_of=TODAY).stdout
    assert out.startswith(f"Nobody is due on {TODAY}: nobody is kept in touch with")
    assert "kith triage" in out and "--tier close" in out and "Enjoy the quiet" not in out
    out = kith.ok("agenda", "--days", "3", as_of=TODAY).stdout
    assert out.startswith("Nobody is due in the next 3 days: nobody is kept in touch with")
    assert kith.ok("today", "--json", as_of=TODAY).json() == []
    assert dump(kith.url) == before  # the hint writes nothing
    kith.ok("edit", "Bo Berg", "--cadence", "45", as_of=TODAY)  # a cadence of one's own
    assert kith.ok("today", as_of=TODAY).stdout == f"Nobody is due on {TODAY}. Enjoy the quiet.\n"
    kith.ok("edit", "Bo Berg", "--tier", "wide", as_of=TODAY)
    assert "Enjoy the quiet" in kith.ok("today", as_of=TODAY).stdout


def test_the_web_today_page_says_how_to_choose_too(web, kith: Kith) -> None:  # type: ignore[no-untyped-def]
    kith.ok("add", "Ann Lee", "--tier", "none")
    page = web.page("/today").text
    assert "nobody is kept in touch with" in page and 'href="/triage"' in page
    assert "Enjoy the quiet" not in page
    kith.ok("edit", "Ann Lee", "--tier", "close")
    page = web.page("/today").text
    assert "Enjoy the quiet" in page and "nobody is kept in touch with" not in page
