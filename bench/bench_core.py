"""Issue 2 figures: bulk insert through the core, and full-text search latency.

Insert: 50,000 contacts and 1,000,000 interactions through the core's bulk paths
against plain ``sqlite3`` ``executemany`` of the same final rows into the same
schema (target: within 2x). Search: p95 of ``core.search.search`` over that
database (target: under 20 ms).
"""

from __future__ import annotations

import random
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import Figure, percentile
from bench.generate import ANCHOR, interactions, people, vocabulary


def _fresh(dirpath: Path, name: str) -> Path:
    from kithkin.store.db import open_db

    path = dirpath / name
    open_db(f"sqlite:///{path}").dispose()
    return path


def _core_insert(path: Path, ppl: list[dict[str, Any]], rows: list[dict[str, Any]]) -> float:
    from bench import bulk
    from kithkin import clock
    from kithkin.core.book import interactions as ix
    from kithkin.core.book.contacts import ContactInput
    from kithkin.store.db import open_db

    clock.set_today(ANCHOR)
    db = open_db(f"sqlite:///{path}")
    start = time.perf_counter()
    with db.session() as s:
        bulk.bulk_add(s, [ContactInput(**p) for p in ppl])
        ix.bulk_log(s, rows)
    elapsed = time.perf_counter() - start
    db.dispose()
    return elapsed


def _baseline_rows(ppl: list[dict[str, Any]], rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The final rows the core writes, computed ahead so the baseline only inserts."""
    from kithkin.core.book.orgs import normalize
    from kithkin.core.userinput import split_name
    from kithkin.core.vocabulary import KINDS, LIGHT_KINDS

    org_ids: dict[str, int] = {}
    contacts, emails, positions = [], [], []
    for i, p in enumerate(ppl, start=1):
        parts = split_name(p["name"])
        contacts.append(
            (i, p["name"], parts["given_name"], parts["family_name"], p["tier"], ANCHOR.isoformat())
        )
        emails.extend((i, e) for e in p["emails"])
        oid = org_ids.setdefault(p["org"], len(org_ids) + 1)
        positions.append((i, oid, p["title"]))
    inter, links = [], []
    for n, r in enumerate(rows, start=1):
        inter.append(
            (
                n,
                r["occurred_on"].isoformat(),
                r["channel"],
                r["direction"],
                r["kind"],
                KINDS[r["kind"]].value,
                r["note"],
            )
        )
        copies = (
            inter[-1][1],
            r["direction"],
            inter[-1][5],
            r["kind"] in LIGHT_KINDS,
            r["channel"],
        )
        links.extend((n, c, *copies) for c in r["contact_ids"])
    orgs = [(oid, name, normalize(name)) for name, oid in org_ids.items()]
    return {
        "contacts": contacts,
        "emails": emails,
        "positions": positions,
        "orgs": orgs,
        "interactions": inter,
        "links": links,
    }


def _baseline_insert(path: Path, data: dict[str, Any]) -> float:
    conn = sqlite3.connect(path)
    for pragma in ("foreign_keys=ON", "journal_mode=WAL", "synchronous=NORMAL"):
        conn.execute(f"PRAGMA {pragma}")
    start = time.perf_counter()
    with conn:
        conn.executemany(
            "INSERT INTO organizations (id, name, norm_name) VALUES (?,?,?)", data["orgs"]
        )
        conn.executemany(
            "INSERT INTO contacts (id, is_me, display_name, given_name, family_name, tier,"
            " professional_only, do_not_contact, paused, source, created_on)"
            " VALUES (?,0,?,?,?,?,0,0,0,'manual',?)",
            data["contacts"],
        )
        conn.executemany(
            "INSERT INTO contact_emails (contact_id, email) VALUES (?,?)", data["emails"]
        )
        conn.executemany(
            "INSERT INTO positions (contact_id, org_id, title, source) VALUES (?,?,?,'manual')",
            data["positions"],
        )
        conn.executemany(
            "INSERT INTO interactions (id, occurred_on, channel, direction, kind, nature, note,"
            " source) VALUES (?,?,?,?,?,?,?,'manual')",
            data["interactions"],
        )
        conn.executemany(
            "INSERT INTO interaction_contacts (interaction_id, contact_id, occurred_on,"
            " direction, nature, light, channel) VALUES (?,?,?,?,?,?,?)",
            data["links"],
        )
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def _search_p95(path: Path, seed: int) -> tuple[float, float]:
    from kithkin.core.book.search import search
    from kithkin.store.db import open_db

    rng = random.Random(seed)
    words = vocabulary(random.Random(seed + 4))
    names = [p["name"] for p in people(2000, seed)]
    queries = [rng.choice(words) for _ in range(150)] + [rng.choice(names) for _ in range(100)]
    queries += [rng.choice(words)[:3] for _ in range(50)]  # search-as-you-type prefixes
    db = open_db(f"sqlite:///{path}")
    times = []
    with db.session() as s:
        search(s, "warmup")
        for q in queries:
            t = time.perf_counter()
            search(s, q)
            times.append((time.perf_counter() - t) * 1000)
    db.dispose()
    return percentile(times, 95), percentile(times, 50)


def run(quick: bool = False) -> list[Figure]:
    n, m = (5_000, 100_000) if quick else (50_000, 1_000_000)
    ppl = people(n, 1)
    rows = list(interactions(m, n, 1))
    data = _baseline_rows(ppl, rows)
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        base = _baseline_insert(_fresh(d, "baseline.db"), data)
        core_path = _fresh(d, "core.db")
        core = _core_insert(core_path, ppl, rows)
        p95, p50 = _search_p95(core_path, 1)
    return [
        Figure(
            f"insert {n:,} contacts + {m:,} interactions",
            core,
            "s",
            base,
            "sqlite3 executemany of the same rows, same schema",
            "within 2x of baseline",
            core <= 2 * base,
        ),
        Figure(
            "full-text search p95",
            p95,
            "ms",
            None,
            f"(p50 {p50:.2f} ms, 300 queries)",
            "under 20 ms",
            p95 < 20,
        ),
    ]
