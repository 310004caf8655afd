"""Every occurrence of a calendar's events up to a day: the one expansion kithkin has.

A weekly one-on-one is a conversation every week it happened, so a calendar is read
occurrence by occurrence, not event by event. ``recurring_ical_events`` does the
RFC 5545 work (RRULE, RDATE, EXDATE, RECURRENCE-ID overrides, VTIMEZONEs); this
module adds what an importer needs around it:

- broken events (two DTSTART lines, an unreadable start or rule) are left out one
  by one with a reason, and never sink the rest of the file;
- each occurrence has a stable key, ``UID|`` its RECURRENCE-ID (its original start)
  in UTC, or its date for an all-day event, so a re-import, an occurrence moved
  later, or the same calendar written in another zone (Google writes UTC, Apple and
  CalDAV servers a TZID) is still the same one (:func:`_keyed`);
- cancelled occurrences (a cancelled series, or a cancelled override) are not
  returned, and are reported once per component, never once per week;
- a hostile rule (every second since 1970) is cut at :data:`MAX_PER_SERIES`;
- library warnings never reach stderr: the one worth telling (a guessed time zone)
  comes back as a note in kithkin's words;
- a time written in UTC in a calendar that names its zone (``X-WR-TIMEZONE``, as
  Google's secret address and exports do) is the day and time in that zone, what
  the calendar showed.

Used by :mod:`kithkin.formats.ics` and by the calendar sources (CalDAV, ICS URLs),
which hand over the ``Calendar`` objects they fetched.
"""

from __future__ import annotations

import re
import warnings
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar, Component

from kithkin.errors import BadInput

