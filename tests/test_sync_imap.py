"""kith source add imap + kith sync against a real Dovecot over TLS on loopback."""

from __future__ import annotations

import imaplib

import sync_servers
from conftest import dump
from kithkin.core.sync.ports import FOLDER_RULE
from sync_servers import tls_ok

dovecot = sync_servers.dovecot  # the fixtures
ics_url = sync_servers.ics_url

ME = "me@example.org"
TODAY = "2026-03-10"


def mail(n: int, frm: str, to: str, *, cc: str = "", day: int = 2, subject: str = "",
         dated: bool = True) -> bytes:  # fmt: skip
    head = [f"From: {frm}", f"To: {to}", f"Subject: {subject or f'message {n}'}",
            f"Message-ID: <m{n}@example.org>"]  # fmt: skip
    if cc:
        head.append(f"Cc: {cc}")
    if dated:
        head.append(f"Date: Mon, {day:02d} Mar 2026 09:{n % 60:02d}:00 +0000")
    return ("\r\n".join(head) + "\r\n\r\nHello, this body is never read.\r\n").encode()


INBOX = [
    mail(1, "Ann Lee <ann@example.com>", ME, cc="bob@example.com, Zed <zed@stranger.net>"),
    mail(2, "Stranger Two <two@stranger.net>", ME),
    mail(3, "list@lists.example.net", "everyone@lists.example.net"),
    mail(4, "Ann Lee <ann@example.com>", ME, dated=False),  # broken: no Date
]
SENT = [
    mail(10, ME, "Tri Stranger <three@stranger.net>", day=3),
    mail(11, ME, "three@stranger.net", day=4),
    mail(12, ME, "three@stranger.net", day=5),
    mail(13, ME, "Bob Roe <bob@example.com>", day=1),
]


def _setup(kith, server, tmp_path, *extra: str) -> None:
    kith.ok("add", "Ann Lee", "--email", "ann@example.com", as_of="2026-01-01")
    kith.ok("add", "Bob Roe", "--email", "bob@example.com", as_of="2026-01-01")
    secret = tmp_path / "imap-password"
    secret.write_text(server.password + "\n")
    secret.chmod(0o600)
    kith.ok("source", "add", "imap", f"imaps://{server.user}@127.0.0.1:{server.port}/",
            "--me", ME, "--name", "work", "--password-file", str(secret),
            "--ca-file", str(server.cert), *extra)  # fmt: skip


def _subjects(kith, who: str) -> list[tuple[str, str, str]]:
    shown = kith.ok("show", who, "--json").json()
    return sorted((i["date"], i["kind"], i["subject"]) for i in shown["interactions"])


