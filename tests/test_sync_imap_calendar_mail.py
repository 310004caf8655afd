"""What a new user's trial of kith sync showed on mailboxes laid out as real providers
lay them out (Dovecot on loopback): calendar invitations and their answers are mail
about a meeting the calendar counts, not a conversation, and never a suggestion;
mail dated in the future (a sender's wrong clock) is dated on the day it was read.
The same rules hold for an mbox import."""

from __future__ import annotations

import sync_servers
from test_sync_imap import ME, TODAY, _setup

dovecot = sync_servers.dovecot  # the fixture

GOOGLE = "Sender: Google Calendar <calendar-notification@google.com>"
EXCHANGE = "Content-class: urn:content-classes:calendarmessage"  # as Exchange spells it
WHEN = "@ Mon Mar 2, 2026 10am - 11am (GMT) (me@example.org)"


def _msg(n: int, frm: str, to: str, *extra: str, subject: str,
         date: str = "Mon, 02 Mar 2026 08:00:00 +0000") -> bytes:  # fmt: skip
    head = [f"From: {frm}", f"To: {to}", f"Subject: {subject}",
            f"Message-ID: <cal{n}@example.org>", f"Date: {date}", *extra]  # fmt: skip
    return ("\r\n".join(head) + "\r\n\r\nText.\r\n").encode()


INVITATIONS = [
    # Google Calendar: from the organizer, sent by Google
    _msg(1, "Ann Lee <ann@example.com>", ME, GOOGLE, "Reply-To: ann@example.com",
         subject=f"Invitation: Sync {WHEN}"),
    _msg(2, "Zoe Stranger <zoe@stranger.net>", ME, GOOGLE,
         subject=f"Updated invitation: Pitch {WHEN}"),
    _msg(3, "Bob Roe <bob@example.com>", ME, GOOGLE, subject=f"Accepted: Sync {WHEN}"),
    _msg(4, "Google Calendar <calendar-notification@google.com>", ME,
         subject=f"Notification: Sync {WHEN}"),
    # Outlook / Teams (Exchange): the meeting's title as the subject
    _msg(5, "Ann Lee <ann@example.com>", ME, EXCHANGE,
         "Content-Type: multipart/alternative; boundary=x", subject="Quarterly review"),
    _msg(6, "Yan Stranger <yan@stranger.net>", ME, EXCHANGE,
         subject="Accepted: Quarterly review"),
    # iCloud and Zoom send from an address that reads no reply
    _msg(7, "Ann Lee <noreply@email.apple.com>", ME, subject="Invitation: Dinner"),
    _msg(8, "Zoom <no-reply@zoom.us>", ME, subject="Meeting reminder: Sync"),
    # a person's mail whose subject merely reads like one is a conversation
    _msg(9, "Bob Roe <bob@example.com>", ME, subject="Invitation: my birthday party"),
]  # fmt: skip
SENT = [_msg(20, ME, "Bob Roe <bob@example.com>, Xi <xi@stranger.net>", EXCHANGE,
             subject="1:1")]  # fmt: skip


def _shown(kith, who: str) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    shown = kith.ok("show", who, "--json", as_of=TODAY).json()
    return sorted((i["date"], i["direction"], i["subject"]) for i in shown["interactions"])


def _check_invitations(kith) -> None:  # type: ignore[no-untyped-def]
    assert _shown(kith, "ann@example.com") == []
    assert _shown(kith, "bob@example.com") == [
        ("2026-03-02", "inbound", "Invitation: my birthday party"),
    ]  # fmt: skip


def test_calendar_invitations_and_answers_are_no_conversation_nor_suggestion(
    kith, dovecot, tmp_path
):
    dovecot.deliver(INVITATIONS)
    dovecot.deliver(SENT, "Sent")
    _setup(kith, dovecot, tmp_path)
    first = kith.ok("sync", as_of=TODAY)
    assert first.stdout.strip() == (
        "imap work: 10 messages read, 1 interaction logged, 1 new reply owed"
    )
    _check_invitations(kith)
    assert kith.ok("source", "suggestions", "--json").json() == []


def _mbox(messages: list[bytes]) -> bytes:
    return b"".join(b"From x Mon Mar  2 09:00:00 2026\n" + m.replace(b"\r\n", b"\n") + b"\n"
                    for m in messages)  # fmt: skip


def test_an_mbox_import_reads_invitations_by_the_same_rule(kith, tmp_path):
    kith.ok("add", "Ann Lee", "--email", "ann@example.com", as_of="2026-01-01")
    kith.ok("add", "Bob Roe", "--email", "bob@example.com", as_of="2026-01-01")
    box = tmp_path / "all.mbox"
    box.write_bytes(_mbox(INVITATIONS + SENT))
    kith.ok("import", "mbox", str(box), "--me", ME, as_of=TODAY)
    _check_invitations(kith)


