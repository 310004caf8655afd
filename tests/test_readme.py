"""The README's tour works as written: each `$ kith ...` line runs, and shown output matches."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

README = Path(__file__).parents[1] / "README.md"


def tour() -> list[tuple[list[str], list[str]]]:
    """(argv, expected output lines) for each command of the first console block."""
    block = re.search(r"```console\n(.*?)```", README.read_text(), re.S)
    assert block, "the README has a console block"
    steps: list[tuple[list[str], list[str]]] = []
    for line in block.group(1).splitlines():
        if line.startswith("$ kith "):
            steps.append((shlex.split(line[2:].split("  #")[0])[1:], []))
        elif steps and line.strip():
            steps[-1][1].append(line)
    return steps


def test_the_tour_runs_as_written(kith):
    steps = tour()
    assert len(steps) >= 5
    for argv, expected in steps:
        run = kith.ok(*argv, as_of="2026-11-22")
        if expected:
            assert run.stdout.splitlines() == expected, f"kith {' '.join(argv)}"