def test_first_incremental_uidvalidity_and_mbox_add_nothing_twice(kith, dovecot, tmp_path):
    dovecot.deliver(INBOX)
    dovecot.deliver(SENT, "Sent")
    _setup(kith, dovecot, tmp_path)
    tested = kith.ok("source", "test", "work")
    assert "folder Sent (\\hasnochildren \\sent)" in tested.stdout

    first = kith.ok("sync", as_of=TODAY)
    assert first.stdout.strip() == (
        "imap work: 8 messages read, 3 interactions logged, 1 new reply owed, "
        "1 skipped (no date in the message)"
    )
    assert _subjects(kith, "ann@example.com") == [("2026-03-02", "checkin", "message 1")]
    # Bob: my mail to him, and a light touch where Ann copied him
    assert _subjects(kith, "bob@example.com") == [
        ("2026-03-01", "checkin", "message 13"),
        ("2026-03-02", "cc", "message 1"),
    ]
    today = kith.ok("today", "--json", as_of=TODAY).json()
    assert [(i["name"], i["rule"]) for i in today][:1] == [("Ann Lee", "R8")]
    suggested = kith.ok("source", "suggestions", "--json").json()
    assert [(p["email"], p["written"], p["received"]) for p in suggested] == [
        ("three@stranger.net", 3, 0),
        ("two@stranger.net", 0, 1),
    ]  # zed was only copied: not someone you wrote to, nor who wrote

    # read-only: the messages are still unread on the server
    conn = imaplib.IMAP4_SSL("127.0.0.1", dovecot.port, ssl_context=tls_ok(dovecot.cert))
    conn.login(dovecot.user, dovecot.password)
    conn.select("INBOX", readonly=True)
    _, flags = conn.fetch("1:*", "(FLAGS)")
    conn.logout()
    assert all(b"\\Seen" not in f for f in flags)

    # nothing new: nothing fetched, nothing written but the source's last sync
    before = dump(kith.url)
    same = kith.ok("sync", "work", as_of=TODAY)
    assert same.stdout.strip() == (
        "imap work: 0 messages read, 0 interactions logged, 0 new replies owed"
    )
    assert {k: v for k, v in dump(kith.url).items() if k != "sources"} == {
        k: v for k, v in before.items() if k != "sources"
    }

    # new mail arrives: only it is read
    dovecot.deliver([mail(20, "Bob Roe <bob@example.com>", ME, day=9, subject="lunch?")])
    new = kith.ok("sync", as_of=TODAY)
    assert new.stdout.strip() == (
        "imap work: 1 message read, 1 interaction logged, 1 new reply owed"
    )

    # the server renumbers the inbox: read again, nothing logged or counted twice
    dovecot.doveadm("mailbox", "update", "-u", dovecot.user, "--uid-validity", "77", "INBOX")
    again = kith.ok("sync", as_of=TODAY)
    assert again.stdout.strip() == (
        "imap work: 5 messages read, 0 interactions logged, 0 new replies owed, "
        "1 skipped (no date in the message); INBOX read again (its UIDVALIDITY changed)"
    )
    assert kith.ok("source", "suggestions", "--json").json() == suggested

    # the same mail from an mbox export adds nothing: one Message-ID, one interaction
    box = tmp_path / "export.mbox"
    box.write_bytes(b"".join(b"From x Mon Mar  2 09:00:00 2026\n" + m.replace(b"\r\n", b"\n")
                             + b"\n" for m in INBOX + SENT))  # fmt: skip
    imported = kith.ok("import", "mbox", str(box), "--me", ME, "--json", as_of=TODAY).json()
    assert imported["interactions"]["known"] == 3
    assert imported["interactions"]["new"] == 1  # the undated one: the mbox's From line dates it


def test_wrong_password_dead_server_untrusted_cert_write_nothing(kith, dovecot, tmp_path,
                                                                monkeypatch):  # fmt: skip
    dovecot.deliver(INBOX)
    _setup(kith, dovecot, tmp_path)
    monkeypatch.setenv("KITH_TEST_IMAP_PW", "not-the-password")
    kith.ok("source", "add", "imap", f"imaps://me@127.0.0.1:{dovecot.port}/", "--name", "typo",
            "--password-env", "KITH_TEST_IMAP_PW", "--ca-file", str(dovecot.cert))  # fmt: skip
    kith.ok("source", "add", "imap", f"imaps://me@127.0.0.1:{dovecot.port}/", "--name", "untrusted",
            "--password-env", "KITH_TEST_IMAP_PW")  # fmt: skip
    before = dump(kith.url)
    wrong = kith.bad("sync", "typo", as_of=TODAY)
    assert wrong.stderr.strip() == "error: imap typo: the server refused the user name or password"
    assert "not-the-password" not in wrong.stdout + wrong.stderr
    tls = kith.bad("sync", "untrusted", as_of=TODAY)
    assert "imap untrusted: 127.0.0.1 failed the TLS check" in tls.stderr
    dovecot.stop()
    dead = kith("sync", "work", as_of=TODAY)
    assert dead.exit_code == 1
    assert dead.stderr.strip().startswith("error: imap work: cannot reach 127.0.0.1:")
    assert len(dead.stderr.strip().splitlines()) == 1
    assert dump(kith.url) == before


def test_imaps_to_a_server_that_does_not_speak_tls_is_a_configuration_error(kith, ics_url,
                                                                          tmp_path):  # fmt: skip
    url, _ = ics_url  # an HTTP server: plain text where TLS was expected (a wrong port)
    port = url.split(":")[2].split("/")[0]
    secret = tmp_path / "pw"
    secret.write_text("secret")
    secret.chmod(0o600)
    kith.ok("source", "add", "imap", f"imaps://me@127.0.0.1:{port}/", "--me", ME,
            "--name", "work", "--password-file", str(secret))  # fmt: skip
    before = dump(kith.url)
    run = kith.bad("sync", "work", as_of=TODAY)
    assert run.stderr.strip() == (
        f"error: imap work: 127.0.0.1:{port} does not speak TLS; is it the IMAP server's TLS "
        "port (imaps://, usually 993)?"
    )
    assert dump(kith.url) == before


