"""`kith --help` reads as prose: values named for the thing, whole-sentence summaries."""

from __future__ import annotations

import re
from importlib.metadata import version

import pytest
import typer
from typer.testing import CliRunner

from kithkin.cli.app import full_app
from kithkin.cli.helptext import first_sentence, polish
from kithkin.core.wording import count

app = full_app()
runner = CliRunner()


def _paths(group, prefix=()):  # type: ignore[no-untyped-def]
    for name, cmd in sorted(group.commands.items()):
        yield (*prefix, name), cmd
        if hasattr(cmd, "commands"):
            yield from _paths(cmd, (*prefix, name))


ROOT = typer.main.get_command(app)
polish(ROOT)
COMMANDS = [" ".join(p) for p, _ in _paths(ROOT)]


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_names_values_not_python_types(command: str) -> None:
    out = runner.invoke(app, [*command.split(), "--help"]).stdout
    assert not re.search(r"<\w+(\[\w+\])?>", out), out  # <str>, <list[str]>, <int>
    usage = out.splitlines()[0]
    assert "{" not in usage, usage
    value = r"\[?[A-Z][A-Z|:-]*\]?(\.\.\.)?|[a-z]+(\|[a-z]+)+"  # NAME, [DATE], CONTACT..., a|b
    shape = rf"Usage: kith[ a-z-]* (\[OPTIONS\])?( ({value}))*( COMMAND \[ARGS\]\.\.\.)?"
    assert re.fullmatch(shape, usage), usage


def test_common_values_have_their_names() -> None:
    out = runner.invoke(app, ["log", "--help"]).stdout
    assert "Usage: kith log [OPTIONS] CONTACT..." in out
    assert "--date DATE" in out and "--time HH:MM" in out and "--note TEXT" in out
    out = runner.invoke(app, ["leave", "--help"]).stdout
    assert "--last-day DATE" in out and "--new-org ORG" in out
    assert "--as-of DATE" in runner.invoke(app, ["--help"]).stdout


def test_summaries_are_whole_sentences() -> None:
    """The list of commands never cuts a summary at "e.g." or mid-sentence with "..."."""
    for path, cmd in _paths(ROOT):
        summary = cmd.get_short_help_str(limit=45)
        assert summary == first_sentence(cmd.help or ""), path
        assert summary.endswith((".", "?", "!")), f"kith {' '.join(path)}: {summary!r}"
        assert not re.search(r"\b(e\.g|i\.e|etc)\.$", summary), summary
    out = runner.invoke(app, ["config", "--help"]).stdout
    assert "Change a setting, e.g. `kith config set budget 7`." in " ".join(out.split())


def test_first_sentence_knows_abbreviations() -> None:
    assert first_sentence("Change it, e.g. `x`. More.") == "Change it, e.g. `x`."
    assert first_sentence("One. Two.") == "One."
    assert first_sentence("No full stop") == "No full stop"


def test_version() -> None:
    run = runner.invoke(app, ["--version"])
    assert run.exit_code == 0
    assert run.stdout == f"kith {version('kithkin')}\n"


def test_counts_take_the_right_number() -> None:
    assert count(1, "contact") == "1 contact"
    assert count(0, "contact") == "0 contacts"
    assert count(2, "person") == "2 people"
    assert count(1, "unknown person") == "1 unknown person"
    assert count(3, "unknown person") == "3 unknown people"
    assert count(2, "day") == "2 days"


def test_one_contact_is_singular(kith) -> None:  # type: ignore[no-untyped-def]
    kith.ok("add", "Ada Byron")
    # The table's title: one contact (your own record is not listed).
    assert kith.ok("list").stdout.splitlines()[0].strip() == "1 contact"


def test_one_of_anything_is_singular(kith) -> None:  # type: ignore[no-untyped-def]
    """Every count a command prints takes its number: one result, event, reference, day."""
    kith.ok("add", "Ada Byron", "--cadence", "1")
    kith.ok("log", "ada", "--channel", "call", "--note", "the analytical engine",
            "--date", "2026-05-01", as_of="2026-05-01")  # fmt: skip
    assert kith.ok("search", "analytical").stdout.splitlines()[0] == "1 result for 'analytical'"
    kith.ok("event", "add", "PyData", "--date", "2026-04-01", as_of="2026-05-01")
    assert kith.ok("event", "list", as_of="2026-05-01").stdout.splitlines()[0] == "1 event"
    kith.ok("ref", "add", "ada", "--for", "CTO", "--date", "2026-04-01", as_of="2026-05-01")
    assert kith.ok("ref", "list", as_of="2026-05-01").stdout.splitlines()[0] == "1 reference"
    shown = kith.ok("show", "ada", as_of="2026-05-01").stdout
    assert "every 1 day" in shown and "every 1 days" not in shown
    why = kith.ok("today", "-v", as_of="2026-05-03").stdout
    assert "every 1 day" in why and "every 1 days" not in why


def test_help_takes_each_rules_number_from_the_rules_home() -> None:
    """A face never spells a rule's number: the help reads it where the rule lives, so a
    changed rule cannot leave the help saying the old one."""
    from kithkin.core.book.eventdays import FOLLOW_UP_DAYS
    from kithkin.core.book.occasiondays import CONGRATULATE_DAYS
    from kithkin.core.settings import DEFAULT_BUDGET
    from kithkin.core.vocabulary import TIER_CADENCE, Tier

    def help_of(command: str) -> str:
        return " ".join(runner.invoke(app, [*command.split(), "--help"]).stdout.split())

    assert f"congratulating within {CONGRATULATE_DAYS} days" in help_of("occasion add")  # R9
    assert f"a follow-up within {FOLLOW_UP_DAYS} days" in help_of("event met")  # R13
    assert f"{DEFAULT_BUDGET} unless changed" in help_of("today")  # R17
    tiers = f"close ({TIER_CADENCE[Tier.CLOSE]} days), regular ({TIER_CADENCE[Tier.REGULAR]})"
    assert tiers in help_of("add")  # R2
