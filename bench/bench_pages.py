"""The web's long pages on the 50,000-contact network (issue 14): ``/contacts``,
``/who?org=…`` on an organization of 2,000 people, and ``/network``.

The application runs in a child process of its own (so that its peak memory is its
own), in-process behind a test client as in bench_reach: ``REQUESTS`` requests of
each page, half of them its first page and half a later page reached by following
its ``rel="next"`` links, after one first (cold) request, printed for information.
Each page's p95 is set against the same query run through ``sqlite3`` as many times
in this process: the rows of the page (``/contacts``), the rows of the ranking
(``/who``), a year of touches per month (``/network``).

Targets: p95 under 100 ms; pages of at most 50 rows with next and previous links;
the process's peak memory under 150 MB.
"""

from __future__ import annotations

import json
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urljoin

from bench.bench_cli import BASELINES, MEMORY_MB, WHO_PEOPLE
from bench.common import Figure, grow_org, percentile
from bench.generate import ANCHOR, ensure_db

REQUESTS = 100
PAGE_SIZE = 50
LATER = 3  # the later page: reached by following "next" twice
NETWORK_BASELINE = """
    select strftime('%Y-%m', occurred_on), direction, light, count(*)
    from interaction_contacts
    where occurred_on > date(:today, '-1 year') and occurred_on <= :today
    group by 1, 2, 3"""
ROW = {
    "/contacts": re.compile(r'<tr>\s*<td><a href="/contacts/'),
    "/who": re.compile(r'<a class="who" href='),
}
NEXT = re.compile(r'<a href="([^"]+)" rel="next">')
PREV = re.compile(r'rel="prev"')


def _child(db: str, org: str) -> None:
    """Runs in the child: the pages' timings and this process's peak memory, as JSON."""
    from fastapi.testclient import TestClient

    from kithkin import clock
    from kithkin.web.app import create_app

    clock.set_today(ANCHOR)
    app = create_app(f"sqlite:///{db}")
    client = TestClient(app, base_url="http://127.0.0.1:8000")
    out: dict[str, object] = {}
    try:
        for label, first in (
            ("/contacts", "/contacts"),
            ("/who", "/who?" + urlencode({"org": org})),
            ("/network", "/network"),
        ):
            start = time.perf_counter()
            page = client.get(first)
            cold = time.perf_counter() - start
            assert page.status_code == 200, (first, page.status_code)
            urls = [first]
            rows, has_next, has_prev = [], False, True
            if label in ROW:
                rows.append(len(ROW[label].findall(page.text)))
                later = page
                for _ in range(LATER - 1):
                    found = NEXT.search(later.text)
                    if found is None:
                        break
                    has_next = True
                    href = found.group(1).replace("&amp;", "&")
                    later = client.get(urljoin(str(later.url), href))
                    assert later.status_code == 200
                    rows.append(len(ROW[label].findall(later.text)))
                has_prev = bool(PREV.search(later.text))
                urls.append(str(later.url))
            times = []
            for n in range(REQUESTS):
                start = time.perf_counter()
                r = client.get(urls[n % len(urls)])
                times.append(time.perf_counter() - start)
                assert r.status_code == 200
            out[label] = {
                "cold": cold,
                "p95": percentile(times, 95) * 1000,
                "p50": percentile(times, 50) * 1000,
                "rows": rows,
                "paged": label not in ROW or (has_next and has_prev),
                "peak": _peak_mb(),
            }
    finally:
        app.state.db.dispose()
    out["peak"] = _peak_mb()
    print(json.dumps(out))


def _peak_mb() -> float:
    """This process's peak resident memory since it started the application.

    Linux's ``ru_maxrss`` survives ``exec``: a child started by a benchmark process that
    had grown (``make bench`` runs the import before the pages) reported the parent's
    size, 227 MB where the application alone peaked at 141. ``VmHWM`` belongs to the
    new program's memory, which ``exec`` starts afresh.
    """
    try:
        with Path("/proc/self/status").open(encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _baseline(db: Path, query: str, params: dict[str, object]) -> float:
    """p95 (ms) of ``query`` through sqlite3, ``REQUESTS`` times, rows fetched."""
    con = sqlite3.connect(db)
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        con.execute(query, params).fetchall()
        times.append(time.perf_counter() - start)
    con.close()
    return percentile(times, 95) * 1000


def run(quick: bool = False) -> list[Figure]:
    n, m = (5_000, 100_000) if quick else (50_000, 1_000_000)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "pages.db"
        shutil.copy(ensure_db(n, m), db)  # the app writes (its plan); keep the cache clean
        org_id, org = grow_org(db, WHO_PEOPLE // 10 if quick else WHO_PEOPLE)
        proc = subprocess.run(
            [sys.executable, "-c", "import sys; from bench.bench_pages import _child; "
             "_child(sys.argv[1], sys.argv[2])", str(db), org],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        got = json.loads(proc.stdout.strip().splitlines()[-1])
        today = ANCHOR.isoformat()
        params = {"today": today, "org": org_id}
        page_sql = BASELINES["list"] + " limit 50 offset :offset"
        base = {
            "/contacts": _baseline(db, page_sql, {**params, "offset": PAGE_SIZE}),
            "/who": _baseline(db, BASELINES["who"], params),
            "/network": _baseline(db, NETWORK_BASELINE, params),
        }
    what = {
        "/contacts": "the page's rows through sqlite3 (p95)",
        "/who": f"the ranking's {WHO_PEOPLE // 10 if quick else WHO_PEOPLE:,} rows through sqlite3",
        "/network": "a year of touches per month through sqlite3",
    }
    figures: list[Figure] = []
    for label in ("/contacts", "/who", "/network"):
        g = got[label]
        pages_ok = g["paged"] and all(0 < r <= PAGE_SIZE for r in g["rows"])
        shown = f"{label} ({org})" if label == "/who" else label
        figures.append(
            Figure(f"{shown}: first request", g["cold"], "s", None, "", "(information)", None)
        )
        figures.append(
            Figure(
                f"{shown}: p95" + (f", pages 1 and {LATER}" if label in ROW else ""),
                g["p95"],
                "ms",
                base[label],
                f"{what[label]}; p50 {g['p50']:.1f} ms; rows per page {g['rows']}",
                "under 100 ms, pages of 50 with next/previous",
                g["p95"] < 100 and pages_ok,
            )
        )
    figures.append(
        Figure(
            "  the web process's peak memory",
            got["peak"],
            "MB",
            None,
            "after each page: " + ", ".join(f"{p} {got[p]['peak']:.0f} MB" for p in base),
            f"under {MEMORY_MB} MB",
            got["peak"] < MEMORY_MB,
        )
    )
    return figures
