"""kith sync against a local Dovecot: a first sync of 50,000 messages, and a sync with
nothing new (issue 16).

Baseline: the time ``imaplib`` alone takes to fetch the same headers from the same
server (one ``UID FETCH 1:*`` per folder, nothing parsed or stored), measured in the
same run after a pass that warms Dovecot's caches for both. Target: the first sync
within 2x of it; a sync with nothing new (the ``kith sync`` command, start-up
included) under 1 s.
"""

from __future__ import annotations

import imaplib
import os
import random
import resource
import shutil
import sys
import tempfile
from pathlib import Path

from bench.common import Figure, run_process, stopwatch
from kithkin.core.exchange.mailheaders import HEADERS

ME = "me@example.org"
CONTACTS = 2000
# What kith sync fetches, asked of the same server (the fields Dovecot has cached matter)
_FIELDS = " ".join(h.upper() for h in HEADERS)
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _servers():  # type: ignore[no-untyped-def]
    tests = Path(__file__).parents[1] / "tests"
    if str(tests) not in sys.path:
        sys.path.insert(0, str(tests))
    import sync_servers

    return sync_servers


def _messages(n: int, seed: int = 16) -> tuple[list[bytes], list[bytes]]:
    """Half received, half sent; a third of the correspondents are contacts."""
    rnd = random.Random(seed)
    inbox, sent = [], []
    for i in range(n):
        who = rnd.randrange(CONTACTS * 3)
        addr = f"p{who}@example.com" if who < CONTACTS else f"s{who}@elsewhere.net"
        day = 1 + i % 28
        month = _MONTHS[(i // 28) % 12]
        head = (
            f"Date: Tue, {day:02d} {month} 2025 10:{i % 60:02d}:00 +0000\r\n"
            f"Message-ID: <b{i}@bench.example>\r\nSubject: thread {i // 3}\r\n"
        )
        if i % 2:
            raw = f"From: Me <{ME}>\r\nTo: Person {who} <{addr}>\r\n{head}"
            box = sent
        else:
            cc = f"Cc: p{(who + 1) % CONTACTS}@example.com\r\n" if i % 10 == 0 else ""
            raw = f"From: Person {who} <{addr}>\r\nTo: {ME}\r\n{cc}{head}"
            box = inbox
        box.append((raw + "\r\n" + "Some text of the message.\r\n" * 8).encode())
    return inbox, sent


def _fill(server, inbox: list[bytes], sent: list[bytes]) -> None:  # type: ignore[no-untyped-def]
    """Write the Maildir directly (as already-seen mail in cur/), quickly."""
    for folder, msgs in (("INBOX", inbox), ("Sent", sent)):
        box = server.maildir if folder == "INBOX" else server.maildir / ".Sent"
        for n, raw in enumerate(msgs):
            (box / "cur" / f"{1_600_000_000 + n}.M{n}P1.bench:2,S").write_bytes(raw)
    server._own()


def _imaplib_baseline(server) -> float:  # type: ignore[no-untyped-def]
    ctx = _servers().tls_ok(server.cert)
    with stopwatch() as took:
        conn = imaplib.IMAP4_SSL("127.0.0.1", server.port, ssl_context=ctx)
        conn.login(server.user, server.password)
        got = 0
        for folder in ("INBOX", "Sent"):
            conn.select(folder, readonly=True)
            items = f"(UID FLAGS BODY.PEEK[HEADER.FIELDS ({_FIELDS})])"
            _, data = conn.uid("FETCH", "1:*", items)
            got += sum(1 for d in data if isinstance(d, tuple))
            conn.close()
        conn.logout()
    assert got > 0
    return took()


def _cpu(fn) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """(wall, CPU seconds of this process) of ``fn()``."""
    before = resource.getrusage(resource.RUSAGE_SELF)
    wall = fn()
    after = resource.getrusage(resource.RUSAGE_SELF)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU seconds) of a child process: on a busy machine the CPU time is the
    steadier figure (the wall time waits for a core)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall, _ = run_process(argv, env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _database(path: Path) -> str:
    from kithkin.core.exchange import importer
    from kithkin.core.exchange.incoming import Batch, PersonRecord
    from kithkin.store.db import open_db

    url = f"sqlite:///{path}"
    db = open_db(url)
    batch = Batch(source="vcard")
    batch.people = [
        PersonRecord(line=i, display_name=f"Person {i}", emails=[f"p{i}@example.com"])
        for i in range(CONTACTS)
    ]
    with db.session() as s:
        importer.run(s, batch, "vcard", "bench", tier="regular")
    db.dispose()
    return url


def run(quick: bool = False) -> list[Figure]:
    servers = _servers()
    if servers.DOVECOT is None:
        print("dovecot-imapd is not installed (make bench installs it): skipped")
        return []
    n = 5_000 if quick else 50_000
    root = Path(tempfile.mkdtemp(prefix="kith-bench-dovecot-"))
    root.chmod(0o755)
    server = servers.Dovecot(root)
    work = Path(tempfile.mkdtemp(prefix="kith-bench-sync-"))
    try:
        inbox, sent = _messages(n)
        _fill(server, inbox, sent)
        _imaplib_baseline(server)  # warms Dovecot's index and cache for both sides
        baseline, baseline_cpu = min(_cpu(lambda: _imaplib_baseline(server)) for _ in range(2))
        url = _database(work / "kith.db")
        secret = work / "pw"
        secret.write_text(server.password)
        secret.chmod(0o600)
        kith = [str(Path(sys.executable).parent / "kith"), "--db", url]
        env = {"KITH_AS_OF": "2026-01-15"}
        run_process([*kith, "source", "add", "imap",
                     f"imaps://{server.user}@127.0.0.1:{server.port}/", "--me", ME,
                     "--name", "bench", "--password-file", str(secret),
                     "--ca-file", str(server.cert)], env)  # fmt: skip
        first, first_cpu = _timed([*kith, "sync", "bench"], env)
        runs = [_timed([*kith, "sync", "bench"], env) for _ in range(3)]
        again, again_cpu = min(runs)
        from kithkin.store.db import open_db

        db = open_db(url)
        with db.session() as s:
            from sqlalchemy import func, select

            from kithkin.store.tables import Interaction

            logged = s.scalar(select(func.count()).select_from(Interaction))
        db.dispose()
        print(f"{n:,} messages, {logged:,} interactions logged", flush=True)
        # Wall times wait for a core on a busy machine: the CPU times are the steadier.
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"load average at the end: {load} ({os.cpu_count()} cores)", flush=True)
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
    return [
        Figure(f"first kith sync, {n:,} messages (Dovecot)", first, "s", baseline,
               "imaplib alone fetching the same headers", "<= 2x", first <= 2 * baseline),
        Figure("  its CPU time (user + system)", first_cpu, "s", baseline_cpu,
               "imaplib's own CPU time"),
        Figure("kith sync with nothing new (command)", again, "s", None, "", "< 1 s",
               again < 1.0),
        Figure("  its CPU time (user + system)", again_cpu, "s"),
    ]  # fmt: skip


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    from bench.common import report

    report(run(quick="--quick" in sys.argv))
