"""The situations the demo's agenda should show on day one.

A manager and a mentor from the job just left, a reply owed, a promotion to
congratulate, first touches after leaving (R1), someone who only asks (R4), someone
who never answers (R7), a do-not-contact and a paused contact.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy.orm import Session

from kithkin.core.book import contacts, details, interactions, jobs
from kithkin.core.book.contacts import ContactInput
from kithkin.demo.resume import Job
from kithkin.store.tables import Contact, Occasion


def add(s: Session, rng: random.Random, people: list[tuple[Contact, Job]], today: date) -> None:
    """The situations the agenda should show on day one."""
    stark = [c for c, j in people if j.org == "Stark Industries"]
    boss, mentor = stark[0], stark[1]
    _tie_at_work(s, boss, "manager", "Stark Industries", today - timedelta(days=395))
    _tie_at_work(s, mentor, "mentor", "Stark Industries", today - timedelta(days=300))
    boss.tier = "close"
    waiting = stark[2]
    interactions.log(
        s,
        interactions.InteractionInput(
            contact_ids=[waiting.id],
            channel="email",
            kind="checkin",
            direction="inbound",
            occurred_on=today - timedelta(days=4),
            note="Asked how the new job is going",
        ),
    )
    others = [c for c, j in people if j.org != "Stark Industries" and c.tier != "none"]
    promoted = others[3]
    s.add(
        Occasion(
            contact_id=promoted.id,
            kind="promotion",
            occurred_on=today - timedelta(days=2),
            note="promoted to Director",
        )
    )
    _first_touches(s, rng, people, today, pending={stark[3].id})
    _asker(s, today)
    silent = others[6]  # R7: three outreaches in a row, no answer
    for back in (110, 80, 45):
        interactions.log(
            s,
            interactions.InteractionInput(
                contact_ids=[silent.id],
                channel="email",
                kind="checkin",
                direction="outbound",
                occurred_on=today - timedelta(days=back),
                note="no answer",
            ),
        )
    others[8].do_not_contact = True
    others[9].paused = True
    s.flush()


def _tie_at_work(s: Session, c: Contact, kind: str, org: str, wanted: date) -> None:
    """A tie formed at a shared job starts while you both worked there, never before."""
    me = contacts.me(s)
    spans = [
        span
        for mine in me.positions
        for theirs in c.positions
        if mine.org_name == org and (span := jobs.shared_span(mine, theirs))
    ]
    start, end = spans[0]
    since = max(wanted, start or wanted)
    if end is not None and since > end:
        since = start or end
    details.set_tie(s, c, kind, since)


def _first_touches(
    s: Session,
    rng: random.Random,
    people: list[tuple[Contact, Job]],
    today: date,
    pending: set[int],
) -> None:
    """Three weeks after leaving Stark, most colleagues have had their first email (R1)."""
    for c, job in people:
        if job.org != "Stark Industries" or c.tier == "none" or c.id in pending:
            continue
        ends = [p.end_date for p in c.positions if p.org_name == job.org and p.end_date]
        shared_end = min([*ends, job.end or today])
        if shared_end < today - timedelta(days=90) or shared_end >= today - timedelta(days=2):
            continue
        gap = (today - shared_end).days
        interactions.log(
            s,
            interactions.InteractionInput(
                contact_ids=[c.id],
                channel="email",
                kind="checkin",
                direction="outbound",
                occurred_on=shared_end + timedelta(days=rng.randint(1, min(gap - 1, 18))),
                note="first note since leaving Stark; kept it personal",
            ),
        )


def _asker(s: Session, today: date) -> None:
    """A former Globex colleague asked for help three times lately and given nothing (R4)."""
    c = contacts.add_contact(
        s,
        ContactInput(
            name="Marco Quinn",
            emails=["marco.quinn@globex.example"],
            tier="close",
            how_met="worked together at Globex Corporation",
            org="Globex Corporation",
            title="Staff Engineer",
        ),
    )
    history = [
        (200, "outbound", "catchup", "call"),
        (170, "inbound", "checkin", "email"),
        (140, "outbound", "catchup", "meeting"),
        (75, "outbound", "advice_ask", "email"),
        (73, "inbound", "help", "email"),
        (55, "outbound", "referral_ask", "email"),
        (53, "inbound", "help", "email"),
        (40, "outbound", "favor_ask", "call"),
        (39, "inbound", "help", "call"),
    ]
    for back, direction, kind, channel in history:
        interactions.log(
            s,
            interactions.InteractionInput(
                contact_ids=[c.id],
                channel=channel,
                kind=kind,
                direction=direction,
                occurred_on=today - timedelta(days=back),
            ),
        )
