"""One occurrence is one meeting whatever zone a calendar writes it in.

Google's secret address writes times in UTC (``Z``) beside ``X-WR-TIMEZONE``; Apple,
Fastmail and CalDAV servers write the same calendar with a ``TZID``. A 19:00
America/New_York meeting is 00:00Z the next day: the same occurrence, one meeting.
Served for real: an ICS URL on loopback, Radicale for CalDAV, a file import.
"""

from __future__ import annotations

from sqlalchemy import text

import sync_servers
from conftest import downgrade
from kithkin.store.db import Database
from test_sync_ics_url import ME, _meetings, _people, _today

ics_url = sync_servers.ics_url  # the fixtures
radicale = sync_servers.radicale

NY = """BEGIN:VTIMEZONE
TZID:America/New_York
BEGIN:DAYLIGHT
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
TZNAME:EDT
DTSTART:20070311T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
TZNAME:EST
DTSTART:20071104T020000
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
END:STANDARD
END:VTIMEZONE
"""
WHO = "ORGANIZER;CN=Me:mailto:me@example.org\nATTENDEE;CN=Ann Lee:mailto:ann@example.com\n"


def _event(uid: str, start: str, *lines: str, summary: str = "Ann / me") -> str:
    body = "".join(f"{ln}\n" for ln in lines)
    return f"BEGIN:VEVENT\nUID:{uid}\n{start}\n{body}SUMMARY:{summary}\n{WHO}END:VEVENT\n"


UIDS = ("winter@x", "spring@x", "once@x", "day@x", "float@x")


def written(utc: bool, uid: str | None = None) -> bytes:
    """The same calendar as Google writes it (``utc``) or as Apple or a CalDAV server does
    (one object per ``uid``, as CalDAV stores them)."""

    def at(local: str, z: str, prop: str = "DTSTART") -> str:
        return f"{prop}:{z}" if utc else f"{prop};TZID=America/New_York:{local}"

    events = [
        # Mondays 19:00 in winter: 00:00Z on Tuesdays. The third moved to Tuesday,
        # the fifth cancelled by an EXDATE.
        _event(
            "winter@x",
            at("20260105T190000", "20260106T000000Z"),
            "RRULE:FREQ=WEEKLY;COUNT=6",
            at("20260202T190000", "20260203T000000Z", "EXDATE"),
        ),
        _event(
            "winter@x",
            at("20260120T190000", "20260121T000000Z"),
            at("20260119T190000", "20260120T000000Z", "RECURRENCE-ID"),
            summary="moved",
        ),
        # Mondays 19:00 across the spring change (8 March): the master in its zone (as
        # Google writes a series), its moved occurrence's RECURRENCE-ID in UTC or not.
        _event(
            "spring@x", "DTSTART;TZID=America/New_York:20260223T190000", "RRULE:FREQ=WEEKLY;COUNT=4"
        ),
        _event(
            "spring@x",
            at("20260304T190000", "20260305T000000Z"),
            at("20260302T190000", "20260303T000000Z", "RECURRENCE-ID"),
            summary="moved",
        ),
        # a one-off at 20:30 after the change (00:30Z the next day)
        _event("once@x", at("20260312T203000", "20260313T003000Z"), summary="dinner"),
        # an all-day event and a floating time are written the same by everyone
        _event("day@x", "DTSTART;VALUE=DATE:20260110", summary="hike"),
        _event("float@x", "DTSTART:20260114T230000", summary="late call"),
    ]
    events = [e for e in events if uid is None or f"UID:{uid}\n" in e]
    head = "X-WR-TIMEZONE:America/New_York\n" + NY
    body = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n" + head + "".join(events)
    return (body + "END:VCALENDAR\n").replace("\n", "\r\n").encode()


EXPECTED = [
    ("2026-01-05", "Ann / me"), ("2026-01-10", "hike"), ("2026-01-12", "Ann / me"),
    ("2026-01-14", "late call"), ("2026-01-20", "moved"), ("2026-01-26", "Ann / me"),
    ("2026-02-09", "Ann / me"), ("2026-02-23", "Ann / me"), ("2026-03-04", "moved"),
    ("2026-03-09", "Ann / me"), ("2026-03-12", "dinner"), ("2026-03-16", "Ann / me"),
]  # fmt: skip


def test_a_file_in_utc_and_one_with_its_tzid_are_one_meeting_each(kith, tmp_path):
    _people(kith)
    for utc in (True, False):
        path = tmp_path / f"{utc}.ics"
        path.write_bytes(written(utc))
        kith.ok("import", "ics", str(path), "--me", ME, as_of="2026-03-20")
        assert _meetings(kith, "ann@example.com") == EXPECTED, utc


