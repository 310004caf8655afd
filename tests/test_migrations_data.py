"""Every migration, down and up again, on a database full of data, on both backends.

The demo network (150 people, their jobs, years of interactions) plus triage marks
and a distinct pair fill the tables; then the schema walks down one revision at a
time to the first and back up to the head. At each step every row of every table
the two revisions share is still there, with the same values in the columns they
share. So each migration upgrades a database seeded with data from the schema
before it, and downgrades with the data intact.
"""

from __future__ import annotations

import itertools
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from kithkin.core.book import contacts, triage
from kithkin.demo import sample
from kithkin.store.db import MIGRATIONS_DIR, SCHEMA_HEAD, open_db

Snapshot = dict[str, dict[str, Any]]  # table -> {"cols": [...], "rows": set of tuples}


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def _snapshot(db) -> Snapshot:  # type: ignore[no-untyped-def]
    out: Snapshot = {}
    with db.engine.connect() as conn:
        for name in inspect(conn).get_table_names():
            if name == "alembic_version" or name.startswith("search_fts"):
                continue
            cols = sorted(c["name"] for c in inspect(conn).get_columns(name))
            rows = conn.execute(text(f'SELECT {", ".join(cols)} FROM "{name}"')).all()
            out[name] = {"cols": cols, "rows": [tuple(map(str, r)) for r in rows]}
    return out


def _same(a: Snapshot, b: Snapshot, step: str, via: Snapshot | None = None) -> int:
    """The rows of the tables both hold agree on the columns both hold (and, with
    ``via``, that the revision in between held too); returns the rows compared."""
    compared = 0
    for name in sorted(set(a) & set(b) & set(via if via is not None else a)):
        cols = [c for c in a[name]["cols"] if c in b[name]["cols"]]
        if via is not None:
            cols = [c for c in cols if c in via[name]["cols"]]

        def rows(snap: Snapshot, name: str = name, cols: list[str] = cols) -> list[tuple]:  # type: ignore[type-arg]
            at = [snap[name]["cols"].index(c) for c in cols]
            return sorted(tuple(r[i] for i in at) for r in snap[name]["rows"])

        assert rows(a) == rows(b), f"{step}: table {name} changed"
        compared += len(a[name]["rows"])
    return compared


def test_every_migration_down_and_up_with_data(db_url: str) -> None:
    db = open_db(db_url)
    with db.session() as s:
        sample.build(s)
        for person in triage.queue(s, 5):
            triage.decide(s, contacts.get(s, person.contact_id), "close")
    cfg = _config()
    revisions = [r.revision for r in ScriptDirectory.from_config(cfg).walk_revisions()]
    assert revisions[0] == SCHEMA_HEAD  # newest first
    seen = {SCHEMA_HEAD: _snapshot(db)}
    checked = 0
    for newer, older in itertools.pairwise(revisions):
        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, older)
        seen[older] = _snapshot(db)
        checked += _same(seen[newer], seen[older], f"down {newer} -> {older}")
    first = seen[revisions[-1]]  # what every revision's tables hold, all the way down
    before = first
    for older, newer in itertools.pairwise(reversed(revisions)):
        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, newer)
        now = _snapshot(db)
        checked += _same(before, now, f"up {older} -> {newer}")
        checked += _same(seen[newer], now, f"up {older} -> {newer} (as before)", first)
        before = now
    assert db.current_revision() == SCHEMA_HEAD
    filled = sorted(n for n, t in seen[SCHEMA_HEAD].items() if t["rows"])
    db.dispose()
    assert checked > 10_000
    print(f"{len(revisions)} migrations down and up, {checked} rows compared, tables: {filled}")
