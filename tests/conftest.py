"""Shared fixtures: every database test runs on SQLite and, when it answers, PostgreSQL.

PostgreSQL is used at ``postgresql://postgres@127.0.0.1:5432/test`` (override with
``KITH_TEST_PG``); each test worker gets its own schema, migrated once and
truncated before each test. ``KITH_REQUIRE_PG=1`` (set by CI) turns an absent
server into a failure instead of a skip.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import typer.testing
from hypothesis import HealthCheck, settings
from psycopg.errors import InsufficientPrivilege
from sqlalchemy import text
from sqlalchemy.exc import ProgrammingError
from typer.testing import CliRunner

from kithkin import clock
from kithkin.cli.app import full_app
from kithkin.store.db import Database, open_db
from webclient import web  # noqa: F401  (the web face's test client, as a fixture)

# Every command registered, so that tests importing `app` see them all.
app = full_app()
# Its click command, built once: Typer's CliRunner builds it anew on every invoke (0.1 s
# of the 0.2 s an in-process ``kith`` takes), as the console script does once per
# process. The command holds no state between invocations (click makes a new context
# for each; ``helptext.polish`` and ``completion.attach`` leave a polished tree as it is).
_COMMAND = typer.testing._get_command(app)
_build_command = typer.testing._get_command
typer.testing._get_command = lambda typer_app: (  # type: ignore[attr-defined]
    _COMMAND if typer_app is app else _build_command(typer_app)
)

PG_BASE = os.environ.get("KITH_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
REQUIRE_PG = os.environ.get("KITH_REQUIRE_PG") == "1"


def _pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_BASE, connect_timeout=3):
            return True
    except Exception:
        return False


PG_OK = _pg_available()
if REQUIRE_PG and not PG_OK:
    raise pytest.UsageError(f"KITH_REQUIRE_PG=1 but PostgreSQL does not answer at {PG_BASE}")

BACKENDS = [
    "sqlite",
    pytest.param("pg", marks=pytest.mark.skipif(not PG_OK, reason="PostgreSQL not reachable")),
]


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A temporary user directory per test, the real clock, no stray settings."""
    monkeypatch.setenv("KITH_HOME", str(tmp_path / "home"))
    for var in ("KITH_DB", "KITH_AS_OF"):
        monkeypatch.delenv(var, raising=False)
    clock.set_today(None)
    yield
    clock.set_today(None)


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    db = open_db(f"sqlite:///{path}")
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    return path


@pytest.fixture(scope="session")
def _pg_schema() -> Iterator[str]:
    schema = f"kith_test_{uuid.uuid4().hex[:10]}"
    admin = Database("postgresql+psycopg://" + PG_BASE.split("://", 1)[1])
    with admin.engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = pg_url(schema)
    open_db(url).dispose()
    yield url
    with admin.engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def pg_url(schema: str) -> str:
    sep = "&" if "?" in PG_BASE else "?"
    return (
        "postgresql+psycopg://"
        + PG_BASE.split("://", 1)[1]
        + f"{sep}options=-csearch_path%3D{schema}"
    )


# Past this many rows in one table, emptying it is a TRUNCATE rather than a DELETE.
_DELETE_AT_MOST = 2000
_TABLES = """
SELECT tablename FROM pg_tables WHERE schemaname = current_schema()
    AND tablename NOT IN ('alembic_version', 'kith_version') ORDER BY tablename
"""
# The sequences owned by a table's column (serial or identity) that have handed out a
# number since they were last restarted: what TRUNCATE ... RESTART IDENTITY restarts.
_MOVED_SEQUENCES = """
SELECT seq.relname FROM pg_class AS seq
JOIN pg_depend AS d ON d.objid = seq.oid AND d.classid = 'pg_class'::regclass
    AND d.deptype IN ('a', 'i')
JOIN pg_class AS tab ON tab.oid = d.refobjid
WHERE seq.relkind = 'S' AND seq.relnamespace = current_schema()::regnamespace
    AND tab.relname = ANY(:names)
    AND CASE WHEN seq.relkind = 'S' THEN pg_sequence_last_value(seq.oid) END IS NOT NULL
"""


