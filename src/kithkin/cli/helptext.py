"""How `kith --help` reads: values named for what they are, summaries as whole sentences.

Typer shows a value by its Python type (``--date <str>``, ``{contact}... <list[str]>``)
and click cuts a command's summary at its first full stop, ``e.g.`` included. Both are
fixed here once, over the whole command tree, rather than in every declaration:
:func:`polish` names each value after the thing it holds (``CONTACT``, ``DATE``) and
gives each command its first whole sentence as summary.
"""

from __future__ import annotations

import re
from typing import Any

from typer import _click as click
from typer.core import TyperArgument, TyperOption

# What a parameter's value is, when its name alone does not say it well.
METAVARS = {
    **dict.fromkeys(
        ["date", "until", "since", "start", "end", "last_day", "start_date", "as_of"], "DATE"
    ),
    **dict.fromkeys(["first", "second", "keep", "other"], "CONTACT"),
    **dict.fromkeys(["org", "new_org", "colleagues_at"], "ORG"),
    **dict.fromkeys(["file", "text_file"], "FILE"),
    **dict.fromkeys(["days", "notice_days", "cadence", "min_interval"], "DAYS"),
    **dict.fromkeys(["note", "how_met"], "TEXT"),
    "db": "FILE|URL",
    "title": "TITLE",
    "new_title": "TITLE",
    "people": "NAME",
    "query": "WORDS",
    "budget": "N",
    "limit": "N",
    "offset": "N",
    "max_upload_mb": "MB",
    "host": "ADDRESS",
    "allow_host": "HOST",
    "time_zone": "ZONE",
    "rehire": "ANSWER",
    "type_": "TYPE",
    "at": "HH:MM",
    "learned": "DATE",
    "me": "EMAIL",
}


def metavar_for(name: str) -> str:
    """The word shown for a value: the table's, else the parameter's own name."""
    return METAVARS.get(name, name.strip("_").upper().replace("_", "-"))


class NamedArgument(TyperArgument):
    """An argument shown as ``CONTACT...`` or ``[CONTACT]``, never by its Python type."""

    def display_type_rich(self, ctx: click.Context) -> str | None:
        return None

    def _rich_display_name(self) -> str:
        return self.display_name_raw + ("..." if self.nargs != 1 else "")

    def _usage_display_name(self) -> str:
        name = self.display_name_raw if self.required else f"[{self.display_name_raw}]"
        return name + ("..." if self.nargs != 1 else "")


_NOT_AN_END = re.compile(r"\b(?:e\.g|i\.e|etc|vs|cf|incl|approx)\.$", re.I)


def first_sentence(text: str) -> str:
    """The first whole sentence of a help text (``e.g.`` and friends do not end one)."""
    flat = " ".join(text.split())
    for m in re.finditer(r"[.!?](?=\s|$)", flat):
        head = flat[: m.end()]
        if not _NOT_AN_END.search(head):
            return head
    return flat


def polish(command: Any, *, root: bool = True) -> None:
    """Name every value and give every command a whole-sentence summary, recursively;
    from the root, give the parameters their shell completion too."""
    if root:
        from kithkin.cli.completion import attach

        attach(command)
    for param in getattr(command, "params", []):
        if isinstance(param, TyperOption) and (param.is_flag or param.count):
            continue
        if param.metavar is None and param.name:
            param.metavar = metavar_for(param.name)
        if isinstance(param, TyperArgument) and not isinstance(param, NamedArgument):
            param.__class__ = NamedArgument  # same fields; only how it is shown differs
    if command.help and not command.short_help:
        command.short_help = first_sentence(command.help)
    for sub in getattr(command, "commands", {}).values():
        polish(sub, root=False)
