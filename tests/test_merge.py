"""kith merge keeps everything of both records; kith dupes lists likely pairs."""

from __future__ import annotations

import random
from datetime import date

from bench import bulk
from rapidfuzz import fuzz
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from conftest import dump
from kithkin import jsontext
from kithkin.core.book import orgs
from kithkin.core.book.contacts import ContactInput
from kithkin.core.exchange import likely, merging
from kithkin.core.exchange.matching import NAME_THRESHOLD
from kithkin.store.tables import DistinctPair, Interaction, InteractionContact, Occasion

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


def _every_pair(s: Session) -> list[tuple[int, int, int, str]]:
    """kith dupes's pairs found the plain way: every two people of a block compared."""
    people, blocks = likely._people(s)
    apart = set(s.execute(select(DistinctPair.low_id, DistinctPair.high_id)).tuples())
    found: dict[tuple[int, int], tuple[int, str]] = {}
    for ids in blocks.values():
        for i, a_id in enumerate(ids):
            for b_id in ids[i + 1 :]:
                a, b = people[a_id], people[b_id]
                key = (min(a_id, b_id), max(a_id, b_id))
                score = round(fuzz.token_sort_ratio(a.folded, b.folded))
                if score < NAME_THRESHOLD or key in apart:
                    continue
                if a.linkedin and b.linkedin and not a.linkedin & b.linkedin:
                    continue
                reason = "similar names"
                if a.org and b.org:
                    same = orgs.same(a.org, b.org)
                    reason += ", same organization" if same else ", different organizations"
                found[key] = (score, reason)
    for key in likely._same_numbers(s, people):
        if key not in apart and key not in found:
            a, b = people[key[0]], people[key[1]]
            found[key] = (round(fuzz.token_sort_ratio(a.folded, b.folded)), "same phone number")
    pairs = [(a, b, score, reason) for (a, b), (score, reason) in found.items()]
    return sorted(pairs, key=lambda p: (-p[2], p[0], p[1]))


def test_dupes_of_namesakes_are_what_comparing_every_two_people_finds(db):
    # A block's names are compared once each, however many people bear them: the same
    # pairs, scores, reasons and order as every two people compared, and the kept text
    # is the records' encoding byte for byte.
    rng = random.Random(14)
    given = ["Wei", "Wai", "Wen", "Anh", "Anna", "Ana", "Hans", "Hanns", "Jörg", "Jorg", "Li"]
    family = ["Wang", "Nguyen", "Müller", "Kim", "Mueller"]
    people = []
    for i in range(300):
        first, last = rng.choice(given), rng.choice(family)
        name = rng.choice([f"{first} {last}", f"{first} A. {last}", f"{last} {first}", first])
        people.append(
            ContactInput(
                name=name,
                emails=[f"p{i}@example.org"],
                org=rng.choice([None, "Acme", "Acme Inc", "Globex", "Initech"]),
                urls=[f"https://www.linkedin.com/in/p{rng.randint(0, 40)}"] * (i % 3 == 0),
                phones=[f"+1 212 555 {rng.randint(0, 30):04d}"] * (i % 4 == 0),
            )
        )
    with db.session() as s:
        ids = bulk.bulk_add(s, people)
        for a, b in zip(ids[:40], ids[40:80], strict=True):
            merging.keep_apart(s, a, b)
    with db.session() as s:
        expected = _every_pair(s)
        assert len(expected) > 500
        assert [(p.a, p.b, p.score, p.reason) for p in likely.dupes(s)] == expected
        dump = jsontext.item_encoder()
        assert merging.dupe_items(s) == [dump(r) for r in merging.dupe_records(s)]
