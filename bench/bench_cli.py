"""Whole ``kith`` processes on the 50,000-contact network, each against a baseline
measured in the same run (issue 14).

- ``kith list``, ``kith list --json``, ``kith who ORG`` (the largest organization,
  grown to 2,000 people in the benchmark's copy: :func:`bench.common.grow_org`)
  and ``kith dupes --json``, each against a plain ``sqlite3`` process running a
  query that returns the same rows (target: within 3x);
- ``kith today --json`` on the demo database, ``kith --help`` and two TAB
  completions (``kith today --b`` and a contact name, ``kith log An``, through the
  installed console script and bash's protocol, the completion table already kept),
  against ``python -c "import sqlite3"`` (targets: 6x, 4x, 4x).

Each figure is the best of ``RUNS`` runs (the machine's noise only ever adds time),
with the peak memory of the slowest. Output goes to /dev/null, as to a pipe.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import textwrap
from pathlib import Path

from bench.common import Figure, grow_org, run_process
from bench.generate import ANCHOR, ensure_db

RUNS = 3
MEMORY_MB = 150
WHO_PEOPLE = 2_000  # the size of organization issue 14 names

# The rows of each command, as plainly as sqlite3 can give them.
BASELINES = {
    "list": """
        select c.id, c.display_name, c.tier,
          (select group_concat(email, ' ') from contact_emails e where e.contact_id = c.id),
          (select o.name || ' ' || coalesce(p.title, '') from positions p
             join organizations o on o.id = p.org_id where p.contact_id = c.id
             order by (p.end_date is null or p.end_date >= :today) desc,
                      case when p.end_date is null or p.end_date >= :today
                           then p.start_date else p.end_date end desc, p.id desc limit 1)
        from contacts c where not c.is_me order by lower(c.display_name), c.id""",
    "who": """
        select c.id, c.display_name, p.title, p.start_date, p.end_date,
          (select count(*) from interaction_contacts ic where ic.contact_id = c.id),
          (select max(occurred_on) from interaction_contacts ic where ic.contact_id = c.id)
        from positions p join contacts c on c.id = p.contact_id
        where p.org_id = :org order by c.display_name""",
    "dupes": """
        select a.id, a.display_name, b.id, b.display_name
        from contacts a join contacts b
          on b.display_name = a.display_name and b.id > a.id and not a.is_me""",
}

BASELINE_SCRIPT = textwrap.dedent(
    """
    import json, sqlite3, sys
    db, query, today, org = sys.argv[1:5]
    con = sqlite3.connect(db)
    rows = con.execute(query, {"today": today, "org": int(org)}).fetchall()
    sys.stdout.write(json.dumps(rows))
    """
)


def _best(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    runs = [run_process(argv, env) for _ in range(RUNS)]
    return min(w for w, _ in runs), max(m for _, m in runs)


def run(quick: bool = False) -> list[Figure]:
    n, m = (5_000, 100_000) if quick else (50_000, 1_000_000)
    source = ensure_db(n, m)
    env = {k: v for k, v in os.environ.items() if k not in ("KITH_DB", "KITH_AS_OF", "KITH_HOME")}
    # The installed console script, as a user runs it (its quick paths included).
    kith = [str(Path(sys.executable).with_name("kith"))]
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "cli.db"
        shutil.copy(source, db)
        org_id, org = grow_org(db, WHO_PEOPLE)
        script = Path(tmp) / "baseline.py"
        script.write_text(BASELINE_SCRIPT)
        run_env = {**env, "KITH_HOME": tmp, "KITH_DB": str(db), "KITH_AS_OF": ANCHOR.isoformat()}

        def baseline(name: str) -> float:
            argv = [sys.executable, str(script), str(db), BASELINES[name], ANCHOR.isoformat()]
            return _best([*argv, str(org_id)], run_env)[0]

        cases = [
            ("kith list", ["list"], "list"),
            ("kith list --json", ["list", "--json"], "list"),
            (f"kith who ORG ({org}, {WHO_PEOPLE:,} people)", ["who", "--json", org], "who"),
            ("kith dupes --json", ["dupes", "--json"], "dupes"),
        ]
        for label, args, base in cases:
            wall, peak = _best([*kith, *args], run_env)
            plain = baseline(base)
            figures.append(
                Figure(
                    f"{label}, {n:,} contacts",
                    wall,
                    "s",
                    plain,
                    "sqlite3 process, a query returning the same rows",
                    "within 3x",
                    wall <= 3 * plain,
                )
            )
            figures.append(
                Figure(
                    "  its peak memory",
                    peak,
                    "MB",
                    None,
                    "",
                    f"under {MEMORY_MB} MB",
                    peak < MEMORY_MB,
                )
            )
        bare = _best([sys.executable, "-c", "import sqlite3"], env)[0]
        demo = Path(tmp) / "demo.db"
        demo_env = {**env, "KITH_HOME": tmp, "KITH_DB": str(demo), "KITH_AS_OF": "2026-11-20"}
        run_process([*kith, "demo"], demo_env)
        run_process([*kith, "today", "--json"], demo_env)  # warm: the plan is remembered
        script = kith
        tab = {**demo_env, "_KITH_COMPLETE": "complete_bash"}
        today_b = {**tab, "COMP_WORDS": "kith today --b", "COMP_CWORD": "2"}
        name = {**tab, "COMP_WORDS": "kith log An", "COMP_CWORD": "2"}
        run_process(script, today_b)  # the first TAB keeps the table the others answer from
        run_process([*script, "--help"], demo_env)
        for label, argv, times, e in (
            ("kith today --json, demo database, warm", [*kith, "today", "--json"], 6, demo_env),
            ("kith --help", [*script, "--help"], 4, demo_env),
            ("TAB: kith today --b (bash)", script, 4, today_b),
            ("TAB: kith log An, demo database (bash)", script, 4, name),
        ):
            wall, _ = _best(argv, e)
            figures.append(
                Figure(
                    label,
                    wall,
                    "s",
                    bare,
                    'python -c "import sqlite3"',
                    f"within {times}x",
                    wall <= times * bare,
                )
            )
    return figures
