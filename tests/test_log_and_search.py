"""kith log (kinds, directions, several people) and full-text search."""

from __future__ import annotations

from datetime import date, timedelta


def test_log_knows_which_way_a_kind_goes(kith):
    kith.ok("add", "Ann Lee")
    expected = {
        "checkin": "neutral",
        "like": "neutral",
        "congrats": "give",
        "shared_lead": "give",
        "reference_given": "give",
        "referral_ask": "ask",
        "favor_ask": "ask",
    }
    for kind, nature in expected.items():
        assert kith.ok("log", "Ann", "--kind", kind, "--json").json()["nature"] == nature


def test_log_defaults_to_an_outbound_email_checkin_today(kith):
    kith.ok("add", "Ann Lee")
    kith.ok("log", "Ann", as_of="2026-03-10")
    (i,) = kith.ok("show", "Ann", "--json").json()["interactions"]
    assert (i["date"], i["channel"], i["kind"], i["direction"]) == (
        "2026-03-10",
        "email",
        "checkin",
        "outbound",
    )


def test_log_accepts_today_and_yesterday(kith):
    kith.ok("add", "Ann Lee")
    kith.ok(
        "log", "Ann", "--date", "yesterday", "--inbound", "--channel", "call", as_of="2026-03-01"
    )
    (i,) = kith.ok("show", "Ann", "--json").json()["interactions"]
    assert i["date"] == "2026-02-28" and i["direction"] == "inbound"


def test_one_interaction_can_involve_several_people(kith):
    kith.ok("add", "Ann Lee")
    kith.ok("add", "Bo Chan")
    kith.ok(
        "log",
        "Ann",
        "Bo",
        "--channel",
        "meeting",
        "--topic",
        "Hiring",
        "--topic",
        "hiring",
        "--note",
        "lunch at the office",
        "--time",
        "12:30",
    )
    for who in ("Ann", "Bo"):
        (i,) = kith.ok("show", who, "--json").json()["interactions"]
        assert {p["name"] for p in i["with"]} == {"Ann Lee", "Bo Chan"}
        assert i["topics"] == ["hiring"] and i["time"] == "12:30"


def test_interactions_are_shown_newest_first(kith):
    kith.ok("add", "Ann Lee")
    start = date(2026, 1, 1)
    for n in (3, 1, 2):
        kith.ok("log", "Ann", "--date", (start + timedelta(days=n)).isoformat())
    dates = [i["date"] for i in kith.ok("show", "Ann", "--json").json()["interactions"]]
    assert dates == ["2026-01-04", "2026-01-03", "2026-01-02"]


def test_search_finds_names_details_notes_and_interactions(kith):
    kith.ok("add", "Priya Raman", "--note", "met through the Rust meetup")
    kith.ok("add", "Tom Okafor", "--how-met", "Berlin conference")
    kith.ok("detail", "Tom", "hobby", "restores vintage motorcycles")
    kith.ok("log", "Priya", "--note", "discussed the kubernetes migration")
    by_query = {
        q: kith.ok("search", q, "--json").json()
        for q in ("priya", "rust", "motorcycle", "kubernetes migr", "berlin", "nothingatall")
    }
    assert [(h["name"], h["kind"]) for h in by_query["priya"]] == [("Priya Raman", "contact")]
    assert [(h["name"], h["kind"]) for h in by_query["rust"]] == [("Priya Raman", "contact")]
    assert [(h["name"], h["kind"]) for h in by_query["motorcycle"]] == [("Tom Okafor", "detail")]
    hit = by_query["kubernetes migr"][0]
    assert (hit["name"], hit["kind"]) == ("Priya Raman", "interaction")
    assert "[kubernetes]" in hit["snippet"]
    assert set(hit) == {"contact_id", "name", "kind", "snippet"}
    assert [h["name"] for h in by_query["berlin"]] == ["Tom Okafor"]
    assert by_query["nothingatall"] == []


def test_search_follows_edits_and_ignores_query_syntax(kith):
    kith.ok("add", "Ann Lee", "--note", "likes chess")
    kith.ok("edit", "Ann", "--note", "likes go")
    assert kith.ok("search", "chess", "--json").json() == []
    assert len(kith.ok("search", "go", "--json").json()) == 1
    for weird in ('"', "AND OR NOT", "a*(b", "'; drop table contacts; --", "NEAR(x y)"):
        kith.ok("search", weird, "--json")


def test_search_table_output(kith):
    kith.ok("add", "Priya Raman")
    out = kith.ok("search", "priya").stdout
    assert "Priya Raman" in out and "1 result for" in out


def test_search_without_results_says_so_in_a_sentence(kith):
    kith.ok("add", "Priya Raman")
    out = kith.ok("search", "zebra").stdout
    assert out == "No results for 'zebra'.\n"
    assert kith.ok("search", "zebra", "--json").json() == []
