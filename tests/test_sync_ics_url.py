"""kith source add ics + kith sync against a real HTTP server on loopback."""

from __future__ import annotations

import sync_servers
from conftest import dump
from sync_servers import free_port

ics_url = sync_servers.ics_url  # the fixture

ME = "me@example.org"

WEEKLY = """BEGIN:VEVENT
UID:one-on-one@example.org
DTSTART:20260105T100000Z
DTEND:20260105T103000Z
RRULE:FREQ=WEEKLY;COUNT=10
SUMMARY:Ann / me 1:1
ORGANIZER;CN=Me:mailto:me@example.org
ATTENDEE;CN=Ann Lee;PARTSTAT=ACCEPTED:mailto:ann@example.com
END:VEVENT
BEGIN:VEVENT
UID:one-on-one@example.org
RECURRENCE-ID:20260119T100000Z
DTSTART:20260121T150000Z
DTEND:20260121T153000Z
SUMMARY:Ann / me 1:1 (moved)
ORGANIZER;CN=Me:mailto:me@example.org
ATTENDEE;CN=Ann Lee:mailto:ann@example.com
END:VEVENT
BEGIN:VEVENT
UID:one-on-one@example.org
RECURRENCE-ID:20260202T100000Z
DTSTART:20260202T100000Z
STATUS:CANCELLED
SUMMARY:Ann / me 1:1
ORGANIZER;CN=Me:mailto:me@example.org
ATTENDEE;CN=Ann Lee:mailto:ann@example.com
END:VEVENT
BEGIN:VEVENT
UID:one-on-one@example.org
RECURRENCE-ID:20260223T100000Z
DTSTART:20260224T090000Z
SUMMARY:Ann / me 1:1
ORGANIZER;CN=Me:mailto:me@example.org
ATTENDEE;CN=Ann Lee:mailto:ann@example.com
END:VEVENT
"""
DECLINED = """BEGIN:VEVENT
UID:offsite@example.org
DTSTART:20260302T090000Z
SUMMARY:Offsite
ORGANIZER;CN=Bob:mailto:bob@example.com
ATTENDEE;PARTSTAT=DECLINED:mailto:me@example.org
ATTENDEE;PARTSTAT=ACCEPTED:mailto:ann@example.com
END:VEVENT
"""
BROKEN = """BEGIN:VEVENT
UID:broken@example.org
DTSTART:20260301T090000Z
DTSTART:20260302T090000Z
SUMMARY:Two starts
ATTENDEE:mailto:ann@example.com
END:VEVENT
"""
UPCOMING = """BEGIN:VEVENT
UID:lunch@example.org
DTSTART:20260325T110000Z
SUMMARY:Lunch with Cara
ORGANIZER:mailto:me@example.org
ATTENDEE:mailto:cara@example.com
END:VEVENT
"""


def calendar(*events: str) -> bytes:
    body = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n" + "".join(events)
    return (body + "END:VCALENDAR\n").replace("\n", "\r\n").encode()


def _people(kith) -> None:
    kith.ok("add", "Ann Lee", "--email", "ann@example.com", as_of="2026-01-01")
    kith.ok("add", "Cara Diaz", "--email", "cara@example.com", "--tier", "close",
            as_of="2026-01-01")  # fmt: skip


def _meetings(kith, who: str) -> list[tuple[str, str]]:
    shown = kith.ok("show", who, "--json").json()
    return sorted(
        (i["date"], i.get("subject") or "") for i in shown["interactions"]
        if i["channel"] == "meeting"
    )  # fmt: skip


def _today(kith, as_of: str) -> list[str]:
    return [i["name"] for i in kith.ok("today", "--json", as_of=as_of).json()]


