"""kith merge keeps everything of both records; kith dupes lists likely pairs."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from conftest import dump
from kithkin.store.tables import Interaction, InteractionContact, Occasion

AS_OF = "2026-03-01"


def test_merge_keeps_everything_of_both(kith, db):
    a = kith.ok("add", "Ada Lovelace", "--email", "ada@a.org", "--phone", "+44 20 7946 0001",
                "--tag", "math", "--org", "Engines", "--json", as_of=AS_OF).json()  # fmt: skip
    b = kith.ok("add", "Ada  Lovelace", "--email", "ada@b.org", "--phone", "+44 20 7946 0001",
                "--tag", "math", "--tag", "poetry", "--force", "--json",
                as_of=AS_OF).json()  # fmt: skip
    a_id, b_id = (x["id"] if isinstance(x, dict) else x for x in (a, b))
    kith.ok("job", "add", str(b_id), "--org", "Babbage Co", "--start", "2020-01-01",
            "--end", "2021-01-01", as_of=AS_OF)  # fmt: skip
    kith.ok("log", str(a_id), "--date", "2026-01-01", "--note", "a only", as_of=AS_OF)
    kith.ok("log", str(b_id), "--date", "2026-01-02", "--note", "b only", as_of=AS_OF)
    kith.ok("log", str(a_id), str(b_id), "--date", "2026-01-03", "--note", "both", as_of=AS_OF)
    kith.ok("detail", str(b_id), "hobby", "poetry", as_of=AS_OF)
    kith.ok("tie", str(b_id), "mentor", as_of=AS_OF)
    with db.session() as s:
        s.add(Occasion(contact_id=b_id, kind="new_role", occurred_on=date(2026, 2, 1),
                       source="linkedin"))  # fmt: skip
    pairs = kith.ok("dupes", "--json").json()
    assert [(p["a"]["id"], p["b"]["id"]) for p in pairs] == [(a_id, b_id)]
    out = kith.ok("merge", str(a_id), str(b_id), "--json", as_of=AS_OF).json()
    assert out == {"id": a_id, "name": "Ada Lovelace", "removed": b_id}
    kept = kith.ok("show", str(a_id), "--json").json()
    assert sorted(kept["emails"]) == ["ada@a.org", "ada@b.org"]
    assert kept["phones"] == ["+442079460001"]  # the same number once
    assert kept["tags"] == ["math", "poetry"]
    assert sorted(p["org"] for p in kept["positions"]) == ["Babbage Co", "Engines"]
    assert sorted(i["note"] for i in kept["interactions"]) == ["a only", "b only", "both"]
    assert [d["fact"] for d in kept["personal_details"]] == ["poetry"]
    assert [r["type"] for r in kept["relationships"]] == ["mentor"]
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Interaction)) == 3
        links = s.execute(select(InteractionContact.contact_id)).scalars().all()
        assert sorted(links) == [a_id, a_id, a_id]
        assert s.scalars(select(Occasion.contact_id)).all() == [a_id]
    assert kith.ok("dupes", "--json").json() == []
    kith.bad("show", str(b_id))


def test_merge_refusals(kith):
    a = kith.ok("add", "Ada Lovelace", "--json").json()
    a_id = a["id"] if isinstance(a, dict) else a
    before = dump(kith.url)
    assert "itself" in kith.bad("merge", str(a_id), str(a_id)).stderr
    kith.bad("merge", str(a_id), "999")
    assert dump(kith.url) == before


def _ids(kith, *names: str) -> list[int]:
    out = []
    for name in names:
        run = kith.ok("add", name, "--force", "--json", as_of=AS_OF).json()
        out.append(run["id"] if isinstance(run, dict) else run)
    return out


def _pairs(kith) -> list[tuple[int, int]]:
    return [(p["a"]["id"], p["b"]["id"]) for p in kith.ok("dupes", "--json").json()]


def test_distinct_keeps_a_pair_out_of_dupes(kith):
    a, b = _ids(kith, "Grace Hopper", "Grace  Hopper")
    assert _pairs(kith) == [(a, b)]
    assert "kith distinct A B" in kith.ok("dupes").stdout
    out = kith.ok("distinct", str(b), str(a), "--json").json()
    assert (out["a"]["id"], out["b"]["id"], out["new"]) == (b, a, True)
    assert out["a"]["name"] == "Grace Hopper"
    assert _pairs(kith) == []
    assert "no likely duplicates" in kith.ok("dupes").stdout
    again = kith.ok("distinct", str(a), str(b))
    assert "already noted" in again.stdout
    assert kith.ok("distinct", str(a), str(b), "--json").json()["new"] is False


def test_distinct_refusals_leave_the_database_as_it_was(kith):
    (a,) = _ids(kith, "Grace Hopper")
    before = dump(kith.url)
    assert "one contact" in kith.bad("distinct", str(a), str(a)).stderr
    assert "no contact" in kith.bad("distinct", str(a), "Nobody At All").stderr.lower()
    assert dump(kith.url) == before


def test_a_merge_keeps_apart_whoever_the_removed_record_was_kept_apart_from(kith):
    a, b, c = _ids(kith, "Alan Turing", "Alan  Turing", "Alan Turing.")
    assert len(_pairs(kith)) == 3
    kith.ok("distinct", str(b), str(c))
    kith.ok("distinct", str(a), str(b))
    kith.ok("merge", str(a), str(b), as_of=AS_OF)  # the user changed their mind
    assert _pairs(kith) == []  # a and c: kept apart through b
