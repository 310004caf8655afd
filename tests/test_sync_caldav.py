"""kith source add caldav + kith sync against a real Radicale on loopback."""

from __future__ import annotations

import sync_servers
from conftest import dump
from test_sync_ics_url import DECLINED, ME, UPCOMING, WEEKLY, _meetings, _people, _today, calendar

radicale = sync_servers.radicale  # the fixtures
ics_url = sync_servers.ics_url


def _add(kith, server, tmp_path, *extra: str) -> None:
    secret = tmp_path / "dav-password"
    secret.write_text(server.password)
    secret.chmod(0o600)
    kith.ok("source", "add", "caldav", f"{server.base}/{server.user}/", "--me", ME,
            "--user", server.user, "--name", "home", "--password-file", str(secret),
            *extra)  # fmt: skip


def test_caldav_first_sync_incremental_and_deleted_events(kith, radicale, tmp_path):
    work = radicale.calendar("work", "Work")
    radicale.put(f"{work}one-on-one.ics", calendar(WEEKLY))
    radicale.put(f"{work}offsite.ics", calendar(DECLINED))
    radicale.put(f"{work}lunch.ics", calendar(UPCOMING))
    _people(kith)
    _add(kith, radicale, tmp_path)
    tested = kith.ok("source", "test", "home")
    assert f"calendar Work ({work})" in tested.stdout

    first = kith.ok("sync", as_of="2026-03-20")
    assert first.stdout.strip() == "caldav home: 3 events read, 9 meetings logged, 1 upcoming"
    days = [d for d, _ in _meetings(kith, "ann@example.com")]
    assert days == ["2026-01-05", "2026-01-12", "2026-01-21", "2026-01-26", "2026-02-09",
                    "2026-02-16", "2026-02-24", "2026-03-02", "2026-03-09"]  # fmt: skip
    assert "Cara Diaz" not in _today(kith, "2026-03-20")

    # nothing changed: the sync-token says so, nothing is read again
    same = kith.ok("sync", as_of="2026-03-20")
    assert same.stdout.strip() == "caldav home: 0 events read, 0 meetings logged, 1 upcoming"

    # a new event, and the lunch is called off (deleted): only those are read
    radicale.put(f"{work}coffee.ics", calendar(UPCOMING.replace("lunch@", "coffee@")
                 .replace("20260325T110000Z", "20260318T080000Z")
                 .replace("Lunch with Cara", "Coffee with Cara")))  # fmt: skip
    radicale.delete(f"{work}lunch.ics")
    new = kith.ok("sync", as_of="2026-03-20")
    assert new.stdout.strip() == "caldav home: 1 event read, 1 meeting logged, 0 upcoming"
    assert _meetings(kith, "cara@example.com") == [("2026-03-18", "Coffee with Cara")]


def test_caldav_and_an_ics_file_share_each_occurrence(kith, radicale, tmp_path):
    work = radicale.calendar("work", "Work")
    radicale.put(f"{work}one-on-one.ics", calendar(WEEKLY))
    _people(kith)
    path = tmp_path / "export.ics"
    path.write_bytes(calendar(WEEKLY))
    kith.ok("import", "ics", str(path), "--me", ME, as_of="2026-03-20")
    _add(kith, radicale, tmp_path, "--calendar", "Work")
    run = kith.ok("sync", as_of="2026-03-20")
    assert run.stdout.strip() == "caldav home: 1 event read, 0 meetings logged, 0 upcoming"
    assert len(_meetings(kith, "ann@example.com")) == 9


