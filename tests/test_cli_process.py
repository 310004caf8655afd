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
