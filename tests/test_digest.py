"""kith digest (issue 15): printed, dry-run, and sent to a real SMTP server on loopback."""

from __future__ import annotations

import pytest
from sqlalchemy import update
from tests.conftest import dump

from kithkin.store.db import open_db
from kithkin.store.tables import Contact
from mail_server import PASSWORD, USER, Mailbox

DAY = "2026-06-01"
TO = "me@example.org"
SENDER = "kithkin@example.org"


@pytest.fixture
def book(kith):  # type: ignore[no-untyped-def]
    """Dana (called 62 days ago), Noah (wrote four days ago), Cleo due next week."""
    kith.ok("add", "Dana Li", "--email", "dana@example.org", as_of=DAY)
    kith.ok("log", "Dana Li", "--channel", "call", "--date", "2026-03-31", as_of=DAY)
    kith.ok("add", "Noah Brooks", "--tier", "close", as_of=DAY)
    kith.ok("log", "Noah Brooks", "--channel", "email", "--date", "2026-05-28", "--inbound",
            as_of=DAY)  # fmt: skip
    kith.ok("add", "Cleo Park", "--tier", "close", as_of=DAY)
    kith.ok("log", "Cleo Park", "--channel", "call", "--date", "2026-05-05", as_of=DAY)
    kith.ok("config", "set", "digest.from", SENDER)
    kith.ok("config", "set", "digest.to", TO)
    return kith


@pytest.fixture
def plain_smtp(book):  # type: ignore[no-untyped-def]
    box = Mailbox()
    book.ok("config", "set", "smtp.host", "127.0.0.1")
    book.ok("config", "set", "smtp.port", str(box.port))
    book.ok("config", "set", "smtp.security", "none")
    yield box
    box.stop()


def test_the_printed_digest_has_today_then_the_week_ahead(book):  # type: ignore[no-untyped-def]
    out = book.ok("digest", as_of=DAY).stdout
    assert out.startswith("kithkin, Monday 2026-06-01: 2 people to contact today\n")
    assert "1. Reply to Noah Brooks\n" in out
    assert "2. Check in with Dana Li: 62 days since you last spoke\n" in out
    assert "   Why: R2: every 60 days; last conversation 2026-03-31\n" in out
    assert "     Hi Dana,\n" in out and "Open: http://127.0.0.1:8000/today/1" in out
    week = out.split("The week ahead\n", 1)[1]
    assert "Check in with Cleo Park" in week and "Noah" not in week
    data = book.ok("digest", "--json", as_of=DAY).json()
    assert [i["name"] for i in data["today"]] == ["Noah Brooks", "Dana Li"]
    assert data["today"][1]["draft"].startswith("Hi Dana,")
    assert [i["name"] for i in data["week_ahead"]] == ["Cleo Park"]
    plan = book.ok("agenda", "--days", "7", "--json", as_of=DAY).json()
    assert {(i["contact_id"], i["reason"]) for i in plan} == {
        (i["contact_id"], i["reason"]) for i in data["today"] + data["week_ahead"]
    }


def test_dry_run_prints_the_whole_message_and_sends_nothing(book, db_url):  # type: ignore[no-untyped-def]
    out = book.ok("digest", "--send", "--dry-run", as_of=DAY).stdout
    assert "Content-Type: multipart/alternative;" in out
    assert f"To: {TO}\n" in out and f"From: {SENDER}\n" in out
    assert 'Content-Type: text/html; charset="utf-8"' in out
    assert out == book.ok("digest", "--send", "--dry-run", as_of=DAY).stdout  # reproducible


