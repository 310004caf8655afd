"""SIGKILL during an import: the database is intact and holds none, all, or a part
that importing the same file again completes with nothing twice.

Imports commit in bounded chunks (core/exchange/batched.py), so a kill can land
between two of them: that is the "resumable" case, and the test resumes it. A
kill inside a transaction must leave nothing of that transaction (SQLite's WAL,
PostgreSQL's MVCC). Each format is killed at random moments spread over its
import's own duration; ``make fuzz`` kills many more times (KITH_FUZZ=1).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from bench.bench_import import write_connections
from sqlalchemy import text

from conftest import BACKENDS, Kith, _truncate
from kithkin.core.exchange import batched
from kithkin.store.db import Database

FUZZ = os.environ.get("KITH_FUZZ") == "1"
KITH = str(Path(sys.executable).parent / "kith")
# Kills per format and backend: >= 50 on SQLite and >= 20 on PostgreSQL in make fuzz.
KILLS = {"sqlite": 20 if FUZZ else 2, "pg": 7 if FUZZ else 1}
ROWS = batched.CHUNK * 2 + 500  # over two chunks: kills land inside and between transactions


def _vcards(path: Path, n: int = ROWS) -> list[str]:
    with path.open("w", encoding="utf-8", newline="") as fh:
        for i in range(n):
            fh.write(
                f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Vera Card{i}\r\nN:Card{i};Vera;;;\r\n"
                f"EMAIL:vera{i}@example.com\r\nORG:Org{i % 40}\r\nEND:VCARD\r\n"
            )
    return []


def _mbox(path: Path, n: int = ROWS) -> list[str]:
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for i in range(n):
            day = 1 + i % 28
            fh.write(
                f"From mia{i % 900}@example.com Mon Jan  1 00:00:00 2024\n"
                f"From: Mia Mail{i % 900} <mia{i % 900}@example.com>\n"
                f"To: me@example.com\nSubject: note {i}\n"
                f"Date: Thu, {day:02d} Feb 2024 10:00:00 +0000\n"
                f"Message-ID: <m{i}@example.com>\n\nhello {i}\n\n"
            )
    return ["--me", "me@example.com", "--add-unknown"]


def _linkedin(path: Path, n: int = ROWS) -> list[str]:
    write_connections(path, n=n)
    return []


FORMATS: dict[str, tuple[str, Callable[[Path], list[str]]]] = {
    "linkedin": ("Connections.csv", _linkedin),
    "vcard": ("contacts.vcf", _vcards),
    "mbox": ("mail.mbox", _mbox),
}


def _state(url: str) -> tuple[tuple[str, ...], int, int, int]:
    """What an import leaves: every name (duplicates show), interactions, links, addresses."""
    db = Database(url)
    with db.engine.connect() as conn:
        names = tuple(sorted(r[0] for r in conn.execute(text("SELECT display_name FROM contacts"))))
        counts = [
            conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
            for t in ("interactions", "interaction_contacts", "contact_emails")
        ]
    db.dispose()
    return names, counts[0], counts[1], counts[2]


def _run(url: str, args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [KITH, *args], env={**env, "KITH_DB": url}, capture_output=True, text=True
    )


def _fresh(pg: str | None, tmp: Path, n: int) -> str:
    """An empty database holding only what ``kith init`` makes."""
    if pg is None:
        path = tmp / f"run{n}.db"
        shutil.copy(tmp / "template.db", path)
        return f"sqlite:///{path}"
    _truncate(pg)
    Kith(pg).ok("init")
    return pg


def _intact(url: str) -> None:
    if url.startswith("sqlite"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"))
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        conn.close()


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("kind", sorted(FORMATS))
def test_sigkill_during_an_import(
    kind: str, backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    env = {**os.environ, "KITH_HOME": str(tmp_path / "home")}
    env.pop("KITH_AS_OF", None)
    pg = request.getfixturevalue("_pg_schema") if backend == "pg" else None
    if pg is None:
        Kith(f"sqlite:///{tmp_path / 'template.db'}").ok("init")
    name, make = FORMATS[kind]
    src = tmp_path / name
    extra = make(src)
    args = ["import", kind, str(src), *extra]

    url = _fresh(pg, tmp_path, 0)
    empty = _state(url)
    started = time.monotonic()
    done = _run(url, args, env)
    took = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    whole = _state(url)
    assert whole != empty

    rng = random.Random(f"{kind}-{backend}")
    outcomes = {"none": 0, "all": 0, "resumed": 0}
    for n in range(1, KILLS[backend] + 1):
        url = _fresh(pg, tmp_path, n)
        proc = subprocess.Popen(
            [KITH, *args],
            env={**env, "KITH_DB": url},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.15, 1.0) * took)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        _intact(url)
        after = _state(url)
        if after == empty:
            outcomes["none"] += 1
        elif after == whole:
            outcomes["all"] += 1
        else:
            again = _run(url, args, env)
            assert again.returncode == 0, again.stderr
            _intact(url)
            assert _state(url) == whole, f"kill {n}: the resumed import differs"
            outcomes["resumed"] += 1
    print(f"{kind} on {backend}: {sum(outcomes.values())} kills survived {outcomes}")
