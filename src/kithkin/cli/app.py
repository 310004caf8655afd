"""The ``kith`` application: global options, command registration, error mapping.

Exit status: 0 done; 2 bad input or usage, with a one-line reason on stderr and
nothing written (the command's transaction is rolled back); 1 anything else.
"""

from __future__ import annotations

import sys
from typing import Any

import typer

# Typer vendors its own click; its exceptions are the ones raised here.
from typer import _click as click
from typer.core import TyperGroup

from kithkin import clock
from kithkin.cli.commandindex import (
    COMMAND_MODULES,
    command_name,
    completion_words,
    hoisted,
    modules_for,
)
from kithkin.cli.common import console, err_console, state
from kithkin.core.userinput import parse_date
from kithkin.errors import BadInput, Busy, KithError, Unreachable
from kithkin.errors import one_line as one_line


class KithGroup(TyperGroup):
    """Turns a :class:`KithError` anywhere below into one line on stderr and exit 2.

    The command's transaction has already been rolled back by the time the error
    reaches here, so the database holds what it held before.
    """

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Like click's standalone mode, but every error is one line on stderr."""
        from kithkin.cli.helptext import polish

        polish(self)
        if args:  # a caller's command line (tests, CliRunner); the console script's is done
            args = (hoisted(list(args[0])), *args[1:]) if args[0] is not None else args
        elif kwargs.get("args") is not None:
            kwargs["args"] = hoisted(list(kwargs["args"]))
        standalone_mode = kwargs.pop("standalone_mode", True)
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[misc]
        try:
            rv = super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[misc]
        except click.exceptions.NoArgsIsHelpError as exc:
            click.echo(exc.ctx.get_help() if exc.ctx else str(exc))
            sys.exit(0)
        except click.exceptions.ClickException as exc:
            click.echo(f"error: {one_line(exc.format_message())}", err=True)
            sys.exit(exc.exit_code)
        except typer.Abort:
            click.echo("aborted", err=True)
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (Busy, Unreachable) as exc:  # not the user's input: exit 1, one line
            click.echo(f"error: {one_line(str(exc))}", err=True)
            ctx.exit(1)
        except KithError as exc:
            hint = f" ({exc.hint})" if exc.hint else ""
            click.echo(f"error: {one_line(str(exc) + hint)}", err=True)
            ctx.exit(2)
        finally:
            state.close()


app = typer.Typer(
    cls=KithGroup,
    name="kith",
    help="kithkin: keep professional relationships alive, above all across job changes.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        click.echo(f"kith {version('kithkin')}")
        raise typer.Exit()


@app.callback()
def _global(
    db: str | None = typer.Option(
        None, "--db", envvar="KITH_DB", help="Database file or postgresql:// URL."
    ),
    as_of: str | None = typer.Option(
        None, "--as-of", envvar="KITH_AS_OF", help="Take this date (YYYY-MM-DD) as today."
    ),
    _show_version: bool = typer.Option(
        False, "--version", is_eager=True, callback=_version, help="Print kithkin's version."
    ),
) -> None:
    """kithkin: keep professional relationships alive, above all across job changes."""
    for out in (console, err_console):  # a pipe gets each line whole, wrapped by nobody
        out.soft_wrap = not out.is_terminal
    state.close()
    # Typed but empty (`--db ""`, `--as-of=`) is bad input, not "not given" (an empty
    # KITH_DB or KITH_AS_OF is unset, as the shell's convention has it).
    if db is not None and not db.strip():
        raise BadInput("--db is empty: give a database file or a postgresql:// URL")
    state.db = db
    clock.set_today(parse_date(as_of, "--as-of date") if as_of is not None else None)


def register(argv: list[str] | None = None) -> None:
    """Import the command modules: only the one `argv` needs when it is known."""
    import importlib

    if argv is not None and command_name(argv) is None and "--version" in argv:
        return  # answered before any command is needed
    for module in modules_for(argv) if argv is not None else COMMAND_MODULES:
        importlib.import_module(f"kithkin.cli.{module}")


def full_app() -> typer.Typer:
    """The application with every command registered (tests, docs, completion)."""
    register()
    return app


def main() -> None:
    """Console-script entry point."""
    import os

    from kithkin.cli.pipes import guard_stdout

    guard_stdout()

    words = completion_words(os.environ)
    # A TAB completes within one command: import only it, as a command line would.
    register(words if words is not None else sys.argv[1:])
    try:
        app()
    finally:
        kept = words is not None or sys.argv[1:] in (["--help"], [])
        if kept and not os.environ.get("KITH_NO_QUICK_COMPLETE"):
            from kithkin.cli.completetable import refresh

            refresh()  # the next TAB or --help answers without Typer (quickcomplete.py)
