"""kith import ics on calendars as programs write them: series expanded occurrence by
occurrence (RRULE, RDATE, EXDATE, moved and cancelled ones, time zones), several
VCALENDARs in one file, broken events skipped with their reason, and no library noise."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import dump
from importing_support import LOCAL
from kithkin.formats import ics, recurrence

AS_OF = "2026-03-01"
TODAY = date(2026, 3, 1)
ME = {"me@example.org"}
OUTLOOK = LOCAL / "outlook_weekly_exdate_rdate_moved_cancelled_windows_tzid.ics"
GOOGLE = LOCAL / "google_biweekly_across_dst_until_utc_override.ics"
SEVERAL = LOCAL / "several_vcalendars_concatenated_with_a_repeated_event.ics"
BROKEN = LOCAL / "broken_events_two_dtstart_bad_date_bad_rrule_bad_end.ics"
TZIDS = LOCAL / "evolution_mozilla_globally_unique_tzids_bom_lf.ics"
KITH = str(Path(sys.executable).with_name("kith"))


def _read(path: Path, today: date = TODAY):
    return ics.parse(path.read_bytes(), path.name, ME, today)


def test_weekly_series_every_week_it_happened():
    batch = _read(OUTLOOK)
    got = [(r.occurred_on.isoformat(), str(r.occurred_at), r.subject) for r in batch.interactions]
    assert got == [
        ("2026-01-05", "09:30:00", "Alice / me 1:1"),
        ("2026-01-08", "16:00:00", "Alice / me 1:1"),  # the RDATE
        ("2026-01-12", "09:30:00", "Alice / me 1:1"),
        # 01-19 is an EXDATE; 01-26 moved to Tuesday 01-27 by its override
        ("2026-01-27", "11:00:00", "Alice / me 1:1 (moved to Tuesday)"),
        ("2026-02-02", "09:30:00", "Alice / me 1:1"),
        # 02-09 cancelled; 02-23 moved after today (its RECURRENCE-ID in UTC)
        ("2026-02-16", "09:30:00", "Alice / me 1:1"),
    ]
    assert {r.direction for r in batch.interactions} == {"outbound"}
    keys = [r.source_key for r in batch.interactions]
    assert len(set(keys)) == len(keys)
    # The moved one keeps the key of the time it was planned (in UTC, whatever zone it
    # is written in): a later move is the same one.
    assert keys[3].endswith("|2026-01-26T08:30:00Z")
    assert [(s.line, s.reason) for s in batch.skipped] == [
        (61, "event 'Canceled: Alice / me 1:1': cancelled")
    ]


def test_time_zones_across_daylight_saving_and_utc_until():
    batch = _read(GOOGLE)
    got = [(r.occurred_on.isoformat(), str(r.occurred_at)) for r in batch.interactions]
    # 17:00 New York before and after the change of 2 November; UNTIL in UTC includes 12-01.
    assert got == [("2025-10-20", "17:00:00"), ("2025-11-03", "17:00:00"),
                   ("2025-11-18", "09:00:00"), ("2025-12-01", "17:00:00")]  # fmt: skip
    assert all(p.email == "dana@example.net" for r in batch.interactions for p in r.parties)
    assert {r.direction for r in batch.interactions} == {"inbound"}


def test_several_vcalendars_are_all_read_and_a_repeated_event_counts_once():
    batch = _read(SEVERAL)
    assert [r.subject for r in batch.interactions] == ["Lunch with Alice", "Workshop"]
    assert batch.skipped == []


def test_broken_events_are_skipped_with_their_reason_the_rest_is_read():
    batch = _read(BROKEN)
    assert [r.subject for r in batch.interactions] == [
        "Ends before it starts", "Unreadable end", "Fine"]  # fmt: skip
    assert [str(r.occurred_at) for r in batch.interactions] == ["10:00:00"] * 3
    assert [(s.line, s.reason.split(" (")[0]) for s in batch.skipped] == [
        (4, "event 'Two starts': 2 DTSTART lines in one event"),
        (12, "event 'Bad date': unreadable DTSTART"),
        (19, "event 'Bad rule': unreadable RRULE"),
        (27, "event 'No start': no start"),
    ]


def test_globally_unique_tzids_a_bom_and_bare_lf():
    batch = _read(TZIDS)
    got = [(r.subject, str(r.occurred_at)) for r in batch.interactions]
    assert got == [("Dinner with Alice", "18:00:00"), ("Call with Dana", "09:00:00")]
    # The guess is told in kithkin's words (once per process: the library caches it).
    assert all("read as America/New_York" in w for w in batch.warnings)


def test_cli_reports_broken_events_and_exit_0(kith):
    kith.ok("add", "Alice Known", "--email", "alice@example.com", as_of=AS_OF)
    run = kith.ok("import", "ics", str(BROKEN), "--me", "me@example.org", as_of=AS_OF)
    assert "interactions: 3 new" in run.stdout
    assert "line 4: event 'Two starts': 2 DTSTART lines in one event" in run.stdout
    assert run.stderr == ""


def test_not_a_calendar_at_all_is_exit_2(kith, tmp_path: Path):
    kith.ok("list")
    before = dump(kith.url)
    junk = tmp_path / "notes.ics"
    junk.write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:x\r\nEND:VCARD\r\n")
    assert "not an iCalendar file" in kith.bad("import", "ics", str(junk), "--me",
                                               "me@example.org").stderr  # fmt: skip
    junk.write_bytes(b"BEGIN:VCALENDAR\r\nthis is : not\r\n\x00\x01")
    kith.bad("import", "ics", str(junk), "--me", "me@example.org")
    assert dump(kith.url) == before


def test_reimport_changes_nothing_and_a_later_day_adds_only_the_new_weeks(kith):
    kith.ok("add", "Alice Known", "--email", "alice@example.com", as_of=AS_OF)
    first = kith.ok("import", "ics", str(OUTLOOK), "--me", "me@example.org", "--json",
                    as_of=AS_OF).json()  # fmt: skip
    assert first["interactions"]["new"] == 6
    before = dump(kith.url)
    again = kith.ok("import", "ics", str(OUTLOOK), "--json", as_of=AS_OF).json()
    assert again["interactions"] == {"new": 0, "known": 6, "unmatched": 0}
    assert dump(kith.url) == before
    # A week later the moved 02-23 occurrence (now 03-03) and 03-02 have happened.
    later = kith.ok("import", "ics", str(OUTLOOK), "--json", as_of="2026-03-08").json()
    assert later["interactions"]["new"] == 2
    alice = kith.ok("show", "Alice", "--json").json()
    assert len([i for i in alice["interactions"] if i["channel"] == "meeting"]) == 8


def test_no_library_warning_reaches_stderr(tmp_path: Path):
    """A real process: Python prints warnings on stderr unless they are caught."""
    env = {**os.environ, "KITH_DB": str(tmp_path / "k.db"), "PYTHONWARNINGS": "always"}
    env.pop("KITH_HOME", None)
    for path in (TZIDS, BROKEN, OUTLOOK):
        argv = [KITH, "--as-of", AS_OF, "import", "ics", str(path), "--me", "me@example.org"]
        out = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
        assert out.returncode == 0, out.stderr
        assert out.stderr == "", out.stderr


def test_hostile_rule_is_cut_not_endless():
    cal = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n"
        b"DTSTART:20200101T000000Z\r\nRRULE:FREQ=SECONDLY\r\nSUMMARY:tick\r\n"
        b"ORGANIZER:mailto:me@example.org\r\nATTENDEE:mailto:a@example.com\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    batch = ics.parse(cal, "tick.ics", ME, TODAY)
    assert len(batch.interactions) == recurrence.MAX_PER_SERIES
    assert any("repeats more than" in w for w in batch.warnings)


# ---- properties: the expansion agrees with a plain count, and re-reading is stable ------


def _weekly(start: date, weeks: int, exdates: set[int], moved: dict[int, int],
            cancelled: set[int]) -> bytes:  # fmt: skip
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//kithkin tests//EN", "BEGIN:VEVENT",
             "UID:series@example.org", f"DTSTART;TZID=Europe/Paris:{start:%Y%m%d}T093000",
             f"RRULE:FREQ=WEEKLY;COUNT={weeks}", "SUMMARY:weekly",
             "ATTENDEE:mailto:alice@example.com", "ORGANIZER:mailto:me@example.org"]  # fmt: skip
    lines += [f"EXDATE;TZID=Europe/Paris:{start + timedelta(weeks=w):%Y%m%d}T093000"
              for w in sorted(exdates)]  # fmt: skip
    lines.append("END:VEVENT")
    for w in sorted(set(moved) | cancelled):
        rid = start + timedelta(weeks=w)
        new = rid + timedelta(days=moved.get(w, 0))
        lines += [
            "BEGIN:VEVENT",
            "UID:series@example.org",
            f"RECURRENCE-ID;TZID=Europe/Paris:{rid:%Y%m%d}T093000",
            f"DTSTART;TZID=Europe/Paris:{new:%Y%m%d}T150000",
            "SUMMARY:weekly",
            "ATTENDEE:mailto:alice@example.com",
            "ORGANIZER:mailto:me@example.org",
        ]
        lines += ["STATUS:CANCELLED"] if w in cancelled else []
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


series = st.integers(1, 40).flatmap(
    lambda weeks: st.tuples(
        st.dates(date(2024, 1, 1), date(2026, 2, 1)),
        st.just(weeks),
        st.sets(st.integers(0, weeks - 1), max_size=5),
        st.dictionaries(st.integers(0, weeks - 1), st.integers(-3, 3), max_size=4),
        st.sets(st.integers(0, weeks - 1), max_size=3),
    )
)


@settings(max_examples=60, deadline=None)
@given(case=series)
def test_expansion_property(case):
    start, weeks, exdates, moved, cancelled = case
    data = _weekly(start, weeks, exdates, moved, cancelled)
    batch = ics.parse(data, "w.ics", ME, TODAY)
    expected = set()
    for w in range(weeks):
        if w in exdates or w in cancelled:
            continue
        day = start + timedelta(weeks=w) + timedelta(days=moved.get(w, 0))
        if day < TODAY:
            expected.add((day, "15:00:00" if w in moved else "09:30:00"))
    got = [(r.occurred_on, str(r.occurred_at)) for r in batch.interactions]
    assert sorted(got) == sorted(expected)  # each occurrence once, none after today
    keys = [r.source_key for r in batch.interactions]
    assert len(keys) == len(set(keys))
    again = ics.parse(data, "w.ics", ME, TODAY)
    assert [r.source_key for r in again.interactions] == keys


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(case=series)
def test_reimport_changes_nothing_property(kith, tmp_path_factory, case):
    path = tmp_path_factory.mktemp("ics") / "w.ics"
    path.write_bytes(_weekly(*case))
    if kith("show", "alice@example.com").exit_code != 0:
        kith.ok("add", "Alice Known", "--email", "alice@example.com", as_of=AS_OF)
    kith.ok("import", "ics", str(path), "--me", "me@example.org", as_of=AS_OF)
    before = dump(kith.url)
    kith.ok("import", "ics", str(path), "--me", "me@example.org", as_of=AS_OF)
    assert dump(kith.url) == before


def test_a_tzid_naming_a_folder_of_the_time_zone_database_is_bad_input():
    """TZID=Europe is a folder in tzdata: zoneinfo raised IsADirectoryError through
    icalendar, a traceback instead of one line naming the file (found by make fuzz)."""
    from kithkin.errors import BadInput

    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x@example.org\r\n"
        b"DTSTART;TZID=Europe:20260105T100000\r\nSUMMARY:1:1\r\n"
        b"ATTENDEE:mailto:ann@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    with pytest.raises(BadInput, match=r"odd\.ics"):
        ics.parse(data, "odd.ics", ME, TODAY)


def test_google_calendars_export_zip_and_a_takeout_folder_of_ics_files(kith, tmp_path: Path):
    """Google Calendar's Settings → Export gives ``you@gmail.com.ical.zip`` with one .ics
    per calendar; Takeout gives a folder of them: both are read whole, as their files are."""
    import zipfile

    kith.ok("add", "Alice Known", "--email", "alice@example.com", as_of=AS_OF)
    kith.ok("add", "Dana Known", "--email", "dana@example.net", as_of=AS_OF)
    export = tmp_path / "me@gmail.example.ical.zip"
    with zipfile.ZipFile(export, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("me@gmail.example.ics", GOOGLE.read_bytes())
        zf.writestr("Work_abc123@group.calendar.google.com.ics", OUTLOOK.read_bytes())
    expected = len(_read(GOOGLE).interactions) + len(_read(OUTLOOK).interactions)
    out = kith.ok("import", "ics", str(export), "--me", "me@example.org", "--json",
                  as_of=AS_OF).json()  # fmt: skip
    assert out["interactions"] == {"new": expected, "known": 0, "unmatched": 0}
    before = dump(kith.url)
    folder = tmp_path / "Takeout" / "Calendar"
    folder.mkdir(parents=True)
    (folder / "me@gmail.example.ics").write_bytes(GOOGLE.read_bytes())
    (folder / "Work.ics").write_bytes(OUTLOOK.read_bytes())
    (folder / "README.txt").write_text("not a calendar")
    again = kith.ok("import", "ics", str(folder), "--json", as_of=AS_OF).json()
    assert again["interactions"] == {"new": 0, "known": expected, "unmatched": 0}
    assert dump(kith.url) == before
    empty = tmp_path / "empty.zip"
    with zipfile.ZipFile(empty, "w") as zf:
        zf.writestr("notes.txt", "nothing here")
    assert "no .ics file" in kith.bad("import", "ics", str(empty)).stderr
    assert dump(kith.url) == before