# Occurrences kept per series: a daily meeting for thirteen years. Past it the rule is
# not a meeting (FREQ=SECONDLY from 1970) and expanding it would never end.
MAX_PER_SERIES = 5000
# Properties whose damage makes the occurrences unknowable: the series is left out.
VITAL = ("DTSTART", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID")
# Properties that only say when it ends: dropped when unreadable, the event still happened.
ENDS = ("DTEND", "DURATION")
LINE_PROP = "X-KITHKIN-LINE"  # the source line of a component, carried into its copies
_FIRST_SPAN = timedelta(hours=1)
# Wall-clock times of one series may be written in zones up to 14 hours apart.
_WIDEST_OFFSET = timedelta(hours=14)
_BUSY_WINDOW = 256  # occurrences in one window above which the window stops growing


@dataclass(frozen=True)
class Occurrence:
    """One occurrence of an event, with its overrides applied."""

    uid: str
    key: str  # "UID|" the original start, in UTC: stable across re-imports, moves and zones
    start: date | datetime  # as the calendar says: a date, a floating or an aware datetime
    event: Component  # the occurrence's own properties (SUMMARY, ATTENDEE, ORGANIZER...)
    line: int  # the line of the component it comes from (the override's, when moved)
    former_key: str | None = None  # an aware one's key before keys were made in UTC

    @property
    def day(self) -> date:
        """The day it happened, in its own time zone (what the calendar showed)."""
        return self.start.date() if isinstance(self.start, datetime) else self.start

    @property
    def at(self) -> time | None:
        """Wall-clock time in its own time zone; ``None`` for an all-day event."""
        if isinstance(self.start, datetime):
            return self.start.time().replace(microsecond=0, tzinfo=None)
        return None


@dataclass(frozen=True)
class Left:
    """A component left out, with the reason a user reads."""

    line: int
    summary: str | None
    reason: str


@dataclass
class Expansion:
    occurrences: list[Occurrence] = field(default_factory=list)
    left: list[Left] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read(data: bytes, name: str) -> tuple[list[Calendar], Expansion]:
    """Every VCALENDAR of a file (RFC 5545 allows several), each component tagged with
    its line; raises :class:`BadInput` only when the file is not a calendar at all."""
    if b"BEGIN:VCALENDAR" not in data[:4096].upper():
        raise BadInput(f"{name}: not an iCalendar file (no BEGIN:VCALENDAR)")
    out = Expansion()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            parsed = Calendar.from_ical(data, multiple=True)
        except (ValueError, IndexError, KeyError, TypeError, AttributeError, OSError) as exc:
            # OSError: a TZID naming a folder of the time-zone database ("Europe")
            raise BadInput(f"{name}: not a readable iCalendar file ({_short(exc)})") from None
    out.notes.extend(_notes(caught))
    cals = [c for c in parsed if isinstance(c, Calendar) and c.name == "VCALENDAR"]
    if not cals:
        raise BadInput(f"{name}: not an iCalendar file (no VCALENDAR object in it)")
    lines = iter(
        n for n, ln in enumerate(data.splitlines(), 1) if ln.strip().upper() == b"BEGIN:VEVENT"
    )
    for cal in cals:
        for event in cal.walk("VEVENT"):
            event[LINE_PROP] = str(next(lines, 0))
    return cals, out


def expand(calendars: Iterable[Calendar], until: date, into: Expansion | None = None) -> Expansion:
    """The occurrences of every event that started before ``until``, each once, sorted.

    Components of one UID make a series (within its own VCALENDAR, as CalDAV stores
    them); the same occurrence met again in another VCALENDAR of the file counts once.
    """
    out = into or Expansion()
    seen: set[str] = set()
    found: list[Occurrence] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for cal in calendars:
            zones = list(cal.walk("VTIMEZONE"))
            shown = _calendar_zone(cal)
            for uid, parts in _series(cal).items():
                for occ in _occurrences(uid, parts, zones, until, out, shown):
                    if occ.key not in seen:
                        seen.add(occ.key)
                        found.append(occ)
    out.notes.extend(n for n in _notes(caught) if n not in out.notes)
    found.sort(key=lambda o: (o.day, o.at or time.min, o.key))
    out.occurrences.extend(found)
    return out


def _series(cal: Calendar) -> dict[str, list[Component]]:
    groups: dict[str, list[Component]] = defaultdict(list)
    for n, event in enumerate(cal.walk("VEVENT")):
        uid = str(event.get("UID") or "").strip()
        groups[uid or f"\0{n}"].append(event)  # no UID: a series of its own
    return groups


def _line(c: Component) -> int:
    try:
        return int(str(c.get(LINE_PROP) or 0))
    except ValueError:
        return 0


def summary_of(c: Component) -> str | None:
    return " ".join(str(c.get("SUMMARY") or "").split()) or None


def _broken(c: Component) -> str | None:
    """Why a component cannot be expanded, or ``None``; unreadable ends are dropped."""
    bad = {str(prop or "").upper(): msg for prop, msg in getattr(c, "errors", [])}
    for prop in ENDS:
        if prop in bad:
            del c[prop]
    start = c.get("DTSTART")
    if start is None:
        return "no start"
    if isinstance(start, list):
        return f"{len(start)} DTSTART lines in one event"
    for prop in VITAL:
        if prop in bad:
            return f"unreadable {prop} ({_short(bad[prop])})"
    if not isinstance(getattr(start, "dt", None), date):
        return "unreadable DTSTART"
    if isinstance(c.get("RECURRENCE-ID"), list):
        return "several RECURRENCE-ID lines in one event"
    _drop_bad_end(c, start.dt)
    return None


def _drop_bad_end(c: Component, start: date) -> None:
    """An end before the start, or several, says nothing reliable: the event still
    happened at its start (the library would otherwise swap the two)."""
    end = c.get("DTEND")
    if end is None:
        return
    try:
        wrong = isinstance(end, list) or end.dt < start or type(end.dt) is not type(start)
    except (TypeError, AttributeError):  # aware against floating, or not a time at all
        wrong = True
    if wrong:
        del c["DTEND"]
    if isinstance(c.get("DURATION"), list):
        del c["DURATION"]


def _calendar_zone(cal: Calendar) -> tzinfo | None:
    """The zone a calendar names for itself (``X-WR-TIMEZONE``), or ``None``."""
    name = str(cal.get("X-WR-TIMEZONE") or "").strip()
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ValueError, OSError, KeyError):  # no such zone (ZoneInfoNotFoundError), or a path
        return None


def _occurrences(
    uid: str,
    parts: list[Component],
    zones: Sequence[Component],
    until: date,
    out: Expansion,
    shown: tzinfo | None = None,
) -> list[Occurrence]:
    good: list[Component] = []
    for c in parts:
        why = _broken(c)
        if why is None:
            good.append(c)
        else:
            out.left.append(Left(_line(c), summary_of(c), why))
    masters = [c for c in good if c.get("RECURRENCE-ID") is None]
    if any(_cancelled(c) for c in masters):
        first = min(_day(_at(c, "DTSTART")) for c in masters)
        if first < until:
            for c in masters:
                out.left.append(Left(_line(c), summary_of(c), "cancelled"))
        return []
    for c in good:
        rid = c.get("RECURRENCE-ID")
        if rid is not None and _cancelled(c) and _day(_at(c, "RECURRENCE-ID")) < until:
            out.left.append(Left(_line(c), summary_of(c), "cancelled"))
    if not good:
        return []
    _timed_rids(good, masters)
    try:
        components = _expand(good, zones, until)
    except Exception as exc:
        for c in masters or good:
            out.left.append(Left(_line(c), summary_of(c), f"unreadable repetition ({_short(exc)})"))
        return []
    if len(components) > MAX_PER_SERIES:
        name = summary_of(good[0]) or uid
        out.notes.append(
            f"event {name!r} repeats more than {MAX_PER_SERIES} times: the first "
            f"{MAX_PER_SERIES} are kept"
        )
        components = components[:MAX_PER_SERIES]
    return _keyed(uid, components, until, shown or _zone_of(masters))