def test_caldav_wrong_password_and_missing_calendar_write_nothing(kith, radicale, tmp_path,
                                                                  monkeypatch):  # fmt: skip
    radicale.calendar("work", "Work")
    _people(kith)
    monkeypatch.setenv("KITH_TEST_DAV_PW", "nope")
    kith.ok("source", "add", "caldav", f"{radicale.base}/me/", "--me", ME, "--user", "me",
            "--name", "typo", "--password-env", "KITH_TEST_DAV_PW")  # fmt: skip
    _add(kith, radicale, tmp_path, "--calendar", "Holidays")
    before = dump(kith.url)
    wrong = kith.bad("sync", "typo", as_of="2026-03-20")
    assert "caldav typo: the server refused the user name or password" in wrong.stderr
    assert "nope" not in wrong.stderr
    missing = kith.bad("sync", "home", as_of="2026-03-20")
    assert "caldav home: no calendar 'Holidays' (calendars: Work)" in missing.stderr
    radicale.stop()
    dead = kith("sync", "home", as_of="2026-03-20")
    assert dead.exit_code == 1 and "caldav home: cannot reach 127.0.0.1" in dead.stderr
    assert dump(kith.url) == before


# iCloud writes the calendar user as a principal path or a urn:uuid, the address in an
# EMAIL parameter (RFC 7986), e.g. ORGANIZER;CN=Me;EMAIL=me@...:/1234/principal/
ICLOUD = """BEGIN:VEVENT
UID:icloud-planning@example.org
DTSTART:20260309T090000Z
SUMMARY:Planning
ORGANIZER;CN=Me;EMAIL=me@example.org:/1234567890/principal/
ATTENDEE;CN=Me;CUTYPE=INDIVIDUAL;EMAIL=me@example.org;PARTSTAT=ACCEPTED;ROLE=CHAIR:
 /1234567890/principal/
ATTENDEE;CN=Ann Lee;CUTYPE=INDIVIDUAL;EMAIL=ann@example.com;PARTSTAT=ACCEPTED:urn:
 uuid:6f1c2b0e-9a55-4c8e-a0d1-3e2f7c9b1a20
END:VEVENT
"""
ICLOUD_DECLINED = """BEGIN:VEVENT
UID:icloud-retro@example.org
DTSTART:20260310T090000Z
SUMMARY:Retro
ORGANIZER;CN=Cara Diaz;EMAIL=cara@example.com:mailto:2_HEZDAMJQGM3TAMBQ@imip.me.com
ATTENDEE;CN=Me;EMAIL=me@example.org;PARTSTAT=DECLINED:urn:uuid:0b7f9e42-1c3d-4a5b-
 8e6f-7a8b9c0d1e2f
END:VEVENT
"""


def test_icloud_attendees_named_by_their_email_parameter(kith, radicale, tmp_path):
    home = radicale.calendar("home", "Home")
    radicale.put(f"{home}planning.ics", calendar(ICLOUD))
    radicale.put(f"{home}retro.ics", calendar(ICLOUD_DECLINED))
    _people(kith)
    _add(kith, radicale, tmp_path)
    run = kith.ok("sync", as_of="2026-03-20")
    assert run.stdout.strip() == "caldav home: 2 events read, 1 meeting logged, 0 upcoming"
    shown = kith.ok("show", "ann@example.com", "--json").json()["interactions"]
    assert [(i["date"], i["direction"], i["subject"]) for i in shown] == [
        ("2026-03-09", "outbound", "Planning")  # you organised it, Ann was there
    ]
    assert _meetings(kith, "cara@example.com") == []  # you declined her retro


