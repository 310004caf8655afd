"""A TAB answered before Typer loads (quickcomplete.py) is byte for byte Typer's answer,
and so is the kept ``kith --help``.

Every command, partial command names, options, option values and contact names, on
each shell's protocol (bash, zsh, fish's two actions, powershell) and at several
terminal widths: the answer from the table is compared with Typer's own, computed
with the fast path turned off. Then the whole console script, twice per line.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kithkin.cli import completetable, quickcomplete
from kithkin.cli.app import full_app

NAMES = [
    "Ann Lee",
    "Bob Leeson",
    'Anna "Quote" Ray',
    "O'Brien Dana",
    "Dollar $Sign",
    "Back`tick Ann",
    "Colon: Name",
    "Zoë Ørsted",
    "50% Rate",
    "under_score",
]
PROTOCOL = (
    "_KITH_COMPLETE",
    "COMP_WORDS",
    "COMP_CWORD",
    "_TYPER_COMPLETE_ARGS",
    "_TYPER_COMPLETE_FISH_ACTION",
    "_TYPER_COMPLETE_WORD_TO_COMPLETE",
    "COLUMNS",
    "LINES",
    "KITH_DB",
    "KITH_NO_QUICK_COMPLETE",
)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A database with awkward names, and the table built from the application."""
    home = tmp_path_factory.mktemp("home")
    db = home / "kith.db"
    runner = CliRunner()
    for name in NAMES:
        run = runner.invoke(full_app(), ["--db", str(db), "add", name])
        assert run.exit_code == 0, run.output
    saved = os.environ.get("KITH_HOME")
    os.environ["KITH_HOME"] = str(home)
    try:
        table = completetable.build()
        completetable.save(table)
        yield {"db": str(db), "home": str(home), "table": table}
    finally:
        if saved is None:
            os.environ.pop("KITH_HOME", None)
        else:
            os.environ["KITH_HOME"] = saved


