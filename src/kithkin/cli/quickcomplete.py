"""A TAB completion (and ``kith --help``) answered before Typer is loaded, byte for
byte as Typer answers it.

The completion scripts users installed (``kith --install-completion``) call ``kith``
with ``_KITH_COMPLETE=complete_bash`` (zsh, fish, powershell) and the line typed in
``COMP_WORDS``/``COMP_CWORD`` or ``_TYPER_COMPLETE_ARGS``. Loading Typer, Click,
Rich and every command module to answer costs nine times a bare Python start; this
module answers from the table :mod:`kithkin.cli.completetable` derived from the
application and keeps in the cache directory, following Click's own steps (the
line split as ``shlex`` does, the command words resolved, the options parsed as
Click's parser does, then the value, option or command to complete) and each
shell's output format. Contact names come from the same query the full path runs
(:func:`kithkin.cli.completion.names_for`, plain ``sqlite3``).

Anything it does not fully understand returns ``None`` and Typer answers: no table
or a stale one (Typer then computes it), a PostgreSQL URL, an option it does not
know or one with a callback, ``--``, a shell or instruction it does not know, a
help text that is not plain ASCII, a dumb terminal. ``KITH_NO_QUICK_COMPLETE=1``
turns it off (the tests compare both answers).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

FORMAT = 2
SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")
HELP_WIDTHS = (50, 78)  # Click formats help at the terminal's width less 2, within these


class Fallback(Exception):
    """The line is one this module does not answer exactly: Typer will."""


def table_path() -> Path:
    """Where the table of this installation is kept (one per kithkin and Python)."""
    import zlib

    import kithkin
    from kithkin.config import cache_dir

    key = zlib.crc32(f"{kithkin.__file__}|{sys.prefix}|{sys.version}".encode())
    return cache_dir() / f"completion-{key:08x}.json"


def load_table(environ: Mapping[str, str]) -> dict[str, Any] | None:
    """The kept table if every file it was derived from is as it was, else None."""
    import json

    try:
        table = json.loads(table_path().read_text(encoding="utf-8"))
        if table.get("format") != FORMAT:
            return None
        for origin, size, mtime in table["files"]:
            st = Path(origin).stat()
            if st.st_size != size or st.st_mtime_ns != mtime:
                return None
        return table  # type: ignore[no-any-return]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def run(environ: Mapping[str, str]) -> bool:
    """Answer the completion the environment asks for; whether it did (then exit)."""
    if environ.get("KITH_NO_QUICK_COMPLETE") or os.name != "posix":
        return False
    if (sys.stdout.encoding or "").lower().replace("_", "-") not in ("utf-8", "utf8"):
        return False
    main_module = sys.modules.get("__main__")
    if getattr(main_module, "__package__", None) not in (None, ""):
        return False  # `python -m`: Typer names the program otherwise
    prog = Path(sys.argv[0]).name
    if f"_{prog}_COMPLETE".replace("-", "_").upper() != "_KITH_COMPLETE":
        return False
    found = answer(environ)
    if found is None:
        return False
    text, code = found
    if text is not None:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
    sys.exit(code)


def help_text(argv: list[str], environ: Mapping[str, str]) -> str | None:
    """``kith --help`` (or bare ``kith``) as Click formats it for this terminal, from
    the table; None when there is no current table (the full path answers)."""
    if argv not in (["--help"], []) or environ.get("KITH_NO_QUICK_COMPLETE"):
        return None
    if (sys.stdout.encoding or "").lower().replace("_", "-") not in ("utf-8", "utf8"):
        return None
    import shutil

    low, high = HELP_WIDTHS
    width = max(min(shutil.get_terminal_size().columns, high + 2) - 2, low)
    table = load_table(environ)
    text = table.get("help", {}).get(str(width)) if table else None
    return text if isinstance(text, str) else None


def answer(environ: Mapping[str, str]) -> tuple[str | None, int] | None:
    """(what to print, exit status) for the completion asked, or None: ask Typer."""
    verb, _, shell = environ.get("_KITH_COMPLETE", "").partition("_")
    if verb != "complete" or shell not in SHELLS:
        return None
    table = load_table(environ)
    if table is None:
        return None
    try:
        args, incomplete = _line(shell, environ)
        items = _complete(table["root"], environ, args, incomplete)
        return _format(shell, environ, items)
    except Fallback:
        return None


def split_arg_string(string: str) -> list[str]:
    """Click's split of the line: as ``shlex.split``, keeping an unfinished last word."""
    import shlex

    lex = shlex.shlex(string, posix=True)
    lex.whitespace_split = True
    lex.commenters = ""
    out = []
    try:
        for token in lex:
            out.append(token)
    except ValueError:
        out.append(lex.token)
    return out


