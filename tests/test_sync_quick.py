"""kith sync with nothing new answered before the application loads (kithkin.cli.quicksync),
against a real Dovecot: the same line, the same record, no SQLAlchemy; everything
else goes the whole way."""

from __future__ import annotations

import os
import subprocess
import sys

import sync_servers
from conftest import dump
from test_sync_imap import INBOX, ME, SENT, TODAY, _setup, mail, remembered_by_an_older_rule

dovecot = sync_servers.dovecot  # the fixture


def _entry(url: str, *args: str, env: dict[str, str] | None = None,
           module: str = "sqlalchemy") -> tuple[int, str, str, bool]:  # fmt: skip
    """(exit status, stdout, stderr, ``module`` loaded) of ``kith --db URL args`` run
    through the console script's entry in a fresh process."""
    code = (
        "import atexit, sys\n"
        f"atexit.register(lambda: print('\\n@@', {module!r} in sys.modules, file=sys.stderr))\n"
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


def test_a_first_sync_without_typer_is_the_command_s(kith, dovecot, tmp_path):
    """The first sync (and one with new mail) runs through the core without Typer when
    no output is a terminal: the same line, the same rows as the command writes."""
    import shutil

    dovecot.deliver(INBOX)
    dovecot.deliver(SENT, "Sent")
    _setup(kith, dovecot, tmp_path)
    sqlite = kith.url.startswith("sqlite")
    # a wrong password on the first sync: one line, exit 2, nothing written
    (tmp_path / "imap-password").write_text("not-the-password\n")
    before = dump(kith.url)
    code, out, err, _ = _entry(kith.url, "sync")
    assert (code, out) == (2, "")
    assert err == "error: imap work: the server refused the user name or password"
    assert dump(kith.url) == before
    (tmp_path / "imap-password").write_text(dovecot.password + "\n")

    twin = tmp_path / "twin.db"
    if sqlite:
        shutil.copy(kith.url.removeprefix("sqlite:///"), twin)
    line = ("imap work: 8 messages read, 3 interactions logged, 1 new reply owed, "
            "1 skipped (no date in the message)")  # fmt: skip
    code, out, err, typer = _entry(kith.url, "sync", "work", module="typer")
    assert (code, out.strip(), err, typer) == (0, line, "", not sqlite)
    if not sqlite:
        return
    from conftest import Kith

    other = Kith(f"sqlite:///{twin}")
    assert other.ok("sync", "work", as_of=TODAY).stdout.strip() == line  # the command
    mine, theirs = dump(kith.url), dump(other.url)
    assert {k: v for k, v in mine.items() if k != "sources"} == {
        k: v for k, v in theirs.items() if k != "sources"
    }
    assert _last(kith)[1] == line and _last(kith)[0].startswith(TODAY)


def test_a_folder_list_of_an_older_rule_is_not_trusted_by_the_quick_path(kith, dovecot,
                                                                       tmp_path):  # fmt: skip
    """A list of folders remembered by an older folder rule (here the inbox alone, as
    if its sent folder had not been found) makes the quick path go the whole way once,
    which finds the folders again; after it, nothing new is a STATUS per folder again."""
    dovecot.deliver(INBOX)
    _setup(kith, dovecot, tmp_path)
    kith.ok("sync", as_of=TODAY)
    remembered_by_an_older_rule(kith.url)
    dovecot.deliver(SENT, "Sent")
    code, out, err, heavy = _entry(kith.url, "sync", "work")
    assert (code, out.strip(), err, heavy) == (
        0, "imap work: 4 messages read, 1 interaction logged, 0 new replies owed", "", True
    )  # fmt: skip
    code, out, err, heavy = _entry(kith.url, "sync", "work")
    assert (code, out.strip(), err) == (
        0, "imap work: 0 messages read, 0 interactions logged, 0 new replies owed", ""
    )  # fmt: skip
    assert heavy is not kith.url.startswith("sqlite")


def test_an_address_book_with_nothing_new_is_answered_without_the_database_layer(kith, tmp_path):
    # CardDAV's early stop (kithkin.core.sync.cardquiet), before the application loads:
    # each address book's sync-token and kithkin's data version, read with sqlite3.
    from test_sync_carddav import ANN, _add

    server = sync_servers.Radicale(tmp_path)
    try:
        book = server.addressbook("contacts", "Contacts")
        server.put_card(f"{book}ann.vcf", ANN)
        _add(kith, server, tmp_path)
        kith.ok("sync", as_of=TODAY)
        kith.ok("sync", as_of=TODAY)
        line = (
            "carddav phone: 0 cards read, 0 contacts added, 0 updated, 0 cards written, 0 conflicts"
        )
        before = dump(kith.url)
        code, out, err, heavy = _entry(kith.url, "sync", "phone")
        assert (code, out.strip(), err) == (0, line, "")
        assert heavy is not kith.url.startswith("sqlite")
        after = dump(kith.url)
        assert {k: v for k, v in after.items() if k != "sources"} == {
            k: v for k, v in before.items() if k != "sources"
        }
        # a change on the phone: the whole way
        server.put_card(f"{book}ann.vcf", ANN.replace("FN:Ann Lee", "FN:Ann B. Lee"))
        code, out, err, heavy = _entry(kith.url, "sync", "phone")
        assert out.startswith("carddav phone: 1 card read") and heavy
        # a change in kithkin: the whole way
        kith.ok("sync", as_of=TODAY)
        kith.ok("edit", "ann@example.com", "--title", "CTO", "--org", "Acme")
        code, out, err, heavy = _entry(kith.url, "sync", "phone")
        assert " 1 card written" in out and heavy
    finally:
        server.stop()