def test_google_url_then_caldav_then_a_file_is_one_meeting_each(kith, ics_url, radicale,
                                                                tmp_path):  # fmt: skip
    url, published = ics_url
    published.body = written(utc=True)
    _people(kith)
    kith.ok("source", "add", "ics", url, "--me", ME, "--name", "google")
    assert "12 meetings logged" in kith.ok("sync", "google", as_of="2026-03-20").stdout

    work = radicale.calendar("work", "Work")
    for uid in UIDS:
        radicale.put(f"{work}{uid}.ics", written(False, uid))
    secret = tmp_path / "dav-password"
    secret.write_text(radicale.password)
    secret.chmod(0o600)
    kith.ok("source", "add", "caldav", f"{radicale.base}/{radicale.user}/", "--me", ME,
            "--user", radicale.user, "--name", "apple", "--password-file", str(secret))  # fmt: skip
    run = kith.ok("sync", "apple", as_of="2026-03-20")
    assert "0 meetings logged" in run.stdout
    path = tmp_path / "apple.ics"
    path.write_bytes(written(utc=False))
    kith.ok("import", "ics", str(path), "--me", ME, as_of="2026-03-20")
    assert _meetings(kith, "ann@example.com") == EXPECTED


# What kithkin 0016 stored for the TZID writing: each occurrence's day as written.
BEFORE = {
    "winter@x|2026-01-06T00:00:00Z": "winter@x|2026-01-05",
    "winter@x|2026-01-13T00:00:00Z": "winter@x|2026-01-12",
    "winter@x|2026-01-20T00:00:00Z": "winter@x|2026-01-19",
    "winter@x|2026-01-27T00:00:00Z": "winter@x|2026-01-26",
    "winter@x|2026-02-10T00:00:00Z": "winter@x|2026-02-09",
    "spring@x|2026-02-24T00:00:00Z": "spring@x|2026-02-23",
    "spring@x|2026-03-03T00:00:00Z": "spring@x|2026-03-02",
    "spring@x|2026-03-09T23:00:00Z": "spring@x|2026-03-09",
    "spring@x|2026-03-16T23:00:00Z": "spring@x|2026-03-16",
    "once@x|2026-03-13T00:30:00Z": "once@x|2026-03-12",
    "day@x|2026-01-10": "day@x|2026-01-10",
    "float@x|2026-01-14": "float@x|2026-01-14",
}


def _keys(url: str) -> dict[str, str]:
    db = Database(url)
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT source_key, source FROM interactions")).all()
    db.dispose()
    return dict(rows)


def test_a_database_keyed_before_is_rekeyed_on_upgrade_never_duplicated(
    kith, db_url, ics_url, radicale, tmp_path
):
    _people(kith)
    work = radicale.calendar("work", "Work")
    for uid in UIDS:
        radicale.put(f"{work}{uid}.ics", written(False, uid))
    secret = tmp_path / "dav-password"
    secret.write_text(radicale.password)
    secret.chmod(0o600)
    kith.ok("source", "add", "caldav", f"{radicale.base}/{radicale.user}/", "--me", ME,
            "--user", radicale.user, "--name", "apple", "--password-file", str(secret))  # fmt: skip
    assert "12 meetings logged" in kith.ok("sync", as_of="2026-03-20").stdout
    assert set(_keys(db_url)) == set(BEFORE)

    # the database as kithkin 0016 left it: its schema, and the keys it gave
    downgrade(db_url, "0016")
    db = Database(db_url)
    with db.engine.begin() as conn:
        for new, old in BEFORE.items():
            conn.execute(text("UPDATE interactions SET source_key = :old WHERE source_key = :new"),
                         {"old": old, "new": new})  # fmt: skip
    db.dispose()

    # upgraded by the next command: the calendar is read again, nothing logged twice
    run = kith.ok("sync", "apple", as_of="2026-03-20")
    assert run.stdout.strip() == "caldav apple: 5 events read, 0 meetings logged, 0 upcoming"
    assert _keys(db_url) == dict.fromkeys(BEFORE, "caldav")  # each took its new key
    # so Google's writing of the same calendar finds every one
    url, published = ics_url
    published.body = written(utc=True)
    kith.ok("source", "add", "ics", url, "--me", ME, "--name", "google")
    assert "0 meetings logged" in kith.ok("sync", "google", as_of="2026-03-20").stdout
    assert _meetings(kith, "ann@example.com") == EXPECTED


