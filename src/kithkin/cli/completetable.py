"""The table a TAB completion answers from, derived from the Typer application itself.

:mod:`kithkin.cli.quickcomplete` answers a completion before Typer is imported, from
a table of every command, option and argument: how each is parsed, what it
completes (contact names, a fixed vocabulary, a choice, nothing) and the help each
shell shows beside it, already rendered the way Typer renders it. Nothing in it is
written by hand: :func:`build` walks the polished click command tree Typer makes,
the first time a TAB finds no table (or a stale one), and :func:`save` keeps it in
the cache directory with the size and modification time of every kithkin, Typer and
Rich source file it was derived from, so that any change to them (an upgrade, an
edited command) makes the next TAB compute it afresh. Whatever the table cannot
describe exactly (a custom completer it does not know, an option taking two values,
a group that parses its own way) is marked ``unknown``, and the TAB reaching it is
answered by Typer.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from typer import _click as click
from typer.core import TyperArgument, TyperGroup, TyperOption

from kithkin.cli import quickcomplete
from kithkin.cli.completion import Fixed, contact_names
from kithkin.cli.defaultgroup import DEFAULT, DefaultGroup

# The packages whose code decides what a completion answers.
SOURCES = ("kithkin", "typer", "rich")


def build() -> dict[str, Any]:
    """The table of the whole application, as a TAB with no fast path would see it."""
    import typer.main

    from kithkin.cli.app import KithGroup, full_app
    from kithkin.cli.commandindex import COMMAND_INDEX, COMMAND_MODULES
    from kithkin.cli.helptext import polish

    app = full_app()
    command = typer.main.get_command(app)
    assert isinstance(command, TyperGroup)
    polish(command)
    known = all(name in COMMAND_INDEX for name in command.commands)
    if known:
        # The order of a process that imported the modules in the index's order (Typer
        # lists commands, then groups, each as registered), whichever this one imported
        # first: a TAB or `kith --help` in a new process lists them so.
        groups = {g.name for g in app.registered_groups}
        rank = {
            name: (name in groups, COMMAND_MODULES.index(COMMAND_INDEX[name]))
            for name in command.commands
        }
        command.commands = {
            n: command.commands[n] for n in sorted(command.commands, key=lambda n: rank[n])
        }
    ctx = click.Context(command, info_name="kith", resilient_parsing=True)
    root = _node(command, ctx, ok_group=KithGroup)
    root["modules"] = {name: COMMAND_INDEX.get(name) for name in root["commands"]}
    if not known:
        root["kind"] = "unknown"  # which module registers it is not known
    return {
        "format": quickcomplete.FORMAT,
        "files": _sources(),
        "root": root,
        "help": _helps(command) if known else {},
    }


def _helps(command: click.Command) -> dict[str, str]:
    """``kith --help`` at every width Click may format it (50 to 78 columns)."""
    from typer._click import formatting

    ctx = click.Context(command, info_name="kith")
    saved = formatting.FORCED_WIDTH
    try:
        out = {}
        for width in range(quickcomplete.HELP_WIDTHS[0], quickcomplete.HELP_WIDTHS[1] + 1):
            formatting.FORCED_WIDTH = width
            out[str(width)] = command.get_help(ctx)
        return out
    finally:
        formatting.FORCED_WIDTH = saved


def save(table: dict[str, Any], path: Path | None = None) -> Path:
    """Write the table where :func:`quickcomplete.table_path` looks, atomically."""
    path = path or quickcomplete.table_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(table, separators=(",", ":")), encoding="utf-8")
    tmp.replace(path)
    return path


def refresh() -> None:
    """Compute and keep the table if the one kept is missing or stale; never fails."""
    try:
        if quickcomplete.load_table(os.environ) is None:
            save(build())
    except Exception:  # a completion never prints an error into the shell
        pass


def _sources() -> list[list[Any]]:
    files = []
    for name, module in sorted(sys.modules.items()):
        origin = getattr(module, "__file__", None)
        if name.split(".")[0] in SOURCES and origin:
            st = Path(origin).stat()
            files.append([origin, st.st_size, st.st_mtime_ns])
    return files


def _node(
    command: click.Command, ctx: click.Context, ok_group: type = TyperGroup
) -> dict[str, Any]:
    node: dict[str, Any] = {"params": [_param(p) for p in command.get_params(ctx)]}
    settings = (ctx.token_normalize_func, ctx.ignore_unknown_options, ctx.help_option_names)
    if settings != (None, False, ["--help"]) or command.deprecated:
        node["kind"] = "unknown"
    elif isinstance(command, DefaultGroup) and type(command) is DefaultGroup:
        node["kind"] = "group"
        node["default"] = DEFAULT
    elif isinstance(command, TyperGroup):
        node["kind"] = "group" if type(command) in (TyperGroup, ok_group) else "unknown"
    else:
        node["kind"] = "command" if type(command).shell_complete is _COMMAND_COMPLETE else "unknown"
    node["interspersed"] = ctx.allow_interspersed_args
    if isinstance(command, TyperGroup):
        if getattr(command, "chain", False):
            node["kind"] = "unknown"
        node["commands"] = {}
        for name, sub in command.commands.items():
            sub_ctx = click.Context(sub, info_name=name, parent=ctx, resilient_parsing=True)
            node["commands"][name] = _node(sub, sub_ctx)
        node["listed"] = [
            [name, _help(shown.get_short_help_str())]
            for name in command.list_commands(ctx)
            if (shown := command.get_command(ctx, name)) is not None and not shown.hidden
        ]
    if not _arguments_supported(node["params"]):
        node["kind"] = "unknown"
    return node


_COMMAND_COMPLETE = click.Command.shell_complete


def _arguments_supported(params: list[dict[str, Any]]) -> bool:
    """Arguments taking one value each, then at most one taking the rest."""
    nargs = [p["nargs"] for p in params if p["kind"] == "argument"]
    return all(n == 1 for n in nargs[:-1]) and all(n in (1, -1) for n in nargs[-1:])


def _param(param: click.Parameter) -> dict[str, Any]:
    out: dict[str, Any] = {"name": param.name, "nargs": param.nargs}
    if isinstance(param, TyperOption) and type(param).shell_complete is TyperOption.shell_complete:
        out["kind"] = "option"
        out["opts"] = list(param.opts)
        out["secondary"] = list(param.secondary_opts)
        out["hidden"] = bool(param.hidden)
        out["multiple"] = bool(param.multiple)
        out["flag"] = bool(param.is_flag or param.count)
        out["help"] = _help(param.help)
        if param.nargs != 1:
            out["kind"] = "unknown"
    elif isinstance(param, TyperArgument) and type(param).shell_complete is (
        TyperArgument.shell_complete
    ):
        out["kind"] = "argument"
        if param.envvar is not None:
            out["kind"] = "unknown"
    else:
        out["kind"] = "unknown"
    out["callback"] = param.callback is not None
    out["complete"] = _completes(param)
    return out


def _completes(param: Any) -> dict[str, Any]:
    custom = param._custom_shell_complete
    if custom is contact_names:
        return {"type": "contact"}
    if isinstance(custom, Fixed):
        return {"type": "fixed", "values": list(custom.values())}
    if custom is not None:
        return {"type": "unknown"}
    desc = param.type_descriptor
    if desc.is_choice and desc.choices is not None:
        from typer._param_types import choice_as_str

        values = [choice_as_str(c) for c in desc.choices]
        return {"type": "choice", "values": values, "case_sensitive": bool(desc.case_sensitive)}
    if desc.is_file:
        return {"type": "file"}
    return {"type": "none"}


def _help(text: str | None) -> dict[str, str] | None:
    """A help text as each shell shows it: Typer's own rendering (Rich markup and
    emoji codes resolved), made on a console too wide to wrap; the answer wraps it
    to the terminal's width (:func:`quickcomplete.wrap`)."""
    if not text:
        return None
    import re

    from typer import _completion_classes as classes
    from typer import rich_utils

    saved = rich_utils.MAX_WIDTH
    rich_utils.MAX_WIDTH = 1_000_000
    try:
        return {
            "zsh": classes._sanitize_help_text(quickcomplete.zsh_escape(text)),
            "fish": classes._sanitize_help_text(re.sub(r"\s", " ", text)),
            "powershell": classes._sanitize_help_text(text),
        }
    finally:
        rich_utils.MAX_WIDTH = saved
