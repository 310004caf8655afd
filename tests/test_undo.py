"""Mistakes can be undone from the command line: interactions, positions, occasions,
personal details and ties are corrected (``edit``) or forgotten (``rm``) by the id
``kith show`` prints, and every rule recomputes from what is left.
"""

from __future__ import annotations

from conftest import dump
from test_agenda_rules import add, today


def logged(kith, who: int, when: str, *opts: str) -> int:  # type: ignore[no-untyped-def]
    return int(kith.ok("log", str(who), "--date", when, *opts, "--json", as_of=when).json()["id"])


def shown(kith, who: int, as_of: str = "2025-06-01") -> dict:  # type: ignore[no-untyped-def,type-arg]
    return kith.ok("show", str(who), "--json", as_of=as_of).json()  # type: ignore[no-any-return]


def test_removing_the_third_outreach_brings_them_back(kith):  # type: ignore[no-untyped-def]
    ann = add(kith, "Ann Lee", "--tier", "close")
    ids = [logged(kith, ann, d) for d in ("2025-01-01", "2025-02-01", "2025-03-01")]
    assert shown(kith, ann)["health"]["state"] == "no_reply"
    assert ann not in today(kith, "2025-06-01")
    kith.ok("log", "rm", str(ids[-1]), as_of="2025-06-01")
    assert shown(kith, ann)["health"]["unanswered_outreach"] == 2
    assert today(kith, "2025-06-01")[ann]["reason"] == "reconnect"
    assert [i["id"] for i in shown(kith, ann)["interactions"]] == ids[1::-1]


def test_correcting_the_channel_to_a_call_answers_the_outreach(kith):  # type: ignore[no-untyped-def]
    ann = add(kith, "Ann Lee", "--tier", "close")
    ids = [logged(kith, ann, d) for d in ("2025-01-01", "2025-02-01", "2025-03-01")]
    out = kith.ok(
        "log", "edit", str(ids[-1]), "--channel", "call", "--note", "we talked", "--json"
    ).json()
    assert out["channel"] == "call" and out["note"] == "we talked"
    h = shown(kith, ann)["health"]
    assert h["state"] != "no_reply" and h["unanswered_outreach"] == 0
    kith.ok("log", "edit", str(ids[0]), "--kind", "favor_ask", "--inbound", "--topic", "rust")
    first = shown(kith, ann)["interactions"][-1]
    assert (first["kind"], first["nature"], first["direction"], first["topics"]) == (
        "favor_ask",
        "ask",
        "inbound",
        ["rust"],
    )
    kith.ok("log", "edit", str(ids[0]), "--date", "2024-12-01")
    assert shown(kith, ann)["interactions"][-1]["date"] == "2024-12-01"


def test_bad_corrections_are_refused_and_change_nothing(kith, db_url):  # type: ignore[no-untyped-def]
    ann = add(kith, "Ann Lee")
    iid = logged(kith, ann, "2025-01-01")
    before = dump(db_url)
    kith.bad("log", "edit", str(iid), "--kind", "bribe")
    kith.bad("log", "edit", str(iid), "--channel", "pigeon")
    kith.bad("log", "edit", "999", "--note", "x")
    kith.bad("log", "rm", "999")
    kith.bad("job", "rm", "999")
    kith.bad("occasion", "rm", "999")
    kith.bad("detail", "rm", "999")
    kith.bad("tie", "rm", "999")
    kith.bad("log", "rm", "one")
    assert dump(db_url) == before


def test_show_lists_every_id_a_correction_needs(kith):  # type: ignore[no-untyped-def]
    ann = add(kith, "Ann Lee")
    iid = logged(kith, ann, "2025-01-01")
    kith.ok("job", "add", str(ann), "--org", "Acme", "--start", "2020-01-01")
    kith.ok("detail", str(ann), "hobby", "sailing")
    kith.ok("tie", str(ann), "mentor", "--since", "2024-01-01")
    kith.ok("occasion", "add", str(ann), "--kind", "promotion", "--date", "2025-01-02")
    d = shown(kith, ann, "2025-01-03")
    text = kith.ok("show", str(ann), as_of="2025-01-03").stdout
    assert f"#{iid}" in text
    assert f"job #{d['positions'][0]['id']}" in text
    assert f"detail #{d['personal_details'][0]['id']}" in text
    assert f"tie #{d['relationships'][0]['id']}" in text
    assert f"occasion #{d['occasions'][0]['id']}" in text