def test_a_named_folder_removed_after_a_sync_is_a_configuration_error(kith, dovecot, tmp_path):
    dovecot.doveadm("mailbox", "create", "-u", dovecot.user, "Projects")
    dovecot.deliver([mail(40, ME, "Ann Lee <ann@example.com>", day=6)], "Projects")
    _setup(kith, dovecot, tmp_path, "--folder", "Projects")
    kith.ok("sync", as_of=TODAY)
    dovecot.doveadm("mailbox", "delete", "-u", dovecot.user, "-s", "Projects")
    before = dump(kith.url)
    run = kith.bad("sync", "work", as_of=TODAY)
    assert run.stderr.strip() == (
        "error: imap work: no folder 'Projects' on the server (folders: Archive, INBOX, Sent)"
    )
    assert dump(kith.url) == before  # the checkpoint too: nothing half-written


def test_a_remembered_folder_that_vanished_is_looked_for_again(kith, dovecot, tmp_path):
    import json

    from sqlalchemy import text

    from kithkin.store.db import Database

    dovecot.deliver(SENT, "Sent")
    _setup(kith, dovecot, tmp_path)
    kith.ok("sync", as_of=TODAY)
    # as if the sent folder found by its \Sent flag at the last sync had been another,
    # deleted since
    db = Database(kith.url)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE source_checkpoints SET state = :s WHERE scope = '*'"),
                     {"s": json.dumps({"folders": ["INBOX", "Sent Items"], "listed": TODAY,
                                       "rule": FOLDER_RULE})})  # fmt: skip
    again = kith.ok("sync", as_of=TODAY)
    assert again.stdout.strip() == (
        "imap work: 0 messages read, 0 interactions logged, 0 new replies owed"
    )
    from kithkin.store.db import Database

    db = Database(kith.url)
    assert _remembered(db) == {"folders": ["INBOX", "Sent"], "listed": TODAY, "rule": FOLDER_RULE}
    db.dispose()


def _remembered(db) -> dict:  # type: ignore[no-untyped-def,type-arg]
    """The source's remembered folder list (the checkpoint FOLDERS)."""
    import json

    from sqlalchemy import text

    with db.engine.connect() as conn:
        state = conn.execute(text("SELECT state FROM source_checkpoints WHERE scope = '*'"))
        return dict(json.loads(state.scalar_one()))


def remembered_by_an_older_rule(url: str) -> None:
    """The source's checkpoints as an older kithkin left them: the inbox alone as the
    folders it reads, with no word of the folder rule; the sent folder never read."""
    import json

    from sqlalchemy import text

    from kithkin.store.db import Database

    db = Database(url)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE source_checkpoints SET state = :s WHERE scope = '*'"),
                     {"s": json.dumps({"folders": ["INBOX"]})})  # fmt: skip
        conn.execute(text("DELETE FROM source_checkpoints WHERE scope = 'Sent'"))
    db.dispose()


def test_a_folder_list_remembered_by_an_older_rule_is_found_again(kith, dovecot, tmp_path):
    """The folders a source reads are found once and remembered (a sync with nothing new
    is a STATUS per folder). A kithkin whose rule found fewer folders (before the sent
    folder was found by its name, before \\Archive was read) left a shorter list: after
    an upgrade the new rule's folders are found again once, not only after --rescan."""
    dovecot.deliver(INBOX)
    _setup(kith, dovecot, tmp_path)
    kith.ok("sync", as_of=TODAY)
    remembered_by_an_older_rule(kith.url)
    dovecot.deliver(SENT, "Sent")
    again = kith.ok("sync", as_of=TODAY)
    assert again.stdout.strip() == (
        "imap work: 4 messages read, 1 interaction logged, 0 new replies owed"
    )
    assert ("2026-03-01", "checkin", "message 13") in _subjects(kith, "bob@example.com")
    from kithkin.store.db import Database

    db = Database(kith.url)
    assert _remembered(db) == {"folders": ["INBOX", "Sent"], "listed": TODAY, "rule": FOLDER_RULE}
    db.dispose()
    # remembered anew: nothing new is a STATUS per folder again
    same = kith.ok("sync", as_of=TODAY)
    assert same.stdout.strip() == (
        "imap work: 0 messages read, 0 interactions logged, 0 new replies owed"
    )


