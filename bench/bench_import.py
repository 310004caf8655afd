"""Issue 4 and issue 14 figures: a 30,000-row LinkedIn Connections.csv (LinkedIn's cap).

- Import into an empty database through ``kith import linkedin`` in a child process:
  wall time and peak memory (targets: under 3 s, under 300 MB).
- The same import timed in-process against a baseline that parses the file with
  plain ``csv`` and inserts the same rows with ``sqlite3`` ``executemany`` into the
  same schema, with no matching (target: within 3x).
- Re-importing the same file, every row unchanged (target: under 2 s).
- Issue 14: the whole ``kith import linkedin`` process (as the console script starts
  it) against a whole Python process that reads the same file with ``csv`` and writes
  the same rows with ``sqlite3`` ``executemany`` into the same schema, with the
  connection settings kithkin uses (:data:`BASELINE_SCRIPT`, standard library only):
  within 4x, under 2 s, peak memory under 300 MB. Medians of :data:`REPEAT` runs,
  the two processes taking turns, so that other work on a shared machine weighs on
  both alike.

``python -m bench.bench_import --child DB CSV`` is the in-process import the
parent times; it prints the seconds on stdout.
"""

from __future__ import annotations

import csv
import os
import random
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench.common import Figure, run_process
from bench.generate import SYLLABLES
from kithkin.demo import sample

ROWS = 30_000
PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    "are missing. You will only see email addresses for connections who have allowed their "
    "connections to see or download their email address using this setting "
    "https://www.linkedin.com/psettings/privacy/email. You can learn more here "
    'https://www.linkedin.com/help/linkedin/answer/261"\n\n'
)
HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
FIRST = sample.FIRST  # the demo's given names, not a second list
SYL = SYLLABLES  # the synthetic network's syllables, one list for every bench
TITLES = [
    "Software Engineer",
    "Senior Software Engineer",
    "Staff Engineer",
    "Engineering Manager",
    "Product Manager",
    "Data Scientist",
    "UX Designer",
    "Recruiter",
    "Account Executive",
    "Marketing Manager",
    "CTO",
]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def write_connections(path: Path, n: int = ROWS, seed: int = 4, urls: bool = True) -> None:
    """A Connections.csv in the 2024 shape: preamble, sparse emails, quoted fields, hidden rows.

    ``urls=False``: the 2021-2022 shape, without the URL column (people are then known
    by name, company, position and connected-on).
    """
    rng = random.Random(seed)
    companies = [
        "".join(rng.choice(SYL) for _ in range(rng.randint(2, 4))).capitalize()
        + rng.choice(["", " Inc.", " Labs", " GmbH", ", LLC", " Systems"])
        for _ in range(4000)
    ]
    start = date(2012, 1, 1)
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(PREAMBLE)
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(HEADER if urls else [h for h in HEADER if h != "URL"])
        for i in range(n):
            d = start + timedelta(days=rng.randrange(5000))
            when = f"{d.day:02d} {MONTHS[d.month - 1]} {d.year}"
            if rng.random() < 0.01:
                w.writerow(["", "", "", "", "", "", when][not urls :])  # a hidden member
                continue
            first = rng.choice(FIRST)
            last = "".join(rng.choice(SYL) for _ in range(rng.randint(2, 3))).capitalize()
            slug = f"{first}-{last}-{i:x}{rng.randrange(16**6):06x}".lower()
            email = f"{first}.{last}{i}@example.com".lower() if rng.random() < 0.08 else ""
            company = rng.choice(companies) if rng.random() < 0.95 else ""
            url = [f"https://www.linkedin.com/in/{slug}"] if urls else []
            w.writerow([first, last, *url, email, company, rng.choice(TITLES), when])


def _fresh(path: Path) -> Path:
    from kithkin.store.db import open_db

    open_db(f"sqlite:///{path}").dispose()
    return path


