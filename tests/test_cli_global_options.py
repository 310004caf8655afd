"""``--db`` and ``--as-of`` after the command: ``kith today --as-of DAY`` is
``kith --as-of DAY today``, through the console script (its kept answers first) and
the application alike."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import QUICK_ENV, Kith
from kithkin.cli.app import app
from kithkin.cli.commandindex import hoisted

KITH = str(Path(sys.executable).parent / "kith")


def _kith(*args: str) -> subprocess.CompletedProcess[str]:
    env = {
        k: v for k, v in {**os.environ, **QUICK_ENV}.items() if k not in ("KITH_DB", "KITH_AS_OF")
    }
    return subprocess.run([KITH, *args], capture_output=True, text=True, env=env)


@pytest.mark.parametrize(
    ("argv", "want"),
    [
        (["today", "--as-of", "2026-12-01"], ["--as-of", "2026-12-01", "today"]),
        (["--db", "a.db", "list", "--db=b.db", "--json"],
         ["--db", "a.db", "--db=b.db", "list", "--json"]),
        (["log", "Ann", "--note", "hi", "--as-of", "2026-01-02", "--db", "x.db"],
         ["--as-of", "2026-01-02", "--db", "x.db", "log", "Ann", "--note", "hi"]),
        (["source", "add", "ics", "https://x/y.ics", "--as-of=2026-01-02"],
         ["--as-of=2026-01-02", "source", "add", "ics", "https://x/y.ics"]),
        (["search", "--", "--as-of", "x"], ["search", "--", "--as-of", "x"]),  # a word after --
        (["--db", "today", "today"], ["--db", "today", "today"]),  # a file named as a command
        (["today", "--as-of"], ["today", "--as-of"]),  # no value: the command says so
        (["--version"], ["--version"]),
    ],
)  # fmt: skip
def test_the_global_options_move_before_the_command(argv: list[str], want: list[str]) -> None:
    assert hoisted(argv) == want


@pytest.fixture
def book(tmp_path: Path) -> Path:
    path = tmp_path / "k.db"
    for args in (["add", "Ann Archer", "--email", "ann@example.com"], ["add", "Bo Brandt"]):
        assert _kith("--db", str(path), "--as-of", "2026-11-01", *args).returncode == 0
    return path


@pytest.mark.parametrize(
    "command",
    [["today", "--json"], ["health", "--json"], ["list", "--json"], ["show", "Ann", "--json"],
     ["search", "Ann"], ["who", "--json", "Acme"]],
)  # fmt: skip
def test_a_read_command_answers_the_same_with_the_options_after_it(
    book: Path, command: list[str]
) -> None:
    before = _kith("--db", str(book), "--as-of", "2026-12-20", *command)
    after = _kith(*command, "--as-of", "2026-12-20", "--db", str(book))
    assert before.returncode == after.returncode == 0, after.stderr
    assert after.stdout == before.stdout
    assert after.stderr == before.stderr


def test_a_write_takes_the_day_and_the_database_given_after_it(book: Path) -> None:
    run = _kith("log", "Ann", "--note", "coffee", "--as-of", "2026-12-03", "--db", str(book))
    assert run.returncode == 0, run.stderr
    shown = _kith("show", "Ann", "--db", str(book), "--as-of=2026-12-04")
    assert "2026-12-03" in shown.stdout and "coffee" in shown.stdout


def test_a_bad_day_after_the_command_is_one_line_and_status_2(book: Path) -> None:
    run = _kith("today", "--as-of", "2026-13-45", "--db", str(book))
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and "--as-of" in run.stderr


def test_the_application_takes_them_after_the_command(db_url: str) -> None:
    kith = Kith(db_url)
    kith.ok("add", "Cy Chen")
    after = kith.runner.invoke(app, ["list", "--json", "--db", db_url, "--as-of", "2026-12-01"])
    assert after.exit_code == 0, after.stderr
    assert after.stdout == kith.ok("list", "--json", as_of="2026-12-01").stdout
