"""Synthetic networks at scale, deterministic by seed.

``python -m bench.generate --contacts 50000 --interactions 1000000 --seed 1 --out PATH``
writes a kithkin database through the core. Dates are anchored on :data:`ANCHOR`
(not on the real today) so every run produces the same bytes; benchmarks that
read the database fix the clock to the anchor.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench.common import DATA

ANCHOR = date(2026, 11, 1)
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ne",
    "ru",
    "sa",
    "to",
    "vi",
    "ze",
    "bo",
    "da",
    "fe",
    "gu",
    "hi",
    "jo",
    "pa",
    "qui",
    "re",
    "su",
    "ty",
    "wa",
    "xe",
    "yo",
    "an",
    "el",
    "or",
]
FIRST = [
    "Ada",
    "Ben",
    "Cora",
    "Dev",
    "Eli",
    "Fay",
    "Gus",
    "Hal",
    "Ivy",
    "Jon",
    "Kim",
    "Lea",
    "Max",
    "Nia",
    "Oto",
    "Pia",
    "Quin",
    "Rae",
    "Sol",
    "Tia",
    "Uri",
    "Val",
    "Wes",
    "Xia",
    "Yan",
    "Zoe",
]
CHANNELS = ["email", "call", "video", "meeting", "message", "linkedin", "social", "event"]
KINDS = [
    "checkin",
    "catchup",
    "like",
    "comment",
    "congrats",
    "thanks",
    "shared_lead",
    "shared_article",
    "intro",
    "help",
    "referral_ask",
    "advice_ask",
]
KIND_WEIGHTS = [30, 12, 12, 6, 5, 5, 2, 5, 2, 3, 2, 4]
TIERS = ["close", "regular", "wide", "none"]


def vocabulary(rng: random.Random, size: int = 5000) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def people(n: int, seed: int) -> list[dict[str, Any]]:
    """Contact inputs: unique names and emails, an employer, a tier."""
    rng = random.Random(seed)
    surnames = vocabulary(random.Random(seed + 1), 3000)
    orgs = [
        w.capitalize() + " " + rng.choice(["Labs", "Inc", "Group", "Systems"])
        for w in vocabulary(random.Random(seed + 2), 400)
    ]
    out = []
    for i in range(n):
        first, last = rng.choice(FIRST), rng.choice(surnames).capitalize()
        out.append(
            {
                "name": f"{first} {last}",
                "emails": [f"{first.lower()}.{last.lower()}.{i}@mail{i % 97}.example"],
                "org": orgs[i % len(orgs)],
                "title": rng.choice(["Engineer", "Manager", "Designer", "Analyst", "Director"]),
                "tier": rng.choices(TIERS, [10, 40, 40, 10])[0],
            }
        )
    return out


def interactions(m: int, n: int, seed: int) -> Iterator[dict[str, Any]]:
    """Interaction rows (``contact_ids`` as 1-based positions in :func:`people`)."""
    rng = random.Random(seed + 3)
    words = vocabulary(random.Random(seed + 4))
    for _ in range(m):
        kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
        note = " ".join(rng.choices(words, k=rng.randint(4, 8))) if rng.random() < 0.3 else None
        yield {
            "contact_ids": [rng.randint(1, n)],
            "occurred_on": ANCHOR - timedelta(days=int(rng.expovariate(1 / 200)) % 1100),
            "channel": "social" if kind in ("like", "comment") else rng.choice(CHANNELS[:6]),
            "direction": "inbound" if rng.random() < 0.4 else "outbound",
            "kind": kind,
            "note": note,
        }


def load_core(path: Path, n: int, m: int, seed: int) -> None:
    """Write the network through the core's own functions, in one transaction."""
    from bench import bulk
    from kithkin import clock
    from kithkin.core.book import contacts, jobs
    from kithkin.core.book import interactions as ix
    from kithkin.core.book.contacts import ContactInput
    from kithkin.store.db import open_db

    clock.set_today(ANCHOR)
    db = open_db(f"sqlite:///{path}")
    with db.session() as s:
        me = contacts.me(s)
        ids = bulk.bulk_add(s, (ContactInput(**p) for p in people(n, seed)))
        offset = ids[0] - 1
        rows = interactions(m, n, seed)
        ix.bulk_log(s, ({**r, "contact_ids": [offset + c for c in r["contact_ids"]]} for r in rows))
        first_org = people(1, seed)[0]["org"]
        jobs.add_position(
            s, me, first_org, "Engineer", ANCHOR - timedelta(days=900), ANCHOR - timedelta(days=20)
        )
    db.dispose()
    clock.set_today(None)


def ensure_db(n: int, m: int, seed: int = 1) -> Path:
    """The cached synthetic database for these parameters, generated if missing."""
    from kithkin.store.db import SCHEMA_HEAD

    DATA.mkdir(parents=True, exist_ok=True)
    # Named by schema too, so a cache made before a migration is never measured.
    path = DATA / f"synthetic-{n}-{m}-{seed}-schema{SCHEMA_HEAD}.db"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        for suffix in ("", "-wal", "-shm"):
            Path(str(tmp) + suffix).unlink(missing_ok=True)
        load_core(tmp, n, m, seed)
        tmp.rename(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.generate")
    parser.add_argument("--contacts", type=int, default=50_000)
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="database file (default: the bench cache)")
    args = parser.parse_args()
    if args.out:
        if args.out.exists():
            parser.error(f"{args.out} exists; remove it or choose another --out")
        load_core(args.out, args.contacts, args.interactions, args.seed)
        print(args.out)
    else:
        print(ensure_db(args.contacts, args.interactions, args.seed))


if __name__ == "__main__":
    main()