# TODAY is 2026-03-10: the last second of today, the first of tomorrow, a year ahead
FUTURE = [
    _msg(30, "Ann Lee <ann@example.com>", ME, subject="tonight",
         date="Tue, 10 Mar 2026 23:59:59 +0000"),
    _msg(31, "Bob Roe <bob@example.com>", ME, subject="tomorrow",
         date="Wed, 11 Mar 2026 00:00:01 +0000"),
    _msg(32, "Bob Roe <bob@example.com>", ME, subject="a wrong clock",
         date="Mon, 15 Mar 2027 10:00:00 +0000"),
]  # fmt: skip


def _check_future(kith) -> None:  # type: ignore[no-untyped-def]
    assert _shown(kith, "ann@example.com") == [("2026-03-10", "inbound", "tonight")]
    assert _shown(kith, "bob@example.com") == [
        ("2026-03-10", "inbound", "a wrong clock"),
        ("2026-03-10", "inbound", "tomorrow"),
    ]
    bob = kith.ok("show", "bob@example.com", "--json", as_of=TODAY).json()
    assert bob["health"]["last_conversation"] == "2026-03-10"
    assert bob["agenda"]["due"] <= "2026-03-12"  # R8: a reply is owed, not a year away


def test_mail_dated_in_the_future_is_dated_on_the_day_it_was_read(kith, dovecot, tmp_path):
    dovecot.deliver(FUTURE)
    _setup(kith, dovecot, tmp_path)
    first = kith.ok("sync", as_of=TODAY)
    assert first.stdout.strip() == (
        "imap work: 3 messages read, 3 interactions logged, 2 new replies owed"
    )
    _check_future(kith)


def test_an_mbox_import_dates_future_mail_on_the_day_of_the_import(kith, tmp_path):
    kith.ok("add", "Ann Lee", "--email", "ann@example.com", as_of="2026-01-01")
    kith.ok("add", "Bob Roe", "--email", "bob@example.com", as_of="2026-01-01")
    box = tmp_path / "all.mbox"
    box.write_bytes(_mbox(FUTURE))
    kith.ok("import", "mbox", str(box), "--me", ME, as_of=TODAY)
    _check_future(kith)


# Mail to many: your farewell to 30 people, a colleague's announcement to 30
CROWD = ", ".join(f"P{n} <p{n}@stranger.net>" for n in range(28))
GROUP = [
    _msg(40, "Ann Lee <ann@example.com>", f"{ME}, Bob Roe <bob@example.com>, {CROWD}",
         subject="We shipped!", date="Tue, 03 Mar 2026 08:00:00 +0000"),
]  # fmt: skip
GROUP_SENT = [
    _msg(41, ME, f"Ann Lee <ann@example.com>, {CROWD}", "Bcc: bob@example.com",
         subject="My last day"),
    _msg(42, ME, "Ann Lee <ann@example.com>", subject="coffee?"),
]  # fmt: skip


def _kinds(kith, who: str) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    shown = kith.ok("show", who, "--json", as_of=TODAY).json()
    return sorted((i["direction"], i["kind"], i["subject"]) for i in shown["interactions"])


def test_mail_to_many_is_a_light_touch_not_a_conversation(kith, dovecot, tmp_path):
    """A farewell to 30 people is no first touch with each (R1 stays due), an
    announcement to 30 owes nobody a reply (R8), and nobody on them is a suggestion."""
    dovecot.deliver(GROUP)
    dovecot.deliver(GROUP_SENT, "Sent")
    _setup(kith, dovecot, tmp_path)
    first = kith.ok("sync", as_of=TODAY)
    assert first.stdout.strip() == (
        "imap work: 3 messages read, 3 interactions logged, 0 new replies owed"
    )
    assert _kinds(kith, "ann@example.com") == [
        ("inbound", "cc", "We shipped!"),
        ("outbound", "cc", "My last day"),
        ("outbound", "checkin", "coffee?"),
    ]
    assert _kinds(kith, "bob@example.com") == [("outbound", "cc", "My last day")]
    assert kith.ok("source", "suggestions", "--json").json() == []


def test_an_mbox_import_reads_mail_to_many_by_the_same_rule(kith, tmp_path):
    kith.ok("add", "Ann Lee", "--email", "ann@example.com", as_of="2026-01-01")
    kith.ok("add", "Bob Roe", "--email", "bob@example.com", as_of="2026-01-01")
    box = tmp_path / "all.mbox"
    box.write_bytes(_mbox(GROUP + GROUP_SENT))
    kith.ok("import", "mbox", str(box), "--me", ME, as_of=TODAY)
    assert _kinds(kith, "ann@example.com") == [
        ("inbound", "cc", "We shipped!"),
        ("outbound", "cc", "My last day"),
        ("outbound", "checkin", "coffee?"),
    ]
    assert _kinds(kith, "bob@example.com") == [("outbound", "cc", "My last day")]
