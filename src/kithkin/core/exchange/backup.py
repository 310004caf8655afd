"""A complete backup as plain rows, and its restore into an empty database.

Every table of the schema is exported (found through the metadata, so a table
added later is backed up without touching this module), rows in primary-key
order with JSON-safe values; restore writes them back with their ids. Export,
restore, export gives the same document: ``tests/test_export.py`` checks it on
both backends.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Table, delete, func, select
from sqlalchemy.exc import DBAPIError, StatementError
from sqlalchemy.orm import Session

from kithkin.core.book import orgs
from kithkin.core.book.contacts import ME_NAME
from kithkin.core.book.interactions import link_rows
from kithkin.errors import BadInput
from kithkin.store.bulkio import advance_sequences, insert_rows
from kithkin.store.db import SCHEMA_HEAD
from kithkin.store.tables import Base, Contact, Interaction, InteractionContact, Organization

FORMAT = "kithkin-backup"
VERSION = 1


# Schemas whose backups this one restores: 0002 only added derived copies (left out of
# backups), 0003 to 0007 only tables (absent from an older backup: restored empty),
# 0008 a nullable column (contact_phones.raw: absent, restored empty), 0009 only caches
# (the data version and the memo, which backups leave out), 0010 only a cache too (which
# contacts each write touched), 0011 only refolded organizations' normalised names
# (which a restore computes again from the names), 0012 only rebuilt SQLite's search
# index (which backups leave out), 0013 only refolded names again, 0014 only a table (the
# cards a CardDAV source follows: absent from an older backup, restored empty), 0015 a
# column made nullable (positions.org_id: an older backup has no such position), 0016
# only rebuilt the search indexes (which backups leave out), 0017 only indexed positions
# for search (the index and its columns, which backups leave out), 0018 only forgot how far
# calendar sources were read (restored as the backup has it; the calendar keys of then
# are still known: kithkin.core.exchange.importer._rekey).
RESTORABLE = (
    "0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010",
    "0011", "0012", "0013", "0014", "0015", "0016", "0017", SCHEMA_HEAD,
)  # fmt: skip


def _tables() -> list[Table]:
    """The tables a backup holds: every one but the caches (``info["cache"]``)."""
    return [t for t in Base.metadata.sorted_tables if not t.info.get("cache")]


def _stored(table: Table) -> list[str]:
    """The columns a backup holds: everything but copies derived from other tables."""
    return [c.name for c in table.columns if not c.info.get("derived")]


def _to_json(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def _from_json(table: Table, col: str, value: Any) -> Any:
    if value is None:
        return None
    kind = type(table.c[col].type).__name__.lower()
    if kind == "date":
        return date.fromisoformat(value)
    if kind == "datetime":
        return datetime.fromisoformat(value)
    if kind == "time":
        return time.fromisoformat(value)
    if kind == "boolean":
        return bool(value)
    return value


def export(s: Session) -> dict[str, Any]:
    """Every row of every table, as one versioned document."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in _tables():
        cols = _stored(table)
        order = list(table.primary_key.columns)
        rows = s.execute(select(*(table.c[c] for c in cols)).order_by(*order)).all()
        tables[table.name] = [
            {c: _to_json(v) for c, v in zip(cols, row, strict=True)} for row in rows
        ]
    return {"format": FORMAT, "version": VERSION, "schema": SCHEMA_HEAD, "tables": tables}


def counts(s: Session) -> dict[str, int]:
    return {t.name: int(s.scalar(select(func.count()).select_from(t)) or 0) for t in _tables()}


def user_data(s: Session) -> dict[str, int]:
    """The rows a user made, per table: a database holding only what ``kith init``
    makes (the user's own record, untouched) holds none."""
    present = {name: n for name, n in counts(s).items() if n}
    if present == {Contact.__tablename__: 1}:
        only = s.scalars(select(Contact)).one()
        if only.is_me and only.display_name == ME_NAME:
            return {}
    return present


def restore(s: Session, doc: dict[str, Any]) -> dict[str, int]:
    """Write a backup into an empty database; refuses anything else before writing."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise BadInput('not a kithkin backup (no "format": "kithkin-backup")')
    if doc.get("version") != VERSION:
        raise BadInput(f"backup version {doc.get('version')!r} is not supported (expected "
                       f"{VERSION})")  # fmt: skip
    if doc.get("schema") not in RESTORABLE:
        raise BadInput(f"backup made with schema {doc.get('schema')!r}; this kithkin has "
                       f"{SCHEMA_HEAD}: restore it with the matching version")  # fmt: skip
    data = doc.get("tables")
    if not isinstance(data, dict):
        raise BadInput('backup has no "tables"')
    known = {t.name: t for t in _tables()}
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise BadInput(f"backup holds unknown tables: {', '.join(unknown)}")
    present = user_data(s)
    if present:
        listed = ", ".join(f"{n} {name}" for name, n in sorted(present.items()))
        raise BadInput(f"the database is not empty ({listed}); restore needs an empty one")
    s.execute(delete(Contact))  # what `kith init` made: the backup has its own record
    written: dict[str, int] = {}
    restored: dict[str, list[dict[str, Any]]] = {}
    for table in _tables():
        rows = data.get(table.name) or []
        if not isinstance(rows, list):
            raise BadInput(f"backup table {table.name}: expected a list of rows")
        cols = _stored(table)
        out = []
        for n, row in enumerate(rows, 1):
            if not isinstance(row, dict) or set(row) - set(cols):
                raise BadInput(f"backup table {table.name}, row {n}: unexpected columns")
            try:
                out.append({c: _from_json(table, c, row.get(c)) for c in cols})
            except (TypeError, ValueError, KeyError) as exc:
                raise BadInput(f"backup table {table.name}, row {n}: {exc}") from None
        if table.name == InteractionContact.__tablename__:
            out = _links(out, restored.get(Interaction.__tablename__, []))
        if table.name == Organization.__tablename__:
            # derived from the name: a backup before 0011 holds it folded the old way
            for row in out:
                if isinstance(row.get("name"), str):
                    row["norm_name"] = orgs.normalize(row["name"])
        try:
            with s.begin_nested():  # a row that does not fit fails here, in one line
                insert_rows(s, table, out)
        except (DBAPIError, StatementError, OverflowError) as exc:
            orig = getattr(exc, "orig", exc)
            reason = (str(orig).strip().splitlines() or [type(orig).__name__])[0][:200]
            raise BadInput(f"backup table {table.name}: rows do not fit ({reason})") from None
        restored[table.name] = out
        written[table.name] = len(out)
    advance_sequences(s, _tables())
    return written


def _links(links: list[dict[str, Any]], interactions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The interaction links with their derived copies filled in from the interactions."""
    by_id = {row["id"]: row for row in interactions}
    out: list[dict[str, Any]] = []
    for n, link in enumerate(links, 1):
        row = by_id.get(link["interaction_id"])
        if row is None:
            raise BadInput(
                f"backup table interaction_contacts, row {n}: "
                f"no interaction {link['interaction_id']}"
            )
        out.extend(link_rows(row, [link["contact_id"]]))
    return out