def test_a_moved_occurrence_named_without_its_zone_is_the_same_one(kith, tmp_path):
    """Some clients write a moved occurrence's RECURRENCE-ID without the TZID its series
    has (a floating time): it is the series' time, the one another calendar writes in
    UTC or with the TZID."""
    _people(kith)
    master = _event("m@x", "DTSTART;TZID=America/New_York:20260105T190000",
                    "RRULE:FREQ=WEEKLY;COUNT=3")  # fmt: skip
    for n, rid in enumerate(("RECURRENCE-ID:20260113T000000Z", "RECURRENCE-ID:20260112T190000")):
        moved = _event("m@x", "DTSTART;TZID=America/New_York:20260114T190000", rid,
                       summary="moved")  # fmt: skip
        body = f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:x\n{NY}{master}{moved}END:VCALENDAR\n"
        path = tmp_path / f"{n}.ics"
        path.write_bytes(body.replace("\n", "\r\n").encode())
        kith.ok("import", "ics", str(path), "--me", ME, as_of="2026-03-20")
    assert _meetings(kith, "ann@example.com") == [
        ("2026-01-05", "Ann / me"), ("2026-01-14", "moved"), ("2026-01-19", "Ann / me")
    ]  # fmt: skip


def test_a_moved_occurrence_named_by_its_day_alone_replaces_it(kith, tmp_path):
    """A RECURRENCE-ID written as a date (``VALUE=DATE``) for a series with a time of day,
    as some Exchange and Lotus exports write it: the occurrence of that day moved, not
    a meeting more."""
    _people(kith)
    master = _event("d@x", "DTSTART;TZID=America/New_York:20260105T190000",
                    "RRULE:FREQ=WEEKLY;COUNT=3")  # fmt: skip
    moved = _event("d@x", "DTSTART;TZID=America/New_York:20260114T190000",
                   "RECURRENCE-ID;VALUE=DATE:20260112", summary="moved")  # fmt: skip
    body = f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:x\n{NY}{master}{moved}END:VCALENDAR\n"
    path = tmp_path / "exchange.ics"
    path.write_bytes(body.replace("\n", "\r\n").encode())
    kith.ok("import", "ics", str(path), "--me", ME, as_of="2026-03-20")
    assert _meetings(kith, "ann@example.com") == [
        ("2026-01-05", "Ann / me"), ("2026-01-14", "moved"), ("2026-01-19", "Ann / me")
    ]  # fmt: skip


def test_an_evening_meeting_written_in_utc_holds_back_the_check_in_to_its_own_day(kith, ics_url):
    """Dinner at 20:30 in New York on the 25th is 00:30Z on the 26th in Google's writing:
    the check-in is held back through the 25th, and up to you again on the 26th."""
    url, published = ics_url
    dinner = "BEGIN:VEVENT\nUID:dinner@x\nDTSTART:20260326T003000Z\nSUMMARY:Dinner\n"
    dinner += "ORGANIZER:mailto:me@example.org\nATTENDEE:MAILTO:Cara@Example.COM\nEND:VEVENT\n"
    body = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:x\nX-WR-TIMEZONE:America/New_York\n"
    published.body = (body + dinner + "END:VCALENDAR\n").replace("\n", "\r\n").encode()
    _people(kith)
    assert "Cara Diaz" in _today(kith, "2026-03-20")
    kith.ok("source", "add", "ics", url, "--me", ME, "--name", "google")
    assert "1 upcoming" in kith.ok("sync", as_of="2026-03-20").stdout
    assert "Cara Diaz" not in _today(kith, "2026-03-25")
    assert "Cara Diaz" in _today(kith, "2026-03-26")
    kith.ok("sync", as_of="2026-03-26")
    assert _meetings(kith, "cara@example.com") == [("2026-03-25", "Dinner")]


def test_a_moved_occurrence_written_in_utc_is_dated_in_its_series_zone(kith, tmp_path):
    """A series in New York whose moved occurrence (or extra date) is written in UTC, in a
    calendar that names no zone of its own: it happened on the day the calendar showed,
    the series' day, not the next one in UTC."""
    _people(kith)
    master = _event("u@x", "DTSTART;TZID=America/New_York:20260105T190000",
                    "RRULE:FREQ=WEEKLY;COUNT=2", "RDATE:20260108T000000Z")  # fmt: skip
    rid = "RECURRENCE-ID;TZID=America/New_York:20260112T190000"
    moved = _event("u@x", "DTSTART:20260114T000000Z", rid, summary="moved")
    body = f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:x\n{NY}{master}{moved}END:VCALENDAR\n"
    path = tmp_path / "mixed.ics"
    path.write_bytes(body.replace("\n", "\r\n").encode())
    kith.ok("import", "ics", str(path), "--me", ME, as_of="2026-03-20")
    assert _meetings(kith, "ann@example.com") == [
        ("2026-01-05", "Ann / me"), ("2026-01-07", "Ann / me"), ("2026-01-13", "moved")
    ]  # fmt: skip
