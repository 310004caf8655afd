"""Backups that are real copies, restores that lose nothing, a full disk that breaks nothing."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Kith, dump
from kithkin.store import db as dbmod

FUZZ = os.environ.get("KITH_FUZZ") == "1"
AS_OF = "2026-02-10"

WRITER = textwrap.dedent(
    """
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
    conn.execute("PRAGMA journal_mode=WAL")
    end = time.monotonic() + float(sys.argv[2])
    i = 0
    while time.monotonic() < end:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO settings (key, value) VALUES (?, 'x')", (f"w.{i:07d}",))
        conn.execute("INSERT INTO settings (key, value) VALUES (?, 'y')", (f"v.{i:07d}",))
        conn.execute("COMMIT")
        i += 1
    print(i)
    """
)


def _keys(path: Path, prefix: str) -> list[str]:
    conn = sqlite3.connect(path)
    rows = [
        r[0] for r in conn.execute("SELECT key FROM settings WHERE key LIKE ?", (prefix + "%",))
    ]
    conn.close()
    return sorted(rows)


def test_backup_is_consistent_while_another_process_writes(tmp_path: Path) -> None:
    path = tmp_path / "kithkin.db"
    kith = Kith(f"sqlite:///{path}")
    for i in range(200):
        kith.ok("add", f"Person {i}", "--email", f"p{i}@example.com")
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), "4"], stdout=subprocess.PIPE, text=True
    )
    time.sleep(0.5)
    copies = []
    for n in range(5):
        target = tmp_path / f"copy{n}.db"
        kith.ok("backup", str(target))
        copies.append(target)
        time.sleep(0.2)
    writes = int(writer.communicate(timeout=60)[0])
    assert writes > 0
    seen = []
    for copy in copies:
        conn = sqlite3.connect(copy)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
        w, v = _keys(copy, "w."), _keys(copy, "v.")
        # A transaction is in a copy whole or not at all, and writes appear in order.
        assert [k[2:] for k in w] == [k[2:] for k in v]
        assert w == [f"w.{i:07d}" for i in range(len(w))]
        assert len(Kith(f"sqlite:///{copy}").ok("list", "--json").json()) == 200
        seen.append(len(w))
    assert seen == sorted(seen) and seen[-1] > 0  # taken while the writer was writing


def test_backup_needs_a_new_file_and_refuses_postgresql(tmp_path: Path, db_url: str) -> None:
    kith = Kith(db_url)
    kith.ok("add", "Ann Lee")
    if not db_url.startswith("sqlite"):
        assert "pg_dump" in kith.bad("backup", str(tmp_path / "x.db")).stderr
        return
    target = tmp_path / "b.db"
    kith.ok("backup", str(target))
    before = target.read_bytes()
    assert "already exists" in kith.bad("backup", str(target)).stderr
    assert target.read_bytes() == before


def test_backup_without_a_name_goes_to_the_backups_folder(tmp_path: Path) -> None:
    kith = Kith(f"sqlite:///{tmp_path / 'kithkin.db'}")
    kith.ok("add", "Ann Lee")
    out = kith.ok("backup", "--json").json()
    made = Path(out["file"])
    assert made.parent == tmp_path / "home" / "backups"
    assert [p.name for p in made.parent.iterdir()] == [made.name]  # one file, no -wal


def test_restore_of_a_backup_keeps_the_previous_database_aside(tmp_path: Path) -> None:
    path = tmp_path / "kithkin.db"
    kith = Kith(f"sqlite:///{path}")
    kith.ok("add", "Ann Lee")
    kith.ok("backup", str(tmp_path / "monday.db"))
    kith.ok("add", "Bo Chan")
    out = kith.ok("restore", str(tmp_path / "monday.db"), "--json").json()
    assert [c["name"] for c in kith.ok("list", "--json").json()] == ["Ann Lee"]
    aside = Path(out["previous"])
    names = [c["name"] for c in Kith(f"sqlite:///{aside}").ok("list", "--json").json()]
    assert sorted(names) == ["Ann Lee", "Bo Chan"]
    kith.ok("add", "Cy Dee")  # the restored database is a working one


@pytest.mark.parametrize("what", ["truncated", "foreign", "newer", "garbage"])
def test_restore_checks_the_file_before_replacing_anything(tmp_path: Path, what: str) -> None:
    path = tmp_path / "kithkin.db"
    kith = Kith(f"sqlite:///{path}")
    kith.ok("add", "Ann Lee")
    bad = tmp_path / "bad.db"
    if what == "foreign":
        conn = sqlite3.connect(bad)
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.commit()
        conn.close()
    elif what == "garbage":
        bad.write_bytes(b"SQLite format 3\x00" + os.urandom(8192))
    else:
        kith.ok("backup", str(bad))
        if what == "truncated":
            data = bad.read_bytes()
            bad.write_bytes(data[: len(data) // 2])
        else:
            conn = sqlite3.connect(bad)
            conn.execute("UPDATE alembic_version SET version_num = '9999'")
            conn.commit()
            conn.close()
    before = dump(kith.url)
    kith.bad("restore", str(bad))
    assert dump(kith.url) == before
    assert sorted(p.name for p in tmp_path.iterdir() if "before-restore" in p.name) == []


# --- a full disk ------------------------------------------------------------------------


def test_a_full_disk_is_one_line_and_leaves_no_partial_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "kithkin.db"
    Kith(f"sqlite:///{path}").ok("add", "Ann Lee")
    conn = sqlite3.connect(path)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()
    real = dbmod._sqlite_connect

    def capped(dbapi_connection, record):  # type: ignore[no-untyped-def]
        real(dbapi_connection, record)
        dbapi_connection.execute(f"PRAGMA max_page_count={pages + 3}")

    monkeypatch.setattr(dbmod, "_sqlite_connect", capped)
    cards = tmp_path / "cards.vcf"
    cards.write_text(
        "".join(
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Card Person{i}\r\nEMAIL:c{i}@example.com\r\n"
            f"NOTE:{'n' * 400}\r\nEND:VCARD\r\n"
            for i in range(1500)
        )
    )
    kith = Kith(f"sqlite:///{path}")
    before = dump(kith.url)
    run = kith.bad("import", "vcard", str(cards))
    assert "full" in run.stderr
    assert dump(kith.url) == before
    monkeypatch.setattr(dbmod, "_sqlite_connect", real)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert Kith(f"sqlite:///{path}").ok("import", "vcard", str(cards), "--json").json()


# --- JSON export -> restore -> export ---------------------------------------------------

_names = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1
).filter(lambda t: t.strip() and not t.strip().isdigit() and t.strip().lower() != "me")


@st.composite
def _network(draw):  # type: ignore[no-untyped-def]
    people = draw(st.lists(_names, min_size=1, max_size=6, unique_by=lambda t: t.strip().lower()))
    return {
        "people": people,
        "tiers": [draw(st.sampled_from(["close", "regular", "wide", "none"])) for _ in people],
        "logs": draw(
            st.lists(
                st.tuples(
                    st.integers(0, len(people) - 1),
                    st.dates(
                        min_value=__import__("datetime").date(2000, 1, 1),
                        max_value=__import__("datetime").date(2026, 2, 10),
                    ),
                    st.sampled_from(["checkin", "like", "advice_ask", "help", "congrats"]),
                    st.text(max_size=40),
                ),
                max_size=8,
            )
        ),
        "jobs": draw(st.lists(st.integers(0, len(people) - 1), max_size=3)),
    }


@pytest.fixture(scope="module")
def _empty(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("empty") / "empty.db"
    Kith(f"sqlite:///{path}").ok("init")
    return path


@settings(
    max_examples=200 if FUZZ else 8,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    report_multiple_bugs=False,
)
@given(net=_network())
def test_json_export_restore_export_is_identity(_empty: Path, tmp_path: Path, net) -> None:
    import shutil
    import uuid

    work = tmp_path / uuid.uuid4().hex
    work.mkdir()
    shutil.copy(_empty, work / "a.db")
    a = Kith(f"sqlite:///{work / 'a.db'}")
    ids = []
    for name, tier in zip(net["people"], net["tiers"], strict=True):
        # after "--": a name such as "-0" is a name, not an option; --force: "A" and
        # "Ā" are namesakes to `kith add`, and a network may hold both
        ids.append(a.ok("add", "--tier", tier, "--force", "--", name, as_of=AS_OF).stdout.strip())
    for who, day, kind, note in net["logs"]:
        args = ["log", ids[who], "--date", day.isoformat(), "--kind", kind]
        a.ok(*args, *(["--note", note] if note.strip() else []), as_of=AS_OF)
    for who in net["jobs"]:
        a.ok("job", "add", ids[who], "--org", "Acme", "--start", "2020-01-01", as_of=AS_OF)
    first = work / "first.json"
    a.ok("export", "json", str(first), as_of=AS_OF)
    b = Kith(f"sqlite:///{work / 'b.db'}")
    b.ok("restore", str(first), as_of=AS_OF)
    second = work / "second.json"
    b.ok("export", "json", str(second), as_of=AS_OF)
    assert second.read_bytes() == first.read_bytes()


def test_exports_and_backups_are_readable_by_their_owner_alone(tmp_path: Path) -> None:
    """They hold other people's names, addresses and notes: under the usual umask a new
    file would be readable by every account on the machine."""
    import os
    import stat

    old = os.umask(0o022)
    try:
        path = tmp_path / "kithkin.db"
        kith = Kith(f"sqlite:///{path}")
        kith.ok("add", "Ann Lee", "--email", "ann@example.com", "--note", "moving to Lisbon")
        kith.ok("backup", str(tmp_path / "monday.db"))
        kith.ok("export", "json", str(tmp_path / "all.json"))
        kith.ok("export", "csv", str(tmp_path / "all.csv"))
        kith.ok("export", "vcard", str(tmp_path / "cards"))
        out = kith.ok("restore", str(tmp_path / "monday.db"), "--json").json()
        made = [tmp_path / "monday.db", tmp_path / "all.json", tmp_path / "all.csv",
                *(tmp_path / "cards").iterdir(), Path(out["previous"])]  # fmt: skip
        modes = {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in made}
        assert set(modes.values()) == {"0o600"}, modes
        # a file that was there keeps the mode its owner gave it
        shared = tmp_path / "shared.csv"
        shared.write_text("")
        shared.chmod(0o644)
        kith.ok("export", "csv", str(shared))
        assert stat.S_IMODE(shared.stat().st_mode) == 0o644
    finally:
        os.umask(old)
