"""Initial schema, with full-text search for each dialect.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-22 02:02:16.252223
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=300), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    op.create_table(
        "feed_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=200), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.Column("revoked_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feed_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_feed_tokens_token_hash")),
    )
    op.create_table(
        "import_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("ran_at", sa.DateTime(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_runs")),
    )
    op.create_table(
        "interactions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("occurred_at", sa.Time(), nullable=True),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("nature", sa.String(length=10), nullable=False),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("source_key", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interactions")),
        sa.UniqueConstraint("source", "source_key", name="uq_interactions_source_key"),
    )
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_interactions_occurred_on"), ["occurred_on"], unique=False
        )

    op.create_table(
        "organizations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("norm_name", sa.String(length=300), nullable=False),
        sa.Column("rehire_eligible", sa.Boolean(), nullable=True),
        sa.Column("rehire_note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organizations")),
    )
    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organizations_norm_name"), ["norm_name"], unique=False)

    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )
    op.create_table(
        "contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("is_me", sa.Boolean(), nullable=False),
        sa.Column("display_name", sa.String(length=300), nullable=False),
        sa.Column("name_prefix", sa.String(length=50), nullable=True),
        sa.Column("given_name", sa.String(length=150), nullable=True),
        sa.Column("middle_name", sa.String(length=150), nullable=True),
        sa.Column("family_name", sa.String(length=150), nullable=True),
        sa.Column("name_suffix", sa.String(length=50), nullable=True),
        sa.Column("nickname", sa.String(length=150), nullable=True),
        sa.Column("location", sa.String(length=300), nullable=True),
        sa.Column("time_zone", sa.String(length=64), nullable=True),
        sa.Column("how_met", sa.Text(), nullable=True),
        sa.Column("met_at_event_id", sa.Integer(), nullable=True),
        sa.Column("birthday", sa.String(length=10), nullable=True),
        sa.Column("connected_on", sa.Date(), nullable=True),
        sa.Column("tier", sa.String(length=10), nullable=False),
        sa.Column("cadence_days", sa.Integer(), nullable=True),
        sa.Column("preferred_channel", sa.String(length=20), nullable=True),
        sa.Column("min_interval_days", sa.Integer(), nullable=True),
        sa.Column("professional_only", sa.Boolean(), nullable=False),
        sa.Column("do_not_contact", sa.Boolean(), nullable=False),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("snoozed_until", sa.Date(), nullable=True),
        sa.Column("reset_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("photo", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("external_uid", sa.String(length=300), nullable=True),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["met_at_event_id"],
            ["events.id"],
            name=op.f("fk_contacts_met_at_event_id_events"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contacts")),
    )
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contacts_external_uid"), ["external_uid"], unique=False
        )

    op.create_table(
        "departure_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=30), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("contact_ids", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_departure_steps_org_id_organizations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_departure_steps")),
    )
    with op.batch_alter_table("departure_steps", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_departure_steps_org_id"), ["org_id"], unique=False)

    op.create_table(
        "interaction_topics",
        sa.Column("interaction_id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interactions.id"],
            name=op.f("fk_interaction_topics_interaction_id_interactions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("interaction_id", "topic", name=op.f("pk_interaction_topics")),
    )
    op.create_table(
        "leads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=True),
        sa.Column("skills", sa.Text(), nullable=False),
        sa.Column("url", sa.String(length=1000), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_leads_org_id_organizations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leads")),
    )
    op.create_table(
        "contact_emails",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("label", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_contact_emails_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_emails")),
        sa.UniqueConstraint("email", name=op.f("uq_contact_emails_email")),
    )
    with op.batch_alter_table("contact_emails", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contact_emails_contact_id"), ["contact_id"], unique=False
        )

    op.create_table(
        "contact_phones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_contact_phones_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_phones")),
    )
    with op.batch_alter_table("contact_phones", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contact_phones_contact_id"), ["contact_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_contact_phones_phone"), ["phone"], unique=False)

    op.create_table(
        "contact_tags",
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_contact_tags_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("contact_id", "tag", name=op.f("pk_contact_tags")),
    )
    with op.batch_alter_table("contact_tags", schema=None) as batch_op:
        batch_op.create_index("ix_contact_tags_tag", ["tag"], unique=False)

    op.create_table(
        "contact_urls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=1000), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_contact_urls_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_urls")),
    )
    with op.batch_alter_table("contact_urls", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contact_urls_contact_id"), ["contact_id"], unique=False
        )
        batch_op.create_index("ix_contact_urls_kind_url", ["kind", "url"], unique=False)

    op.create_table(
        "event_contacts",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_event_contacts_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_contacts_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "contact_id", name=op.f("pk_event_contacts")),
    )
    op.create_table(
        "interaction_contacts",
        sa.Column("interaction_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_interaction_contacts_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interactions.id"],
            name=op.f("fk_interaction_contacts_interaction_id_interactions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "interaction_id", "contact_id", name=op.f("pk_interaction_contacts")
        ),
    )
    with op.batch_alter_table("interaction_contacts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_interaction_contacts_contact", ["contact_id", "interaction_id"], unique=False
        )

    op.create_table(
        "occasions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_occasions_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_occasions")),
    )
    with op.batch_alter_table("occasions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_occasions_contact_id"), ["contact_id"], unique=False)

    op.create_table(
        "personal_details",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("fact", sa.Text(), nullable=False),
        sa.Column("learned_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_personal_details_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_personal_details")),
    )
    with op.batch_alter_table("personal_details", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_personal_details_contact_id"), ["contact_id"], unique=False
        )

    op.create_table(
        "plan_slots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=30), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("planned_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_plan_slots_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_slots")),
    )
    with op.batch_alter_table("plan_slots", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_slots_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_slots_day"), ["day"], unique=False)

    op.create_table(
        "positions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_positions_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_positions_org_id_organizations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_positions")),
    )
    with op.batch_alter_table("positions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_positions_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_positions_org_id"), ["org_id"], unique=False)

    op.create_table(
        "reference_agreements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=300), nullable=True),
        sa.Column("agreed_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_reference_agreements_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_agreements")),
    )
    with op.batch_alter_table("reference_agreements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reference_agreements_contact_id"), ["contact_id"], unique=False
        )

    op.create_table(
        "reference_asks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=300), nullable=False),
        sa.Column("asked_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_reference_asks_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_asks")),
    )
    with op.batch_alter_table("reference_asks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reference_asks_contact_id"), ["contact_id"], unique=False
        )

    op.create_table(
        "relationships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("since", sa.Date(), nullable=True),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_relationships_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relationships")),
    )
    with op.batch_alter_table("relationships", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_relationships_contact_id"), ["contact_id"], unique=False
        )

    _install_search()


def downgrade() -> None:
    _drop_search()
    with op.batch_alter_table("relationships", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_relationships_contact_id"))

    op.drop_table("relationships")
    with op.batch_alter_table("reference_asks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reference_asks_contact_id"))

    op.drop_table("reference_asks")
    with op.batch_alter_table("reference_agreements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reference_agreements_contact_id"))

    op.drop_table("reference_agreements")
    with op.batch_alter_table("positions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_positions_org_id"))
        batch_op.drop_index(batch_op.f("ix_positions_contact_id"))

    op.drop_table("positions")
    with op.batch_alter_table("plan_slots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_slots_day"))
        batch_op.drop_index(batch_op.f("ix_plan_slots_contact_id"))

    op.drop_table("plan_slots")
    with op.batch_alter_table("personal_details", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_personal_details_contact_id"))

    op.drop_table("personal_details")
    with op.batch_alter_table("occasions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_occasions_contact_id"))

    op.drop_table("occasions")
    with op.batch_alter_table("interaction_contacts", schema=None) as batch_op:
        batch_op.drop_index("ix_interaction_contacts_contact")

    op.drop_table("interaction_contacts")
    op.drop_table("event_contacts")
    with op.batch_alter_table("contact_urls", schema=None) as batch_op:
        batch_op.drop_index("ix_contact_urls_kind_url")
        batch_op.drop_index(batch_op.f("ix_contact_urls_contact_id"))

    op.drop_table("contact_urls")
    with op.batch_alter_table("contact_tags", schema=None) as batch_op:
        batch_op.drop_index("ix_contact_tags_tag")

    op.drop_table("contact_tags")
    with op.batch_alter_table("contact_phones", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_phones_phone"))
        batch_op.drop_index(batch_op.f("ix_contact_phones_contact_id"))

    op.drop_table("contact_phones")
    with op.batch_alter_table("contact_emails", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_emails_contact_id"))

    op.drop_table("contact_emails")
    op.drop_table("leads")
    op.drop_table("interaction_topics")
    with op.batch_alter_table("departure_steps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_departure_steps_org_id"))

    op.drop_table("departure_steps")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contacts_external_uid"))

    op.drop_table("contacts")
    op.drop_table("settings")
    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organizations_norm_name"))

    op.drop_table("organizations")
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interactions_occurred_on"))

    op.drop_table("interactions")
    op.drop_table("import_runs")
    op.drop_table("feed_tokens")
    op.drop_table("events")


# Full-text search. SQLite: one FTS5 table fed by triggers, rowid = ref_id * 4 + kind
# code so a delete is a rowid lookup. PostgreSQL: a generated tsvector column with a
# GIN index on each searched table. Both use a plain (non-stemming) tokenizer so the
# two backends find the same rows.
SQLITE_SEARCH = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        body, kind UNINDEXED, ref_id UNINDEXED,
        tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')""",
    """CREATE TRIGGER contacts_fts_ai AFTER INSERT ON contacts BEGIN
        INSERT INTO search_fts(rowid, body, kind, ref_id) VALUES (new.id * 4,
          new.display_name || ' ' || coalesce(new.nickname, '') || ' '
          || coalesce(new.location, '') || ' ' || coalesce(new.how_met, '') || ' '
          || coalesce(new.notes, ''), 'contact', new.id);
    END""",
    """CREATE TRIGGER contacts_fts_ad AFTER DELETE ON contacts BEGIN
        DELETE FROM search_fts WHERE rowid = old.id * 4;
    END""",
    """CREATE TRIGGER contacts_fts_au AFTER UPDATE OF display_name, nickname, location,
        how_met, notes ON contacts BEGIN
        DELETE FROM search_fts WHERE rowid = old.id * 4;
        INSERT INTO search_fts(rowid, body, kind, ref_id) VALUES (new.id * 4,
          new.display_name || ' ' || coalesce(new.nickname, '') || ' '
          || coalesce(new.location, '') || ' ' || coalesce(new.how_met, '') || ' '
          || coalesce(new.notes, ''), 'contact', new.id);
    END""",
    """CREATE TRIGGER details_fts_ai AFTER INSERT ON personal_details BEGIN
        INSERT INTO search_fts(rowid, body, kind, ref_id)
        VALUES (new.id * 4 + 1, new.category || ' ' || new.fact, 'detail', new.id);
    END""",
    """CREATE TRIGGER details_fts_ad AFTER DELETE ON personal_details BEGIN
        DELETE FROM search_fts WHERE rowid = old.id * 4 + 1;
    END""",
    """CREATE TRIGGER details_fts_au AFTER UPDATE OF category, fact ON personal_details BEGIN
        DELETE FROM search_fts WHERE rowid = old.id * 4 + 1;
        INSERT INTO search_fts(rowid, body, kind, ref_id)
        VALUES (new.id * 4 + 1, new.category || ' ' || new.fact, 'detail', new.id);
    END""",
    """CREATE TRIGGER interactions_fts_ai AFTER INSERT ON interactions
        WHEN new.note IS NOT NULL OR new.subject IS NOT NULL BEGIN
        INSERT INTO search_fts(rowid, body, kind, ref_id) VALUES (new.id * 4 + 2,
          coalesce(new.subject, '') || ' ' || coalesce(new.note, ''), 'interaction', new.id);
    END""",
    """CREATE TRIGGER interactions_fts_ad AFTER DELETE ON interactions BEGIN
        DELETE FROM search_fts WHERE rowid = old.id * 4 + 2;
    END""",
    """CREATE TRIGGER interactions_fts_au AFTER UPDATE OF subject, note ON interactions BEGIN
        DELETE FROM search_fts WHERE rowid = old.id * 4 + 2;
        INSERT INTO search_fts(rowid, body, kind, ref_id) VALUES (new.id * 4 + 2,
          coalesce(new.subject, '') || ' ' || coalesce(new.note, ''), 'interaction', new.id);
    END""",
]

PG_SEARCH = [
    """ALTER TABLE contacts ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS (
        to_tsvector('simple', display_name || ' ' || coalesce(nickname, '') || ' '
          || coalesce(location, '') || ' ' || coalesce(how_met, '') || ' '
          || coalesce(notes, ''))) STORED""",
    "CREATE INDEX ix_contacts_search_tsv ON contacts USING gin (search_tsv)",
    """ALTER TABLE personal_details ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS (
        to_tsvector('simple', category || ' ' || fact)) STORED""",
    "CREATE INDEX ix_personal_details_search_tsv ON personal_details USING gin (search_tsv)",
    """ALTER TABLE interactions ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS (
        to_tsvector('simple', coalesce(subject, '') || ' ' || coalesce(note, ''))) STORED""",
    "CREATE INDEX ix_interactions_search_tsv ON interactions USING gin (search_tsv)",
]


def _install_search() -> None:
    dialect = op.get_bind().dialect.name
    for ddl in SQLITE_SEARCH if dialect == "sqlite" else PG_SEARCH:
        op.execute(ddl)


def _drop_search() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS search_fts")
    # PostgreSQL's generated columns and their indexes go with their tables.