def _zone_of(masters: list[Component]) -> tzinfo | None:
    """The zone a series is written in (its DTSTART's TZID), ``None`` for UTC or none:
    where a calendar names no zone of its own, a moved occurrence or an extra date
    written in UTC is dated in it, as the calendar showed it."""
    for c in masters:
        start = _at(c, "DTSTART")
        if _aware(start) and start.utcoffset() is not None and start.tzname() != "UTC":
            return start.tzinfo  # type: ignore[no-any-return]
    return None


def _timed_rids(good: list[Component], masters: list[Component]) -> None:
    """A RECURRENCE-ID written as a date (``VALUE=DATE``) in a series with a time of day,
    as some Exchange and Lotus exports write it, names that day's occurrence: it is
    given the series' time and zone, so the override replaces it instead of adding one."""
    timed = next((t for t in (_at(c, "DTSTART") for c in masters) if isinstance(t, datetime)), None)
    if timed is None:
        return
    for c in good:
        rid = _at(c, "RECURRENCE-ID") if c.get("RECURRENCE-ID") is not None else None
        if isinstance(rid, date) and not isinstance(rid, datetime):
            del c["RECURRENCE-ID"]
            c.add("RECURRENCE-ID", datetime.combine(rid, timed.time(), timed.tzinfo))


def _expand(good: list[Component], zones: Sequence[Component], until: date) -> list[Component]:
    import recurring_ical_events

    sub = Calendar()
    sub.add("VERSION", "2.0")
    for z in zones:
        sub.add_component(z)
    for c in good:
        sub.add_component(c)
    query = recurring_ical_events.of(sub)
    first = min(_naive(_at(c, "DTSTART")) for c in good)
    for c in good:
        for rdate in _rdates(c):
            first = min(first, rdate)
    lo = first - _WIDEST_OFFSET
    hi_end = datetime.combine(until, time.min)
    if lo >= hi_end:
        return []
    if _at_most(good, (hi_end - lo).days + 1) <= 4 * MAX_PER_SERIES:
        return list(query.between(lo, hi_end))  # bounded: one pass is quickest
    # A rule can be endless: widen the window while it is quiet, stop at the cap.
    got: dict[str, Component] = {}
    span = _FIRST_SPAN
    while lo < hi_end and len(got) <= MAX_PER_SERIES:
        hi = min(lo + span, hi_end)
        window = query.between(lo, hi)
        for comp in window:
            got.setdefault(_rid_text(comp), comp)
        if len(window) > _BUSY_WINDOW:  # dense: the next window holds about as many
            span = max(span * _BUSY_WINDOW / len(window), timedelta(seconds=1))
        elif len(window) < _BUSY_WINDOW // 2:
            span *= 2
        lo = hi
    return sorted(got.values(), key=lambda comp: _naive(_at(comp, "DTSTART")))


def _at_most(good: list[Component], days: int) -> int:
    """An upper bound of the occurrences in ``days``: a daily-or-rarer rule without
    BYHOUR, BYMINUTE or BYSECOND happens at most once a day; anything else is unbounded."""
    n = 0
    for c in good:
        n += 1 + len(_rdates(c))
        rules = c.get("RRULE")
        for rule in rules if isinstance(rules, list) else [rules] if rules is not None else []:
            freq = [str(f).upper() for f in rule.get("FREQ", [])]
            if freq[:1] not in (["DAILY"], ["WEEKLY"], ["MONTHLY"], ["YEARLY"]) or any(
                k in rule for k in ("BYHOUR", "BYMINUTE", "BYSECOND")
            ):
                return 1 << 62
            n += days
    return n


