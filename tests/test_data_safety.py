"""Nothing lost, nothing stuck: the demo, scratch tables, foreign files, merge and restore."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, text

from conftest import Kith, dump
from kithkin import clock
from kithkin.store.db import SCHEMA_HEAD, Database, open_db
from kithkin.store.scratch import temp_table

AS_OF = "2026-02-10"


# --- the demo writes only to a database it made ---------------------------------------


def test_demo_force_never_deletes_a_real_database(kith: Kith) -> None:
    kith.ok("add", "Ann Lee", "--email", "ann@example.com")
    before = dump(kith.url)
    for args in (("demo",), ("demo", "--force")):
        run = kith.bad(*args)
        assert "--force" not in run.stderr  # no flag is suggested that would override it
        assert "not the demo" in run.stderr
    assert dump(kith.url) == before


def test_demo_force_rebuilds_a_demo(kith: Kith) -> None:
    first = kith.ok("demo", "--json", as_of=AS_OF).json()
    assert "--force" in kith.bad("demo", as_of=AS_OF).stderr
    again = kith.ok("demo", "--force", "--json", as_of=AS_OF).json()
    assert again["contacts"] == first["contacts"]
    assert len(kith.ok("list", "--json").json()) == first["contacts"]


def test_demo_fills_a_database_holding_only_what_init_made(kith: Kith) -> None:
    kith.ok("init")
    assert kith.ok("demo", "--json", as_of=AS_OF).json()["contacts"] > 100


# --- scratch tables live and die inside one transaction --------------------------------


def _cols() -> list[Column]:  # type: ignore[type-arg]
    return [Column("cid", Integer, primary_key=True)]


def test_a_failed_read_leaves_no_scratch_table_on_the_pooled_connection(db) -> None:
    ids = []
    with pytest.raises(RuntimeError), db.session(write=False) as s:
        ids.append(id(s.connection().connection.dbapi_connection))
        with temp_table(s, "kith_anchors", _cols(), [(1,), (2,)]):
            raise RuntimeError("the read fails half-way")
    with db.session(write=False) as s:
        ids.append(id(s.connection().connection.dbapi_connection))
        with temp_table(s, "kith_anchors", _cols(), [(3,)]) as t:
            assert s.execute(text(f"SELECT count(*) FROM {t.name}")).scalar_one() == 1
    assert ids[0] == ids[1]  # the same pooled connection both times


def test_a_failed_agenda_read_does_not_break_the_next_one(web, kith, monkeypatch) -> None:
    from kithkin.core.agenda import facts

    kith.ok("job", "add", "me", "--org", "Acme", "--start", "2020-01-01", "--end", "2026-01-31")
    cid = kith.ok("add", "Bob Builder", "--tier", "regular", as_of="2020-06-01").stdout.strip()
    kith.ok("job", "add", cid, "--org", "Acme", "--start", "2020-06-01")
    kith.ok("log", cid, "--kind", "like", "--date", "2026-01-02")
    clock.set_today(date.fromisoformat(AS_OF))
    real = facts.temp_table
    calls = {"n": 0}

    @contextmanager
    def fail_once(*args):  # type: ignore[no-untyped-def]
        with real(*args) as table:
            calls["n"] += 1
            if calls["n"] == 1:
                raise RuntimeError("the read fails with the scratch table in place")
            yield table

    monkeypatch.setattr(facts, "temp_table", fail_once)
    assert web.get("/api/agenda").status_code == 500
    for _ in range(3):
        assert web.get("/api/agenda").status_code == 200
        assert web.page("/today").status_code == 200


# --- --db must be kithkin's own ---------------------------------------------------------


def _foreign(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes (body) VALUES ('mine')")
    conn.commit()
    conn.close()


def test_another_programs_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    _foreign(path)
    before = path.read_bytes()
    run = Kith(str(path)).bad("list")
    assert "another program" in run.stderr
    assert path.read_bytes() == before
    assert not Path(f"{path}-wal").exists()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


@pytest.mark.parametrize("what", ["folder", "binary", "missing folder", "newline"])
def test_db_paths_that_cannot_be_a_database_are_one_line_errors(tmp_path: Path, what) -> None:
    target = {
        "folder": tmp_path,
        "binary": tmp_path / "photo.jpg",
        "missing folder": tmp_path / "nowhere" / "kithkin.db",
        "newline": tmp_path / "two\nlines" / "kithkin.db",
    }[what]
    if what == "binary":
        target.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8)
    before = sorted(p.name for p in tmp_path.iterdir())
    run = Kith(str(target)).bad("list")
    assert "Traceback" not in run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing created
    if what == "missing folder":
        assert "does not exist" in run.stderr


def test_an_empty_file_becomes_a_database(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    path.touch()
    assert Kith(str(path)).ok("list", "--json").json() == []


def test_a_database_from_a_newer_kithkin_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "kithkin.db"
    Kith(str(path)).ok("add", "Ann Lee")
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    before = dump(f"sqlite:///{path}")
    run = Kith(str(path)).bad("add", "Bo Chan")
    assert "newer kithkin" in run.stderr
    assert dump(f"sqlite:///{path}") == before


def test_a_newer_schema_is_refused_on_postgresql_too(db_url: str) -> None:
    from kithkin.errors import BadInput

    db = open_db(db_url)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    db.dispose()
    try:
        with pytest.raises(BadInput, match="newer kithkin"):
            open_db(db_url)
    finally:
        db = Database(db_url)
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": SCHEMA_HEAD})
        db.dispose()


def test_migration_files_are_the_revisions_kithkin_knows() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from kithkin.store.db import MIGRATIONS_DIR, known_revisions

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    revs = {r.revision for r in ScriptDirectory.from_config(cfg).walk_revisions()}
    assert revs == set(known_revisions())


# --- merge and restore -----------------------------------------------------------------


def test_merge_me_with_someone_is_refused_both_ways(kith: Kith) -> None:
    cid = kith.ok("add", "Ann Lee", "--email", "ann@example.com").stdout.strip()
    kith.ok("log", cid, "--note", "coffee", "--date", "2026-01-05")
    kith.ok("init")
    before = dump(kith.url)
    for args in (("merge", "me", cid), ("merge", cid, "me")):
        assert "own record" in kith.bad(*args).stderr
    assert dump(kith.url) == before


def test_restore_after_init(kith: Kith, tmp_path: Path) -> None:
    kith.ok("add", "Ann Lee", "--email", "ann@example.com", "--org", "Acme")
    kith.ok("job", "add", "me", "--org", "Acme", "--start", "2020-01-01")
    backup = tmp_path / "backup.json"
    kith.ok("export", "json", str(backup))
    fresh = Kith(f"sqlite:///{tmp_path / 'fresh.db'}")
    fresh.ok("init")
    fresh.ok("restore", str(backup))
    again = tmp_path / "again.json"
    fresh.ok("export", "json", str(again))
    assert again.read_bytes() == backup.read_bytes()
    # A database with anything the user made is still refused.
    other = Kith(f"sqlite:///{tmp_path / 'other.db'}")
    other.ok("init")
    other.ok("config", "set", "budget", "7")
    assert "not empty" in other.bad("restore", str(backup)).stderr
