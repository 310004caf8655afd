"""Run a Markdown document's console blocks as a user would type them, and compare.

Each ```console block of a doc is a test: its ``$ kith ...`` lines run in order, in
one sandbox per doc (its own HOME, current folder and /tmp, so parallel runs never
meet), and what each prints (stdout and stderr, as a terminal shows them) must match
the lines shown under it. ``$ export NAME=value`` sets a variable for the rest of
the doc, as in a shell. Every command must fix the day, with ``--as-of`` or an
exported ``KITH_AS_OF``, so the doc's output holds on any day.

What the shown output may leave out:

- a line ``...`` stands for any number of lines;
- a line ending in ``...`` stands for any line starting with what comes before;
- a command with ``--json`` is compared as JSON tokens (spacing and line breaks are
  free), where ``...`` stands for any tokens (``, ...`` for "and more, or nothing").

A command whose shown output starts with ``error:`` must fail (exit 2); any other
must succeed. A command that shows no output must print nothing: a reader takes a
bare command for a silent one.
On a mismatch the failure names the doc, the line of the command, and the first
line that differs, so whoever changed the doc or the code sees where.
"""

from __future__ import annotations

import json
import os
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from typer.testing import CliRunner

from kithkin.cli.app import full_app

ROOT = Path(__file__).parents[1]


@dataclass
class Step:
    doc: str
    line: int  # 1-based line of the `$` command in the doc
    text: str
    expected: list[str] = field(default_factory=list)

    @property
    def where(self) -> str:
        return f"{self.doc}:{self.line}: `{self.text}`"


def steps(doc: Path) -> list[Step]:
    """Every `$` line of every console block, with the lines shown under it."""
    out: list[Step] = []
    inside = False
    name = str(doc.relative_to(ROOT))
    for n, line in enumerate(doc.read_text().splitlines(), 1):
        if line.startswith("```"):
            inside = line.strip() == "```console"
            continue
        if not inside:
            continue
        if line.startswith("$ "):
            out.append(Step(name, n, line[2:]))
        elif out and not (line.strip() == "" and not out[-1].expected):
            out[-1].expected.append(line)
    for st in out:
        while st.expected and not st.expected[-1].strip():
            st.expected.pop()
    return out


class Sandbox:
    """A doc's shell: HOME, working folder and /tmp of its own, exported variables."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.home = base / "home"
        self.tmp = base / "tmp"
        self.cwd = base / "work"  # a relative path in a doc lands here, never in the repo
        data = self.home / ".local" / "share" / "kithkin"  # as after a first run
        for d in (self.home, self.tmp, self.cwd, self.home / "Downloads", data):
            d.mkdir(parents=True, exist_ok=True)
        self.env: dict[str, str] = {"HOME": str(self.home)}
        self.runner = CliRunner()
        self.app = full_app()

    def path(self, arg: str) -> str:
        if arg.startswith("~/"):
            return str(self.home / arg[2:])
        if arg.startswith("/tmp/"):
            return str(self.tmp / arg[5:])
        return arg

    def run(self, st: Step) -> None:
        words = [self.path(w) for w in shlex.split(st.text, comments=True)]
        if words[0] == "export":
            for pair in words[1:]:
                key, _, value = pair.partition("=")
                self.env[key] = self.path(value)
            return
        assert words[0] == "kith", f"{st.where}: only kith and export run in a doc"
        argv = words[1:]
        assert "--as-of" in argv or "KITH_AS_OF" in self.env, (
            f"{st.where}: fix the day with --as-of or `export KITH_AS_OF=...` in the doc"
        )
        saved = {k: os.environ.get(k) for k in ("HOME", "KITH_HOME", "KITH_DB", "KITH_AS_OF")}
        os.environ.pop("KITH_HOME", None)  # the doc's HOME decides where data goes
        os.environ.update(self.env)
        before = Path.cwd()
        os.chdir(self.cwd)
        try:
            result = self.runner.invoke(self.app, argv, catch_exceptions=False)
        finally:
            os.chdir(before)
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        got = (  # paths as the doc writes them
            result.output.replace(str(self.home), "~")
            .replace(str(self.tmp), "/tmp")
            .replace(str(self.base), "")
        )
        fails = bool(st.expected) and st.expected[0].startswith("error:")
        assert (result.exit_code != 0) == fails, (
            f"{st.where}: exit status {result.exit_code}; it printed:\n{result.output}"
        )
        if not st.expected:
            assert not got.strip(), f"{st.where}: the doc shows no output; kith printed:\n{got}"
            return
        if "--json" in argv:
            _compare_json(st, got)
        else:
            _compare_lines(st, got.lstrip("\n").splitlines())  # a doc cannot show a leading blank


def _line_matches(want: str, got: str) -> bool:
    if want.rstrip().endswith("...") and want.strip() != "...":
        return got.startswith(want.rstrip()[:-3])
    return want.rstrip() == got.rstrip()


def _compare_lines(st: Step, got: list[str]) -> None:
    """Shown lines against printed ones, with ``...`` lines standing for any lines."""

    def match(i: int, j: int) -> bool:
        if i == len(st.expected):
            return j == len(got)
        if st.expected[i].strip() == "...":
            return any(match(i + 1, k) for k in range(j, len(got) + 1))
        return j < len(got) and _line_matches(st.expected[i], got[j]) and match(i + 1, j + 1)

    if match(0, 0):
        return
    # Where it drifted: the first shown line that the printed output does not follow.
    j = 0
    for i, want in enumerate(st.expected):
        if want.strip() == "...":
            continue
        found = next((k for k in range(j, len(got)) if _line_matches(want, got[k])), None)
        if found is None:
            near = got[j] if j < len(got) else "(nothing more)"
            raise AssertionError(
                f"{st.where}: doc line {st.line + 1 + i} drifted\n"
                f"  the doc shows: {want}\n  kith prints:   {near}\n"
                "full output:\n" + "\n".join(got)
            )
        j = found + 1
    raise AssertionError(f"{st.where}: kith printed more lines:\n" + "\n".join(got[j:]))


TOKEN = re.compile(
    r'"(?:\\.|[^"\\])*"|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null|[\[\]{}:,]|\.\.\.'
)


def _compare_json(st: Step, got: str) -> None:
    json.loads(got)  # it is one JSON document
    want = TOKEN.findall(" ".join(st.expected))
    parts: list[str] = []
    i = 0
    while i < len(want):
        tok = want[i]
        if tok == "," and i + 1 < len(want) and want[i + 1] == "...":
            parts.append(r"(?:\x00,.*?)?")  # ", ..." : more, or nothing
            i += 2
            continue
        if tok == "...":
            parts.append(".*?")
        elif tok.startswith('"') and "..." in tok:
            inner = "[^\x00]*?".join(re.escape(p) for p in tok[1:-1].split("..."))
            parts.append('\x00"' + inner + '"')
        else:
            parts.append("\x00" + re.escape(tok))
        i += 1
    text = "".join("\x00" + t for t in TOKEN.findall(got))
    if re.fullmatch("".join(parts), text, re.S):
        return
    raise AssertionError(
        f"{st.where}: the JSON the doc shows (lines {st.line + 1}-{st.line + len(st.expected)})"
        f" is not what kith prints:\n{got}"
    )


def run_doc(doc: Path, base: Path, setup: Callable[[Sandbox], None] | None = None) -> None:
    """Run every console block of ``doc``; ``setup`` gives it the files it reads."""
    box = Sandbox(base)
    if setup is not None:
        setup(box)
    found = steps(doc)
    assert found, f"{doc.name} has no console block"
    for st in found:
        box.run(st)