def _line(shell: str, environ: Mapping[str, str]) -> tuple[list[str], str]:
    """The complete words after ``kith`` and the word being completed, as each of
    Typer's shell classes reads them."""
    if shell == "bash":
        if "COMP_WORDS" not in environ or "COMP_CWORD" not in environ:
            raise Fallback
        cwords = split_arg_string(environ["COMP_WORDS"])
        try:
            cword = int(environ["COMP_CWORD"])
        except ValueError:
            raise Fallback from None
        args = cwords[1:cword]
        incomplete = cwords[cword] if -len(cwords) <= cword < len(cwords) else ""
        return args, incomplete
    completion_args = environ.get("_TYPER_COMPLETE_ARGS", "")
    cwords = split_arg_string(completion_args)
    if shell in ("powershell", "pwsh"):
        incomplete = environ.get("_TYPER_COMPLETE_WORD_TO_COMPLETE", "")
        return (cwords[1:-1] if incomplete else cwords[1:]), incomplete
    args = cwords[1:]
    if args and not completion_args.endswith(" "):
        return args[:-1], args[-1]
    return args, ""


Item = tuple[str, "dict[str, str] | None"]


def _complete(
    root: dict[str, Any], environ: Mapping[str, str], args: list[str], typed: str
) -> list[Item]:
    """Click's ``_resolve_context`` then ``_resolve_incomplete``, on the table."""
    from kithkin.cli.commandindex import COMMAND_INDEX, command_name, completion_words

    words = completion_words(environ) or []
    name = command_name(words)
    registered: set[str] | None = None  # only one module's commands (kithkin.cli.app.main)
    if name is None and "--version" in words:
        registered = set()
    elif name in COMMAND_INDEX:
        if None in root["modules"].values():
            raise Fallback
        registered = {c for c, m in root["modules"].items() if m == COMMAND_INDEX[name]}

    node, tokens, given = root, list(args), set[str]()
    db: str | None = None
    while True:
        _check(node)
        routed = not tokens or (tokens[0] not in node.get("commands", {}) and tokens[0] != "--help")
        if node["kind"] == "group" and "default" in node and routed:
            tokens = [node["default"], *tokens]  # DefaultGroup.parse_args
        given, values, rest = _parse(node, tokens)
        if node is root:
            db = values.get("db")
        if node["kind"] != "group" or not rest:
            break
        sub = node["commands"].get(rest[0])
        if sub is None or (node is root and registered is not None and rest[0] not in registered):
            break
        node, tokens = sub, rest[1:]

    if typed == "=":
        typed = ""
    elif "=" in typed and typed.startswith("-"):
        opt, _, typed = typed.partition("=")
        args = [*args, opt]
    if "--" in args:
        raise Fallback
    if not typed.startswith("-"):
        last = args[-1] if args and args[-1].startswith("-") else None
        for p in node["params"]:
            if p["kind"] == "option" and not p["flag"] and last in p["opts"]:
                return _values(p, typed, db)
        for p in node["params"]:
            if p["kind"] == "argument" and (p["nargs"] == -1 or p["name"] not in given):
                return _values(p, typed, db)
    out: list[Item] = []
    if node["kind"] == "group":
        for cmd, help_ in node["listed"]:
            if node is root and registered is not None and cmd not in registered:
                continue
            if cmd.startswith(typed):
                out.append((cmd, help_))
    if typed and not typed[0].isalnum():
        for p in node["params"]:
            if p["kind"] != "option" or p["hidden"] or (not p["multiple"] and p["name"] in given):
                continue
            out += [(o, p["help"]) for o in p["opts"] + p["secondary"] if o.startswith(typed)]
    return out


def _check(node: dict[str, Any]) -> None:
    if node["kind"] == "unknown" or any(p["kind"] == "unknown" for p in node["params"]):
        raise Fallback


def _parse(node: dict[str, Any], tokens: list[str]) -> tuple[set[str], dict[str, str], list[str]]:
    """Click's parser in resilient mode: the parameters given on the line, the options'
    values, and the words left for a subcommand."""
    options: dict[str, dict[str, Any]] = {}
    for p in node["params"]:
        if p["kind"] == "option":
            for o in p["opts"] + p["secondary"]:
                options[o] = p
    rargs, largs = list(tokens), []
    given: set[str] = set()
    values: dict[str, str] = {}
    while rargs:
        arg = rargs.pop(0)
        if arg == "--":
            raise Fallback
        if arg[:1] == "-" and len(arg) > 1:
            opt, eq, explicit = arg.partition("=")
            p = options.get(opt)
            if p is None or (eq and len(opt) == 2 and opt[1] != "-"):
                raise Fallback  # unknown, or a short option's cluster: let Click decide
            if p["callback"]:
                raise Fallback  # --version, --help, --install-completion
            if p["flag"]:
                if eq:
                    raise Fallback
                given.add(p["name"])
                continue
            if eq:
                value = explicit
            elif rargs:
                value = rargs.pop(0)
            else:
                return given, values, []  # Click stops at the missing value; no arguments
            given.add(p["name"])
            values[p["name"]] = value
        elif node["interspersed"]:
            largs.append(arg)
        else:
            rargs.insert(0, arg)
            break
    positional = largs + rargs
    for p in node["params"]:
        if p["kind"] != "argument":
            continue
        if p["nargs"] == -1:
            given.add(p["name"])
            positional = []
        elif positional:
            given.add(p["name"])
            positional.pop(0)
    return given, values, positional


