"""kith import mbox / ics: emails and meetings with people you know become interactions."""

from __future__ import annotations

from pathlib import Path

from conftest import dump
from importing_support import LOCAL
from kithkin.formats import mbox

MBOX = LOCAL / "gmail_takeout_duplicates_and_from_line_dates.mbox"
ICS = LOCAL / "calendar_past_future_cancelled_meetings.ics"
AS_OF = "2026-03-01"


def _alice(kith) -> None:
    kith.ok("add", "Alice Known", "--email", "alice@example.com", as_of=AS_OF)


def test_mbox_adapter():
    batch = mbox.parse(MBOX.read_bytes(), MBOX.name, {"me@example.org"})
    keys = [r.source_key for r in batch.interactions]
    # Takeout's second copy of a1 is still there: the import service dedupes by Message-ID.
    assert keys == ["a1@mail.example.org", "a1@mail.example.org", "a2@mail.example.com",
                    "c1@unknown.example"]  # fmt: skip
    first, _, reply, carol = batch.interactions
    assert first.subject == "Café plans" and first.direction == "outbound"
    assert (reply.occurred_on.isoformat(), str(reply.occurred_at)) == ("2026-02-02", "09:15:00")
    assert [p.email for p in reply.parties] == ["alice@example.com"]
    assert carol.occurred_at is not None and str(carol.occurred_at) == "11:00:00"  # in UTC
    assert sorted(s.reason.split(" (")[0] for s in batch.skipped) == [
        "neither from nor to you",
        "spam",
    ]
    assert first.note is None  # no body unless asked
    body = mbox.parse(MBOX.read_bytes(), MBOX.name, {"me@example.org"}, with_body=True)
    assert body.interactions[0].note.startswith("Shall we meet on Friday?")


def test_mbox_import(kith):
    _alice(kith)
    out = kith.ok("import", "mbox", str(MBOX), "--me", "me@example.org", "--list-unknown",
                  "--json", as_of=AS_OF).json()  # fmt: skip
    assert out["interactions"] == {"new": 2, "known": 1, "unmatched": 1}
    assert out["unknown"] == [{"who": "carol@unknown.example", "count": 1}]
    alice = kith.ok("show", "Alice", "--json").json()
    got = [(i["date"], i["direction"], i["channel"], i["kind"], i["subject"])
           for i in alice["interactions"]]  # fmt: skip
    assert got == [
        ("2026-02-02", "inbound", "email", "checkin", "Re: Café plans"),
        ("2026-01-15", "outbound", "email", "checkin", "Café plans"),
    ]
    assert kith.ok("show", "me", "--json").json()["emails"] == ["me@example.org"]
    before = dump(kith.url)
    # Second run: --me is remembered, nothing changes.
    again = kith.ok("import", "mbox", str(MBOX), "--json", as_of=AS_OF).json()
    assert again["interactions"]["new"] == 0
    assert dump(kith.url) == before


def test_mbox_add_unknown(kith):
    out = kith.ok("import", "mbox", str(MBOX), "--me", "me@example.org", "--add-unknown",
                  "--json", as_of=AS_OF).json()  # fmt: skip
    assert out["contacts"]["new"] == 2  # Alice and Carol (Bob was only copied)
    carol = kith.ok("show", "carol@unknown.example", "--json").json()
    assert carol["name"] == "Carol Stranger" and carol["tier"] == "none"
    assert carol["interactions"][0]["direction"] == "inbound"


def test_mbox_needs_my_address(kith):
    kith.ok("list")
    before = dump(kith.url)
    assert "--me" in kith.bad("import", "mbox", str(MBOX)).stderr
    assert dump(kith.url) == before


def test_not_an_mbox(kith, tmp_path: Path):
    kith.ok("list")
    before = dump(kith.url)
    assert "not an mbox file" in kith.bad("import", "mbox", str(ICS), "--me", "me@x.org").stderr
    assert "not an iCalendar file" in kith.bad("import", "ics", str(MBOX), "--me",
                                               "me@x.org").stderr  # fmt: skip
    assert dump(kith.url) == before