def test_bodies_are_read_only_with_snippets(kith, dovecot, tmp_path):
    dovecot.deliver(INBOX[:1])
    _setup(kith, dovecot, tmp_path)
    kith.ok("sync", as_of=TODAY)
    notes = [i["note"] for i in kith.ok("show", "Ann Lee", "--json").json()["interactions"]]
    assert notes == [None]  # headers only: the body never left the server

    kith.ok("source", "rm", "work")
    kith.ok("source", "add", "imap", f"imaps://{dovecot.user}@127.0.0.1:{dovecot.port}/",
            "--me", ME, "--name", "snippets", "--with-snippets", "--password-file",
            str(tmp_path / "imap-password"), "--ca-file", str(dovecot.cert))  # fmt: skip
    kith.ok("sync", as_of=TODAY)
    shown = kith.ok("show", "Bob Roe", "--json").json()["interactions"]
    assert [(i["kind"], i["subject"]) for i in shown] == [("cc", "message 1")]
    dovecot.deliver([mail(50, "Ann Lee <ann@example.com>", ME, day=8, subject="news")])
    kith.ok("sync", as_of=TODAY)
    shown = kith.ok("show", "Ann Lee", "--json").json()["interactions"]
    assert {i["subject"]: i["note"] for i in shown} == {
        "message 1": None,  # logged before, headers only: one Message-ID, one interaction
        "news": "Hello, this body is never read.",
    }


def test_a_password_file_others_can_read_is_refused(kith, dovecot, tmp_path):
    _setup(kith, dovecot, tmp_path)
    (tmp_path / "imap-password").chmod(0o644)
    run = kith.bad("sync", "work", as_of=TODAY)
    assert "may be read by others: chmod 600" in run.stderr


def test_a_named_folder_that_vanished_is_a_configuration_error(kith, dovecot, tmp_path):
    dovecot.deliver(SENT, "Sent")
    _setup(kith, dovecot, tmp_path, "--folder", "Old Projects")
    before = dump(kith.url)
    run = kith.bad("sync", "work", as_of=TODAY)
    assert "imap work: no folder 'Old Projects' on the server" in run.stderr
    assert dump(kith.url) == before


def test_modified_utf7_folder_names_round_trip():
    from kithkin.remote.imap import decode_name, encode_name

    pairs = {
        "Éléments envoyés": "&AMk-l&AOk-ments envoy&AOk-s",
        "~peter/mail/台北/日本語": "~peter/mail/&U,BTFw-/&ZeVnLIqe-",  # RFC 3501 5.1.3
        "Gesendete Objekte": "Gesendete Objekte",
        "R&D": "R&-D",
    }
    for text, wire in pairs.items():
        assert encode_name(text) == wire
        assert decode_name(wire) == text


def test_a_folder_named_outside_ascii_is_shown_and_read_by_its_name(kith, dovecot, tmp_path):
    dovecot.doveadm("mailbox", "create", "-u", dovecot.user, "Éléments envoyés")
    dovecot.doveadm("mailbox", "create", "-u", dovecot.user, "Gesendete Objekte")
    dovecot.deliver([mail(30, ME, "Ann Lee <ann@example.com>", day=6, subject="à bientôt")],
                    "&AMk-l&AOk-ments envoy&AOk-s")  # fmt: skip
    dovecot.deliver([mail(31, ME, "Bob Roe <bob@example.com>", day=7)], "Gesendete Objekte")
    _setup(kith, dovecot, tmp_path, "--folder", "Éléments envoyés",
           "--folder", "Gesendete Objekte")  # fmt: skip
    tested = kith.ok("source", "test", "work").stdout
    assert "folder Éléments envoyés" in tested
    assert "folder Gesendete Objekte" in tested
    assert "&AMk-" not in tested

    first = kith.ok("sync", as_of=TODAY)
    assert first.stdout.strip() == (
        "imap work: 2 messages read, 2 interactions logged, 0 new replies owed"
    )
    assert _subjects(kith, "ann@example.com") == [("2026-03-06", "checkin", "à bientôt")]
    dovecot.deliver([mail(32, ME, "Ann Lee <ann@example.com>", day=8, subject="encore")],
                    "&AMk-l&AOk-ments envoy&AOk-s")  # fmt: skip
    again = kith.ok("sync", as_of=TODAY)
    assert again.stdout.strip() == (
        "imap work: 1 message read, 1 interaction logged, 0 new replies owed"
    )


