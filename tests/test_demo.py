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


def test_demo_data_is_consistent(db):
    """No tie starts before the job it comes from; a like carries no conversation."""
    from datetime import date

    from sqlalchemy import select

    from kithkin.core.book import jobs
    from kithkin.core.vocabulary import LIGHT_KINDS
    from kithkin.demo import sample
    from kithkin.store.tables import Contact, Interaction, InteractionTopic, Relationship

    with db.session() as s:
        sample.build(s)
        me = s.scalars(select(Contact).where(Contact.is_me.is_(True))).one()
        ties = s.scalars(select(Relationship)).all()
        assert len(ties) >= 10
        for tie in ties:
            c = tie.contact
            starts = [p.start_date for p in c.positions if p.start_date]
            assert tie.since is None or not starts or tie.since >= min(starts), c.display_name
            spans = [
                span
                for mine in me.positions
                for theirs in c.positions
                if (span := jobs.shared_span(mine, theirs))
            ]
            if spans and tie.type in ("manager", "mentor", "report", "colleague"):
                assert any((a or date.min) <= tie.since <= (b or date.max) for a, b in spans), (
                    f"{c.display_name}: {tie.type} since {tie.since}, not while you worked together"
                )
        light = s.scalars(select(Interaction).where(Interaction.kind.in_(LIGHT_KINDS))).all()
        assert light, "the demo has likes"
        assert [i.id for i in light if i.note or i.subject] == []
        topics = s.scalars(
            select(InteractionTopic.interaction_id).where(
                InteractionTopic.interaction_id.in_([i.id for i in light])
            )
        ).all()
        assert topics == []
