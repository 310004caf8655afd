"""The daily commands as whole processes on the 50,000-contact network (issue 14).

What a user types every morning, each a whole ``kith`` process on a copy of the
generated 50,000-contact / 1,000,000-interaction database, the morning after the
anchor day:

- ``kith today --json`` with nothing written since the last run, against
  ``python -c "import sqlite3"`` (target: within 10x);
- ``kith today --json`` after one ``kith log`` (the plan must be recomputed),
  against bench_agenda's one-query baseline (each contact's last touch and due
  date through plain ``sqlite3``, in-process; target: at most half of it);
- ``kith health --json``, after a write and unchanged, against the same query
  (target: no slower than it);
- ``kith show NAME``, ``kith search WORD`` and ``kith log NAME``, against
  ``python -c "import sqlite3"`` (target: within 8x each).

Each figure is the median of ``RUNS`` runs (interleaved with its baseline where
one is measured in the same loop), with the largest peak memory of them.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench.bench_agenda import MORNING, _baseline
from bench.common import Figure, run_process
from bench.generate import ANCHOR, ensure_db

RUNS = 5
MEMORY_MB = 150


def _median(fn: Callable[[], tuple[float, float]]) -> tuple[float, float]:
    runs = [fn() for _ in range(RUNS)]
    return statistics.median(w for w, _ in runs), max(m for _, m in runs)


def _figure(
    label: str, value: float, base: float, base_name: str, times: float, target: str
) -> Figure:
    return Figure(label, value, "s", base, base_name, target, value <= times * base)


def _memory(peak: float) -> Figure:
    return Figure(
        "  its peak memory", peak, "MB", None, "", f"under {MEMORY_MB} MB", peak < MEMORY_MB
    )


def run(quick: bool = False) -> list[Figure]:
    n, m = (5_000, 100_000) if quick else (50_000, 1_000_000)
    source = ensure_db(n, m)
    env = {k: v for k, v in os.environ.items() if k not in ("KITH_DB", "KITH_AS_OF", "KITH_HOME")}
    kith = [str(Path(sys.executable).parent / "kith")]
    bare_argv = [sys.executable, "-c", "import sqlite3"]
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "daily.db"
        shutil.copy(source, db)
        con = sqlite3.connect(db)
        (name,) = con.execute(
            "select display_name from contacts c where not is_me and (select count(*) "
            "from contacts d where d.display_name = c.display_name) = 1 "
            "and exists (select 1 from interaction_contacts ic where ic.contact_id = c.id) "
            "order by id limit 1"
        ).fetchone()
        (word,) = con.execute(
            "select note from interactions where note is not null and note != '' limit 1"
        ).fetchone()
        con.close()
        word = word.split()[0]
        e = {**env, "KITH_HOME": tmp, "KITH_DB": str(db)}
        first = {**e, "KITH_AS_OF": ANCHOR.isoformat()}
        e["KITH_AS_OF"] = MORNING.isoformat()
        run_process([*kith, "today", "--json"], first)  # the plan exists, as on any morning

        def today() -> tuple[float, float]:
            return run_process([*kith, "today", "--json"], e)

        def bare() -> tuple[float, float]:
            return run_process(bare_argv, env)

        def log() -> tuple[float, float]:
            return run_process([*kith, "log", name, "--note", "coffee"], e)

        def after_log(argv: list[str]) -> Callable[[], tuple[float, float]]:
            def fn() -> tuple[float, float]:
                log()
                return run_process([*kith, *argv], e)

            return fn

        today()  # this morning's plan, kept
        base_one = statistics.median(_baseline(db) for _ in range(RUNS))
        base_bare = _median(bare)[0]
        one_query = "one SQL query: each contact's last touch and due date (sqlite3)"
        bare_name = 'python -c "import sqlite3"'

        cases = (
            (f"kith today --json, {n:,}, unchanged", today, base_bare, bare_name, 10,
             "within 10x"),
            ("kith today --json after one kith log", after_log(["today", "--json"]), base_one,
             one_query, 0.5, "at most 0.5x"),
            ("kith health --json after one kith log", after_log(["health", "--json"]), base_one,
             one_query, 1, "no slower than the baseline"),
            ("kith health --json, unchanged", lambda: run_process([*kith, "health", "--json"], e),
             base_one, one_query, 1, "no slower than the baseline"),
        )  # fmt: skip
        for label, fn, base, base_name, times, target in cases:
            wall, peak = _median(fn)
            figures += [_figure(label, wall, base, base_name, times, target), _memory(peak)]
        for label, fn in (
            ("kith show NAME", lambda: run_process([*kith, "show", name], e)),
            ("kith search WORD", lambda: run_process([*kith, "search", word], e)),
            ("kith log NAME", log),
        ):
            wall, peak = _median(fn)
            figures += [
                _figure(f"{label}, {n:,}", wall, base_bare, bare_name, 8, "within 8x"),
                _memory(peak),
            ]
    return figures