def _run_kith(url: str, *args: str, stderr_tty: bool) -> tuple[int, str, str]:
    """``kith`` as its own process, stdout a pipe and stderr a terminal (a pty) or a pipe."""
    import os
    import pty
    import subprocess
    import sys
    from pathlib import Path

    argv = [str(Path(sys.executable).parent / "kith"), "--db", url, *args]
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100"}
    env.pop("NO_COLOR", None)
    if not stderr_tty:
        done = subprocess.run(argv, capture_output=True, env=env, timeout=300)
        return done.returncode, done.stdout.decode(), done.stderr.decode()
    master, slave = pty.openpty()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    seen = bytearray()
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    out = proc.stdout.read().decode() if proc.stdout else ""
    proc.wait(300)
    os.close(master)
    return proc.returncode, out, seen.decode("utf-8", "replace")


def test_a_long_first_sync_shows_a_progress_bar_in_a_terminal_only(kith, dovecot, tmp_path):
    from kithkin.cli.sources import PROGRESS_MIN

    n = PROGRESS_MIN + 500
    dovecot.deliver([mail(100 + i, "Ann Lee <ann@example.com>", ME, day=1 + i % 9,
                          subject="quarterly pineapple review" if i == 7 else "")
                     for i in range(n)])  # fmt: skip
    _setup(kith, dovecot, tmp_path)
    code, out, err = _run_kith(kith.url, "--as-of", TODAY, "sync", stderr_tty=True)
    assert code == 0, err
    assert "syncing imap work" in err  # what the user sees while it runs
    assert "━━━━━" in err and "%" in err
    assert out.strip().startswith(f"imap work: {n:,} messages read, {n:,} interactions logged")
    # so many at once are indexed for search in one statement: found as one by one
    found = kith.ok("search", "pineapple", "--json").json()
    assert [(h["name"], h["kind"]) for h in found] == [("Ann Lee", "interaction")]
    kith.ok("log", "Ann Lee", "--channel", "call", "--note", "mango tasting", as_of=TODAY)
    assert [h["name"] for h in kith.ok("search", "mango", "--json").json()] == ["Ann Lee"]

    # the same long read with stderr a pipe (cron, a log file): the summary line only
    code, out, err = _run_kith(kith.url, "--as-of", TODAY, "sync", "--rescan", stderr_tty=False)
    assert code == 0, err
    assert err == ""
    assert out.strip().startswith(f"imap work: {n:,} messages read, 0 interactions logged")


def test_a_der_certificate_is_trusted_and_a_missing_one_is_one_line(kith, dovecot, tmp_path):
    """A certificate saved from a browser or Windows is DER (.crt, .cer), not PEM."""
    import subprocess

    dovecot.deliver(INBOX[:1])
    der = tmp_path / "server.crt"
    subprocess.run(["openssl", "x509", "-in", str(dovecot.cert), "-outform", "DER", "-out",
                    str(der)], check=True, capture_output=True)  # fmt: skip
    kith.ok("add", "Ann Lee", "--email", "ann@example.com", as_of="2026-01-01")
    secret = tmp_path / "imap-password"
    secret.write_text(dovecot.password)
    secret.chmod(0o600)
    kith.ok("source", "add", "imap", f"imaps://me@127.0.0.1:{dovecot.port}/", "--me", ME,
            "--name", "work", "--password-file", str(secret), "--ca-file", str(der))  # fmt: skip
    assert "folder INBOX" in kith.ok("source", "test", "work").stdout
    run = kith.ok("sync", as_of=TODAY)
    assert run.stdout.strip().startswith("imap work: 1 message read, 1 interaction logged")

    der.unlink()  # moved since
    before = dump(kith.url)
    gone = kith.bad("sync", "work", as_of=TODAY)
    assert gone.stderr.strip() == f"error: imap work: --ca-file {der}: No such file or directory"
    assert dump(kith.url) == before

    junk = tmp_path / "not-a-cert.pem"
    junk.write_text("hello\n")
    bad = kith.bad("source", "add", "imap", f"imaps://me@127.0.0.1:{dovecot.port}/", "--me", ME,
                   "--name", "junk", "--ca-file", str(junk))  # fmt: skip
    assert bad.stderr.strip() == (
        f"error: --ca-file {junk.resolve()}: not a certificate (PEM or DER)"
    )
    assert dump(kith.url) == before


