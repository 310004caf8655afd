"""kith triage: the most worth sorting first, one key each, resumable, undoable."""

from __future__ import annotations

import pytest
from tests.conftest import Kith, dump

TODAY = "2026-03-02"


@pytest.fixture
def imported(kith: Kith) -> Kith:
    """You at Acme 2018-2022; people with and without a shared job, messages, connections."""
    k = kith
    k.ok("job", "add", "me", "--org", "Acme", "--start", "2018-01-01", "--end", "2022-12-31")
    for name in ("Quiet Quinn", "Old Olga", "Chatty Chen", "Acme Alice", "Later Lars", "Dnc Dora"):
        k.ok("add", name, "--tier", "wide", as_of=TODAY)
    k.ok("job", "add", "alice", "--org", "ACME", "--start", "2020-01-01", as_of=TODAY)
    # Lars joined Acme after you left: no shared job.
    k.ok("job", "add", "lars", "--org", "Acme", "--start", "2023-06-01", as_of=TODAY)
    for day in ("2025-01-10", "2025-02-10", "2025-03-10"):
        k.ok("log", "chen", "--date", day, as_of=TODAY)
    k.ok("log", "olga", "--date", "2024-05-01", as_of=TODAY)
    k.ok("log", "olga", "--channel", "social", "--kind", "like", "--date", "2024-06-01")
    k.ok("edit", "dora", "--do-not-contact", as_of=TODAY)
    return k


def names(run) -> list[str]:  # type: ignore[no-untyped-def]
    return [c["name"] for c in run.json()]


def test_the_order_is_shared_job_then_messages_then_recency(imported: Kith) -> None:
    queue = imported.ok("triage", "--json", as_of=TODAY).json()
    assert [c["name"] for c in queue] == [
        "Acme Alice",  # worked with you
        "Chatty Chen",  # 3 messages
        "Old Olga",  # 1 message (a like is not a message)
        "Quiet Quinn",  # nothing yet: in the order they came, among equals
        "Later Lars",  # (joined Acme after you left: no shared job)
    ]
    assert queue[0]["shared_jobs"] == [{"org": "Acme", "from": "2020-01-01", "to": "2022-12-31"}]
    assert queue[1]["messages"] == 3 and queue[1]["last_touch"] == "2025-03-10"
    assert queue[2]["messages"] == 1 and queue[2]["last_touch"] == "2024-06-01"
    assert names(imported.ok("triage", "--json", "--limit", "2", as_of=TODAY)) == [
        "Acme Alice",
        "Chatty Chen",
    ]


def test_a_job_you_have_not_started_shares_nothing_yet(imported: Kith) -> None:
    """Lars is at Acme; a job there that you start next month (`kith leave --new-org`)
    is no job shared with him today, so he does not jump the queue."""
    imported.ok("job", "add", "me", "--org", "Acme", "--start", "2026-04-01", as_of=TODAY)
    queue = imported.ok("triage", "--json", as_of=TODAY).json()
    lars = next(c for c in queue if c["name"] == "Later Lars")
    assert lars["shared_jobs"] == [] and queue[-1]["name"] == "Later Lars"
    later = imported.ok("triage", "--json", as_of="2026-04-02").json()
    assert [c["name"] for c in later][:2] == ["Acme Alice", "Later Lars"]


def test_a_job_you_start_is_shared_from_its_first_day(imported: Kith) -> None:
    """The boundary: the day before the job starts it shares nothing; on its first day
    it does."""
    imported.ok("job", "add", "me", "--org", "Acme", "--start", "2026-04-01", as_of=TODAY)
    for day, shared in (("2026-03-31", False), ("2026-04-01", True)):
        queue = imported.ok("triage", "--json", as_of=day).json()
        lars = next(c for c in queue if c["name"] == "Later Lars")
        assert bool(lars["shared_jobs"]) is shared, day


def test_one_key_each_and_it_resumes(imported: Kith) -> None:
    run = imported("triage", input="c n q", as_of=TODAY)
    assert run.exit_code == 0, run.stderr
    assert "→ close" in run.stdout and "→ not tracked" in run.stdout
    assert "Stopped: 2 sorted this time, 3 people to go; kith triage resumes here." in run.stdout
    assert imported.ok("show", "alice", "--json").json()["tier"] == "close"
    assert imported.ok("show", "chen", "--json").json()["tier"] == "none"
    # The next run starts with the next person.
    assert names(imported.ok("triage", "--json", as_of=TODAY))[0] == "Old Olga"
    run = imported("triage", input="k r w", as_of=TODAY)
    assert "Everyone is sorted." in run.stdout
    assert imported.ok("show", "olga", "--json").json()["tier"] == "wide"  # kept
    assert imported.ok("triage", "--json", as_of=TODAY).json() == []


def test_a_tie_keeps_the_person_for_a_tier(imported: Kith) -> None:
    run = imported("triage", "--limit", "1", input="m c", as_of=TODAY)
    assert "→ your manager" in run.stdout and "→ close" in run.stdout
    shown = imported.ok("show", "alice", "--json").json()
    assert shown["tier"] == "close"
    assert [t["type"] for t in shown["relationships"] if t["until"] is None] == ["manager"]


def test_skip_then_undo(imported: Kith) -> None:
    run = imported("triage", input="s c u q", as_of=TODAY)
    assert "undone: Chatty Chen is to sort again" in run.stdout
    assert imported.ok("show", "chen", "--json").json()["tier"] == "wide"
    assert names(imported.ok("triage", "--json", as_of=TODAY))[:2] == ["Acme Alice", "Chatty Chen"]


def test_unknown_keys_are_explained_and_nothing_is_written(imported: Kith) -> None:
    before = dump(imported.url)
    run = imported("triage", input="x ? q", as_of=TODAY)
    assert "unknown key 'x': ? shows the keys" in run.stdout
    assert "n not tracked" in run.stdout
    assert dump(imported.url) == before


def test_bad_limit_is_refused(imported: Kith) -> None:
    before = dump(imported.url)
    imported.bad("triage", "--limit", "0")
    assert dump(imported.url) == before


def test_triage_on_the_web(web, imported: Kith) -> None:  # type: ignore[no-untyped-def]
    page = web.page("/triage").text
    assert "Acme Alice" in page and "worked together" in page
    assert 'data-key="c"' in page and "5 people to sort" in page
    alice = imported.ok("show", "alice", "--json").json()["id"]
    done = web.form(f"/triage/{alice}/decide", {"choice": "close", "skip": "0"})
    assert done.status_code == 303
    page = web.get(done.headers["location"], headers={"accept": "text/html"}).text
    assert "Chatty Chen" in page and "Acme Alice" not in page
    assert imported.ok("show", "alice", "--json").json()["tier"] == "close"
    assert "Old Olga" in web.page("/triage?skip=1").text
    web.form("/triage/undo", {})
    assert imported.ok("show", "alice", "--json").json()["tier"] == "wide"
    assert web.form(f"/triage/{alice}/decide", {"choice": "maybe"}).status_code == 400