def _truncate(url: str) -> None:
    """Every table empty and every id restarted, as ``TRUNCATE ... RESTART IDENTITY``
    leaves them, at a fraction of its cost: a TRUNCATE of all 37 tables makes new
    files for each table and index (0.3-0.9 s, before every PostgreSQL test), while
    most tests leave a few rows in a few tables. Those rows are deleted with triggers
    and foreign-key checks off (``session_replication_role``, as a restore runs), and
    only the sequences that moved are restarted; a table of many rows, or a server
    role that may not turn triggers off, gets the TRUNCATE."""
    db = Database(url)
    try:
        with db.engine.begin() as conn:
            # The data version goes on counting (as a demo's clear leaves it): its one
            # row is what every write raises, and the memos it keys are emptied too.
            names = conn.execute(text(_TABLES)).scalars().all()
            limit = _DELETE_AT_MOST + 1
            probe = " UNION ALL ".join(
                f"SELECT '{n}', (SELECT count(*) FROM (SELECT 1 FROM \"{n}\" LIMIT {limit}) AS t)"
                for n in names
            )
            rows = {name: int(count) for name, count in conn.execute(text(probe)).all()}
            if any(count > _DELETE_AT_MOST for count in rows.values()):
                raise _TruncateInstead
            moved = conn.execute(text(_MOVED_SEQUENCES), {"names": names}).scalars().all()
            filled = [n for n, count in rows.items() if count]
            if filled:
                conn.execute(text("SET LOCAL session_replication_role = replica"))
                for name in filled:
                    conn.execute(text(f'DELETE FROM "{name}"'))
            for seq in moved:
                conn.execute(text(f'ALTER SEQUENCE "{seq}" RESTART'))
    except (_TruncateInstead, ProgrammingError) as e:
        if isinstance(e, ProgrammingError) and not isinstance(e.orig, InsufficientPrivilege):
            raise
        with db.engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {', '.join(names)} RESTART IDENTITY CASCADE"))
    finally:
        db.dispose()


class _TruncateInstead(Exception):
    """A table too full for row-by-row deletes."""


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated, empty database URL on each backend."""
    if request.param == "sqlite":
        target = tmp_path / "kithkin.db"
        shutil.copy(request.getfixturevalue("_sqlite_template"), target)
        return f"sqlite:///{target}"
    url: str = request.getfixturevalue("_pg_schema")
    _truncate(url)
    return url


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_db(db_url)
    yield database
    database.dispose()


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    def json(self):  # type: ignore[no-untyped-def]
        import json

        return json.loads(self.stdout)


class Kith:
    """Runs ``kith`` in-process against one database, as a user would type it."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.runner = CliRunner()

    def __call__(self, *args: str, as_of: str | None = None, input: str | None = None) -> Run:
        argv = ["--db", self.url]
        if as_of:
            argv += ["--as-of", as_of]
        result = self.runner.invoke(app, [*argv, *args], input=input, catch_exceptions=False)
        return Run(result.exit_code, result.stdout, result.stderr)

    def ok(self, *args: str, as_of: str | None = None) -> Run:
        run = self(*args, as_of=as_of)
        assert run.exit_code == 0, f"kith {' '.join(args)} failed: {run.stderr}{run.stdout}"
        return run

    def bad(self, *args: str, as_of: str | None = None) -> Run:
        """A command that must be refused: exit 2, one line on stderr."""
        run = self(*args, as_of=as_of)
        assert run.exit_code == 2, f"expected exit 2, got {run.exit_code}: {run.stdout}{run.stderr}"
        lines = [ln for ln in run.stderr.splitlines() if ln.strip()]
        assert len(lines) == 1, f"expected one line on stderr, got: {run.stderr!r}"
        return run


@pytest.fixture
def kith(db_url: str) -> Kith:
    return Kith(db_url)


def dump(url: str) -> dict[str, list[tuple]]:  # type: ignore[type-arg]
    """Every row of every table, sorted: equal dumps mean an unchanged database."""
    database = Database(url)
    out: dict[str, list[tuple]] = {}  # type: ignore[type-arg]
    with database.engine.connect() as conn:
        for name in database.table_names():
            if name.startswith("search_fts") or name in ("kith_version", "memos"):
                continue  # derived: the search index, the data version and the memo
            rows = conn.execute(text(f'SELECT * FROM "{name}"')).all()
            out[name] = sorted(tuple(str(v) for v in r) for r in rows)
    database.dispose()
    return out


@pytest.fixture(params=BACKENDS)
def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], str]:
    """A maker of empty, migrated databases: one per hypothesis example."""
    if request.param == "sqlite":
        template = request.getfixturevalue("_sqlite_template")

        def sqlite() -> str:
            target = tmp_path / f"prop-{uuid.uuid4().hex}.db"
            shutil.copy(template, target)
            return f"sqlite:///{target}"

        return sqlite
    url: str = request.getfixturevalue("_pg_schema")

    def pg() -> str:
        _truncate(url)
        return url

    return pg