def _values(param: dict[str, Any], typed: str, db: str | None) -> list[Item]:
    spec = param["complete"]
    kind = spec["type"]
    if kind == "contact":
        from kithkin.cli.completion import names_for
        from kithkin.config import resolve_db

        try:
            url = resolve_db(db)
        except Exception:
            raise Fallback from None
        if not url.startswith("sqlite:///"):
            raise Fallback  # the server's names come through SQLAlchemy
        return [(n, None) for n in names_for(db, typed)]
    if kind == "fixed":
        from kithkin.cli.completion import matching

        return [(v, None) for v in matching(spec["values"], typed)]
    if kind == "choice":
        if spec["case_sensitive"]:
            return [(v, None) for v in spec["values"] if v.startswith(typed)]
        return [(v, None) for v in spec["values"] if v.lower().startswith(typed.lower())]
    if kind == "file":
        return [(typed, None)]
    if kind == "none":
        return []
    raise Fallback


def zsh_escape(s: str) -> str:
    """Typer's quoting of a value or help text inside zsh's ``_arguments`` spec."""
    return (
        s.replace('"', '""')
        .replace("'", "''")
        .replace("$", "\\$")
        .replace("`", "\\`")
        .replace(":", r"\\:")
    )


def _format(shell: str, environ: Mapping[str, str], items: list[Item]) -> tuple[str | None, int]:
    width = _width(environ) if any(h for _, h in items) and shell != "bash" else 0
    if shell == "bash":
        out = "\n".join(v for v, _ in items)
    elif shell == "zsh":
        lines = [
            f'"{zsh_escape(v)}":"{wrap(h["zsh"], width)}"' if h else f'"{zsh_escape(v)}"'
            for v, h in items
        ]
        out = "_arguments '*: :((" + "\n".join(lines) + "))'" if lines else "_files"
    elif shell == "fish":
        action = environ.get("_TYPER_COMPLETE_FISH_ACTION", "")
        lines = [f"{v}\t{wrap(h['fish'], width)}" if h else v for v, h in items]
        if action == "is-args":
            return None, 0 if lines else 1
        out = "\n".join(lines) if action == "get-args" else ""
    else:
        out = "\n".join(f"{v}:::{wrap(h['powershell'], width) if h else ' '}" for v, h in items)
    if "\x1b" in out:
        raise Fallback  # Click strips escape sequences from a pipe
    return out, 0


def _width(environ: Mapping[str, str]) -> int:
    """The width of the Rich console Typer renders help texts on."""

    def number(name: str) -> int | None:
        value = environ.get(name)
        if value is None or not value.isdigit():
            return None
        if not value.isascii():
            raise Fallback
        return int(value)

    if environ.get("TERMINAL_WIDTH"):
        width = number("TERMINAL_WIDTH")
        if width is None:
            raise Fallback
    else:
        width = number("COLUMNS")
    if width is None or number("LINES") is None:
        if environ.get("TERM", "").lower() in ("dumb", "unknown"):
            raise Fallback
        if width is None:
            for fd in (0, 1, 2):
                try:
                    width = os.get_terminal_size(fd).columns
                    break
                except (AttributeError, ValueError, OSError):
                    pass
            width = width or 80
    if width < 1:
        raise Fallback
    return width


def wrap(text: str, width: int) -> str:
    """Rich's word wrap of one line of plain ASCII (``Text.wrap``, fold overflow)."""
    if not all(" " <= c <= "~" for c in text):
        raise Fallback
    if len(text) <= width:
        return text
    import re

    breaks: list[int] = []
    offset = 0
    for m in re.finditer(r"\s*\S+\s*", text):
        start, word = m.start(), m.group(0)
        length = len(word.rstrip())
        if width - offset >= length:
            offset += len(word)
        elif length > width:
            pieces = [word[i : i + width] for i in range(0, len(word), width)]
            for i, piece in enumerate(pieces):
                if start:
                    breaks.append(start)
                if i == len(pieces) - 1:
                    offset = len(piece)
                else:
                    start += len(piece)
        elif offset and start:
            breaks.append(start)
            offset = len(word)
    lines = [text[a:b] for a, b in zip([0, *breaks], [*breaks, len(text)], strict=True)]
    out = []
    for line in lines:
        if len(line) > width:
            spaces = len(line) - len(line.rstrip())
            line = line[: len(line) - min(spaces, len(line) - width)]
        out.append(line[:width])
    return "\n".join(out).rstrip("\n")
