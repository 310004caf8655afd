"""The installed `kith` command, run as a real process like a user's script would."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

KITH = shutil.which("kith", path=str(Path(sys.executable).parent)) or "kith"


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([KITH, *args], capture_output=True, text=True, env=env, timeout=60)


@pytest.fixture
def env(tmp_path):
    src = str(Path(__file__).parents[1] / "src")
    return {
        **os.environ,
        "KITH_HOME": str(tmp_path / "home"),
        "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", ""),
    }


def test_exit_statuses_and_streams(env):
    assert run("init", env=env).returncode == 0
    added = run("add", "Ann Lee", "--json", env=env)
    assert added.returncode == 0 and json.loads(added.stdout)["name"] == "Ann Lee"
    bad = run("log", "Nobody", env=env)
    assert bad.returncode == 2
    assert bad.stdout == "" and bad.stderr.strip().count("\n") == 0
    usage = run("log", env=env)
    assert usage.returncode == 2 and usage.stderr.startswith("error:")


def test_kith_db_and_as_of_from_the_environment(env, tmp_path):
    env = {**env, "KITH_DB": str(tmp_path / "other.db"), "KITH_AS_OF": "2025-01-31"}
    run("add", "Ann Lee", env=env)
    assert run("log", "Ann", env=env).returncode == 0
    shown = json.loads(run("show", "Ann", "--json", env=env).stdout)
    assert shown["interactions"][0]["date"] == "2025-01-31"
    assert (tmp_path / "other.db").exists()


def test_serve_says_where_it_is_once_it_answers(env, tmp_path):
    """The address is printed when the server listens: opening it then works at once."""
    import socket
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    db = str(tmp_path / "serve.db")
    assert run("--db", db, "init", env=env).returncode == 0
    proc = subprocess.Popen(
        [KITH, "--db", db, "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.strip() == f"kithkin is at http://127.0.0.1:{port}/  (Ctrl+C stops it)"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/today", timeout=10) as page:
            assert page.status == 200
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_serve_on_a_busy_port_does_not_claim_to_be_there(env, tmp_path):
    import socket

    db = str(tmp_path / "serve.db")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        done = run("--db", db, "serve", "--port", str(port), env=env)
    assert done.returncode != 0
    assert "kithkin is at" not in done.stdout


def test_serve_beyond_loopback_warns_that_there_is_no_login(env, tmp_path):
    """Loopback is the server's only lock (docs/web.md): bound to another address,
    whoever reaches it reads and changes the whole network, so the operator is told
    so at start, on stderr, once; on loopback nothing is said."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    db = str(tmp_path / "serve.db")
    assert run("--db", db, "init", env=env).returncode == 0
    for host, warned in (("0.0.0.0", True), ("127.0.0.1", False)):
        proc = subprocess.Popen(
            [KITH, "--db", db, "serve", "--host", host, "--port", str(port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        try:
            assert proc.stdout is not None
            assert proc.stdout.readline().startswith("kithkin is at")
        finally:
            proc.terminate()
            _, err = proc.communicate(timeout=30)
        said = [line for line in err.splitlines() if "no login" in line]
        assert len(said) == (1 if warned else 0), err
        if warned:
            assert said[0].startswith("warning:") and f"{host}:{port}" in said[0]
