"""Calendar sources read every event again on their next sync, to key it in UTC.

A calendar occurrence's key was ``UID|day`` as its calendar wrote it, so the same
occurrence written in UTC by one calendar (Google's secret address) and with its
TZID by another (Apple, Fastmail, a CalDAV server) had two keys when its day in UTC
was another, and the user two meetings for one. Its key is now its original start in
UTC (:func:`kithkin.formats.recurrence._keyed`). A stored key cannot be rewritten
here: which zone its event was written in is not stored. Instead each occurrence
read carries the key kithkin gave it before, which finds the stored one and gives it
the new key (:func:`kithkin.core.exchange.importer._rekey`); forgetting what each
CalDAV calendar and ICS URL was read up to (their sync-tokens, ETags and next days,
what ``kith sync --rescan`` forgets) makes the next sync read every event, so every
stored occurrence still on a server takes its new key then, not only the ones edited
later. Nothing is logged twice, nothing is lost: only bookkeeping is deleted.

A downgrade changes nothing: the keys stay as given (an older kithkin would log the
meetings of a time of day again on a rescan).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 22:30:00
"""

from __future__ import annotations

from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

_CALENDARS = "SELECT id FROM sources WHERE kind IN ('caldav', 'ics')"


def upgrade() -> None:
    for table in ("source_items", "source_checkpoints"):
        op.execute(f"DELETE FROM {table} WHERE source_id IN ({_CALENDARS})")


def downgrade() -> None:
    pass