def test_a_position_corrected_or_removed_moves_the_first_touch(kith):  # type: ignore[no-untyped-def]
    kith.ok("job", "add", "me", "--org", "Acme", "--start", "2020-01-01", "--end", "2025-03-01")
    jane = add(kith, "Jane Doe")
    pos = kith.ok(
        "job", "add", str(jane), "--org", "Acme", "--start", "2021-01-01", "--json"
    ).json()["id"]
    assert today(kith, "2025-03-20")[jane]["reason"] == "first_touch"
    kith.ok("job", "edit", str(pos), "--org", "Initech")  # not Acme after all
    assert today(kith, "2025-03-20")[jane]["reason"] == "cadence_due"
    kith.ok("job", "edit", str(pos), "--org", "Acme", "--end", "2024-01-01", "--title", "CTO")
    p = shown(kith, jane)["positions"][0]
    assert (p["org"], p["title"], p["end"]) == ("Acme", "CTO", "2024-01-01")
    kith.bad("job", "edit", str(pos), "--end", "2019-01-01")  # before the start
    kith.ok("job", "edit", str(pos), "--current")
    assert shown(kith, jane)["positions"][0]["end"] is None
    kith.ok("job", "rm", str(pos))
    assert shown(kith, jane)["positions"] == []
    assert today(kith, "2025-03-20")[jane]["reason"] == "cadence_due"


def test_an_occasion_removed_is_not_congratulated(kith):  # type: ignore[no-untyped-def]
    ann = add(kith, "Ann Lee", "--tier", "wide")
    logged(kith, ann, "2025-01-01")
    oid = kith.ok(
        "occasion", "add", str(ann), "--kind", "promotion", "--date", "2025-02-01", "--json"
    ).json()["id"]
    assert today(kith, "2025-02-03")[ann]["reason"] == "congratulate"
    kith.ok("occasion", "rm", str(oid))
    assert ann not in today(kith, "2025-02-03")
    assert shown(kith, ann)["occasions"] == []


def test_details_and_ties_corrected_or_forgotten(kith):  # type: ignore[no-untyped-def]
    ann = add(kith, "Ann Lee")
    kith.ok("detail", str(ann), "hobby", "sailing")
    kith.ok("tie", str(ann), "manager", "--since", "2023-01-01")
    kith.ok("tie", str(ann), "mentor", "--since", "2024-06-01")
    d = shown(kith, ann)
    did = d["personal_details"][0]["id"]
    kith.ok("detail", "edit", str(did), "--fact", "rowing", "--category", "interest")
    draft = kith.ok("draft", str(ann), "--occasion", "checkin", "--json").json()
    assert "rowing" in draft["text"]
    kith.ok("detail", "rm", str(did))
    draft = kith.ok("draft", str(ann), "--occasion", "checkin", "--json").json()
    assert "rowing" not in draft["text"] and "detail" not in draft["facts"]
    manager, mentor = sorted(shown(kith, ann)["relationships"], key=lambda r: r["since"])
    kith.ok("tie", "rm", str(mentor["id"]))  # the mentor tie was a mistake
    kith.ok("tie", "edit", str(manager["id"]), "--current")  # still my manager
    ties = shown(kith, ann)["relationships"]
    assert [(r["type"], r["until"]) for r in ties] == [("manager", None)]
    kith.bad("tie", "edit", str(manager["id"]), "--type", "overlord")


def test_adding_still_reads_as_before(kith):  # type: ignore[no-untyped-def]
    ann = add(kith, "Ann Lee")
    kith.ok("log", "Ann", "--kind", "thanks", "--channel", "letter")
    kith.ok("detail", "Ann", "family", "two kids")
    kith.ok("tie", "Ann", "friend")
    d = shown(kith, ann)
    assert d["interactions"][0]["channel"] == "letter"
    assert d["personal_details"][0]["fact"] == "two kids"
    assert d["relationships"][0]["type"] == "friend"
    kith.bad("log")  # no contact: refused as before