def test_weekly_meeting_moved_cancelled_declined_and_upcoming(kith, ics_url):
    url, published = ics_url
    published.body = calendar(WEEKLY, DECLINED, BROKEN, UPCOMING)
    _people(kith)
    assert "Cara Diaz" in _today(kith, "2026-03-20")
    added = kith.ok("source", "add", "ics", url, "--me", ME, "--name", "team")
    assert "s3cr3t" not in added.stdout  # the path of a secret address is its password
    listed = kith.ok("source", "list")
    assert "s3cr3t" not in listed.stdout and "ics team" in listed.stdout

    run = kith.ok("sync", as_of="2026-03-20")
    assert run.stdout.strip() == (
        "ics team: 3 events read, 9 meetings logged, 1 upcoming, "
        "1 skipped (2 DTSTART lines in one event)"
    )  # a broken event is skipped and counted, never fatal
    days = [d for d, _ in _meetings(kith, "ann@example.com")]
    # ten weeks, one cancelled, two moved (to a Wednesday and a Tuesday), none declined
    assert days == ["2026-01-05", "2026-01-12", "2026-01-21", "2026-01-26", "2026-02-09",
                    "2026-02-16", "2026-02-24", "2026-03-02", "2026-03-09"]  # fmt: skip
    # the lunch on the 25th holds Cara's overdue check-in back until after it
    assert "Cara Diaz" not in _today(kith, "2026-03-20")
    assert "Cara Diaz" not in _today(kith, "2026-03-25")  # the day of the lunch
    assert "Cara Diaz" in _today(kith, "2026-03-26")  # the day after: it is up to you again

    # unchanged: one short answer (304), nothing logged
    before = dump(kith.url)
    again = kith.ok("sync", "team", as_of="2026-03-20")
    assert published.requests[-1].get("if-none-match") == published.etag
    assert again.stdout.strip() == "ics team: not modified, 0 meetings logged, 1 upcoming"
    after = dump(kith.url)
    assert {k: v for k, v in after.items() if k != "sources"} == {
        k: v for k, v in before.items() if k != "sources"
    }

    # time passes: the lunch happened, nobody edited the calendar
    later = kith.ok("sync", as_of="2026-03-26")
    assert "if-none-match" not in published.requests[-1]
    assert later.stdout.strip() == (
        "ics team: 3 events read, 1 meeting logged, 0 upcoming, "
        "1 skipped (2 DTSTART lines in one event)"
    )
    assert _meetings(kith, "cara@example.com") == [("2026-03-25", "Lunch with Cara")]


def test_an_ics_file_and_the_url_share_each_occurrence(kith, ics_url, tmp_path):
    url, published = ics_url
    published.body = calendar(WEEKLY)
    _people(kith)
    path = tmp_path / "export.ics"
    path.write_bytes(published.body)
    kith.ok("import", "ics", str(path), "--me", ME, as_of="2026-03-20")
    kith.ok("source", "add", "ics", url, "--name", "team")  # --me remembered on your record
    run = kith.ok("sync", as_of="2026-03-20")
    assert run.stdout.strip() == "ics team: 1 event read, 0 meetings logged, 0 upcoming"
    assert len(_meetings(kith, "ann@example.com")) == 9


def test_a_dead_server_is_one_line_exit_1_and_nothing_written(kith):
    _people(kith)
    port = free_port()
    kith.ok("source", "add", "ics", f"http://127.0.0.1:{port}/secret-path/basic.ics",
            "--me", ME, "--name", "dead")  # fmt: skip
    before = dump(kith.url)
    run = kith("sync", "dead", as_of="2026-03-20")
    assert run.exit_code == 1
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ics dead: cannot reach 127.0.0.1")
    assert "secret-path" not in run.stderr
    assert dump(kith.url) == before


def test_a_wrong_password_is_one_line_exit_2_never_printed(kith, ics_url, monkeypatch):
    url, published = ics_url
    published.body = calendar(WEEKLY)
    published.user, published.password = "me", "right-one"
    _people(kith)
    monkeypatch.setenv("KITH_TEST_CAL_PW", "wrong-one")
    kith.ok("source", "add", "ics", url, "--me", ME, "--name", "team", "--user", "me",
            "--password-env", "KITH_TEST_CAL_PW")  # fmt: skip
    before = dump(kith.url)
    run = kith.bad("sync", "team", as_of="2026-03-20")
    assert "ics team: the server refused the user name or password" in run.stderr
    assert "wrong-one" not in run.stderr + run.stdout
    assert dump(kith.url) == before
    monkeypatch.setenv("KITH_TEST_CAL_PW", "right-one")
    assert "9 meetings logged" in kith.ok("sync", "team", as_of="2026-03-20").stdout


def test_source_urls_with_a_password_or_in_the_clear_are_refused(kith):
    _people(kith)
    before = dump(kith.url)
    run = kith.bad("source", "add", "imap", "imaps://me:hunter2@mail.example.com/", "--me", ME)
    assert "hunter2" not in run.stderr and "holds a password" in run.stderr
    kith.bad("source", "add", "ics", "http://calendar.example.com/basic.ics", "--me", ME)
    kith.bad("source", "add", "imap", "imaps://mail.example.com/", "--me", ME)  # nobody
    kith.bad("source", "add", "gopher", "gopher://x/", "--me", ME)
    bare = kith.bad("source", "add", "imap", "imap.gmail.com", "--user", "me", "--me", ME)
    assert bare.stderr.strip() == (
        "error: an imap URL starts with imaps:// (or imap:// with STARTTLS), as in "
        "imaps://you@imap.example.com/"
    )
    kith.bad("source", "add", "caldav", "https://dav.example.com/", "--calendar", "")
    kith.bad("sync", "nothing")
    assert dump(kith.url) == before
    kith.ok("source", "add", "ics", "webcal://calendar.example.com/x/basic.ics", "--me", ME)
    kith.bad("source", "add", "ics", "https://calendar.example.com/y.ics", "--me", ME)  # taken
    shown = kith.ok("source", "list", "--json").json()
    assert [(s["name"], s["url"], s["password"]) for s in shown] == [
        ("example", "https://calendar.example.com/…", None)
    ]
    kith.ok("source", "rm", "example")
    assert kith.ok("source", "list", "--json").json() == []