def _baseline(db: Path, src: Path) -> float:
    """Plain csv + sqlite3 executemany of the same rows, same schema, no matching."""
    from kithkin.core.book.orgs import normalize
    from kithkin.core.userinput import normalize_linkedin_url
    from kithkin.formats.dates import parse_date

    conn = sqlite3.connect(db)
    for pragma in ("foreign_keys=ON", "journal_mode=WAL", "synchronous=NORMAL"):
        conn.execute(f"PRAGMA {pragma}")
    start = time.perf_counter()
    with src.open(encoding="utf-8", newline="") as fh:
        for _ in range(3):
            next(fh)  # the preamble: the baseline knows its length
        rows = list(csv.DictReader(fh))
    today = date.today().isoformat()
    contacts: list[tuple[Any, ...]] = []
    urls, emails, positions = [], [], []
    orgs: dict[str, tuple[int, str, str]] = {}
    cid = 0
    for r in rows:
        if not r["First Name"]:
            continue
        cid += 1
        name = f"{r['First Name']} {r['Last Name']}"
        connected = parse_date(r["Connected On"])
        contacts.append((cid, name, r["First Name"], r["Last Name"], str(connected), today))
        urls.append((cid, normalize_linkedin_url(r["URL"])))
        if r["Email Address"]:
            emails.append((cid, r["Email Address"].lower()))
        if r["Company"]:
            norm = normalize(r["Company"])
            org = orgs.setdefault(norm, (len(orgs) + 1, r["Company"], norm))
            positions.append((cid, org[0], r["Position"]))
    with conn:
        conn.executemany(
            "INSERT INTO organizations (id, name, norm_name) VALUES (?,?,?)", list(orgs.values())
        )
        conn.executemany(
            "INSERT INTO contacts (id, is_me, display_name, given_name, family_name, connected_on,"
            " tier, professional_only, do_not_contact, paused, source, created_on)"
            " VALUES (?,0,?,?,?,?,'none',0,0,0,'linkedin',?)",
            contacts,
        )
        conn.executemany(
            "INSERT INTO contact_urls (contact_id, url, kind) VALUES (?,?,'linkedin')", urls
        )
        conn.executemany("INSERT INTO contact_emails (contact_id, email) VALUES (?,?)", emails)
        conn.executemany(
            "INSERT INTO positions (contact_id, org_id, title, source) VALUES (?,?,?,'linkedin')",
            positions,
        )
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


# The baseline process: the standard library only (no kithkin, no SQLAlchemy), the same
# rows as _baseline, the connection settings of store/db.py, one transaction.
BASELINE_SCRIPT = r"""
import csv, re, sqlite3, sys, unicodedata
from datetime import date

SUFFIXES = {"inc", "llc", "ltd", "corp", "co", "gmbh", "ag", "sa", "plc", "the"}
MONTHS = {m: n for n, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}


def normalize(name):
    text = unicodedata.normalize("NFKD", name).lower()
    words = re.findall(r"[^\W_]+", text)
    return " ".join([w for w in words if w not in SUFFIXES] or words)


def day(text):
    d, m, y = text.split()
    return date(int(y), MONTHS[m.lower()], int(d)).isoformat()


conn = sqlite3.connect(sys.argv[1], isolation_level=None)
for pragma in ("foreign_keys=ON", "journal_mode=WAL", "synchronous=FULL"):
    conn.execute(f"PRAGMA {pragma}")
with open(sys.argv[2], encoding="utf-8", newline="") as fh:
    for _ in range(3):
        next(fh)  # the preamble: the baseline knows its length
    rows = list(csv.DictReader(fh))
today = date.today().isoformat()
contacts, urls, emails, positions, orgs = [], [], [], [], {}
for r in rows:
    if not r["First Name"]:
        continue
    cid = len(contacts) + 1
    first, last = r["First Name"], r["Last Name"]
    contacts.append((cid, f"{first} {last}", first, last, day(r["Connected On"]), today))
    urls.append((cid, r["URL"].rstrip("/").lower()))
    if r["Email Address"]:
        emails.append((cid, r["Email Address"].lower()))
    if r["Company"]:
        norm = normalize(r["Company"])
        org = orgs.setdefault(norm, (len(orgs) + 1, r["Company"], norm))
        positions.append((cid, org[0], r["Position"]))
conn.execute("BEGIN IMMEDIATE")
conn.executemany(
    "INSERT INTO organizations (id, name, norm_name) VALUES (?,?,?)", list(orgs.values()))
conn.executemany(
    "INSERT INTO contacts (id, is_me, display_name, given_name, family_name, connected_on,"
    " tier, professional_only, do_not_contact, paused, source, created_on)"
    " VALUES (?,0,?,?,?,?,'none',0,0,0,'linkedin',?)", contacts)
conn.executemany("INSERT INTO contact_urls (contact_id, url, kind) VALUES (?,?,'linkedin')", urls)
conn.executemany("INSERT INTO contact_emails (contact_id, email) VALUES (?,?)", emails)
conn.executemany(
    "INSERT INTO positions (contact_id, org_id, title, source) VALUES (?,?,?,'linkedin')",
    positions)
conn.execute("COMMIT")
conn.close()
"""

REPEAT = 3  # runs of each process (issue 14 figure); their medians are compared