def _keyed(
    uid: str, components: list[Component], until: date, shown: tzinfo | None = None
) -> list[Occurrence]:
    """Occurrences keyed by their original start: ``UID|2026-01-06T00:00:00Z``, the instant
    in UTC, whatever zone a calendar writes it in (Google writes a 19:00 America/New_York
    meeting as 00:00Z the next day, Apple and CalDAV servers with its TZID); an all-day
    or floating one, which no zone pins to an instant, ``UID|2026-01-05`` (with the time
    too for a second one on the same day, an RDATE in the afternoon). A start written in
    UTC is dated in the calendar's own zone ``shown`` where it names one. A floating
    RECURRENCE-ID of an event with a zone (as some clients write it) is in that zone.

    ``former_key`` is the key kithkin gave an aware one before (``UID|day`` as written in
    the start's zone): a database of then still knows the occurrence by it."""
    out: list[Occurrence] = []
    used: set[str] = set()
    used_before: set[str] = set()
    base = uid if not uid.startswith("\0") else None
    for comp in components:
        start = _at(comp, "DTSTART")
        when = _in(start, shown)
        if _day(when) >= until or _cancelled(comp):
            continue
        rid = _at(comp, "RECURRENCE-ID") if comp.get("RECURRENCE-ID") is not None else start
        if isinstance(rid, datetime) and rid.tzinfo is None and _aware(start):
            rid = rid.replace(tzinfo=start.tzinfo)  # written without the series' TZID
        series = base or f"{summary_of(comp)}|{_day(start).isoformat()}"
        former = None
        if isinstance(rid, datetime) and rid.tzinfo is not None:
            key: str | None = f"{series}|{rid.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}"
            key = None if key in used else key
            if key is not None:
                used.add(key)
                was = rid.astimezone(start.tzinfo) if _aware(start) else rid
                former = _by_day(series, was, used_before)
        else:
            key = _by_day(series, rid, used)
        if key is not None:
            out.append(Occurrence(series, key, when, comp, _line(comp), former))
    return out


def _aware(d: date | datetime) -> bool:
    return isinstance(d, datetime) and d.tzinfo is not None


def _by_day(series: str, rid: date | datetime, used: set[str]) -> str | None:
    """``series|day`` as written, with the time where the day is taken; ``None`` when
    both are."""
    key = f"{series}|{_day(rid).isoformat()}"
    if key in used and isinstance(rid, datetime):
        key = f"{key}T{rid.strftime('%H%M%S')}"
    if key in used:
        return None
    used.add(key)
    return key


def _in(start: date | datetime, zone: tzinfo | None) -> date | datetime:
    """A start written in UTC (``Z``) as the time in ``zone``; any other as written."""
    if zone is not None and isinstance(start, datetime) and start.tzname() == "UTC":
        return start.astimezone(zone)
    return start


def _rdates(c: Component) -> list[datetime]:
    values = c.get("RDATE")
    if values is None:
        return []
    out: list[datetime] = []
    for v in values if isinstance(values, list) else [values]:
        for d in getattr(v, "dts", []):
            dt = d.dt[0] if isinstance(d.dt, tuple) else d.dt  # a PERIOD: its start
            if isinstance(dt, date):
                out.append(_naive(dt))
    return out


def _at(c: Component, prop: str) -> Any:
    """The date or datetime of a property already checked by :func:`_broken`."""
    return getattr(c.get(prop), "dt", None)


def _cancelled(c: Component) -> bool:
    return str(c.get("STATUS") or "").strip().upper() == "CANCELLED"


def _day(d: date | datetime) -> date:
    return d.date() if isinstance(d, datetime) else d


def _naive(d: date | datetime) -> datetime:
    if isinstance(d, datetime):
        return d.replace(tzinfo=None)
    return datetime.combine(d, time.min)


def _rid_text(comp: Component) -> str:
    rid = comp.get("RECURRENCE-ID") or comp["DTSTART"]
    return str(rid.to_ical())


def _short(exc: object) -> str:
    text = " ".join(str(exc).split())
    return text[:120] or type(exc).__name__


_GUESSED = re.compile(r"Timezone '([^']+)' is a globally unique TZID; guessing it means '([^']+)'")


def _notes(caught: Iterable[warnings.WarningMessage]) -> list[str]:
    """Library warnings in kithkin's words; the ones a user cannot act on are dropped."""
    out: list[str] = []
    for w in caught:
        m = _GUESSED.search(str(w.message))
        if m:
            note = f"time zone {m[1]!r} read as {m[2]}"
            if note not in out:
                out.append(note)
    return out