def test_a_sync_token_the_server_forgot_still_forgets_deleted_events(kith, radicale, tmp_path):
    """Servers keep sync-tokens and the memory of deleted objects for a while (Radicale
    30 days, Nextcloud prunes them too): a laptop closed for weeks comes back with a
    token the server refuses, and the full listing then read no longer names what was
    deleted meanwhile. What is not listed is gone, or a called-off lunch would hold
    back a check-in."""
    import json
    import os
    import time

    from sqlalchemy import text

    from kithkin.store.db import Database

    work = radicale.calendar("work", "Work")
    radicale.put(f"{work}one-on-one.ics", calendar(WEEKLY))
    radicale.put(f"{work}lunch.ics", calendar(UPCOMING))
    _people(kith)
    _add(kith, radicale, tmp_path)
    first = kith.ok("sync", as_of="2026-03-20")
    assert first.stdout.strip() == "caldav home: 2 events read, 9 meetings logged, 1 upcoming"

    radicale.delete(f"{work}lunch.ics")  # called off, then weeks pass
    cache = radicale.root / "collections" / "collection-root" / "me" / "work" / ".Radicale.cache"
    weeks_ago = time.time() - 40 * 86400
    for path in cache.rglob("*"):
        os.utime(path, (weeks_ago, weeks_ago))
    radicale.put(f"{work}coffee.ics", calendar(UPCOMING.replace("lunch@", "coffee@")
                 .replace("20260325T110000Z", "20260316T080000Z")
                 .replace("Lunch with Cara", "Coffee with Ann")
                 .replace("cara@", "ann@")))  # fmt: skip  # (which prunes the old history)
    db = Database(kith.url)
    pruned = "http://radicale.org/ns/sync/" + "ab" * 32  # the token of weeks ago
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE source_checkpoints SET state = :s"),
                     {"s": json.dumps({"token": pruned})})  # fmt: skip
    db.dispose()
    again = kith.ok("sync", as_of="2026-03-20")
    assert again.stdout.strip() == "caldav home: 1 event read, 1 meeting logged, 0 upcoming"
    shown = kith.ok("show", "Cara Diaz", "--json", as_of="2026-03-20").json()
    assert shown["agenda"]["due"] <= "2026-03-20"  # no lunch holds her check-in back


def test_a_path_the_user_may_not_read_is_not_called_a_wrong_password(kith, radicale, tmp_path):
    """403 is a right password on a URL that is not yours (a typo in the path, another
    user's folder): the line points at the URL, not at the password."""
    radicale.calendar("work", "Work")
    secret = tmp_path / "dav-password"
    secret.write_text(radicale.password)
    secret.chmod(0o600)
    kith.ok("source", "add", "caldav", f"{radicale.base}/mee/", "--me", ME, "--user", "me",
            "--name", "home", "--password-file", str(secret))  # fmt: skip
    run = kith.bad("source", "test", "home")
    assert run.stderr.strip() == (
        "error: caldav home: the server does not let you read this URL (HTTP 403): check its "
        "path, then the user name and password"
    )


def test_a_url_that_is_no_caldav_one_is_a_configuration_error(kith, ics_url):
    """The calendar's web page pasted for its CalDAV address: a web server that does not
    speak WebDAV there (no PROPFIND) is a URL to fix, exit 2, not a server fault."""
    url, _ = ics_url
    _people(kith)
    kith.ok("source", "add", "caldav", url.replace("private-s3cr3t/basic.ics", "apps/calendar/"),
            "--me", ME, "--name", "web")  # fmt: skip
    run = kith.bad("sync", "web", as_of="2026-03-20")
    assert run.stderr.strip() == (
        "error: caldav web: this URL is no CalDAV address (the server answered HTTP 501 "
        "to PROPFIND); give the calendar's or the calendar home's URL (Nextcloud: "
        "https://HOST/remote.php/dav/calendars/USER/)"
    )


# A colleague's calendar shared with you (or subscribed to): Bob's review with Ann, and
# his lunch with Cara, you among neither's attendees
THEIRS = """BEGIN:VEVENT
UID:bob-ann-review@example.org
DTSTART:20260303T090000Z
SUMMARY:Bob / Ann review
ORGANIZER;CN=Bob Roe:mailto:bob@example.com
ATTENDEE;CN=Ann Lee;PARTSTAT=ACCEPTED:mailto:ann@example.com
ATTENDEE;CN=Bob Roe;PARTSTAT=ACCEPTED:mailto:bob@example.com
END:VEVENT
"""
THEIR_LUNCH = """BEGIN:VEVENT
UID:bob-cara-lunch@example.org
DTSTART:20260325T110000Z
SUMMARY:Bob / Cara lunch
ORGANIZER:mailto:bob@example.com
ATTENDEE:mailto:cara@example.com
END:VEVENT
"""
# with no attendee list, what the calendar says stays as it was: a meeting with the
# organizer
NO_ATTENDEES = """BEGIN:VEVENT
UID:ann-walk@example.org
DTSTART:20260304T120000Z
SUMMARY:Walk
ORGANIZER;CN=Ann Lee:mailto:ann@example.com
END:VEVENT
"""
# you, by another of your addresses (one another source gave with --me)
ALIAS = """BEGIN:VEVENT
UID:ann-work-sync@example.org
DTSTART:20260305T090000Z
SUMMARY:Work sync
ORGANIZER;CN=Ann Lee:mailto:ann@example.com
ATTENDEE;PARTSTAT=ACCEPTED:mailto:me@work.example
END:VEVENT
"""


