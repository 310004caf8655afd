"""``kith show``'s record of one contact made from that contact's plain rows
(:mod:`kithkin.store.showread`), with the rules every face uses: R2's cadence, R4's
balance, the health of :mod:`kithkin.core.agenda.strength` and the next reason of
:mod:`kithkin.core.agenda.windows`, over the facts of
:mod:`kithkin.core.agenda.ownfacts`. No SQLAlchemy: ``kith show`` answers before the
application loads (:mod:`kithkin.cli.quickshow`).

The keys are a public contract (users' scripts read ``kith show --json``): add keys
freely, never rename or drop one.

:func:`kithkin.core.views.contact_detail` is this record of the rows read through the
session, so every face prints the same. ``tests/test_quick_show.py`` holds the facts
equal to :func:`kithkin.core.agenda.facts.load`'s, the health and next reason to
:func:`kithkin.core.agenda.health.contact_health`'s and
:func:`kithkin.core.agenda.planner.reason_for`'s (the agenda's own network-wide
readers), on both backends, on generated networks across the rules' boundary days.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import TYPE_CHECKING, Any

from kithkin.core import settings
from kithkin.core.agenda import boundaries, cadence, reciprocity, strength
from kithkin.core.agenda.factrecord import Facts
from kithkin.core.agenda.ownfacts import facts_of
from kithkin.core.agenda.windows import REASON_DAYS, build, next_reason
from kithkin.core.book import occasiondays
from kithkin.core.book.eventdays import latest_events
from kithkin.core.book.spans import latest_of

if TYPE_CHECKING:
    from kithkin.store.showread import Rows

_FACT_COLUMNS = (
    "tier",
    "cadence_days",
    "preferred_channel",
    "do_not_contact",
    "paused",
    "snoozed_until",
    "reset_on",
    "min_interval_days",
    "created_on",
)


class _Position:
    """A position row as :func:`latest_of` reads it."""

    __slots__ = ("end_date", "id", "org", "start_date", "title")

    def __init__(self, row: tuple[int, str, str | None, date | None, date | None]) -> None:
        self.id, self.org, self.title, self.start_date, self.end_date = row


def record(r: Rows, today: date) -> dict[str, Any]:
    """What ``kith show --json`` prints of the contact whose rows are ``r`` (the user's
    own record has no health nor agenda: those are of relationships)."""
    c = r.contact
    tiers = settings.tier_cadences_of(r.settings)
    positions = [_Position(p) for p in r.positions]
    latest = latest_of(positions, today)
    f = facts_of(
        Facts(c["id"], c["display_name"], *(c[k] for k in _FACT_COLUMNS)),
        r.links,
        r.meetings,
        today,
    )
    end = cadence.shared_ends(((c["id"], *j) for j in r.shared_jobs), today).get(c["id"])
    natures = [(i[1], i[6], i[4]) for i in r.interactions]
    return {
        **summary_row(
            c["id"],
            c["display_name"],
            r.emails,
            latest.org if latest else None,
            latest.title if latest else None,
            c["tier"],
        ),
        "given_name": c["given_name"],
        "family_name": c["family_name"],
        "nickname": c["nickname"],
        "phones": [phone for phone, _ in r.phones],
        "phones_as_written": [raw or phone for phone, raw in r.phones],
        "urls": [{"url": url, "kind": kind} for url, kind in r.urls],
        "tags": r.tags,
        "cadence_days": c["cadence_days"],
        # R7: doubled after three unanswered outreaches, as the health part says.
        "effective_cadence_days": boundaries.doubled(cadence.effective_cadence(f, tiers), f),
        "preferred_channel": c["preferred_channel"],
        "location": c["location"],
        "time_zone": c["time_zone"],
        "how_met": c["how_met"],
        "birthday": c["birthday"],
        "connected_on": iso(c["connected_on"]),
        "notes": c["notes"],
        "boundaries": {
            "min_interval_days": c["min_interval_days"],
            "professional_only": c["professional_only"],
            "do_not_contact": c["do_not_contact"],
            "paused": c["paused"],
            "snoozed_until": iso(c["snoozed_until"]),
        },
        "personal_details": [
            {"id": i, "category": category, "fact": fact, "learned_on": iso(on)}
            for i, category, fact, on in r.details
        ],
        "relationships": [
            {"id": i, "type": kind, "since": iso(since), "until": iso(until), "note": note}
            for i, kind, since, until, note in r.relationships
        ],
        "positions": [
            {"id": p.id, **position(p.org, p.title, p.start_date, p.end_date)} for p in positions
        ],
        "occasions": [
            {"id": i, "kind": kind, "date": on.isoformat(), "note": note}
            for i, kind, on, note in r.occasions
        ],
        "interactions": [
            interaction(*i, r.topics.get(i[0], []), r.people.get(i[0], [])) for i in r.interactions
        ],
        "balance": reciprocity.balance_of(natures, today),
        "health": None
        if c["is_me"]
        else strength.record(f, tiers, _state(r, f, tiers, end, today), today),
        "agenda": None if c["is_me"] else _next(r, f, tiers, end, today),
    }


def _state(
    r: Rows, f: Facts, tiers: dict[str, int | None], end: tuple[date, str] | None, today: date
) -> str:
    occ = _occasions(r, f, tiers, today, today)
    met = latest_events(((f.contact_id, *e) for e in r.events), today, today)
    return strength.state(f, tiers, end, occ, met.get(f.contact_id), today)


def _next(
    r: Rows, f: Facts, tiers: dict[str, int | None], end: tuple[date, str] | None, today: date
) -> dict[str, Any] | None:
    last = today + timedelta(days=REASON_DAYS)
    occ = _occasions(r, f, tiers, today, last)
    met = latest_events(((f.contact_id, *e) for e in r.events), today, last).get(f.contact_id)
    return next_reason(build(f, tiers, end, occ, met, today), today)


def _occasions(
    r: Rows, f: Facts, tiers: dict[str, int | None], today: date, horizon_end: date
) -> list[occasiondays.Due]:
    """:func:`kithkin.core.book.occasions.recent_occasions` of this one contact."""
    c = r.contact
    return occasiondays.of_one(
        [(on, kind, note) for _, kind, on, note in reversed(r.occasions)],
        c["birthday"],
        [(start, end, org) for _, org, _, start, end in r.positions],
        tracked=tiers.get(c["tier"]) is not None or c["cadence_days"] is not None,
        do_not_contact=c["do_not_contact"],
        personal=settings.birthdays_in(r.settings) or not c["professional_only"],
        today=today,
        horizon_end=horizon_end,
    )


def summary_row(
    cid: int, name: str, emails: list[str], org: str | None, title: str | None, tier: str
) -> dict[str, Any]:
    """The row ``kith list --json`` prints (see :mod:`kithkin.core.book.listing`), and the
    head of ``kith show``'s record."""
    return {"id": cid, "name": name, "emails": emails, "org": org, "title": title, "tier": tier}


def position(
    org: str | None, title: str | None, start: date | None, end: date | None
) -> dict[str, Any]:
    """A position as every face prints it (``org`` None: a title held at no organization)."""
    return {"org": org, "title": title, "start": iso(start), "end": iso(end)}


def interaction(
    iid: int,
    on: date,
    at: time | None,
    channel: str,
    direction: str,
    kind: str,
    nature: str,
    subject: str | None,
    note: str | None,
    source: str,
    topics: list[str],
    people: list[tuple[int, str]] | None = None,
) -> dict[str, Any]:
    """An interaction as every face prints it; ``people`` (id, name) when they are asked for."""
    out: dict[str, Any] = {
        "id": iid,
        "date": on.isoformat(),
        "time": at.isoformat(timespec="minutes") if at else None,
        "channel": channel,
        "direction": direction,
        "kind": kind,
        "nature": nature,
        "subject": subject,
        "note": note,
        "topics": topics,
        "source": source,
    }
    if people is not None:
        out["with"] = [{"id": pid, "name": name} for pid, name in people]
    return out


def iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None
