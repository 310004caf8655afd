"""Writers at once: a long import, the web and the CLI share one SQLite file.

Every write either lands or gets "another kithkin command is writing; try again"
(exit 1 in the CLI, 503 with Retry-After in the web); never a traceback, never a
500. A long import commits in bounded chunks, so the others get the lock in
between, and resumes where it stopped when it is interrupted.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from bench.bench_import import write_connections

from conftest import Kith
from kithkin.core.exchange import batched
from kithkin.store import db as dbmod
from kithkin.web.app import create_app
from webclient import BASE, Web

FUZZ = os.environ.get("KITH_FUZZ") == "1"
KITH = str(Path(sys.executable).parent / "kith")
BUSY = "error: another kithkin command is writing; try again"


@pytest.fixture
def locked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A database whose write lock another process holds for the whole test."""
    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_MS", 200)
    path = tmp_path / "kithkin.db"
    Kith(f"sqlite:///{path}").ok("add", "Ann Lee")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    yield path
    holder.execute("ROLLBACK")
    holder.close()


def test_a_cli_writer_that_cannot_get_the_lock_gets_one_line(locked: Path) -> None:
    run = Kith(f"sqlite:///{locked}")("add", "Bo Chan")
    assert run.exit_code == 1
    assert run.stderr.strip() == BUSY
    # Readers are not held up by a writer (WAL).
    assert Kith(f"sqlite:///{locked}").ok("list", "--json").json()[0]["name"] == "Ann Lee"


def test_a_web_writer_that_cannot_get_the_lock_gets_503(locked: Path) -> None:
    app = create_app(f"sqlite:///{locked}")
    with Web(app, base_url=BASE, raise_server_exceptions=False) as web:
        r = web.post("/api/contacts", json={"name": "Bo Chan"})
        assert r.status_code == 503, r.text
        assert r.headers["retry-after"].isdigit()
        assert r.json()["error"]["message"] == BUSY.removeprefix("error: ")
        page = web.form("/contacts/1/snooze", {"until": "2099-01-01"})
        assert page.status_code == 503
        assert "Retry-After" in page.headers
        assert web.get("/api/contacts").status_code == 200
    app.state.db.dispose()


# --- a long import in bounded, resumable chunks -----------------------------------------


def _names(url: str) -> list[str]:
    return sorted(c["name"] for c in Kith(url).ok("list", "--json").json())


def test_an_interrupted_import_resumes_without_duplicates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "Connections.csv"
    write_connections(src, n=700)
    whole = f"sqlite:///{tmp_path / 'whole.db'}"
    Kith(whole).ok("import", "linkedin", str(src))

    monkeypatch.setattr(batched, "CHUNK", 100)
    url = f"sqlite:///{tmp_path / 'cut.db'}"
    commits = {"n": 0}
    real = batched.run

    def cut_after_three(*args, **kw):  # type: ignore[no-untyped-def]
        def after() -> None:
            commits["n"] += 1
            if commits["n"] == 3:
                raise RuntimeError("killed")  # as if the process died there

        return real(*args, **kw, after_chunk=after)

    monkeypatch.setattr(batched, "run", cut_after_three)
    with pytest.raises(RuntimeError, match="killed"):
        Kith(url)("import", "linkedin", str(src))
    partial = _names(url)
    assert 0 < len(partial) < len(_names(whole))  # the first chunks are in, the rest not
    monkeypatch.setattr(batched, "run", real)
    out = Kith(url).ok("import", "linkedin", str(src), "--json").json()
    assert any("resumed" in w for w in out["warnings"])
    assert _names(url) == _names(whole)  # nothing twice, nothing lost
    again = Kith(url).ok("import", "linkedin", str(src), "--json").json()
    assert again["contacts"]["new"] == 0


# --- a big import, web writes and CLI writes at once ------------------------------------

ROWS = 50_000 if FUZZ else 6_000
WEB_WRITES = 100 if FUZZ else 20
CLI_WRITES = 50 if FUZZ else 6


def test_import_web_and_cli_write_at_once(tmp_path: Path) -> None:
    src = tmp_path / "Connections.csv"
    write_connections(src, n=ROWS)
    path = tmp_path / "kithkin.db"
    url = f"sqlite:///{path}"
    Kith(url).ok("init")
    env = {**os.environ, "KITH_DB": url, "KITH_HOME": str(tmp_path / "home")}
    env.pop("KITH_AS_OF", None)
    importing = subprocess.Popen(
        [KITH, "import", "linkedin", str(src), "--json"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    outcomes: dict[str, list[str]] = {"landed": [], "busy": [], "other": [], "during": []}
    lock = threading.Lock()

    def note(kind: str, what: str) -> None:
        with lock:
            outcomes[kind].append(what)
            if importing.poll() is None:
                outcomes["during"].append(what)

    def web_writer() -> None:
        app = create_app(url)
        with Web(app, base_url=BASE, raise_server_exceptions=False) as web:
            for i in range(WEB_WRITES):
                r = web.post("/api/contacts", json={"name": f"Webwriter {i}"})
                if r.status_code in (200, 201):
                    note("landed", f"web {i}")
                elif r.status_code == 503 and r.headers.get("retry-after"):
                    note("busy", f"web {i}")
                else:
                    note("other", f"web {i}: {r.status_code} {r.text[:200]}")
        app.state.db.dispose()

    def cli_writer(first: int) -> None:
        for i in range(first, CLI_WRITES, 2):
            run = subprocess.run(
                [KITH, "add", f"Cliwriter {i}"], env=env, capture_output=True, text=True
            )
            if run.returncode == 0:
                note("landed", f"cli {i}")
            elif run.returncode == 1 and run.stderr.strip() == BUSY:
                note("busy", f"cli {i}")
            else:
                note("other", f"cli {i}: {run.returncode} {run.stderr[-300:]}")

    # The writers start with the import: on an idle machine 6,000 rows are in within a
    # second, so waiting first could leave no write to overlap it.
    threads = [threading.Thread(target=web_writer)]
    threads += [threading.Thread(target=cli_writer, args=(k,)) for k in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out, err = importing.communicate(timeout=600)
    assert importing.returncode == 0, err
    assert outcomes["other"] == []
    assert outcomes["during"], "no write overlapped the import"
    assert len(outcomes["landed"]) + len(outcomes["busy"]) == WEB_WRITES + CLI_WRITES
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    names = [r[0] for r in conn.execute("SELECT display_name FROM contacts")]
    conn.close()
    writers = sorted(n for n in names if n.startswith(("Webwriter", "Cliwriter")))
    assert len(writers) == len(outcomes["landed"])  # every landed write is there, once
    import json

    summary = json.loads(out)
    assert summary["contacts"]["new"] + 1 + len(writers) == len(names)  # +1: you
    print(
        f"{ROWS} rows imported; concurrent writes: {len(outcomes['landed'])} landed, "
        f"{len(outcomes['busy'])} busy, {len(outcomes['during'])} while the import ran"
    )
