"""Which contacts each write touched, so the agenda re-reads only those.

The agenda and the health summary read per-contact facts for the whole network
(a 50,000-person network: most of their time). After a write, only the facts of
the contacts it touched can differ. Triggers on the three tables those facts are
read from (contacts, their interaction links, the upcoming meetings) note the
contact's id here as pending (``version`` NULL); the commit that raises the data
version labels pending rows with the new version (:mod:`kithkin.store.memo`).
A kept copy of the facts taken at version ``v`` is then brought up to date by
re-reading the contacts with a label above ``v`` or none.

One row per contact, so the table never grows past the network; a bulk import
that touches a contact a thousand times writes its row once (the upsert does
nothing while the row is already pending).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 22:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# (table, the column holding the contact's id)
WATCHED = (
    ("contacts", "id"),
    ("interaction_contacts", "contact_id"),
    ("upcoming_meetings", "contact_id"),
)

_SQLITE_UPSERT = (
    "INSERT INTO kith_touched (contact_id, version) VALUES ({row}.{col}, NULL) "
    "ON CONFLICT (contact_id) DO UPDATE SET version = NULL WHERE version IS NOT NULL;"
)

_PG_FUNCTION = """
CREATE FUNCTION kith_touch() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    col text := TG_ARGV[0];
BEGIN
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO kith_touched (contact_id, version)
        VALUES ((to_jsonb(NEW) ->> col)::bigint, NULL)
        ON CONFLICT (contact_id) DO UPDATE SET version = NULL
        WHERE kith_touched.version IS NOT NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO kith_touched (contact_id, version)
        VALUES ((to_jsonb(OLD) ->> col)::bigint, NULL)
        ON CONFLICT (contact_id) DO UPDATE SET version = NULL
        WHERE kith_touched.version IS NOT NULL;
    END IF;
    RETURN NULL;
END
$$
"""


def upgrade() -> None:
    op.create_table(
        "kith_touched",
        sa.Column("contact_id", sa.BigInteger(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("contact_id", name=op.f("pk_kith_touched")),
    )
    op.create_index("ix_kith_touched_version", "kith_touched", ["version"])
    if op.get_bind().dialect.name == "sqlite":
        for table, col in WATCHED:
            new, old = (
                _SQLITE_UPSERT.format(row="NEW", col=col),
                _SQLITE_UPSERT.format(row="OLD", col=col),
            )
            for event, body in (("INSERT", new), ("UPDATE", new + old), ("DELETE", old)):
                op.execute(
                    f"CREATE TRIGGER kith_touch_{table}_{event.lower()} AFTER {event} ON {table} "
                    f"BEGIN {body} END"
                )
    else:
        op.execute(_PG_FUNCTION)
        for table, col in WATCHED:
            op.execute(
                f"CREATE TRIGGER kith_touch_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION kith_touch('{col}')"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table, _ in WATCHED:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS kith_touch_{table}_{event}")
    else:
        for table, _ in WATCHED:
            op.execute(f"DROP TRIGGER IF EXISTS kith_touch_{table} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS kith_touch()")
    op.drop_index("ix_kith_touched_version", table_name="kith_touched")
    op.drop_table("kith_touched")
