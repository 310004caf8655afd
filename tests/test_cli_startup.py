"""`kith CMD` imports only CMD's module, and the index that says which module is true."""

from __future__ import annotations

from kithkin.cli.app import full_app
from kithkin.cli.commandindex import COMMAND_INDEX, COMMAND_MODULES
from kithkin.cli.commandindex import command_name as _command_name


def test_command_index_names_the_module_that_defines_each_command():
    app = full_app()
    defined: dict[str, set[str]] = {}
    for c in app.registered_commands:
        name = c.name or c.callback.__name__.replace("_", "-")
        defined[name] = {c.callback.__module__}
    for g in app.registered_groups:
        defined[g.name] = {c.callback.__module__ for c in g.typer_instance.registered_commands}
    for name, module in COMMAND_INDEX.items():
        assert defined.get(name) == {f"kithkin.cli.{module}"}, name
    unindexed = set(defined) - set(COMMAND_INDEX)
    assert not unindexed, f"add these to COMMAND_INDEX for a fast start: {unindexed}"


def test_command_word_skips_global_options():
    assert _command_name(["--db", "x.db", "--as-of", "2026-01-01", "today", "--json"]) == "today"
    assert _command_name(["--help"]) is None
    assert _command_name([]) is None


def test_no_command_module_loads_sqlalchemy_when_imported():
    """`kith --help` and a TAB completion import the command modules and no more: the
    core (and with it SQLAlchemy) loads inside a command, when it runs."""
    import subprocess
    import sys

    code = (
        "import sys, importlib\n"
        f"for m in {COMMAND_MODULES!r}: importlib.import_module('kithkin.cli.' + m)\n"
        "import kithkin.cli.entry, kithkin.cli.quick\n"
        "print(sorted(m for m in ('sqlalchemy', 'jinja2', 'pydantic') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