def test_kith_serve_syncs_every_source_and_names_the_one_that_failed(kith, ics_url):
    from kithkin import clock
    from kithkin.store.db import open_db
    from kithkin.web.syncjob import SyncFailed, sync_pass

    url, published = ics_url
    published.body = calendar(WEEKLY)
    _people(kith)
    kith.ok("source", "add", "ics", url, "--me", ME, "--name", "team")
    kith.ok("config", "set", "sync.every", "30")
    db = open_db(kith.url)
    day = __import__("datetime").date(2026, 3, 20)
    try:
        clock.set_today(day)
        assert sync_pass(db) == 30 * 60.0
        assert len(_meetings(kith, "ann@example.com")) == 9
        kith.ok("source", "add", "ics", f"http://127.0.0.1:{free_port()}/x/basic.ics",
                "--name", "gone")  # fmt: skip
        clock.set_today(day)  # (the CLI above took the real today again)
        try:
            sync_pass(db)
        except SyncFailed as exc:
            assert str(exc).startswith("ics gone: cannot reach 127.0.0.1:")
        else:
            raise AssertionError("a failed source must fail the pass (back-off)")
    finally:
        clock.set_today(None)
        db.dispose()
    listed = kith.ok("source", "list").stdout
    assert "ics team  http://127.0.0.1:" in listed and "not modified" in listed


def test_a_password_from_the_system_keyring(kith, ics_url):
    import keyring
    from keyring.backend import KeyringBackend

    class Memory(KeyringBackend):  # a keyring of this test's own, never the user's
        priority = 1  # type: ignore[assignment]
        stored: dict[tuple[str, str], str] = {}  # noqa: RUF012

        def get_password(self, service, username):  # type: ignore[no-untyped-def]
            return self.stored.get((service, username))

        def set_password(self, service, username, password):  # type: ignore[no-untyped-def]
            self.stored[(service, username)] = password

        def delete_password(self, service, username):  # type: ignore[no-untyped-def]
            self.stored.pop((service, username), None)

    url, published = ics_url
    published.body = calendar(WEEKLY)
    published.user, published.password = "me", "from-the-keyring"
    _people(kith)
    previous = keyring.get_keyring()
    keyring.set_keyring(Memory())
    try:
        kith.ok("source", "add", "ics", url, "--me", ME, "--name", "team", "--user", "me")
        assert kith.ok("source", "list", "--json").json()[0]["password"] == {"keyring": "team"}
        missing = kith.bad("sync", "team", as_of="2026-03-20")
        assert "no password: store it with `kith source password team`" in missing.stderr
        stored = kith("source", "password", "team", input="from-the-keyring\n")
        assert stored.exit_code == 0 and "from-the-keyring" not in stored.stdout
        assert Memory.stored == {("kithkin", "team"): "from-the-keyring"}
        assert "9 meetings logged" in kith.ok("sync", "team", as_of="2026-03-20").stdout
        kith.ok("source", "rm", "team")
        assert Memory.stored == {}
    finally:
        keyring.set_keyring(previous)


