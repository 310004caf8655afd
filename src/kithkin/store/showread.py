"""One contact's rows: what ``kith show`` prints and what its rules read.

Plain SQL that both backends run: through the session (:func:`through_session`, for
:func:`kithkin.core.views.contact_detail` on SQLite and PostgreSQL) and through a
read-only ``sqlite3`` connection before the application loads
(:mod:`kithkin.cli.quickshow`). The rows come back alike either way (dates as
:class:`date`, flags as ``bool``, in the orders of the ORM's relationships), and
:func:`kithkin.core.book.shown.record` makes the record of them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# An interaction as read: (id, day, time, channel, direction, kind, nature, subject, note,
# source).
Interaction = tuple[int, date, time | None, str, str, str, str, str | None, str | None, str]

# Runs one query with named parameters (``:cid``) and gives its rows.
Run = Callable[[str, dict[str, Any]], Sequence[Sequence[Any]]]

_CONTACT = (
    "id, is_me, display_name, given_name, family_name, nickname, tier, cadence_days,"
    " preferred_channel, location, time_zone, how_met, birthday, connected_on, notes,"
    " min_interval_days, professional_only, do_not_contact, paused, snoozed_until,"
    " reset_on, created_on"
)
_BOOLS = ("is_me", "professional_only", "do_not_contact", "paused")
_DATES = ("connected_on", "snoozed_until", "reset_on", "created_on")


@dataclass
class Rows:
    """Everything ``kith show`` reads of one contact."""

    contact: dict[str, Any]
    emails: list[str] = field(default_factory=list)
    phones: list[tuple[str, str | None]] = field(default_factory=list)  # (phone, raw)
    urls: list[tuple[str, str]] = field(default_factory=list)  # (url, kind)
    tags: list[str] = field(default_factory=list)
    details: list[tuple[int, str, str, date | None]] = field(default_factory=list)
    relationships: list[tuple[int, str, date | None, date | None, str | None]] = field(
        default_factory=list
    )
    # (id, organization, title, start, end), earliest start first (unknown first).
    positions: list[tuple[int, str, str | None, date | None, date | None]] = field(
        default_factory=list
    )
    occasions: list[tuple[int, str, date, str | None]] = field(default_factory=list)  # newest first
    # Newest first.
    interactions: list[Interaction] = field(default_factory=list)
    topics: dict[int, list[str]] = field(default_factory=dict)
    people: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    links: list[tuple[date, str, bool, str, str, int]] = field(default_factory=list)
    meetings: list[date] = field(default_factory=list)
    events: list[tuple[date, str]] = field(default_factory=list)  # in the order held
    # (my start, my end, their start, their end, organization) at a shared organization.
    shared_jobs: list[tuple[date | None, date | None, date | None, date | None, str]] = field(
        default_factory=list
    )
    settings: dict[str, str] = field(default_factory=dict)


def through_session(s: Session) -> Run:
    """:data:`Run` through the session's connection (whatever it holds unflushed first)."""
    from sqlalchemy import text

    def run(sql: str, params: dict[str, Any]) -> Sequence[Sequence[Any]]:
        s.flush()
        return s.connection().execute(text(sql), params).all()

    return run


