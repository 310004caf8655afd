"""R11: job leads ranked to the people they fit (BM25), shared as a give."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import Kith, dump


@pytest.fixture
def crowd(kith: Kith) -> Kith:
    """A small crafted network: one clear fit, a partial fit, misfits, and an insider."""
    people = [
        (
            "Dana Fit",
            "Umbrella",
            "Senior Data Engineer",
            ["Python", "Apache Spark", "Airflow"],
            ["data pipelines"],
        ),
        ("Parker Partial", "Initech", "Backend Engineer", ["Python", "Go"], []),
        ("Sal Sales", "Vandelay", "Sales Director", ["negotiation"], ["golf"]),
        ("Hal Hr", "Vandelay", "HR Business Partner", ["recruiting"], ["yoga"]),
        ("Ian Insider", "Acme Inc.", "Data Engineer", ["Python", "Spark"], ["data pipelines"]),
    ]
    for name, org, title, skills, interests in people:
        kith.ok("add", name, "--org", org, "--title", title)
        for sk in skills:
            kith.ok("detail", name, "skill", sk)
        for it in interests:
            kith.ok("detail", name, "interest", it)
    return kith


def test_a_clear_fit_ranks_above_a_partial_fit_and_misfits_are_left_out(
    crowd: Kith, tmp_path: Path
) -> None:
    posting = tmp_path / "posting.txt"
    posting.write_text(
        "We are building data pipelines with Spark; engineers who love "
        "Python and orchestration (Airflow) will thrive.",
        encoding="utf-8",
    )
    lead_id = crowd.ok(
        "lead",
        "add",
        "Data Engineering Lead",
        "--org",
        "ACME",
        "--skills",
        "python, spark",
        "--url",
        "https://acme.example/jobs/1",
        "--text-file",
        str(posting),
        "--json",
    ).json()["id"]
    rows = crowd.ok("lead", "match", str(lead_id), "--json").json()
    names = [r["name"] for r in rows]
    assert names[:2] == ["Dana Fit", "Parker Partial"]
    assert rows[0]["score"] > rows[1]["score"] > 0
    # Misfits share nothing with the lead; the insider works at the lead's organization.
    assert "Sal Sales" not in names and "Hal Hr" not in names
    assert "Ian Insider" not in names
    assert set(rows[0]) >= {"contact_id", "name", "score"}
    # "Engineering" in the lead matches "Engineer" in a title: not keyword equality.
    assert "engineer" in rows[0]["matched"]


def test_insider_who_left_the_org_is_matched(crowd: Kith) -> None:
    crowd.ok(
        "edit", "Ian Insider", "--org", "Globex", "--title", "Data Engineer", as_of="2026-01-10"
    )
    lead = crowd.ok(
        "lead", "add", "Data Engineer", "--org", "Acme", "--skills", "spark", "--json"
    ).json()["id"]
    # His job at Acme ended on 2026-01-10: on that day he still works there.
    names = [
        r["name"] for r in crowd.ok("lead", "match", str(lead), "--json", as_of="2026-01-10").json()
    ]
    assert "Ian Insider" not in names
    names = [
        r["name"] for r in crowd.ok("lead", "match", str(lead), "--json", as_of="2026-01-11").json()
    ]
    assert names[0] in {"Ian Insider", "Dana Fit"} and "Ian Insider" in names


def test_share_logs_a_give_once_per_day(crowd: Kith) -> None:
    lead = str(crowd.ok("lead", "add", "Data Engineer", "--org", "Acme", "--json").json()["id"])
    out = crowd.ok("lead", "share", lead, "Dana", "--json", as_of="2026-02-03").json()
    assert out["kind"] == "shared_lead" and out["nature"] == "give"
    crowd.ok("lead", "share", "data eng", "Dana", as_of="2026-02-03")
    shown = crowd.ok("show", "Dana", "--json").json()
    assert [i["kind"] for i in shown["interactions"]] == ["shared_lead"]
    assert shown["balance"]["give"] == 1
    listed = crowd.ok("lead", "list", "--json").json()
    assert listed[0]["shared_with"][0]["name"] == "Dana Fit"
    assert listed[0]["org"] == "Acme Inc."


def test_lead_add_prints_the_id(crowd: Kith) -> None:
    run = crowd.ok("lead", "add", "Designer", "--org", "Initech")
    assert run.stdout.strip().isdigit()


def test_lead_bad_input_changes_nothing(crowd: Kith, tmp_path: Path) -> None:
    crowd.ok("lead", "add", "Data Engineer", "--org", "Acme")
    crowd.ok("lead", "add", "Data Scientist", "--org", "Acme")
    before = dump(crowd.url)
    assert (
        "cannot read --text-file"
        in crowd.bad(
            "lead", "add", "X", "--org", "Acme", "--text-file", str(tmp_path / "nope.txt")
        ).stderr
    )
    assert "needs a title" in crowd.bad("lead", "add", " ", "--org", "Acme").stderr
    assert "invalid organization" in crowd.bad("lead", "add", "X", "--org", " - ").stderr
    assert "no lead with id" in crowd.bad("lead", "match", "42").stderr
    assert "matches 2 leads" in crowd.bad("lead", "match", "data").stderr
    assert "no contact" in crowd.bad("lead", "share", "1", "Nobody").stderr
    assert (
        "unknown channel" in crowd.bad("lead", "share", "1", "Dana", "--channel", "pigeon").stderr
    )
    crowd.bad("lead", "add", "X")  # --org is required
    assert dump(crowd.url) == before
