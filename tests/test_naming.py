"""Contacts, events and leads are named by one rule: id, exact name, or a unique fragment."""

from __future__ import annotations

from tests.conftest import Kith, dump

TODAY = "2026-02-02"


def test_an_exact_name_wins_over_names_that_contain_it_for_every_kind(kith: Kith) -> None:
    kith.ok("add", "Ann Lee", as_of=TODAY)
    kith.ok("add", "Ann Leeds", as_of=TODAY)
    kith.ok("event", "add", "PyCon", "--date", "2026-01-20", as_of=TODAY)
    kith.ok("event", "add", "PyCon Sprints", "--date", "2026-01-22", as_of=TODAY)
    kith.ok("lead", "add", "Data Engineer", "--org", "Umbrella", as_of=TODAY)
    kith.ok("lead", "add", "Senior Data Engineer", "--org", "Umbrella", as_of=TODAY)

    shown = kith.ok("show", "ann lee", "--json", as_of=TODAY).json()
    assert shown["name"] == "Ann Lee"
    met = kith.ok("event", "met", "pycon", "Ann Lee", as_of=TODAY).stdout
    assert "PyCon" in met and "Sprints" not in met
    # A lead's exact title wins too (it used to be "matches 2 leads").
    matched = kith.ok("lead", "match", "data engineer", "--json", as_of=TODAY)
    assert matched.exit_code == 0

    before = dump(kith.url)
    for args, kind in (
        (("show", "Ann"), "contacts"),
        (("event", "met", "Py", "Ann Lee"), "events"),
        (("lead", "match", "Engineer"), "leads"),
    ):
        err = kith.bad(*args, as_of=TODAY).stderr
        assert f"matches 2 {kind}: #" in err, err
    for args in (("show", "Zed"), ("event", "met", "Nope", "Ann Lee"), ("lead", "match", "Chef")):
        assert "no " in kith.bad(*args, as_of=TODAY).stderr
    assert dump(kith.url) == before
