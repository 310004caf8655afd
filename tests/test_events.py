"""R13: events and the people met there (`kith event`)."""

from __future__ import annotations

from sqlalchemy import select
from tests.conftest import Kith, dump

from kithkin.store.tables import Contact, EventContact


def test_met_links_known_and_creates_unknown_people(kith: Kith, db) -> None:  # type: ignore[no-untyped-def]
    kith.ok("add", "Kim Known", "--how-met", "worked together at Hooli")
    kith.ok("add", "Nia Nobody")
    eid = kith.ok(
        "event", "add", "PyCon US", "--date", "2026-05-14", "--place", "Pittsburgh", "--json"
    ).json()["id"]
    run = kith.ok(
        "event", "met", "pycon", "Kim Known", "Nia", "Tess Stranger", "--json", as_of="2026-05-15"
    )
    out = run.json()
    assert out["follow_up_by"] == "2026-05-17"
    assert [(p["name"], p["created"]) for p in out["added"]] == [
        ("Kim Known", False),
        ("Nia Nobody", False),
        ("Tess Stranger", True),
    ]
    with db.session() as s:
        linked = set(s.scalars(select(EventContact.contact_id).where(EventContact.event_id == eid)))
        people = {c.display_name: c for c in s.scalars(select(Contact))}
        assert linked == {people[n].id for n in ("Kim Known", "Nia Nobody", "Tess Stranger")}
        assert {people[n].met_at_event_id for n in ("Nia Nobody", "Tess Stranger")} == {eid}
        assert people["Tess Stranger"].how_met == "met at PyCon US"
        assert people["Nia Nobody"].how_met == "met at PyCon US"
        # What was already known about how we met is kept.
        assert people["Kim Known"].how_met == "worked together at Hooli"
        assert people["Kim Known"].met_at_event_id == eid
    # Meeting the same person twice links them once.
    kith.ok("event", "met", str(eid), "Tess Stranger", as_of="2026-05-15")
    listed = kith.ok("event", "list", "--json").json()
    assert [p["name"] for p in listed[0]["people"]] == ["Kim Known", "Nia Nobody", "Tess Stranger"]


def test_event_bad_input_changes_nothing(kith: Kith) -> None:
    kith.ok("add", "Jo One")
    kith.ok("add", "Jo Two")
    kith.ok("event", "add", "KubeCon", "--date", "2026-04-01")
    kith.ok("event", "add", "KubeCon Paris", "--date", "2026-06-01")
    before = dump(kith.url)
    assert (
        "matches 2 contacts" in kith.bad("event", "met", "KubeCon", "Jo", as_of="2026-04-02").stderr
    )
    assert "after today" in kith.bad("event", "met", "Paris", "Jo One", as_of="2026-05-01").stderr
    assert "no event matches" in kith.bad("event", "met", "DevConf", "Jo One").stderr
    assert "no event with id" in kith.bad("event", "met", "99", "Jo One").stderr
    assert (
        "no contact with id"
        in kith.bad("event", "met", "KubeCon", "999", as_of="2026-04-02").stderr
    )
    assert "invalid event date" in kith.bad("event", "add", "X", "--date", "soon").stderr
    assert "needs a name" in kith.bad("event", "add", "  ", "--date", "2026-01-01").stderr
    assert dump(kith.url) == before
    # An exact name wins over a longer one that contains it.
    kith.ok("event", "met", "KubeCon", "Jo One", as_of="2026-04-02")