def _baseline_process(script: Path, db: Path, src: Path) -> tuple[float, float, float]:
    """Wall seconds, peak MB and CPU seconds of the baseline process (:data:`BASELINE_SCRIPT`)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall, peak = run_process([sys.executable, str(script), str(db), str(src)])
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    with sqlite3.connect(db) as conn:  # it wrote what the import writes
        assert conn.execute("SELECT count(*) FROM contacts").fetchone()[0] > 0
    return wall, peak, cpu


def child(db: Path, src: Path) -> float:
    """The import as ``kith import linkedin`` runs it: parse, match, save, one transaction."""
    from kithkin.core.exchange import importer
    from kithkin.formats import linkedin
    from kithkin.store.db import open_db

    database = open_db(f"sqlite:///{db}")
    start = time.perf_counter()
    with importer.quiet_gc():
        batch = linkedin.parse(linkedin.read_export(src))
    with database.session() as s:
        importer.run(s, batch, "linkedin", str(src))
    elapsed = time.perf_counter() - start
    database.dispose()
    return elapsed


def _kith(db: Path, src: Path) -> tuple[float, float, float]:
    """Wall seconds, peak MB and CPU seconds (user + sys) of ``kith import linkedin``.

    CPU time is shown beside wall time because the benchmark machine may be shared:
    wall time then includes waiting for a core, CPU time does not.
    """
    entry = "from kithkin.cli.entry import main; main()"  # what the `kith` script runs
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall, peak = run_process([sys.executable, "-c", entry, "--db", str(db), "import", "linkedin",
                        str(src)])  # fmt: skip
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, peak, cpu


def run(quick: bool = False) -> list[Figure]:
    n = ROWS // 10 if quick else ROWS
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        src = d / "Connections.csv"
        write_connections(src, n)
        base = _baseline(_fresh(d / "baseline.db"), src)
        inproc = child(_fresh(d / "inproc.db"), src)
        wall, peak, cpu = _kith(_fresh(d / "cli.db"), src)
        again, _, again_cpu = _kith(d / "cli.db", src)
        again_inproc = child(d / "inproc.db", src)
        bare = d / "Connections-2022.csv"
        write_connections(bare, n, urls=False)
        bare_wall, _, bare_cpu = _kith(_fresh(d / "bare.db"), bare)
        bare_again, _, _ = _kith(d / "bare.db", bare)
        script = d / "baseline_process.py"
        script.write_text(BASELINE_SCRIPT, encoding="utf-8")
        walls, peaks, cpus, base_walls, base_peaks, base_cpus = [], [], [], [], [], []
        for i in range(REPEAT):
            bw, bp, bc = _baseline_process(script, _fresh(d / f"base-{i}.db"), src)
            base_cpus.append(bc)
            kw, kp, kc = _kith(_fresh(d / f"kith-{i}.db"), src)
            base_walls.append(bw)
            base_peaks.append(bp)
            walls.append(kw)
            peaks.append(kp)
            cpus.append(kc)
        p_wall, p_base = statistics.median(walls), statistics.median(base_walls)
        p_peak, p_cpu = max(peaks), statistics.median(cpus)
        b_cpu = statistics.median(base_cpus)
        load = os.getloadavg()[0]
    return [
        Figure(f"kith import linkedin, {n:,} rows, empty DB (wall)", wall, "s", None,
               f"(CPU user+sys {cpu:.2f} s; load average {os.getloadavg()[0]:.1f})",
               "under 3 s", wall < 3),
        Figure("  peak memory of that process", peak, "MB", None, "", "under 300 MB", peak < 300),
        Figure("  the same import in-process", inproc, "s", base,
               "csv + sqlite3 executemany of the same rows, same schema, no matching",
               "within 3x of baseline", inproc <= 3 * base),
        Figure("re-import, all unchanged (wall)", again, "s", None,
               f"(CPU user+sys {again_cpu:.2f} s; in-process {again_inproc:.2f} s)",
               "under 2 s", again < 2),
        Figure("the 2021-2022 shape (no URL column), empty DB (wall)", bare_wall, "s", None,
               f"(CPU user+sys {bare_cpu:.2f} s)", "under 3 s", bare_wall < 3),
        Figure("  its re-import, all unchanged (wall)", bare_again, "s", None, "",
               "under 2 s", bare_again < 2),
        Figure(f"kith import linkedin process, {n:,} rows (issue 14)", p_wall, "s", p_base,
               f"a python process: csv + sqlite3 executemany, same rows and schema (peak "
               f"{max(base_peaks):.0f} MB); medians of {REPEAT}; CPU user+sys kith "
               f"{p_cpu:.2f} s, baseline {b_cpu:.2f} s ({p_cpu / b_cpu:.2f}x); "
               f"load average {load:.1f}",
               "within 4x of baseline", p_wall <= 4 * p_base),
        Figure("  the same process, wall", p_wall, "s", None, "", "under 2 s", p_wall < 2),
        Figure("  its peak memory (largest of the runs)", p_peak, "MB", None, "",
               "under 300 MB", p_peak < 300),
    ]  # fmt: skip


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        print(child(Path(sys.argv[2]), Path(sys.argv[3])))
    else:
        from bench.common import report

        report(run(quick="--quick" in sys.argv))
