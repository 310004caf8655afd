"""kith sync with nothing new answered before the application loads (kithkin.cli.quicksync),
against a real Dovecot: the same line, the same record, no SQLAlchemy; everything
else goes the whole way."""

from __future__ import annotations

import os
import subprocess
import sys

import sync_servers
from conftest import dump
from test_sync_imap import INBOX, ME, SENT, TODAY, _setup, mail

dovecot = sync_servers.dovecot  # the fixture


def _entry(url: str, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str, bool]:
    """(exit status, stdout, stderr, SQLAlchemy loaded) of ``kith --db URL args`` run
    through the console script's entry in a fresh process."""
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('\\n@@', 'sqlalchemy' in sys.modules, file=sys.stderr))\n"
        "sys.argv[0] = 'kith'\n"
        "from kithkin.cli.entry import main\n"
        "main()\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, "--db", url, *args], capture_output=True, text=True,
        env={**os.environ, "KITH_AS_OF": TODAY, **(env or {})},
    )  # fmt: skip
    err, flag = run.stderr.rsplit("@@", 1)
    return run.returncode, run.stdout, err.strip(), flag.strip() == "True"


def _last(kith) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    return next((r[-2], r[-1]) for r in dump(kith.url)["sources"] if r[1] == "work")


def test_nothing_new_is_answered_without_the_database_layer(kith, dovecot, tmp_path):
    dovecot.deliver(INBOX)
    dovecot.deliver(SENT, "Sent")
    _setup(kith, dovecot, tmp_path)
    kith.ok("sync", as_of=TODAY)
    line = "imap work: 0 messages read, 0 interactions logged, 0 new replies owed"
    before = dump(kith.url)
    code, out, err, heavy = _entry(kith.url, "sync", "work")
    assert (code, out.strip(), err) == (0, line, "")
    sqlite = kith.url.startswith("sqlite")
    assert heavy is not sqlite  # PostgreSQL: the whole way, with the same answer
    after = dump(kith.url)
    assert {k: v for k, v in after.items() if k != "sources"} == {
        k: v for k, v in before.items() if k != "sources"
    }
    synced_at, last = _last(kith)
    assert last == line and synced_at.startswith(TODAY)  # as the full command records it
    assert _entry(kith.url, "sync")[:2] == (0, line + "\n")  # the only source

    # new mail: the whole way, and only it is read
    dovecot.deliver([mail(20, "Bob Roe <bob@example.com>", ME, day=9, subject="lunch?")])
    code, out, err, heavy = _entry(kith.url, "sync", "work")
    assert (code, out.strip(), heavy) == (
        0, "imap work: 1 message read, 1 interaction logged, 1 new reply owed", True
    )  # fmt: skip
    # options the quick path does not know: the whole way
    assert _entry(kith.url, "sync", "work", "--json")[3] is True


def test_a_refused_password_and_a_dead_server_are_one_line_and_write_nothing(kith, dovecot,
                                                                            tmp_path):  # fmt: skip
    dovecot.deliver(INBOX)
    _setup(kith, dovecot, tmp_path)
    kith.ok("sync", as_of=TODAY)
    (tmp_path / "imap-password").write_text("not-the-password\n")
    before = dump(kith.url)
    code, out, err, _ = _entry(kith.url, "sync", "work")
    assert (code, out, err) == (2, "", "error: imap work: the server refused the user name or "
                                       "password")  # fmt: skip
    assert "not-the-password" not in err
    dovecot.stop()
    code, out, err, _ = _entry(kith.url, "sync")
    assert (code, out) == (1, "")
    assert err.startswith("error: imap work: cannot reach 127.0.0.1:") and "\n" not in err
    assert dump(kith.url) == before
