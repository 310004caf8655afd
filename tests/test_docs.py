"""Every command has help text and an entry in docs/commands.md."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from tests.doc_console import run_doc
from tests.doc_files import SETUP

from kithkin.cli.app import full_app

app = full_app()

DOCS = Path(__file__).parents[1] / "docs" / "commands.md"


def _commands(group, prefix=()):  # type: ignore[no-untyped-def]
    for name, cmd in sorted(group.commands.items()):
        path = (*prefix, name)
        yield path, cmd
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, path)


def test_every_command_is_documented():
    root = typer.main.get_command(app)
    text = DOCS.read_text()
    missing_help, missing_docs = [], []
    for path, cmd in _commands(root):
        if not (cmd.help or cmd.short_help):
            missing_help.append(" ".join(path))
        if f"kith {' '.join(path)}" not in text:
            missing_docs.append(" ".join(path))
    assert missing_help == [], f"commands without help text: {missing_help}"
    assert missing_docs == [], f"commands missing from docs/commands.md: {missing_docs}"


def test_readme_shows_the_two_commands():
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    assert "make run" in readme and "make test" in readme


DOCS_DIR = Path(__file__).parents[1] / "docs"
WALKTHROUGHS = sorted(p.name for p in DOCS_DIR.glob("*.md") if "```console" in p.read_text())


# Pages that describe rather than walk through: no command with output to check
# (durability.md's are pg_dump's). web.md runs its "Hosted mode" setup; its other
# examples need a running server and curl. commands.md is a reference too, but runs
# the one example it shows (kith search finding positions).
REFERENCE = {
    "architecture.md",
    "benchmarks.md",
    "durability.md",
    "rules.md",
}


def test_every_walkthrough_is_run() -> None:
    """Every page of docs/ but the reference ones runs its console blocks as a test."""
    pages = {p.name for p in DOCS_DIR.glob("*.md")}
    assert pages - REFERENCE == set(WALKTHROUGHS)
    assert {"agenda.md", "departure.md", "importing.md", "network.md", "reach.md",
            "sources.md"} <= set(WALKTHROUGHS)  # fmt: skip


def test_no_walkthrough_shows_a_command_it_does_not_run() -> None:
    """A `$ kith` line outside a console block would be shown and never checked."""
    for doc in sorted(DOCS_DIR.glob("*.md")):
        inside = ""
        for n, line in enumerate(doc.read_text().splitlines(), 1):
            if line.startswith("```"):
                inside = "" if inside else (line.strip()[3:] or "plain")
                continue
            if inside and inside != "console":
                assert not line.startswith("$ kith"), f"{doc.name}:{n}: in a {inside} block"


@pytest.mark.parametrize("name", WALKTHROUGHS)
def test_the_doc_runs_as_written(name: str, tmp_path: Path) -> None:
    """Each console block of docs/NAME runs, and prints what the doc shows."""
    run_doc(DOCS_DIR / name, tmp_path, setup=SETUP.get(name))
