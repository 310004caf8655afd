"""Which module defines each top-level command, in a module that imports nothing.

``kith today`` imports only the module of ``today`` (start-up time is most of a short
command's time), and a TAB completion answered before Typer is loaded
(:mod:`kithkin.cli.quickcomplete`) must know which commands that one module
registers; both read the index from here. tests/test_cli_startup.py keeps it true.
"""

from __future__ import annotations

from collections.abc import Mapping

# One module per command group; each adds its commands to `app` when imported.
# The order here is the order of `kith --help`.
COMMAND_MODULES = [
    "contacts",
    "triage",
    "jobs",
    "log",
    "search",
    "agenda",
    "demo",
    "departure",
    "references",
    "events",
    "importing",
    "sources",
    "who",
    "leads",
    "drafts",
    "serve",
    "hosted",
    "reach",
    "export",
]

# A command missing here still works: everything is registered.
COMMAND_INDEX = {
    **dict.fromkeys(["add", "edit", "show", "list", "rm"], "contacts"),
    "triage": "triage",
    **dict.fromkeys(["init", "job"], "jobs"),
    **dict.fromkeys(["log", "detail", "tie"], "log"),
    "search": "search",
    **dict.fromkeys(
        ["today", "agenda", "health", "snooze", "pause", "resume", "reset", "occasion", "config"],
        "agenda",
    ),
    "demo": "demo",
    **dict.fromkeys(["leave", "plan"], "departure"),
    **dict.fromkeys(["ref", "rehire"], "references"),
    "event": "events",
    **dict.fromkeys(["import", "dupes", "merge", "distinct"], "importing"),
    **dict.fromkeys(["source", "sync"], "sources"),
    "who": "who",
    "lead": "leads",
    "draft": "drafts",
    "serve": "serve",
    "hosted": "hosted",
    **dict.fromkeys(["feed", "digest"], "reach"),
    **dict.fromkeys(["export", "backup", "restore"], "export"),
}

GLOBAL_WITH_VALUE = ("--db", "--as-of")


def command_name(argv: list[str]) -> str | None:
    """The command word of a `kith` command line, skipping the global options."""
    at = _command_at(argv)
    return None if at is None else argv[at]


def _command_at(argv: list[str]) -> int | None:
    skip = False
    for i, arg in enumerate(argv):
        if skip:
            skip = False
        elif arg in GLOBAL_WITH_VALUE:
            skip = True
        elif not arg.startswith("-"):
            return i
    return None


def hoisted(argv: list[str]) -> list[str]:
    """The command line with the global options that follow the command moved before it.

    ``kith today --as-of 2026-12-01`` is ``kith --as-of 2026-12-01 today``: a user's
    script writes the day or the database where it likes, and every path (the kept
    answers, the full command) then reads one command line. Each option moves with its
    value (``--db FILE`` or ``--db=FILE``) and keeps its order, after the ones already
    in front, so the last one given still wins; nothing after ``--`` moves.
    """
    at = _command_at(argv)
    if at is None:
        return argv
    front, rest, moved = argv[:at], [], []
    i = at
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest.extend(argv[i:])
            break
        if arg in GLOBAL_WITH_VALUE and i + 1 < len(argv):
            moved += argv[i : i + 2]
            i += 2
            continue
        if arg.partition("=")[0] in GLOBAL_WITH_VALUE and "=" in arg:
            moved.append(arg)
        else:
            rest.append(arg)
        i += 1
    return argv if not moved else front + moved + rest


def completion_words(environ: Mapping[str, str]) -> list[str] | None:
    """The words after ``kith`` of the line a shell is completing, split on white
    space; None when this is no completion. bash passes COMP_WORDS, the others
    _TYPER_COMPLETE_ARGS."""
    if not environ.get("_KITH_COMPLETE"):
        return None
    words = environ.get("_TYPER_COMPLETE_ARGS") or environ.get("COMP_WORDS", "")
    return words.split()[1:]


def modules_for(argv: list[str]) -> list[str]:
    """The command modules a command line needs: its command's, or all of them."""
    name = command_name(argv)
    return [COMMAND_INDEX[name]] if name in COMMAND_INDEX else list(COMMAND_MODULES)