def _check_message(got, names: list[str]) -> None:  # type: ignore[no-untyped-def]
    msg = got.message
    assert msg.get_content_type() == "multipart/alternative"
    parts = list(msg.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    plain, rich = parts[0].get_content(), parts[1].get_content()
    for name in names:
        assert name in plain
    assert "<img" not in rich and "http" in rich and "<script" not in rich
    assert msg["Subject"] == "kithkin, Monday 2026-06-01: 2 people to contact today"
    assert msg["From"] == SENDER and msg["To"] == TO and msg["Auto-Submitted"] == "auto-generated"
    assert got.sender == SENDER and got.recipients == [TO]


def test_sent_to_a_real_smtp_server(book, plain_smtp):  # type: ignore[no-untyped-def]
    out = book.ok("digest", "--send", as_of=DAY).stdout
    assert out == f"sent the digest for 2026-06-01 to {TO}\n"
    assert len(plain_smtp.received) == 1
    _check_message(plain_smtp.received[0], ["Reply to Noah Brooks", "Hi Dana,", "Cleo Park"])


def test_sent_over_starttls_with_a_login_and_a_self_signed_certificate(book, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    box = Mailbox(tmp_path)
    try:
        book.ok("config", "set", "smtp.port", str(box.port))
        book.ok("config", "set", "smtp.ca_file", str(box.cert))
        monkeypatch.setenv("KITH_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("KITH_SMTP_SECURITY", "starttls")
        monkeypatch.setenv("KITH_SMTP_USER", USER)
        secret = tmp_path / "smtp-password"
        secret.write_text(PASSWORD + "\n")
        secret.chmod(0o644)
        book.ok("config", "set", "smtp.password_file", str(secret))
        run = book.bad("digest", "--send", as_of=DAY)
        assert "may be read by others" in run.stderr and PASSWORD not in run.stderr
        secret.chmod(0o600)
        book.ok("digest", "--send", as_of=DAY)
        assert box.handler.logins == [USER] and len(box.received) == 1
        _check_message(box.received[0], ["Reply to Noah Brooks"])
        # The password from the environment wins over the file; a wrong one is refused.
        monkeypatch.setenv("KITH_SMTP_PASSWORD", "wrong")
        run = book("digest", "--send", as_of=DAY)
        assert run.exit_code == 1 and "535" in run.stderr and "wrong" not in run.stderr
        assert len(box.received) == 1
        # Without the certificate, the self-signed server is not trusted.
        monkeypatch.setenv("KITH_SMTP_PASSWORD", PASSWORD)
        book.ok("config", "unset", "smtp.ca_file")
        run = book("digest", "--send", as_of=DAY)
        assert run.exit_code == 1 and "certificate" in run.stderr.lower()
    finally:
        box.stop()


def test_no_header_injection_through_a_stored_name(book, plain_smtp, db_url):  # type: ignore[no-untyped-def]
    db = open_db(db_url)
    with db.session() as s:
        s.execute(update(Contact).where(Contact.display_name == "Noah Brooks")
                  .values(display_name="x\r\nBcc: a@b\r\nSubject: pwned"))  # fmt: skip
    db.dispose()
    book.ok("digest", "--send", as_of=DAY)
    got = plain_smtp.received[0]
    msg = got.message
    assert got.recipients == [TO]
    assert msg["Bcc"] is None and msg.get_all("Subject") == [
        "kithkin, Monday 2026-06-01: 2 people to contact today"
    ]
    for part in msg.iter_parts():
        assert part["Bcc"] is None
    assert "Reply to x Bcc: a@b Subject: pwned" in msg.get_body(("plain",)).get_content()
    assert b"\nBcc:" not in got.raw


def test_an_empty_day_sends_nothing_unless_asked(kith, db_url):  # type: ignore[no-untyped-def]
    box = Mailbox()
    try:
        for key, value in (("digest.from", SENDER), ("digest.to", TO), ("smtp.host", "127.0.0.1"),
                           ("smtp.port", str(box.port)), ("smtp.security", "none")):  # fmt: skip
            kith.ok("config", "set", key, value)
        out = kith.ok("digest", "--send", as_of=DAY).stdout
        assert "no digest sent" in out and box.received == []
        kith.ok("config", "set", "digest.empty", "send")
        kith.ok("digest", "--send", as_of=DAY)
        assert len(box.received) == 1
        assert box.received[0].message["Subject"].endswith("nobody is due today")
    finally:
        box.stop()


def test_a_refusing_server_is_one_line_and_exit_1(book, plain_smtp):  # type: ignore[no-untyped-def]
    plain_smtp.handler.refuse = True
    run = book("digest", "--send", as_of=DAY)
    assert run.exit_code == 1
    assert run.stderr.strip().count("\n") == 0 and "554" in run.stderr


def test_the_password_is_never_a_setting_nor_shown(book, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("KITH_SMTP_PASSWORD", "hunter2-xyz")
    shown = book.ok("config", "show").stdout + book.ok("config", "show", "--json").stdout
    assert "hunter2" not in shown and "password_file" in shown
    dry = book.ok("digest", "--send", "--dry-run", as_of=DAY).stdout
    assert "hunter2" not in dry


BAD = {
    "dry run without send": ("digest", "--dry-run"),
    "json with send": ("digest", "--send", "--json"),
    "unknown option": ("digest", "--to", "x@example.org"),
    "password as a setting": ("config", "set", "smtp.password", "hunter2"),
    "bad security": ("config", "set", "smtp.security", "ssl3"),
    "bad port": ("config", "set", "smtp.port", "70000"),
    "bad host": ("config", "set", "smtp.host", "mail example org"),
    "header in an address": ("config", "set", "digest.to", "me@example.org\r\nBcc: a@b.org"),
    "not an address": ("config", "set", "digest.from", "kithkin"),
    "bad schedule": ("config", "set", "digest.schedule", "hourly"),
    "bad time": ("config", "set", "digest.time", "7.30"),
    "bad weekday": ("config", "set", "digest.weekday", "someday"),
    "bad zone": ("config", "set", "digest.tz", "Mars/Olympus"),
    "bad empty": ("config", "set", "digest.empty", "maybe"),
    "send without a server": ("digest", "--send"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_is_refused_and_changes_nothing(book, db_url, case):  # type: ignore[no-untyped-def]
    before = dump(db_url)
    run = book.bad(*BAD[case], as_of=DAY)
    assert run.stderr.startswith("error: ")
    assert dump(db_url) == before


def test_a_bad_environment_value_is_refused(book, monkeypatch, db_url):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("KITH_DIGEST_TO", "me@example.org\nBcc: evil@example.org")
    before = dump(db_url)
    run = book.bad("digest", "--send", "--dry-run", as_of=DAY)
    assert "KITH_DIGEST_TO" in run.stderr
    assert dump(db_url) == before
    monkeypatch.setenv("KITH_DIGEST_TO", "other@example.org")
    assert "To: other@example.org\n" in book.ok("digest", "--send", "--dry-run", as_of=DAY).stdout
