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


def test_a_name_typed_without_its_accents_names_the_person(kith: Kith) -> None:
    """Most keyboards make "José" or "Sören" hard to type, and search already finds
    them by "jose": naming them on the command line must too, when nothing matches
    the text as typed."""
    kith.ok("add", "José García López", as_of=TODAY)
    kith.ok("add", "Sören Kierkegaard", as_of=TODAY)
    kith.ok("add", "Zoë Müller", as_of=TODAY)
    kith.ok("add", "Zoe Mueller", as_of=TODAY)
    kith.ok("event", "add", "Café Sessions", "--date", "2026-01-20", as_of=TODAY)

    assert kith.ok("show", "jose", "--json", as_of=TODAY).json()["name"] == "José García López"
    assert kith.ok("show", "garcia lopez", "--json", as_of=TODAY).json()["name"] == (
        "José García López"
    )
    assert kith.ok("show", "SOREN", "--json", as_of=TODAY).json()["name"] == "Sören Kierkegaard"
    assert kith.ok("show", "zoe muller", "--json", as_of=TODAY).json()["name"] == "Zoë Müller"
    # What matches as typed still wins: "zoe" is Zoe Mueller, not ambiguous with Zoë.
    assert kith.ok("show", "zoe", "--json", as_of=TODAY).json()["name"] == "Zoe Mueller"
    logged = kith.ok("log", "soren", "--note", "coffee", as_of=TODAY).stdout
    assert "Sören Kierkegaard" in logged
    assert "Café Sessions" in kith.ok("event", "met", "cafe", "jose", as_of=TODAY).stdout

    # "lopez" as typed is Renée Lopez alone: the accented name is no second candidate.
    kith.ok("add", "Renée Lopez", as_of=TODAY)
    assert kith.ok("show", "lopez", "--json", as_of=TODAY).json()["name"] == "Renée Lopez"
    assert kith.ok("show", "renee", "--json", as_of=TODAY).json()["name"] == "Renée Lopez"
    kith.ok("add", "Ana Muñoz", as_of=TODAY)
    kith.ok("add", "Ana Muñiz", as_of=TODAY)
    before = dump(kith.url)
    err = kith.bad("show", "ana mun", as_of=TODAY).stderr
    assert "'ana mun' matches 2 contacts" in err and "Ana Muñiz" in err and "Ana Muñoz" in err
    assert "no contact matches 'xavier'" in kith.bad("log", "xavier", as_of=TODAY).stderr
    assert dump(kith.url) == before