@pytest.fixture(autouse=True)
def _home(world: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KITH_HOME", world["home"])  # where the table was kept


@contextmanager
def environ(values: dict[str, str]) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in (*PROTOCOL, *values)}
    for k in PROTOCOL:
        os.environ.pop(k, None)
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def protocols(line: str) -> list[dict[str, str]]:
    """The environment each shell's installed script sets for the line typed so far."""
    words = quickcomplete.split_arg_string(line)
    last = "" if line.endswith(" ") else words[-1]
    cword = len(words) if line.endswith(" ") else len(words) - 1
    return [
        {"_KITH_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(cword)},
        {"_KITH_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line},
        {"_KITH_COMPLETE": "complete_fish", "_TYPER_COMPLETE_ARGS": line}
        | {"_TYPER_COMPLETE_FISH_ACTION": "get-args"},
        {"_KITH_COMPLETE": "complete_fish", "_TYPER_COMPLETE_ARGS": line}
        | {"_TYPER_COMPLETE_FISH_ACTION": "is-args"},
        {"_KITH_COMPLETE": "complete_powershell", "_TYPER_COMPLETE_ARGS": line}
        | {"_TYPER_COMPLETE_WORD_TO_COMPLETE": last},
    ]


@cache
def _command() -> Any:
    import typer.main

    return typer.main.get_command(full_app())  # made once: Typer makes it anew each run


def typer_answer(env: dict[str, str], argv: list[str] | None = None) -> tuple[str, int]:
    """Typer's answer, as the console script gives it with the fast path turned off."""
    out = io.BytesIO()
    stdout = io.TextIOWrapper(out, encoding="utf-8")
    saved = sys.stdout
    code = 0
    with environ({**env, "KITH_NO_QUICK_COMPLETE": "1"}):
        sys.stdout = stdout
        try:
            _command().main(argv or [], prog_name="kith")
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        finally:
            sys.stdout = saved
    stdout.flush()
    return out.getvalue().decode("utf-8"), code


def quick_answer(env: dict[str, str]) -> tuple[str, int] | None:
    with environ(env):
        found = quickcomplete.answer(os.environ)
    if found is None:
        return None
    text, code = found
    return ("" if text is None else text + "\n"), code


def lines(table: dict[str, Any]) -> list[tuple[str, bool]]:
    """Command lines covering the whole tree, each with whether to try it on every
    shell (else on bash and zsh): each command's name typed in part and whole, its
    options listed with their help, each option's value, contact arguments."""
    every = ["kith ", "kith -", "kith --", "kith t", "kith xyz ", "kith --as-of 2026-01-01 to"]
    every += ["kith log ", "kith log e", "kith log An", 'kith log "Ann L', "kith show lee"]
    every += ["kith log Ann --channel vi", "kith log Ann --channel=", "kith log Ann --channel=v"]
    every += ["kith log Ann --kind ", "kith tie Ann men", "kith draft Ann --occasion bi"]
    every += ["kith merge Ann ", "kith merge Ann B", "kith today --json --", "kith today --b"]
    every += ["kith --db DB show O", "kith --db=DB show Z", "kith show Colon", "kith show 5"]
    every += ["kith occasion add Ann --kind pro", "kith today --budget 3 -", "kith =", "kith log ="]
    some: list[str] = []

    def walk(node: dict[str, Any], path: str) -> None:
        for name, sub in node.get("commands", {}).items():
            here = f"{path}{name} "
            every.append(f"{here}--")
            some.extend([f"{path}{name[:2]}", here])
            for p in sub["params"]:
                if p["kind"] == "option" and not p["flag"]:
                    values = p["complete"].get("values") or [""]
                    some.append(f"{here}{p['opts'][0]} {values[-1][:1]}")
                if p["kind"] == "argument" and p["complete"]["type"] == "contact":
                    some.append(f"{here}a")
            walk(sub, here)

    walk(table["root"], "kith ")
    return [(line, True) for line in dict.fromkeys(every)] + [
        (line, False) for line in dict.fromkeys(some) if line not in every
    ]


def test_every_line_on_every_shell_is_typers_answer(world: dict[str, Any]) -> None:
    compared = fell_back = 0
    for raw, every_shell in lines(world["table"]):
        line = raw.replace("DB", world["db"])
        for i, env in enumerate(protocols(line)[: None if every_shell else 2]):
            env = {**env, "COLUMNS": ("80", "200", "33", "12")[(compared + i) % 4]}
            fast = quick_answer(env)
            if fast is None:
                fell_back += 1
                continue
            assert fast == typer_answer(env), (line, env)
            compared += 1
    assert compared > 800 and fell_back < compared / 50, (compared, fell_back)


def test_contact_names_come_from_the_database_kith_db_names(world: dict[str, Any]) -> None:
    env = {"_KITH_COMPLETE": "complete_bash", "COMP_WORDS": "kith log an", "COMP_CWORD": "2"}
    env["KITH_DB"] = world["db"]
    fast = quick_answer(env)
    assert fast == typer_answer(env)
    assert fast is not None
    assert fast[0].splitlines() == ["Ann Lee", 'Anna "Quote" Ray', "Back`tick Ann"]


def test_what_it_does_not_know_is_left_to_typer(world: dict[str, Any]) -> None:
    bash = {"_KITH_COMPLETE": "complete_bash", "COMP_CWORD": "3"}
    for line in ("kith log -- An", "kith --version log A", "kith log --bogus A", "kith log -xy A"):
        assert quick_answer({**bash, "COMP_WORDS": line}) is None, line
    pg = {**bash, "COMP_WORDS": "kith log A", "COMP_CWORD": "2", "KITH_DB": "postgresql://x/y"}
    assert quick_answer(pg) is None
    assert quick_answer({**bash, "_KITH_COMPLETE": "source_bash"}) is None
    assert quick_answer({**bash, "_KITH_COMPLETE": "complete_tcsh"}) is None


def test_kith_help_is_typers_at_every_width(world: dict[str, Any]) -> None:
    for argv in (["--help"], []):
        for columns in ("20", "51", "52", "60", "79", "80", "81", "200"):
            with environ({"COLUMNS": columns}):
                fast = quickcomplete.help_text(argv, os.environ)
            assert fast is not None
            assert (fast + "\n", 0) == typer_answer({"COLUMNS": columns}, argv), (argv, columns)
    assert quickcomplete.help_text(["today", "--help"], os.environ) is None


def test_a_stale_table_is_not_used(world: dict[str, Any], tmp_path: Path) -> None:
    with environ({"KITH_HOME": world["home"]}):
        assert quickcomplete.load_table(os.environ) is not None
        source = Path(world["table"]["files"][0][0])
        stamp = source.stat()
        os.utime(source, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 1))
        try:
            assert quickcomplete.load_table(os.environ) is None
        finally:
            os.utime(source, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
        assert quickcomplete.load_table(os.environ) is not None


def test_wrap_is_richs() -> None:
    from rich.console import Console

    texts = ["Log an interaction with one or more contacts (a call, a meeting).", "a " * 30]
    texts += ["averyveryverylongwordthatmustfold and more", "  lead  and  trail  ", "x" * 50]
    for text in texts:
        for width in (5, 9, 10, 11, 20, 33, 80):
            console = Console(width=width, color_system=None)
            want = "".join(s.text for s in console.render(text)).rstrip("\n")
            assert quickcomplete.wrap(text, width) == want, (text, width)


def test_the_console_script_answers_as_typer_does(tmp_path: Path, world: dict[str, Any]) -> None:
    """The installed ``kith``: the first TAB keeps the table, the next ones use it."""
    kith = Path(sys.executable).with_name("kith")
    home = tmp_path / "home"
    base = {k: v for k, v in os.environ.items() if k not in PROTOCOL}
    base |= {"KITH_HOME": str(home), "KITH_DB": world["db"], "COLUMNS": "80"}

    def run(env: dict[str, str]) -> tuple[bytes, int]:
        done = subprocess.run([str(kith)], env={**base, **env}, capture_output=True, check=False)
        return done.stdout, done.returncode

    first = protocols("kith log An")[0]
    assert run(first) == run({**first, "KITH_NO_QUICK_COMPLETE": "1"})
    assert list((home / "cache").glob("completion-*.json"))  # kept by the first TAB
    checks = [*protocols("kith "), *protocols("kith log An")[1:]]
    checks += [protocols(line)[0] for line in ("kith log", "kith re", "kith tie Ann ")]
    checks += [protocols("kith today --")[1]]  # help texts wrapped at 80 columns
    for env in checks:
        assert run(env) == run({**env, "KITH_NO_QUICK_COMPLETE": "1"}), env
    for argv in (["--help"], []):
        fast = subprocess.run([str(kith), *argv], env=base, capture_output=True, check=False)
        slow = subprocess.run(
            [str(kith), *argv], env={**base, "KITH_NO_QUICK_COMPLETE": "1"}, capture_output=True
        )
        assert (fast.stdout, fast.returncode) == (slow.stdout, slow.returncode)
