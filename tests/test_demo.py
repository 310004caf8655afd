"""kith demo builds a believable network, in its own database."""

from __future__ import annotations

from pathlib import Path


def test_demo_builds_about_150_people_over_4_past_jobs(kith):
    counts = kith.ok("demo", "--json", as_of="2026-11-02").json()
    assert 140 <= counts["contacts"] <= 160
    assert counts["interactions"] > 1000
    me = kith.ok("show", "me", "--json", as_of="2026-11-02").json()
    ended = [p for p in me["positions"] if p["end"]]
    assert len(ended) == 4
    assert ended[-1]["end"] == "2026-10-12"  # left three weeks ago: first touches are due
    people = kith.ok("list", "--json", as_of="2026-11-02").json()
    assert len(people) == counts["contacts"]
    stark = kith.ok("list", "--colleagues-at", "Stark Industries", "--json").json()
    assert len(stark) >= 30


def test_demo_refuses_to_overwrite_a_network(kith):
    kith.ok("add", "Ann Lee")
    kith.bad("demo")


def test_demo_without_db_goes_to_its_own_file(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from kithkin.cli.app import full_app

    app = full_app()

    result = CliRunner().invoke(app, ["demo", "--json"])
    assert result.exit_code == 0, result.stderr
    assert (
        Path(result.stdout and __import__("json").loads(result.stdout)["database"]).name
        == "demo.db"
    )
    assert not (tmp_path / "home" / "kithkin.db").exists()