def test_names_and_folders_with_brackets_are_printed_as_written(kith, dovecot, tmp_path):
    """Display names and folder names come from other people's mail programs: brackets
    and colons in them are text, never styling (``[ext]`` is no tag, ``[/]`` no error)."""
    dovecot.doveadm("mailbox", "create", "-u", dovecot.user, "[archive]/2025")
    dovecot.deliver([
        mail(60, '"Roe, Jane [ext]" <jane@corp.example>', ME),
        mail(61, '"Jira [/]" <jira@corp.example>', ME),
        mail(62, '"Team :thumbs_up:" <team@corp.example>', ME),
    ])  # fmt: skip
    _setup(kith, dovecot, tmp_path)
    assert "  folder [archive]/2025" in kith.ok("source", "test", "work").stdout
    kith.ok("sync", as_of=TODAY)
    shown = kith.ok("source", "suggestions").stdout
    assert "Roe, Jane [ext] <jane@corp.example>  you wrote 0, they wrote 1" in shown
    assert "kith add 'Roe, Jane [ext]' --email jane@corp.example" in shown
    assert "kith add 'Jira [/]' --email jira@corp.example" in shown
    assert "kith add 'Team :thumbs_up:' --email team@corp.example" in shown


def test_the_inbox_named_in_any_case_is_the_inbox(kith, dovecot, tmp_path):
    """RFC 3501: INBOX is case-insensitive, and people write it "Inbox"."""
    dovecot.deliver(INBOX[:1])
    _setup(kith, dovecot, tmp_path, "--folder", "Inbox")
    assert kith.ok("source", "list", "--json").json()[0]["folders"] == ["INBOX"]
    run = kith.ok("sync", as_of=TODAY)
    assert run.stdout.strip() == (
        "imap work: 1 message read, 2 interactions logged, 1 new reply owed"
    )  # Ann wrote, Bob was copied


def test_a_host_name_that_does_not_exist_is_a_configuration_error(kith, tmp_path):
    """A typo in the host (the .invalid domain never resolves, RFC 2606): exit 2."""
    secret = tmp_path / "pw"
    secret.write_text("secret")
    secret.chmod(0o600)
    kith.ok("source", "add", "imap", "imaps://me@imap.gmial.invalid/", "--me", ME,
            "--name", "work", "--password-file", str(secret))  # fmt: skip
    kith.ok("source", "add", "ics", "https://calendar.gogle.invalid/x/basic.ics", "--me", ME,
            "--name", "cal")  # fmt: skip
    before = dump(kith.url)
    run = kith.bad("sync", "work", as_of=TODAY)
    assert run.stderr.strip() == (
        "error: imap work: no host named imap.gmial.invalid (a typo in the URL?)"
    )
    run = kith.bad("sync", "cal", as_of=TODAY)
    assert run.stderr.strip() == (
        "error: ics cal: no host named calendar.gogle.invalid (a typo in the URL?)"
    )
    assert dump(kith.url) == before