def test_events_you_do_not_attend_on_a_shared_calendar_are_not_yours(kith, radicale, tmp_path):
    """A colleague's calendar shared with you holds their meetings: an event with an
    attendee list where none of your addresses attends or organises was not yours to
    have, logs nothing and holds back no check-in."""
    team = radicale.calendar("team", "Bob (shared)")
    for name, event in (("review", THEIRS), ("lunch", THEIR_LUNCH), ("walk", NO_ATTENDEES),
                        ("alias", ALIAS)):  # fmt: skip
        radicale.put(f"{team}{name}.ics", calendar(event))
    _people(kith)
    kith.ok("add", "Bob Roe", "--email", "bob@example.com", as_of="2026-01-01")
    kith.ok("source", "add", "ics", "https://calendar.example.com/work.ics", "--me",
            "me@work.example", "--name", "work")  # fmt: skip
    _add(kith, radicale, tmp_path)
    run = kith.ok("sync", "home", as_of="2026-03-20")
    assert run.stdout.strip() == "caldav home: 4 events read, 2 meetings logged, 0 upcoming"
    assert _meetings(kith, "ann@example.com") == [("2026-03-04", "Walk"),
                                                  ("2026-03-05", "Work sync")]  # fmt: skip
    assert _meetings(kith, "bob@example.com") == []
    assert "Cara Diaz" in _today(kith, "2026-03-20")  # Bob's lunch holds nothing back


def test_the_principal_s_own_addresses_are_yours() -> None:
    """The server's word on who you are (the principal's calendar-user-address-set, RFC
    4791 6.2.1, as Nextcloud answers it): its mailto: addresses, not its paths."""
    import xml.etree.ElementTree as ET

    from kithkin.remote.caldav import DAV, mailtos

    answer = (
        b'<?xml version="1.0"?><d:multistatus xmlns:d="DAV:" '
        b'xmlns:cal="urn:ietf:params:xml:ns:caldav"><d:response>'
        b"<d:href>/remote.php/dav/principals/users/alice/</d:href><d:propstat><d:prop>"
        b"<cal:calendar-user-address-set><d:href>mailto:Alice@Example.com</d:href>"
        b"<d:href>/remote.php/dav/principals/users/alice/</d:href>"
        b"<d:href>MAILTO:alice.w@work.example</d:href></cal:calendar-user-address-set>"
        b"</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"
        b"</d:multistatus>"
    )
    found = ET.fromstring(answer).findall(f"{{{DAV}}}response")
    assert mailtos(found) == ["Alice@Example.com", "alice.w@work.example"]


def test_a_server_that_names_you_by_a_path_alone_leaves_your_addresses_as_given(radicale):
    """Radicale answers the address set with the principal's path: no address to add."""
    from kithkin.core.sync.config import config_of
    from kithkin.remote.caldav import CalDav

    radicale.calendar("work", "Work")
    cfg = config_of(1, "home", "caldav", f"{radicale.base}/{radicale.user}/work/",
                    '{"user": "me"}')  # fmt: skip
    server = CalDav(cfg, radicale.password)
    try:
        assert server.addresses() == []
    finally:
        server.close()
