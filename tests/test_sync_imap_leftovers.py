"""Issue 16's leftovers against a real Dovecot: the suggestions count a message once
wherever it is, and an archive folder made after the folder list was remembered is
found without --rescan."""

from __future__ import annotations

import json

import sync_servers
from conftest import dump
from test_sync_imap import ARCHIVE_FLAGGED, ME, TODAY, _own_dovecot, _setup, mail

dovecot = sync_servers.dovecot  # the fixture


def _tallies(kith) -> list[tuple[str, int, int]]:  # type: ignore[no-untyped-def]
    return [(p["email"], p["written"], p["received"])
            for p in kith.ok("source", "suggestions", "--json").json()]  # fmt: skip


def test_a_message_counts_once_in_the_suggestions_wherever_it_is(kith, tmp_path):
    """A stranger's mail read in the inbox, archived, then read again in the archive:
    one message, counted once; so is a copy of your mail to them in two folders."""
    with _own_dovecot(ARCHIVE_FLAGGED) as server:
        for sub in ("cur", "new", "tmp"):
            (server.maildir / ".Archive" / sub).mkdir(parents=True, exist_ok=True)
        server.deliver([mail(90, "Stranger <two@stranger.net>", ME, day=2)])
        wrote = mail(91, ME, "Tri <three@stranger.net>", day=3)
        server.deliver([wrote], "Sent")
        server.deliver([wrote], "Archive")  # the thread archived with your reply in it
        _setup(kith, server, tmp_path)
        kith.ok("sync", as_of=TODAY)
        assert _tallies(kith) == [("three@stranger.net", 1, 0), ("two@stranger.net", 0, 1)]

        server.doveadm("move", "-u", server.user, "Archive", "mailbox", "INBOX", "all")
        moved = kith.ok("sync", as_of=TODAY)
        assert moved.stdout.startswith("imap work: 1 message read, 0 interactions logged")
        assert _tallies(kith) == [("three@stranger.net", 1, 0), ("two@stranger.net", 0, 1)]

        # the archive renumbered: read again, counted once still
        server.doveadm("mailbox", "update", "-u", server.user, "--uid-validity", "91", "Archive")
        kith.ok("sync", as_of=TODAY)
        assert _tallies(kith) == [("three@stranger.net", 1, 0), ("two@stranger.net", 0, 1)]

        # --rescan counts afresh, not on top
        kith.ok("sync", "--rescan", as_of=TODAY)
        assert _tallies(kith) == [("three@stranger.net", 1, 0), ("two@stranger.net", 0, 1)]


def _imap_log(server) -> str:  # type: ignore[no-untyped-def]
    log = server.root / "dovecot.log"
    return log.read_text() if log.exists() else ""


def test_an_archive_folder_made_after_the_first_sync_is_found_the_next_day(kith, tmp_path):
    """The folder list is remembered (a sync with nothing new is a STATUS per folder);
    it is listed again at the first sync of each day, so an archive folder you start
    using is read from the next day on, without --rescan."""
    no_archive = sync_servers.DOVECOT_CONF.replace(
        "  mailbox Archive {{\n    auto = create\n  }}\n", ""
    )
    assert no_archive != sync_servers.DOVECOT_CONF
    with _own_dovecot(no_archive) as server:
        server.deliver([mail(95, "Ann Lee <ann@example.com>", ME, day=2, subject="hi")])
        _setup(kith, server, tmp_path)
        kith.ok("sync", as_of=TODAY)
        listed = dump(kith.url)["source_checkpoints"]
        scopes = {r[1]: json.loads(r[2]) for r in listed}
        assert scopes["*"]["folders"] == ["INBOX", "Sent"]

        # an archive folder appears (the mail client made it, flagged \Archive)
        server.stop()
        conf = (server.root / "dovecot.conf").read_text()
        conf = conf.replace("  mailbox Sent {", "  mailbox Archive {\n    special_use = "
                            "\\Archive\n    auto = create\n  }\n  mailbox Sent {")  # fmt: skip
        (server.root / "dovecot.conf").write_text(conf)
        for sub in ("cur", "new", "tmp"):
            (server.maildir / ".Archive" / sub).mkdir(parents=True, exist_ok=True)
        server.deliver([mail(96, "Bob Roe <bob@example.com>", ME, day=3, subject="old")],
                       "Archive")  # fmt: skip
        server.restart()

        same_day = kith.ok("sync", as_of=TODAY)  # listed today already: STATUS alone
        assert same_day.stdout.strip() == (
            "imap work: 0 messages read, 0 interactions logged, 0 new replies owed"
        )
        next_day = kith.ok("sync", as_of="2026-03-11")
        assert next_day.stdout.strip() == (
            "imap work: 1 message read, 1 interaction logged, 1 new reply owed"
        )
        shown = kith.ok("show", "bob@example.com", "--json").json()
        assert [i["subject"] for i in shown["interactions"]] == ["old"]
        # listed once that day: the next sync with nothing new is STATUS alone again
        before = dump(kith.url)
        again = kith.ok("sync", as_of="2026-03-11")
        assert again.stdout.strip() == (
            "imap work: 0 messages read, 0 interactions logged, 0 new replies owed"
        )
        assert {k: v for k, v in dump(kith.url).items() if k != "sources"} == {
            k: v for k, v in before.items() if k != "sources"
        }
