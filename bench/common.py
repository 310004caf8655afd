"""The figure record every benchmark returns, and the table that prints them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).parent / ".data"


@dataclass
class Figure:
    """One measurement, its baseline and its target, as the issue states them."""

    name: str
    value: float
    unit: str
    baseline: float | None = None
    baseline_name: str = ""
    target: str = ""
    ok: bool | None = None

    @property
    def ratio(self) -> float | None:
        if self.baseline in (None, 0):
            return None
        return self.value / self.baseline  # type: ignore[operator]


def report(figures: list[Figure], brief: bool = False) -> None:
    """The figures as a table; ``brief``: one line each (the summary fits a screen)."""
    print(f"{'figure':<46} {'value':>12} {'baseline':>12} {'ratio':>7}  target")
    for f in figures:
        base = f"{f.baseline:.4g} {f.unit}" if f.baseline is not None else "-"
        ratio = f"{f.ratio:.2f}x" if f.ratio is not None else "-"
        mark = {True: "ok", False: "MISSED", None: ""}[f.ok]
        print(
            f"{f.name:<46} {f'{f.value:.4g} {f.unit}':>12} {base:>12} {ratio:>7}  {f.target} {mark}"
        )
        if f.baseline_name and not brief:
            print(f"{'':<46} baseline: {f.baseline_name}")
    sys.stdout.flush()


@contextmanager
def stopwatch() -> Iterator[Callable[[], float]]:
    start = time.perf_counter()
    end: list[float] = []
    yield lambda: (end[0] if end else time.perf_counter()) - start
    end.append(time.perf_counter())


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def run_process(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall time in seconds and peak RSS in MB of a child process.

    The peak is read by ``/usr/bin/time`` (GNU time), a small process between
    this one and the child: Linux folds the memory of the process that forked
    into the child's peak (``exec`` keeps the old address space's high-water
    mark), so a child forked from this large benchmark process would report
    this process's size, whatever the child did. Without GNU time the child's
    own ``wait4`` figure is reported, an upper bound.
    """
    timer = shutil.which("time", path="/usr/bin:/bin")
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        full = [timer, "-q", "-f", "%M", "-o", rss.name, *argv] if timer else argv
        start = time.perf_counter()
        proc = subprocess.Popen(full, stdout=subprocess.DEVNULL, env={**os.environ, **(env or {})})
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            raise subprocess.CalledProcessError(proc.returncode, argv)
        text = rss.read().strip()
    peak_kb = int(text.splitlines()[-1]) if timer and text else usage.ru_maxrss
    return wall, peak_kb / 1024


def markdown(figures: list[Figure]) -> list[str]:
    """The figures as a Markdown table, for docs/benchmarks.md."""
    lines = ["| figure | value | baseline | ratio | target |", "|---|---|---|---|---|"]
    for f in figures:
        base = "–"
        if f.baseline is not None:
            base = f"{f.baseline:.4g} {f.unit}" + (
                f" ({f.baseline_name})" if f.baseline_name else ""
            )
        elif f.baseline_name:
            base = f.baseline_name
        ratio = f"{f.ratio:.2f}×" if f.ratio is not None else "–"
        mark = {True: " — met", False: " — **missed**", None: ""}[f.ok]
        name = f.name.strip().replace("|", "\\|")
        lines.append(
            f"| {name} | {f.value:.4g} {f.unit} | {base.replace('|', '/')} | {ratio} "
            f"| {f.target or '–'}{mark} |"
        )
    return lines


def grow_org(path: Path, people: int = 2_000) -> tuple[int, str]:
    """Give the largest organization of the network at ``path`` ``people`` people.

    The generated network spreads 50,000 people over about 400 organizations (250
    at most); issue 14 measures ``kith who`` and ``/who`` on an organization of
    2,000. Contacts who worked elsewhere are given a position there too, one in
    three of them a former one, written straight into this copy of the database.
    """
    import sqlite3

    con = sqlite3.connect(path)
    with con:
        org_id, org = con.execute(
            "select o.id, o.name from positions p join organizations o on o.id = p.org_id "
            "group by o.id order by count(distinct p.contact_id) desc, o.id limit 1"
        ).fetchone()
        have = con.execute(
            "select count(distinct contact_id) from positions where org_id = ?", (org_id,)
        ).fetchone()[0]
        others = con.execute(
            "select id from contacts where not is_me and id not in "
            "(select contact_id from positions where org_id = ?) order by id",
            (org_id,),
        ).fetchall()
        step = max(1, len(others) // max(1, people - have))
        chosen = [cid for (cid,) in others[::step][: max(0, people - have)]]
        con.executemany(
            "insert into positions (contact_id, org_id, title, start_date, end_date, source) "
            "values (?, ?, 'Engineer', '2019-03-01', ?, 'bench')",
            [(cid, org_id, "2023-06-30" if n % 3 == 0 else None) for n, cid in enumerate(chosen)],
        )
    con.close()
    return org_id, org
