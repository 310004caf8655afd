"""A command whose reader stops early (``kith list | head -1``) ends with status 0 and
says nothing: the reader has what it wanted.

The reading end is closed before the command writes a byte, so the first write fails
whatever the size of the output (a pipe's buffer would otherwise hide it), on the
quick paths (``kith show``, an unchanged ``kith today``) and the full one (``kith
list``, ``kith health``) alike.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FULL_COMMAND, QUICK_ENV, script_process

SCRIPT = [str(Path(sys.executable).parent / "kith")]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pipe") / "demo.db"
    assert script_process(path, "demo").returncode == 0
    return path


def _stopped_early(command: list[str], path: Path, *args: str) -> tuple[int, str]:
    """(status, stderr) of a command whose reader is gone before its first line."""
    proc = subprocess.Popen(
        [*command, "--db", str(path), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, **QUICK_ENV},
    )  # fmt: skip
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # `| true`: gone before the first line
    err = proc.stderr.read().decode()
    return proc.wait(timeout=120), err


@pytest.mark.parametrize("command", [SCRIPT, FULL_COMMAND], ids=["script", "full"])
@pytest.mark.parametrize(
    "args",
    [["list"], ["list", "--json"], ["show", "1"], ["today"], ["health"], ["search", "a"]],
    ids=" ".join,
)
def test_a_reader_that_stops_early_is_no_failure(
    demo: Path, command: list[str], args: list[str]
) -> None:
    assert _stopped_early(command, demo, *args) == (0, "")


def test_a_write_whose_reader_stops_early_is_done(demo: Path) -> None:
    """The command runs to its end: what it wrote is in, its status says so."""
    assert _stopped_early(SCRIPT, demo, "add", "Piper Early", "--org", "Pipeworks") == (0, "")
    shown = script_process(demo, "show", "Piper Early")
    assert shown.returncode == 0 and "Pipeworks" in shown.stdout
    status, err = _stopped_early(SCRIPT, demo, "show", "Nobody Atall")
    assert status == 2 and err.startswith("error: ")