def test_ics_import(kith):
    _alice(kith)
    out = kith.ok("import", "ics", str(ICS), "--me", "me@example.org", "--json",
                  as_of=AS_OF).json()  # fmt: skip
    assert out["interactions"]["new"] == 2
    reasons = sorted(s["reason"] for s in out["skipped"])
    assert reasons == ["event 'Cancelled lunch': cancelled", "event 'Focus time': nobody but you"]
    assert [s["line"] for s in out["skipped"]] == [27, 35]  # their BEGIN:VEVENT lines
    alice = kith.ok("show", "Alice", "--json").json()
    got = [(i["date"], i["time"], i["direction"], i["channel"], i["subject"])
           for i in alice["interactions"]]  # fmt: skip
    assert got == [
        ("2026-01-20", None, "inbound", "meeting", "Offsite"),
        ("2026-01-10", "14:00", "outbound", "meeting", "Coffee with Alice"),
    ]
    before = dump(kith.url)
    kith.ok("import", "ics", str(ICS), "--me", "me@example.org", as_of=AS_OF)
    assert dump(kith.url) == before
    # Once the future meeting has happened, it is imported too.
    later = kith.ok("import", "ics", str(ICS), "--json", as_of="2026-12-02").json()
    assert later["interactions"]["new"] == 1


def test_a_calendar_of_personal_events_reports_them_in_one_short_line(kith, tmp_path: Path):
    """A Google Calendar export is mostly your own events (the dentist, the gym), each
    skipped as "nobody but you": past the first 20, the summary counted them by title,
    one entry per event, a line of hundreds of titles."""
    events = "".join(
        "BEGIN:VEVENT\r\n"
        f"UID:personal-{n}@google.com\r\nDTSTART:202601{n + 1:02d}T090000Z\r\n"
        f"DTEND:202601{n + 1:02d}T100000Z\r\nSUMMARY:Dentist: appointment {n}\r\n"
        "ORGANIZER;CN=me@example.org:mailto:me@example.org\r\nEND:VEVENT\r\n"
        for n in range(25)
    )
    cal = tmp_path / "me@example.org.ics"
    cal.write_text(
        "BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
        f"VERSION:2.0\r\n{events}END:VCALENDAR\r\n",
        newline="",
    )
    out = kith.ok("import", "ics", str(cal), "--me", "me@example.org", as_of=AS_OF).stdout
    assert out.splitlines()[-1] == (
        "  ... and 5 more skipped (5 event: nobody but you); --json lists them all"
    )


def test_an_event_you_neither_attend_nor_organise_is_skipped(kith, tmp_path: Path):
    """An export of a colleague's calendar (or one shared with you) holds their meetings:
    with an attendee list that has none of your addresses, the event is not yours."""
    _alice(kith)
    cal = tmp_path / "bob.ics"
    cal.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        "BEGIN:VEVENT\r\nUID:bob-alice@example.org\r\nDTSTART:20260105T090000Z\r\n"
        "SUMMARY:Bob / Alice\r\nORGANIZER:mailto:bob@example.net\r\n"
        "ATTENDEE:mailto:alice@example.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        newline="",
    )
    out = kith.ok("import", "ics", str(cal), "--me", "me@example.org", "--json",
                  as_of=AS_OF).json()  # fmt: skip
    assert out["interactions"]["new"] == 0
    assert [s["reason"] for s in out["skipped"]] == [
        "event 'Bob / Alice': without you (no attendee has one of your --me addresses)"
    ]


def test_a_stranger_in_cc_is_no_message_with_nobody_you_know(kith, tmp_path: Path):
    """Priya wrote to you with a stranger in Cc: one message, logged with Priya. The
    light touch (R10) the Cc would give the stranger is nobody's, and no message of
    the count 'with nobody you know', which counts messages that went unlogged."""
    kith.ok("add", "Priya Raman", "--email", "priya@example.com")
    box = tmp_path / "mail.mbox"
    box.write_bytes(
        b"From priya@example.com Mon Feb  2 10:00:00 2026\n"
        b"From: Priya Raman <priya@example.com>\nTo: me@example.org\n"
        b"Cc: Stranger <stranger@elsewhere.example>\n"
        b"Date: Mon, 02 Feb 2026 10:00:00 +0000\nMessage-ID: <p1@example.com>\n"
        b"Subject: Intro\n\nHello\n\n"
        b"From nobody@lists.example Tue Feb  3 10:00:00 2026\n"
        b"From: List <nobody@lists.example>\nTo: me@example.org\n"
        b"Date: Tue, 03 Feb 2026 10:00:00 +0000\nMessage-ID: <l1@lists.example>\n"
        b"Subject: News\n\nNews\n"
    )
    out = kith.ok("import", "mbox", str(box), "--me", "me@example.org", "--json",
                  as_of=AS_OF).json()  # fmt: skip
    assert out["interactions"] == {"new": 1, "known": 0, "unmatched": 1}  # the list's