def test_a_redirect_to_another_server_is_followed_without_the_password(kith, ics_url,
                                                                      monkeypatch):  # fmt: skip
    """A calendar moved elsewhere (a CDN, another host): the new server gets the
    request, never the password meant for the one the source names."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    url, published = ics_url  # the other server: public, it records what it was sent
    published.body = calendar(WEEKLY)
    moved_to = url.replace("127.0.0.1", "localhost")
    seen: list[str | None] = []

    class Moved(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            seen.append(self.headers.get("Authorization"))
            self.send_response(302)
            self.send_header("Location", moved_to)
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Moved)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        _people(kith)
        monkeypatch.setenv("KITH_TEST_CAL_PW", "only-for-the-first")
        kith.ok("source", "add", "ics",
                f"http://127.0.0.1:{server.server_address[1]}/private-s3cr3t/basic.ics",
                "--me", ME, "--name", "team", "--user", "me",
                "--password-env", "KITH_TEST_CAL_PW")  # fmt: skip
        run = kith.ok("sync", "team", as_of="2026-03-20")
        # the other server wants a password too: say where, never send it there
        published.user, published.password = "me", "only-for-the-first"
        asked = kith.bad("sync", "team", "--rescan", as_of="2026-03-20")
    finally:
        server.shutdown()
        server.server_close()
    assert run.stdout.strip() == "ics team: 1 event read, 9 meetings logged, 0 upcoming"
    assert seen and all(s is not None for s in seen)  # the server the source names: sent
    assert [r.get("authorization") for r in published.requests] == [None, None]  # never there
    assert asked.stderr.strip() == (
        "error: ics team: the server sends kithkin on to localhost, which asks for a "
        "password; kithkin sends it only to the server the source names: give the URL "
        "it leads to if you trust it"
    )


def test_a_server_that_asks_to_wait_is_a_server_fault_exit_1(kith):
    """HTTP 429 (polled too often): try again later, nothing to fix in the source."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Busy(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            self.send_response(429)
            self.send_header("Retry-After", "3600")
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Busy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        _people(kith)
        kith.ok("source", "add", "ics",
                f"http://127.0.0.1:{server.server_address[1]}/private-s3cr3t/basic.ics",
                "--me", ME, "--name", "team")  # fmt: skip
        before = dump(kith.url)
        run = kith("sync", "team", as_of="2026-03-20")
    finally:
        server.shutdown()
        server.server_close()
    assert run.exit_code == 1
    assert run.stderr.strip() == "error: ics team: the server asks to wait (HTTP 429)"
    assert dump(kith.url) == before


def test_no_keyring_is_said_before_the_password_is_asked(kith, ics_url):
    """A server without a desktop session has no keyring: say so before you type."""
    import keyring
    from keyring.backends import fail

    url, _ = ics_url
    _people(kith)
    kith.ok("source", "add", "ics", url, "--me", ME, "--name", "team", "--user", "me")
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        run = kith("source", "password", "team", input="typed-for-nothing\n")
    finally:
        keyring.set_keyring(previous)
    assert run.exit_code == 2
    assert "password for" not in run.stdout  # not asked
    assert run.stderr.strip() == (
        "error: no system keyring here (NoKeyringError): name the password with "
        "--password-env or --password-file instead"
    )


def test_a_subscribed_calendar_logs_only_the_meetings_you_attend(kith, ics_url):
    """A team calendar subscribed to by its URL: the events you are not among the
    attendees of are others' meetings."""
    url, published = ics_url
    theirs = """BEGIN:VEVENT
UID:team-standup@example.org
DTSTART:20260303T090000Z
SUMMARY:Standup (Ann, Bob)
ORGANIZER:mailto:bob@example.com
ATTENDEE:mailto:ann@example.com
END:VEVENT
"""
    published.body = calendar(WEEKLY, theirs)
    _people(kith)
    kith.ok("source", "add", "ics", url, "--me", ME, "--name", "team")
    run = kith.ok("sync", as_of="2026-03-20")
    assert run.stdout.strip() == "ics team: 2 events read, 9 meetings logged, 0 upcoming"
    assert ("2026-03-03", "Standup (Ann, Bob)") not in _meetings(kith, "ann@example.com")


# Google's secret address writes a one-off event in UTC and names the calendar's zone
# in X-WR-TIMEZONE; a dinner at 19:00 in New York is 00:00 UTC the next day.
GOOGLE_NEW_YORK = """X-WR-TIMEZONE:America/New_York
BEGIN:VEVENT
UID:dinner@google.com
DTSTART:20260106T000000Z
DTEND:20260106T020000Z
SUMMARY:Dinner with Ann
ORGANIZER:mailto:me@example.org
ATTENDEE;PARTSTAT=ACCEPTED:mailto:ann@example.com
END:VEVENT
"""


def test_a_meeting_in_utc_is_shown_on_the_calendars_day_and_time(kith, ics_url, tmp_path):
    """A trial showed every meeting of a Google secret address at its UTC time, and an
    evening one in the Americas on the next day; the calendar showed it in its zone."""
    url, published = ics_url
    published.body = calendar(GOOGLE_NEW_YORK)
    _people(kith)
    kith.ok("source", "add", "ics", url, "--me", ME, "--name", "google")
    kith.ok("sync", as_of="2026-03-20")
    shown = kith.ok("show", "ann@example.com", "--json").json()["interactions"]
    assert [(i["date"], i["time"], i["subject"]) for i in shown] == [
        ("2026-01-05", "19:00", "Dinner with Ann")
    ]
    # the same calendar exported to a file is the same meeting
    exported = tmp_path / "google.ics"
    exported.write_bytes(published.body)
    kith.ok("import", "ics", str(exported), "--me", ME, as_of="2026-03-20")
    assert len(kith.ok("show", "ann@example.com", "--json").json()["interactions"]) == 1
