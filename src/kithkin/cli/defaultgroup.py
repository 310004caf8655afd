"""A command that is also a group: ``kith log Ann`` logs, ``kith log edit 12`` corrects.

``kith log``, ``kith detail`` and ``kith tie`` were commands before they could be
undone; their words stay as they were (a public contract) and gain ``edit`` and
``rm``. The group runs its default command whenever the first word is not one of
its subcommands, and ``--help`` shows that command's usage with the others listed.
"""

from __future__ import annotations

from typing import Any

from typer import _click as click
from typer.core import TyperGroup

DEFAULT = "new"


class DefaultGroup(TyperGroup):
    """Runs the ``new`` subcommand unless the first word names another one."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        help_words = set(ctx.help_option_names)
        if not args or (args[0] not in self.commands and args[0] not in help_words):
            args = [DEFAULT, *args]
        return super().parse_args(ctx, args)

    def format_help(self, ctx: click.Context, formatter: Any) -> None:
        """The default command's usage and options, then the other subcommands."""
        main = self.commands[DEFAULT]
        main.format_usage(ctx, formatter)
        self.format_help_text(ctx, formatter)
        main.format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def list_commands(self, ctx: click.Context) -> list[str]:
        """The subcommands to list under the default one (it is the usage above)."""
        return [name for name in super().list_commands(ctx) if name != DEFAULT]

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        return self.commands[DEFAULT].collect_usage_pieces(ctx)