def read(run: Run, contact_id: int) -> Rows | None:
    """The rows of contact ``contact_id``; ``None`` when there is none."""
    found = run(f"SELECT {_CONTACT} FROM contacts WHERE id = :cid", {"cid": contact_id})
    if not found:
        return None
    names = [n.strip() for n in _CONTACT.split(",")]
    contact = dict(zip(names, found[0], strict=True))
    for name in _BOOLS:
        contact[name] = bool(contact[name])
    for name in _DATES:
        contact[name] = _day(contact[name])
    one = {"cid": contact_id}

    def rows(sql: str) -> Sequence[Sequence[Any]]:
        return run(sql, one)

    out = Rows(contact)
    out.emails = [
        r[0] for r in rows("SELECT email FROM contact_emails WHERE contact_id = :cid ORDER BY id")
    ]
    out.phones = [
        (phone, raw)
        for phone, raw in rows(
            "SELECT phone, raw FROM contact_phones WHERE contact_id = :cid ORDER BY id"
        )
    ]
    out.urls = [
        (url, kind)
        for url, kind in rows(
            "SELECT url, kind FROM contact_urls WHERE contact_id = :cid ORDER BY id"
        )
    ]
    out.tags = [
        r[0] for r in rows("SELECT tag FROM contact_tags WHERE contact_id = :cid ORDER BY tag")
    ]
    out.details = [
        (i, category, fact, _day(on))
        for i, category, fact, on in rows(
            "SELECT id, category, fact, learned_on FROM personal_details"
            " WHERE contact_id = :cid ORDER BY id"
        )
    ]
    out.relationships = [
        (i, kind, _day(since), _day(until), note)
        for i, kind, since, until, note in rows(
            "SELECT id, type, since, until, note FROM relationships"
            " WHERE contact_id = :cid ORDER BY id"
        )
    ]
    out.positions = [
        (i, org, title, _day(start), _day(end))
        for i, org, title, start, end in rows(
            "SELECT p.id, o.name, p.title, p.start_date, p.end_date FROM positions p"
            " LEFT JOIN organizations o ON o.id = p.org_id WHERE p.contact_id = :cid"
            " ORDER BY p.start_date ASC NULLS FIRST, p.id"
        )
    ]
    out.occasions = [
        (i, kind, _must_day(on), note)
        for i, kind, on, note in rows(
            "SELECT id, kind, occurred_on, note FROM occasions WHERE contact_id = :cid"
            " ORDER BY occurred_on DESC, id DESC"
        )
    ]
    out.interactions = [
        (i, _must_day(on), _time(at), channel, way, kind, nature, subject, note, source)
        for i, on, at, channel, way, kind, nature, subject, note, source in rows(
            "SELECT i.id, i.occurred_on, i.occurred_at, i.channel, i.direction, i.kind,"
            " i.nature, i.subject, i.note, i.source FROM interactions i"
            " JOIN interaction_contacts l ON l.interaction_id = i.id WHERE l.contact_id = :cid"
            " ORDER BY i.occurred_on DESC, i.id DESC"
        )
    ]
    mine = " IN (SELECT interaction_id FROM interaction_contacts WHERE contact_id = :cid)"
    for iid, topic in rows(
        f"SELECT interaction_id, topic FROM interaction_topics WHERE interaction_id{mine}"
        " ORDER BY interaction_id, topic"
    ):
        out.topics.setdefault(iid, []).append(topic)
    for iid, cid, name in rows(
        "SELECT l.interaction_id, c.id, c.display_name FROM interaction_contacts l"
        f" JOIN contacts c ON c.id = l.contact_id WHERE l.interaction_id{mine}"
        " ORDER BY l.interaction_id, l.contact_id"
    ):
        out.people.setdefault(iid, []).append((cid, name))
    out.links = [
        (_must_day(on), way, bool(light), nature, channel, iid)
        for on, way, light, nature, channel, iid in rows(
            "SELECT occurred_on, direction, light, nature, channel, interaction_id"
            " FROM interaction_contacts WHERE contact_id = :cid"
        )
    ]
    out.meetings = [
        _must_day(r[0]) for r in rows("SELECT day FROM upcoming_meetings WHERE contact_id = :cid")
    ]
    out.events = [
        (_must_day(on), name)
        for on, name in rows(
            "SELECT e.held_on, e.name FROM event_contacts x JOIN events e ON e.id = x.event_id"
            " WHERE x.contact_id = :cid ORDER BY e.held_on, e.id"
        )
    ]
    out.shared_jobs = [
        (_day(a), _day(b), _day(c), _day(d), org)
        for a, b, c, d, org in rows(
            "SELECT mine.start_date, mine.end_date, theirs.start_date, theirs.end_date, o.name"
            " FROM positions theirs JOIN positions mine ON mine.org_id = theirs.org_id"
            " JOIN contacts me ON me.id = mine.contact_id"
            " JOIN organizations o ON o.id = theirs.org_id"
            " WHERE theirs.contact_id = :cid AND me.is_me AND theirs.contact_id != me.id"
            " AND (mine.end_date IS NOT NULL OR theirs.end_date IS NOT NULL)"
        )
    ]
    out.settings = {str(k): str(v) for k, v in run("SELECT key, value FROM settings", {})}
    return out


def _day(value: object) -> date | None:
    """A day as SQLite stores it (ISO text) or as PostgreSQL gives it."""
    if value is None or isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"not a stored day: {value!r}")  # the caller goes the whole way
    return date.fromisoformat(value)


def _must_day(value: object) -> date:
    day = _day(value)
    if day is None:
        raise ValueError("a day missing where one is required")
    return day


def _time(value: object) -> time | None:
    if value is None or isinstance(value, time):
        return value
    if not isinstance(value, str):
        raise ValueError(f"not a stored time: {value!r}")
    return time.fromisoformat(value)
