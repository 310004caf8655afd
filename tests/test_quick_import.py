"""``kith import linkedin FILE`` without Typer (``cli/quickimport.py``): on a SQLite file
at this schema, with neither output a terminal, it writes what the full command writes
(the whole database compared, but for the moment each import ran) and prints the same
bytes; anything else goes the whole way.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from bench.bench_import import write_connections

from conftest import QUICK_ENV
from conftest import full_process as _full
from conftest import quick_process as _quick
from kithkin.core.exchange import batched


def _dump(path: Path) -> list[str]:
    """Every row, but for the moment each import ran (the clock's time of day)."""
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE import_runs SET ran_at = '-'")
        return list(conn.iterdump())


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("quick-import")
    big, small, bare = d / "Connections.csv", d / "small.csv", d / "Connections-2022.csv"
    write_connections(big, batched.CHUNK + 1000)  # more than a chunk: the resumable path
    write_connections(small, 40)
    write_connections(bare, 2500, urls=False)
    db = d / "empty.db"
    assert _full(db, "list").returncode == 0  # an empty database at this schema
    return {"big": big, "small": small, "bare": bare, "db": db}


@pytest.mark.parametrize(
    "steps",
    [
        [("big", ())],
        [("big", ("--json",))],
        [("small", ())],
        [("bare", ()), ("big", ())],  # the URL export after the URL-less one
        [("big", ()), ("big", ("--json",))],  # a re-import, all unchanged
    ],
)
def test_the_quick_import_writes_and_prints_exactly_as_the_full_command(
    files: dict[str, Path], tmp_path: Path, steps: list[tuple[str, tuple[str, ...]]]
) -> None:
    full_db, quick_db = tmp_path / "full.db", tmp_path / "quick.db"
    shutil.copy(files["db"], full_db)
    shutil.copy(files["db"], quick_db)
    for name, extra in steps:
        args = ("import", "linkedin", str(files[name]), *extra)
        full = _full(full_db, *args)
        assert full.returncode == 0, full.stderr
        done, typer_loaded, printed = _quick(quick_db, *args, heavy=("typer",))
        assert done and not typer_loaded
        assert printed == full.stdout
        assert _dump(quick_db) == _dump(full_db)


@pytest.mark.parametrize(
    "args",
    [
        ["import", "linkedin"],
        ["import", "linkedin", "{file}", "--dry-run"],
        ["import", "linkedin", "{file}", "--tier", "close"],
        ["import", "linkedin", "{file}", "--json", "--json"],
        ["import", "linkedin", "{file}", "other.csv"],
        ["import", "linkedin", "missing.csv"],
        ["import", "linkedin", "-x"],
        ["import", "vcard", "{file}"],
        ["import", "--help"],
    ],
)
def test_anything_else_goes_the_whole_way_with_nothing_written(
    files: dict[str, Path], tmp_path: Path, args: list[str]
) -> None:
    from kithkin.cli import quick

    db = tmp_path / "db.db"
    shutil.copy(files["db"], db)
    before = _dump(db)
    argv = [a.replace("{file}", str(files["small"])) for a in args]
    assert not quick.answer(["--db", str(db), *argv])
    assert _dump(db) == before


def test_a_file_it_cannot_read_or_a_database_to_create_is_left_to_the_command(
    files: dict[str, Path], tmp_path: Path
) -> None:
    from kithkin.cli import quick

    db = tmp_path / "db.db"
    shutil.copy(files["db"], db)
    before = _dump(db)
    junk = tmp_path / "junk.csv"
    junk.write_bytes(b"\x00\x01 not a LinkedIn export\n")
    assert not quick.answer(["--db", str(db), "import", "linkedin", str(junk)])
    assert _dump(db) == before
    full = _full(db, "import", "linkedin", str(junk))
    assert full.returncode == 2 and full.stderr.startswith("error: ")
    missing = tmp_path / "none.db"
    assert not quick.answer(["--db", str(missing), "import", "linkedin", str(files["small"])])
    assert not missing.exists()


def test_a_long_import_never_configures_the_orm_mappers(
    files: dict[str, Path], tmp_path: Path
) -> None:
    """Every row, the checkpoint and the history row go through Core statements: setting
    up the ORM's mappers would cost the command about 25 ms for nothing."""
    db = tmp_path / "db.db"
    shutil.copy(files["db"], db)
    code = (
        "import sys\n"
        "from sqlalchemy import event\n"
        "from sqlalchemy.orm import Mapper\n"
        "configured = []\n"
        "event.listen(Mapper, 'before_configured', lambda: configured.append(1))\n"
        "from kithkin.cli import quick\n"
        "done = quick.answer(sys.argv[1:])\n"
        "print('\\n@@', done, bool(configured), file=sys.stderr)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, "--db", str(db), "import", "linkedin", str(files["big"])],
        capture_output=True, text=True, env={**os.environ, **QUICK_ENV}, check=True,
    )  # fmt: skip
    done, configured = run.stderr.rsplit("@@", 1)[1].split()
    assert done == "True" and configured == "False"
    with sqlite3.connect(db) as conn:  # it did import, and kept its history row
        assert conn.execute("SELECT count(*) FROM import_runs").fetchone()[0] == 1
