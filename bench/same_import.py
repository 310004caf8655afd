"""Whether two kithkin trees import LinkedIn files into the same databases.

``python -m bench.same_import OLD_SRC NEW_SRC``: a change that makes the import cheaper
must not change what it writes. Each scenario runs ``kith import linkedin ... --json``
through each tree (``PYTHONPATH=OLD_SRC``, then ``NEW_SRC``) on its own copy of one
empty database at this schema, then compares the two databases' ``sqlite3 .dump`` (the
search index's shadow tables included; the time of day of ``import_runs.ran_at``
masked) and the printed summaries. Exits non-zero on any difference.

Scenarios: a 30,000-row export (2024 shape) into an empty database; the same file again
(every row unchanged); the URL-less shape of 2021-2022, twice; and the 2024 file
followed by a variant of it (a tenth of the people with a new company or title, a
twentieth with a new e-mail, 3% gone, 2% new namesakes).
"""

from __future__ import annotations

import csv
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.bench_import import write_connections

ENTRY = "from kithkin.cli.entry import main; main()"  # what the `kith` script runs


def variant(src: Path, dst: Path, seed: int = 7) -> None:
    """``src`` as a later export: new jobs and titles, new e-mails, people gone, namesakes."""
    rng = random.Random(seed)
    lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
    preamble, body = lines[:3], lines[3:]
    header, *rows = list(csv.reader(body))
    out = []
    for row in rows:
        x = rng.random()
        if x < 0.03:
            continue
        if row[0] and x < 0.13:
            row[4] = rng.choice(["Globex", "Initech", "Hooli Inc.", row[4] + " Labs"])
            row[5] = rng.choice(["CTO", "Staff Engineer", row[5]])
        elif row[0] and x < 0.18:
            row[3] = f"{row[0]}.{row[1]}.new@example.org".lower()
        out.append(row)
        if x > 0.98:
            out.append([row[0], row[1] + "son", row[2] + "-2" if row[2] else "", "", *row[4:]])
    with dst.open("w", encoding="utf-8", newline="") as fh:
        fh.writelines(preamble)
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(out)


def _import(tree: str, db: Path, path: Path) -> str:
    run = subprocess.run(
        [sys.executable, "-c", ENTRY, "--db", str(db), "import", "linkedin", str(path), "--json"],
        env={**os.environ, "PYTHONPATH": tree}, capture_output=True, text=True,
    )  # fmt: skip
    if run.returncode != 0:
        raise SystemExit(f"{tree}: {run.stderr.strip()}")
    return run.stdout


def _dump(db: Path) -> str:
    text = subprocess.run(
        ["sqlite3", str(db), ".dump"], capture_output=True, text=True, check=True
    ).stdout
    return re.sub(r"(INSERT INTO import_runs VALUES\(\d+,'[^']*','[^']*',')[^']*'", r"\1-'", text)


def main(old: str, new: str) -> bool:
    work = Path(tempfile.mkdtemp(prefix="same-import-"))
    template = work / "template.db"
    subprocess.run(
        [sys.executable, "-c", f"from kithkin.store.db import open_db; open_db({f'sqlite:///{template}'!r}).dispose()"],
        env={**os.environ, "PYTHONPATH": old}, check=True,
    )  # fmt: skip
    full, bare, changed = work / "c.csv", work / "bare.csv", work / "changed.csv"
    write_connections(full)
    write_connections(bare, urls=False)
    variant(full, changed)
    scenarios = {"fresh": [full], "again": [full, full], "bare": [bare, bare],
                 "changed": [full, changed]}  # fmt: skip
    same = True
    for name, files in scenarios.items():
        dumps, printed = [], []
        for n, tree in enumerate((old, new)):
            db = work / f"{name}-{n}.db"
            shutil.copy(template, db)
            printed.append([_import(tree, db, f) for f in files])
            dumps.append(_dump(db))
        ok = dumps[0] == dumps[1] and printed[0] == printed[1]
        same &= ok
        print(f"{name}: {'identical' if ok else 'DIFFERENT'} ({dumps[0].count(chr(10)):,} lines)")
    shutil.rmtree(work)
    return same


if __name__ == "__main__":
    sys.exit(0 if main(sys.argv[1], sys.argv[2]) else 1)
