"""``kith search`` before the application loads (``cli/quicksearch.py``): on a SQLite
file at this schema it prints exactly what the full command prints, without Typer or
SQLAlchemy, and anything it does not fully understand goes the whole way.

Each case runs as separate processes on one demo database: the full command (Typer,
SQLAlchemy, the session), then the quick path alone, then the console script.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from conftest import check_answered_as_the_full_command, full_process, script_process
from conftest import quick_process as _quick


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("quick-search") / "demo.db"
    assert script_process(path, "demo").returncode == 0
    for args in (
        ("add", "Zoë [bold]Brackets[/bold] O'Neil", "--org", "Initech"),
        ("log", "Zoë", "--note", "talked about [red]chess[/red] and the Zürich offsite"),
        ("log", "Zoë", "--note", "=HYPERLINK(chess) opening"),
        ("add", "अमित शर्मा", "--note", "क्रिकेट के शौकीन"),
        ("add", "अमृत सिंह"),
        ("log", "अमृत", "--note", "ไปกินข้าวกับสมศักดิ์ที่สยาม"),
    ):
        assert full_process(path, *args).returncode == 0
    return path


CASES = [
    ["search", "priya"],
    ["search", "priya", "--json"],
    ["search", "chess"],
    ["search", "--json", "chess"],
    ["search", "zur"],  # accents fold
    ["search", "ZÜRICH", "--limit", "1"],
    ["search", "a", "--limit=3"],
    ["search", "a", "--limit", "500", "--json"],
    ["search", "bold"],  # markup in a name stays text
    ["search", "zebra"],  # no results: a sentence
    ["search", "zebra", "--json"],
    ["search", "!!!"],  # no words at all
    ["search", "chess opening"],
    ["search", "hyperlink"],
    ["search", "अमित"],  # a word whole, with its vowel signs
    ["search", "अमृत", "--json"],
    ["search", "สยาม"],  # Thai: looked for inside the text
    ["search", "สมศักดิ์ กิน", "--json"],
]


@pytest.mark.parametrize("args", CASES)
def test_the_quick_search_prints_exactly_as_the_full_command(
    demo_db: Path, args: list[str]
) -> None:
    check_answered_as_the_full_command(demo_db, *args)


def test_a_write_is_found_by_the_next_quick_search(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    script_process(path, "demo")
    assert _quick(path, "search", "quokka", "--json")[2].strip() == "[]"
    logged = full_process(path, "log", "Priya Nakamura", "--note", "quokka photos")
    assert logged.returncode == 0
    done, _, printed = _quick(path, "search", "quokka", "--json")
    assert done and '"snippet": "[quokka] photos"' in printed


@pytest.mark.parametrize(
    "args",
    [
        ["search"],
        ["search", "--json"],
        ["search", "a", "b"],
        ["search", "-x"],
        ["search", "a", "--limit", "0"],
        ["search", "a", "--limit", "07"],
        ["search", "a", "--limit", "-1"],
        ["search", "a", "--limit", "99999999999"],
        ["search", "a", "--limit"],
        ["search", "a", "--json", "--json"],
        ["search", "a", "--help"],
        ["search", "a", "--tag", "x"],
        ["--verbose", "search", "a"],
    ],
)
def test_anything_the_quick_search_does_not_know_goes_the_whole_way(
    demo_db: Path, args: list[str]
) -> None:
    from kithkin.cli import quick

    assert not quick.answer(["--db", str(demo_db), *args])


def test_a_database_to_create_or_migrate_goes_the_whole_way(tmp_path: Path) -> None:
    from kithkin.cli import quick

    missing = tmp_path / "none.db"
    assert not quick.answer(["--db", str(missing), "search", "a"])
    assert not missing.exists(), "the quick path creates nothing"
    old = tmp_path / "old.db"
    script_process(old, "demo")
    with sqlite3.connect(old) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0009'")
    assert not quick.answer(["--db", str(old), "search", "priya"])
    foreign = tmp_path / "foreign.db"
    sqlite3.connect(foreign).close()
    assert not quick.answer(["--db", str(foreign), "search", "a"])
    assert not quick.answer(["--db", "postgresql://127.0.0.1/test", "search", "a"])


def test_bad_input_gets_the_full_commands_one_line_error(demo_db: Path) -> None:
    run = script_process(demo_db, "search", "a", "--limit", "0")
    assert run.returncode == 2 and run.stdout == ""
