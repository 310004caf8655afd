"""``kith log`` before the application loads (``cli/quicklog.py``): on a SQLite file at
this schema it writes exactly what the full command writes (the whole database is
compared, data version and touched contacts included) and prints exactly what it
prints, without Typer or SQLAlchemy; anything it does not fully understand writes
nothing and goes the whole way, which gives the error its one-line message.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import QUICK_ENV as ENV
from conftest import full_process as _full
from conftest import quick_process as _quick
from conftest import script_process

KITH = str(Path(sys.executable).parent / "kith")


def _dump(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return list(conn.iterdump())


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("quick-log") / "demo.db"
    assert _full(path, "demo").returncode == 0
    for args in (
        ("add", "Zoë Ørsted", "--org", "Initech"),
        ("add", "Sam [bold]Lee[/bold]", "--org", "Initech"),
        ("add", "Kim Park", "--email", "kim@park.example"),
        ("add", "Kim Parker"),
        ("add", "Pat 100% O_Neil"),
        ("add", "Pat 1000 ONeil"),
        ("add", "Dee Quiet"),
        ("edit", "Dee Quiet", "--do-not-contact"),
        ("today", "--json"),  # a kept agenda, which the log must make stale
    ):
        assert _full(path, *args).returncode == 0
    return path


CASES = [
    ["log", "Kim Park"],  # an exact name among names that contain it
    ["log", "zoë"],  # beyond ASCII: folded by Python's lower(), as the session folds it
    ["log", "ØRSTED", "--json"],
    ["log", "Kim Parker", "--note", "coffee, [red]chess[/red] and :smile:"],
    ["log", "kim@park.example", "--json"],
    ["log", "KIM@PARK.EXAMPLE", "--channel", "Call", "--kind", "Thanks"],
    ["log", "Lee", "--inbound", "--kind", "referral_ask", "--json"],  # their ask: no warning
    ["log", "Kim Park", "Kim Parker", "Kim Park", "--note", "lunch"],  # several, once each
    ["log", "1", "--date", "yesterday", "--topic", "Hiring", "--topic", " hiring ",
     "--topic", "Rust"],
    ["log", "Kim Park", "--date=2026-01-31", "--note=", "--channel=video"],
    ["log", "Kim Park", "--date", "2027-01-05", "--planned", "--json"],
    ["log", "--json", "--kind", "like", "--channel", "social", "Kim Parker"],
    ["--as-of", "2026-03-01", "log", "Kim Park", "--date", "today", "--json"],
    ["log", "Kim Park", "--note", "Grüße aus Zürich\nzweite Zeile"],
    ["log", "kim parker"],  # case aside
    ["log", "KIM PARK", "--json"],  # the exact name wins, case aside
    ["log", "100%", "--json"],  # LIKE's wildcards are text
    ["log", "o_n", "--json"],
    ["log", "Dee Quiet", "--inbound"],  # do-not-contact, but they wrote: no warning
]  # fmt: skip


@pytest.mark.parametrize("args", CASES)
def test_the_quick_log_writes_and_prints_exactly_as_the_full_command(
    demo_db: Path, tmp_path: Path, args: list[str]
) -> None:
    full_db, quick_db = tmp_path / "full.db", tmp_path / "quick.db"
    shutil.copy(demo_db, full_db)
    shutil.copy(demo_db, quick_db)
    full = _full(full_db, *args)
    assert full.returncode == 0, full.stderr
    assert full.stderr == ""
    done, heavy, printed = _quick(quick_db, *args)
    assert done and not heavy, "written without the application"
    assert printed == full.stdout
    assert _dump(quick_db) == _dump(full_db)
    # what every other command reads next is the same: the kept agenda is stale in both
    today = ("today", "--json")
    assert _full(quick_db, *today).stdout == _full(full_db, *today).stdout


@pytest.mark.parametrize(
    "args",
    [
        ["log"],
        ["log", "me"],
        ["log", "Kim"],  # ambiguous
        ["log", "Nobody Here"],
        ["log", "zoë@park.example"],  # an address beyond ASCII: the command normalises it
        ["log", "nobody@x.example"],
        ["log", "99999"],
        ["log", "0"],
        ["log", "Kim Park", "--time", "10:30"],
        ["log", "Kim Park", "--kind", "referral_ask"],  # R4 may warn
        ["log", "Dee Quiet"],  # R7 warns: do-not-contact
        ["log", "Kim Park", "Dee Quiet", "--json"],
        ["log", "Kim Park", "--kind", "nonsense"],
        ["log", "Kim Park", "--channel", "pigeon"],
        ["log", "Kim Park", "--date", "2027-01-05"],  # the future, not planned
        ["log", "Kim Park", "--date", "someday"],
        ["log", "Kim Park", "--note", "a", "--note", "b"],
        ["log", "Kim Park", "--note", "-5 points"],
        ["log", "Kim Park", "--json", "--json"],
        ["log", "Kim Park", "--help"],
        ["log", "Kim Park", "--"],
        ["log", "Kim Park", "-x"],
        ["log", "Kim Park", "--note"],
        ["log", "edit", "1", "--note", "x"],
        ["log", "rm", "1"],
        ["log", "new", "Kim Park"],
        ["log", "--help"],
        ["--verbose", "log", "Kim Park"],
    ],
)
def test_anything_the_quick_log_does_not_know_writes_nothing_and_goes_the_whole_way(
    demo_db: Path, tmp_path: Path, args: list[str]
) -> None:
    from kithkin.cli import quick

    db = tmp_path / "demo.db"
    shutil.copy(demo_db, db)
    before = _dump(db)
    assert not quick.answer(["--db", str(db), *args])
    assert _dump(db) == before


def test_a_database_to_create_or_migrate_is_left_to_the_full_command(tmp_path: Path) -> None:
    from kithkin.cli import quick

    missing = tmp_path / "none.db"
    assert not quick.answer(["--db", str(missing), "log", "Kim"])
    assert not missing.exists()
    old = tmp_path / "old.db"
    assert _full(old, "add", "Kim Park").returncode == 0
    with sqlite3.connect(old) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0009'")
    before = _dump(old)
    assert not quick.answer(["--db", str(old), "log", "Kim Park"])
    assert _dump(old) == before
    assert not quick.answer(["--db", "postgresql://127.0.0.1/test", "log", "Kim Park"])


def test_a_held_write_lock_leaves_the_log_to_the_full_command(
    demo_db: Path, tmp_path: Path
) -> None:
    from conftest import write_lock_held
    from kithkin.cli import quick, quicklog

    db = tmp_path / "demo.db"
    shutil.copy(demo_db, db)
    before = _dump(db)
    wait = quicklog.LOCK_WAIT_MS
    quicklog.LOCK_WAIT_MS = 50
    try:
        with write_lock_held(db):
            assert not quick.answer(["--db", str(db), "log", "Kim Park"])
    finally:
        quicklog.LOCK_WAIT_MS = wait
    assert _dump(db) == before


def test_bad_input_gets_the_full_commands_one_line_error(demo_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    shutil.copy(demo_db, db)
    run = subprocess.run(
        [KITH, "--db", str(db), "log", "Kim"], capture_output=True, text=True,
        env={**os.environ, **ENV},
    )  # fmt: skip
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.startswith("error: 'Kim' matches ") and "#152 Kim Park" in run.stderr
    assert run.stderr.count("\n") == 1


def test_the_console_script_warns_of_a_do_not_contact_contact(
    demo_db: Path, tmp_path: Path
) -> None:
    db = tmp_path / "demo.db"
    shutil.copy(demo_db, db)
    run = script_process(db, "log", "Dee Quiet")
    assert run.returncode == 0 and run.stdout.startswith("logged checkin")
    assert "Dee Quiet is marked do-not-contact" in run.stderr
