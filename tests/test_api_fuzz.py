"""Schemathesis over ``/openapi.json``: every operation, every check, zero failures.

A real ``kith serve`` over the demo network (so references find people) on each
backend; schemathesis' own command runs every phase (the schema's examples, its
coverage of each constraint's edges, generated requests valid and invalid; the
stateful one finds no OpenAPI links to follow) with every check it has: no 5xx,
answers as the schema documents them (status, content type, headers, body),
invalid requests refused and valid ones accepted, an ``Allow`` that lists what the
path answers, deleted resources gone. ``make test`` tries 3 examples per operation;
``make fuzz`` (KITH_FUZZ=1) 100 per operation.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from tests.sync_servers import free_port, wait_port

from kithkin.demo import sample
from kithkin.store.db import open_db

FUZZ = os.environ.get("KITH_FUZZ") == "1"
EXAMPLES = int(os.environ.get("KITH_API_EXAMPLES", 100 if FUZZ else 3))
BIN = Path(sys.executable).parent
CONFIG = Path(__file__).parent / "fixtures" / "schemathesis.toml"


@pytest.fixture
def served(db_url: str, tmp_path: Path) -> Iterator[str]:
    db = open_db(db_url)
    with db.session() as s:
        sample.build(s)
    db.dispose()
    port = free_port()
    env = {**os.environ, "KITH_AS_OF": "2026-11-02", "HOME": str(tmp_path)}
    server = subprocess.Popen(
        [str(BIN / "kith"), "--db", db_url, "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "server.log").open("w"),
        env=env,
    )
    try:
        wait_port(port, timeout=60)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_every_operation_under_every_check(served: str, tmp_path: Path) -> None:
    # The CSRF token of a browser session: multipart uploads need it (JSON does not).
    token = httpx.get(f"{served}/contacts").cookies["kith_csrf"]
    report = tmp_path / "report.json"
    run = subprocess.run(
        [
            str(BIN / "st"),
            "--config-file",
            str(CONFIG),
            "run",
            f"{served}/openapi.json",
            "--checks",
            "all",
            "--phases",
            "examples,coverage,fuzzing,stateful",
            "--max-examples",
            str(EXAMPLES),
            "--seed",
            "11",
            "--workers",
            "1",
            "--header",
            f"Cookie: kith_csrf={token}",
            "--header",
            f"X-CSRF-Token: {token}",
            "--report",
            "json",
            "--report-json-path",
            str(report),
        ],
        capture_output=True,
        text=True,
        timeout=3600,
        env={**os.environ, "NO_COLOR": "1", "SCHEMATHESIS_TELEMETRY": "false"},
    )
    out = run.stdout + run.stderr
    assert run.returncode == 0, out[-20_000:]
    tested = re.search(r"Tested: (\d+)", out)
    cases = re.search(r"(\d+) generated", out)
    assert tested and cases, out[-5000:]
    assert int(tested[1]) >= 58, out[-5000:]
    spec = json.loads(httpx.get(f"{served}/openapi.json").text)
    operations = sum(len(ops) for ops in spec["paths"].values())
    assert int(tested[1]) == operations
    print(f"schemathesis: {operations} operations, {cases[1]} requests, 0 failures")