# ---- a property's PostgreSQL twin ---------------------------------------------------------

FUZZ = os.environ.get("KITH_FUZZ") == "1"
# A property of the core's own rules (the planner, the facts and health readers), run on
# both backends through ``fresh_url``, draws its whole count of examples on SQLite and
# PG_TWIN_EXAMPLES on PostgreSQL: what the backend changes (the dialect's SQL, the
# driver's types, the session's flushes) is there in every example, while the rules'
# edge cases are the same code on either and the SQLite run draws them all. ``make
# fuzz`` (KITH_FUZZ=1) draws the whole count on both. Not for properties of what the
# backends do differently (the data version, the kept answers): those keep the count.
PG_TWIN_EXAMPLES = 5


def pg_twin(request: pytest.FixtureRequest, whole: int) -> settings:
    """The settings of a property drawing ``whole`` examples, on the backend of this
    test's ``fresh_url``: all of them on SQLite (and under ``make fuzz``), at most
    PG_TWIN_EXAMPLES on PostgreSQL."""
    on_pg = request.node.callspec.params.get("fresh_url") == "pg"
    count = min(whole, PG_TWIN_EXAMPLES) if on_pg and not FUZZ else whole
    return settings(max_examples=count, deadline=None, suppress_health_check=list(HealthCheck))


@contextmanager
def write_lock_held(path: Path) -> Iterator[None]:
    """Another process's write transaction on the SQLite file ``path`` (an import)."""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


# ---- the console script's quick paths (kithkin.cli.quick), as separate processes ----------

QUICK_ENV = {"KITH_AS_OF": "2026-12-06", "COLUMNS": "100"}
FULL_COMMAND = [sys.executable, "-c", "from kithkin.cli.app import main; main()"]


def full_process(path: Path | str, *args: str) -> subprocess.CompletedProcess[str]:
    """The full command (Typer, SQLAlchemy) on the database at ``path``, a fresh process."""
    return subprocess.run(
        [*FULL_COMMAND, "--db", str(path), *args],
        capture_output=True, text=True, env={**os.environ, **QUICK_ENV},
    )  # fmt: skip


def script_process(path: Path | str, *args: str) -> subprocess.CompletedProcess[str]:
    """The ``kith`` console script, start to end (its quick paths first), on the database
    at ``path``, a fresh process."""
    return subprocess.run(
        [str(Path(sys.executable).parent / "kith"), "--db", str(path), *args],
        capture_output=True, text=True, env={**os.environ, **QUICK_ENV},
    )  # fmt: skip


def check_answered_as_the_full_command(path: Path | str, *args: str) -> None:
    """The quick path answers ``args`` without Typer or SQLAlchemy, printing exactly
    what the full command prints, and so does the console script, start to end."""
    full = full_process(path, *args)
    assert full.returncode == 0, full.stderr
    done, heavy, printed = quick_process(path, *args)
    assert done and not heavy, "answered without the application"
    assert printed == full.stdout
    assert script_process(path, *args).stdout == full.stdout  # the console script, start to end


def quick_process(
    path: Path | str, *args: str, heavy: tuple[str, ...] = ("sqlalchemy", "typer")
) -> tuple[bool, bool, str]:
    """(answered by ``kithkin.cli.quick``, any of ``heavy`` loaded, what it printed), a
    fresh process."""
    code = (
        "import sys\n"
        "from kithkin.cli import quick\n"
        "done = quick.answer(sys.argv[1:])\n"
        "sys.stdout.flush()\n"
        f"heavy = any(m in sys.modules for m in {heavy!r})\n"
        "print('\\n@@', done, heavy, file=sys.stderr)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, "--db", str(path), *args],
        capture_output=True, text=True, env={**os.environ, **QUICK_ENV}, check=True,
    )  # fmt: skip
    flags = run.stderr.rsplit("@@", 1)[1].split()
    return flags[0] == "True", flags[1] == "True", run.stdout


def downgrade(url: str, revision: str) -> None:
    """Take the database at ``url`` back to Alembic ``revision``, as an older kithkin left
    it; the next command that opens it migrates it forward again."""
    from alembic import command
    from alembic.config import Config

    from kithkin.store.db import MIGRATIONS_DIR, open_db

    db = open_db(url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    try:
        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, revision)
    finally:
        db.dispose()