def test_a_sent_folder_without_a_special_use_flag_is_found_by_its_name(kith, tmp_path,
                                                                       monkeypatch):  # fmt: skip
    """Servers without SPECIAL-USE (RFC 6154) flag no folder \\Sent: reading the inbox
    alone would leave out everything you wrote, and every message would await a reply."""
    import shutil
    import tempfile
    from pathlib import Path

    import pytest

    if sync_servers.DOVECOT is None:
        pytest.skip("Debian's dovecot-imapd is not installed (make test installs it)")
    monkeypatch.setattr(sync_servers, "DOVECOT_CONF",
                        sync_servers.DOVECOT_CONF.replace("special_use = \\Sent", ""))  # fmt: skip
    root = Path(tempfile.mkdtemp(prefix="kith-dovecot-"))
    root.chmod(0o755)
    server = sync_servers.Dovecot(root)
    try:
        server.doveadm("mailbox", "create", "-u", server.user, "Sent Items")
        server.deliver([mail(70, "Ann Lee <ann@example.com>", ME, day=2)])
        server.deliver([mail(71, ME, "Ann Lee <ann@example.com>", day=3)], "Sent Items")
        _setup(kith, server, tmp_path)
        tested = kith.ok("source", "test", "work").stdout
        assert "folder Sent Items (\\hasnochildren)" in tested  # no \sent flag
        run = kith.ok("sync", as_of=TODAY)
        assert run.stdout.strip() == (
            "imap work: 2 messages read, 2 interactions logged, 0 new replies owed"
        )  # Ann wrote, you answered: nothing owed
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


def test_drafts_are_never_logged_as_sent_mail(kith, dovecot, tmp_path):
    """A draft, never sent, is no interaction: the \\Draft flag (a Drafts folder named, or
    an all-mail folder), or Gmail's \\Draft label, which Gmail's All Mail shows instead."""
    draft = mail(60, ME, "Ann Lee <ann@example.com>", day=6, subject="half-written")
    box = dovecot.maildir / ".Sent" / "cur"
    (box / "1700000900.M900P1.kith:2,DS").write_bytes(draft)  # Maildir flags: Draft, Seen
    dovecot._own()
    dovecot.deliver([mail(61, ME, "Bob Roe <bob@example.com>", day=6, subject="sent")], "Sent")
    _setup(kith, dovecot, tmp_path)
    run = kith.ok("sync", as_of=TODAY)
    assert run.stdout.startswith("imap work: 1 message read, 1 interaction logged")
    assert _subjects(kith, "Ann Lee") == []
    assert _subjects(kith, "Bob Roe") == [("2026-03-06", "checkin", "sent")]


def test_gmail_drafts_are_known_by_their_label():
    """Gmail's answer, as it writes it: the label bare or quoted, the flags without
    \\Draft; the other labels and a label that only starts with "Draft" are mail."""
    import io

    from kithkin.core.sync.config import config_of
    from kithkin.remote.imap import Imap

    blocks = {3: b"From: me@example.org\r\n\r\n", 4: b"From: ann@example.com\r\n\r\n",
              5: b"From: me@example.org\r\n\r\n", 6: b"From: me@example.org\r\n\r\n"}  # fmt: skip
    labels = {3: b'("\\\\Draft")', 4: b'("\\\\Inbox" "Draft ideas")', 5: b"(\\Important \\Draft)",
              6: b"(\\Sent)"}  # fmt: skip
    answer = (
        b"".join(
            b"* %d FETCH (UID %d X-GM-LABELS %s FLAGS (\\Seen) BODY[HEADER.FIELDS (FROM)] {%d}\r\n"
            % (uid, uid, labels[uid], len(block))
            + block
            + b")\r\n"
            for uid, block in blocks.items()
        )
        + b"KITH1 OK Success\r\n"
    )

    box = Imap.__new__(Imap)
    box.cfg = config_of(1, "gmail", "imap", "imaps://me@imap.gmail.com/", "{}")
    box.conn = io.BytesIO(answer)  # the answer's bytes, read as off the connection
    assert [uid for uid, _ in box._answer(b"KITH1", 1)] == [4, 6]


def _own_dovecot(conf: str):  # type: ignore[no-untyped-def]
    """A Dovecot of its own configuration (the fixture's, changed), for a test's body."""
    import shutil
    import tempfile
    from contextlib import contextmanager
    from pathlib import Path

    import pytest

    if sync_servers.DOVECOT is None:
        pytest.skip("Debian's dovecot-imapd is not installed (make test installs it)")

    @contextmanager
    def running():  # type: ignore[no-untyped-def]
        saved = sync_servers.DOVECOT_CONF
        sync_servers.DOVECOT_CONF = conf
        root = Path(tempfile.mkdtemp(prefix="kith-dovecot-"))
        root.chmod(0o755)
        try:
            server = sync_servers.Dovecot(root)
        finally:
            sync_servers.DOVECOT_CONF = saved
        try:
            yield server
        finally:
            server.stop()
            shutil.rmtree(root, ignore_errors=True)

    return running()


