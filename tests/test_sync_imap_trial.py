"""What a user's trial of kith sync on a real-looking mailbox showed (Dovecot on
loopback): newsletters and automatic mail are nobody's conversation, and mail you
sent to people in Bcc is mail to them; the same rules hold for an mbox import."""

from __future__ import annotations

import sync_servers
from test_sync_imap import ME, TODAY, _setup

dovecot = sync_servers.dovecot  # the fixture


def _msg(n: int, frm: str, to: str, *extra: str, subject: str = "") -> bytes:
    head = [f"From: {frm}", f"To: {to}", f"Subject: {subject or f'message {n}'}",
            f"Message-ID: <t{n}@example.org>", f"Date: Mon, 02 Mar 2026 10:{n:02d}:00 +0000",
            *extra]  # fmt: skip
    return ("\r\n".join(head) + "\r\n\r\nText.\r\n").encode()


INBOX = [
    # a contact's newsletter (Substack, Mailchimp...): bulk, with an unsubscribe link
    _msg(1, "Ann Lee <ann@example.com>", ME, "List-Unsubscribe: <https://ann.substack.com/u>",
         "List-Id: <ann.substack.com>", "Precedence: bulk", subject="Ann's letter #12"),
    # notifications and automatic mail
    _msg(2, "GitHub <noreply@github.com>", ME, "Auto-Submitted: auto-generated"),
    _msg(3, "Google <no-reply@accounts.google.com>", ME, subject="Security alert"),
    _msg(4, "Shop <do-not-reply@shop.example>", ME, subject="Your order"),
    _msg(5, "The Weekly <news@weekly.example>", ME, "Precedence: bulk"),
    _msg(6, "Bob Roe <bob@example.com>", ME, "Auto-Submitted: auto-replied",
         subject="Out of office"),
    # a discussion list's post addressed to you too: Bob wrote to you
    _msg(7, "Bob Roe <bob@example.com>", f"{ME}, dev@lists.example.org",
         "List-Id: <dev.lists.example.org>", "List-Post: <mailto:dev@lists.example.org>",
         "List-Unsubscribe: <mailto:dev-leave@lists.example.org>", "Precedence: list",
         subject="Re: the plan"),
    # a stranger who writes as a person
    _msg(8, "Hiro Tanaka <hiro@startup.example>", ME, subject="hello"),
]  # fmt: skip
SENT = [
    _msg(20, ME, ME, "Bcc: Ann Lee <ann@example.com>, Zoe <zoe@stranger.net>",
         subject="Team update"),
    _msg(21, ME, "undisclosed-recipients:;", "Bcc: bob@example.com", subject="Party!"),
]  # fmt: skip


def _subjects(kith, who: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    shown = kith.ok("show", who, "--json").json()
    return sorted((i["direction"], i["subject"]) for i in shown["interactions"])


def _check(kith) -> None:  # type: ignore[no-untyped-def]
    assert _subjects(kith, "ann@example.com") == [("outbound", "Team update")]
    assert _subjects(kith, "bob@example.com") == [
        ("inbound", "Re: the plan"), ("outbound", "Party!"),
    ]  # fmt: skip
    suggested = [p["email"] for p in kith.ok("source", "suggestions", "--json").json()]
    assert suggested == ["zoe@stranger.net", "hiro@startup.example"]


def test_newsletters_and_automatic_mail_are_no_interaction_and_bcc_is(kith, dovecot, tmp_path):
    dovecot.deliver(INBOX)
    dovecot.deliver(SENT, "Sent")
    _setup(kith, dovecot, tmp_path)
    first = kith.ok("sync", as_of=TODAY)
    assert first.stdout.strip() == (
        "imap work: 10 messages read, 3 interactions logged, 0 new replies owed"
    )
    _check(kith)
    today = kith.ok("today", "--json", as_of="2026-03-06").json()
    assert [(i["name"], i["rule"]) for i in today if i["rule"] == "R8"] == []


def test_an_mbox_import_reads_them_by_the_same_rules(kith, tmp_path):
    kith.ok("add", "Ann Lee", "--email", "ann@example.com", as_of="2026-01-01")
    kith.ok("add", "Bob Roe", "--email", "bob@example.com", as_of="2026-01-01")
    box = tmp_path / "all.mbox"
    box.write_bytes(b"".join(b"From x Mon Mar  2 09:00:00 2026\n" + m.replace(b"\r\n", b"\n")
                             + b"\n" for m in INBOX + SENT))  # fmt: skip
    kith.ok("import", "mbox", str(box), "--me", ME, as_of=TODAY)
    assert _subjects(kith, "ann@example.com") == [("outbound", "Team update")]
    assert _subjects(kith, "bob@example.com") == [
        ("inbound", "Re: the plan"), ("outbound", "Party!"),
    ]  # fmt: skip


def test_rescan_counts_the_suggestions_again_by_the_rules_of_today(kith, dovecot, tmp_path):
    """Tallies counted by an older kithkin (one that took a newsletter for a person)
    are counted again from the start by --rescan, not left on top."""
    from sqlalchemy import text

    from kithkin.store.db import Database

    dovecot.deliver(INBOX)
    dovecot.deliver(SENT, "Sent")
    _setup(kith, dovecot, tmp_path)
    kith.ok("sync", as_of=TODAY)
    db = Database(kith.url)
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO source_correspondents (source_id, scope, email, name, "
                          "written, received, last_on) VALUES (1, '*', 'news@weekly.example', "
                          "'The Weekly', 0, 7, '2026-03-02')"))  # fmt: skip
    db.dispose()
    assert "news@weekly.example" in kith.ok("source", "suggestions").stdout
    kith.ok("sync", "--rescan", as_of=TODAY)
    _check(kith)


def test_source_test_says_which_folders_a_sync_reads(kith, dovecot, tmp_path):
    """The folders listed are all the server's; which of them kith sync reads (the
    inbox and the sent folder here: 'Archive' has no \\Archive flag) was left to guess."""
    _setup(kith, dovecot, tmp_path)
    tested = kith.ok("source", "test", "work").stdout.splitlines()
    assert tested[0] == "imap work: connected"
    assert "  folder Archive (\\hasnochildren)" in tested
    assert tested[-1] == "  reads INBOX, Sent"
    as_json = kith.ok("source", "test", "work", "--json").json()
    assert as_json["reads"] == ["INBOX", "Sent"]
    assert "folder Archive (\\hasnochildren)" in as_json["found"]

    kith.ok("source", "add", "imap", f"imaps://me@127.0.0.1:{dovecot.port}/", "--name", "named",
            "--me", ME, "--folder", "Projects", "--password-file", str(tmp_path / "imap-password"),
            "--ca-file", str(dovecot.cert))  # fmt: skip
    # a source kith sync cannot read is a configuration error: listed, then refused (2)
    named = kith.bad("source", "test", "named")
    assert named.stdout.splitlines()[-1] == (
        "  reads nothing: no folder 'Projects' on the server (folders: Archive, INBOX, Sent)"
    )
    assert named.stderr == (
        "error: imap named: kith sync would read nothing: no folder 'Projects' on the server "
        "(folders: Archive, INBOX, Sent)\n"
    )
    assert kith.bad("source", "test", "named", "--json").json()["reads"] == []
