"""Migrations are the only way the schema is made, and they agree with the tables."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from kithkin.store.db import MIGRATIONS_DIR, SCHEMA_HEAD
from kithkin.store.tables import Base


def _script() -> ScriptDirectory:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(cfg)


def test_schema_head_constant_is_alembics_single_head():
    assert _script().get_heads() == [SCHEMA_HEAD]


def test_migrated_schema_matches_the_tables(db):
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    # The search columns and tables are added by the migration on purpose, outside the ORM.
    meaningful = [d for d in diff if "search" not in repr(d)]
    assert meaningful == []


def test_opening_twice_is_a_no_op(db_url):
    from kithkin.store.db import open_db

    first = open_db(db_url)
    assert first.current_revision() == SCHEMA_HEAD
    first.dispose()
    open_db(db_url).dispose()


def test_downgrade_to_base_and_up_again(db):
    from alembic import command

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    assert db.current_revision() is None
    db.migrate()
    assert db.current_revision() == SCHEMA_HEAD


def test_0002_fills_the_link_copies_of_an_existing_history(db_url):
    """Upgrading a database made at 0001 copies each interaction onto its links."""
    from alembic import command
    from sqlalchemy import text

    from kithkin.demo import sample
    from kithkin.store.db import open_db

    db = open_db(db_url)
    with db.session() as s:
        sample.build(s)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
    assert db.current_revision() == "0001"
    db.migrate()
    with db.engine.connect() as conn:
        links = conn.execute(text("SELECT count(*) FROM interaction_contacts")).scalar_one()
        bad = conn.execute(
            text(
                "SELECT count(*) FROM interaction_contacts ic"
                " JOIN interactions i ON i.id = ic.interaction_id"
                " WHERE ic.occurred_on != i.occurred_on OR ic.direction != i.direction"
                " OR ic.nature != i.nature OR ic.light != (i.kind IN ('like', 'comment'))"
                " OR ic.channel != i.channel"
            )
        ).scalar_one()
    db.dispose()
    assert links > 100 and bad == 0


def test_0005_triage_marks_go_down_and_up_with_the_data_kept(db_url):
    """Downgrading drops only the triage marks; upgrading again adds an empty table."""
    from alembic import command
    from sqlalchemy import text

    from kithkin.core.book import contacts, triage
    from kithkin.demo import sample
    from kithkin.store.db import open_db

    db = open_db(db_url)
    with db.session() as s:
        sample.build(s)
        for person in triage.queue(s, 3):
            triage.decide(s, contacts.get(s, person.contact_id), "close")

    def counts() -> tuple[int, int]:
        with db.engine.connect() as conn:
            return (
                conn.execute(text("SELECT count(*) FROM contacts")).scalar_one(),
                conn.execute(
                    text("SELECT count(*) FROM contacts WHERE tier = 'close'")
                ).scalar_one(),
            )

    before = counts()
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0004")
    assert "triage_marks" not in db.table_names()
    assert counts() == before  # the tiers chosen stay
    db.migrate()
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM triage_marks")).scalar_one() == 0
    assert counts() == before
    db.dispose()