ARCHIVE_FLAGGED = sync_servers.DOVECOT_CONF.replace(
    "mailbox Archive {{\n", "mailbox Archive {{\n    special_use = \\Archive\n"
)


def test_an_archive_folder_is_read_with_the_inbox_and_the_sent_folder(kith, tmp_path):
    """Fastmail, Outlook and Apple Mail archive from the inbox into the folder flagged
    \\Archive (RFC 6154): mail you archived is part of the history, and a message moved
    there after a sync read it in the inbox (or found in two folders) is one interaction."""
    assert ARCHIVE_FLAGGED != sync_servers.DOVECOT_CONF
    with _own_dovecot(ARCHIVE_FLAGGED) as server:
        for sub in ("cur", "new", "tmp"):
            (server.maildir / ".Archive" / sub).mkdir(parents=True, exist_ok=True)
        server.deliver([mail(80, "Ann Lee <ann@example.com>", ME, day=2, subject="plans")])
        reply = mail(81, ME, "Ann Lee <ann@example.com>", day=3, subject="re: plans")
        server.deliver([reply], "Sent")
        # archived: Bob's mail, and the thread with your reply in it (a copy of it)
        server.deliver([mail(82, "Bob Roe <bob@example.com>", ME, day=1, subject="archived"),
                        reply], "Archive")  # fmt: skip
        _setup(kith, server, tmp_path)
        tested = kith.ok("source", "test", "work").stdout
        assert "folder Archive (\\archive \\hasnochildren)" in tested
        first = kith.ok("sync", as_of=TODAY)
        assert first.stdout.strip() == (
            "imap work: 4 messages read, 3 interactions logged, 1 new reply owed"
        )
        assert _subjects(kith, "bob@example.com") == [("2026-03-01", "checkin", "archived")]
        assert _subjects(kith, "ann@example.com") == [
            ("2026-03-02", "checkin", "plans"), ("2026-03-03", "checkin", "re: plans"),
        ]  # fmt: skip

        # you archive Ann's mail: read again where it went, logged once
        server.doveadm("move", "-u", server.user, "Archive", "mailbox", "INBOX", "all")
        moved = kith.ok("sync", as_of=TODAY)
        assert moved.stdout.strip() == (
            "imap work: 1 message read, 0 interactions logged, 0 new replies owed"
        )
        assert len(_subjects(kith, "ann@example.com")) == 2


def test_the_default_folders() -> None:
    """All mail alone where there is one (Gmail flags no \\Archive; its archive is All
    Mail), else the inbox, the sent folder and every folder flagged \\Archive; never a
    folder merely named Archive (Thunderbird files archives by year under it)."""
    from kithkin.core.sync.config import SourceConfig
    from kithkin.core.sync.mailread import folders
    from kithkin.core.sync.ports import Folder

    cfg = SourceConfig(1, "work", "imap", "imaps://me@127.0.0.1/")

    def chosen(*found: tuple[str, str]) -> list[str]:
        return folders(cfg, [Folder(n, frozenset(f.split())) for n, f in found])

    gmail = (("INBOX", ""), ("[Gmail]/All Mail", "\\all \\haschildren"),
             ("[Gmail]/Sent Mail", "\\sent"), ("Archive", "\\archive"))  # fmt: skip
    assert chosen(*gmail) == ["[Gmail]/All Mail"]
    assert chosen(("INBOX", ""), ("Sent", "\\sent"), ("Archive", "\\archive")) == [
        "INBOX", "Sent", "Archive",
    ]  # fmt: skip
    assert chosen(("INBOX", ""), ("Sent", "\\sent"), ("Archive", ""),
                  ("Archives/2025", "")) == ["INBOX", "Sent"]  # fmt: skip
    assert chosen(("INBOX", ""), ("Sent Items", ""), ("Archive", "\\archive")) == [
        "INBOX", "Sent Items", "Archive",
    ]  # fmt: skip
