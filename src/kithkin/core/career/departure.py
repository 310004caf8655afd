"""R14 leaving well: a dated, stored plan for leaving an organization.

The steps follow seed 004: keep the search confidential until the offer and the
start date are confirmed; tell the boss first, face to face or by video, no later
than the notice date; keep the notice short and positive; ask how to tell the
team and clients, and whether you would be eligible for rehire; collect the
personal contact details of the colleagues you keep before the work accounts
close; thank mentors personally and ask them to connect on LinkedIn; a positive
farewell on the last day; then R1's first touch (its days are
:data:`kithkin.core.agenda.cadence.FIRST_TOUCH_DAYS`).

Dates: the notice date is the last day minus the notice period (14 days by
default, never less). What is refused and what only warns is decided here, as a
user would expect (see docs/departure.md):

- refused: a notice period under 14 days; a start date before the last day; a
  future last day whose notice date has already passed (the plan could not be
  kept: the message names the earliest last day that can);
- warned: a last day before today (recording a departure that already happened:
  the plan is still useful for what is left, and earlier steps show as overdue), or
  today itself (the notice was given before kithkin heard of it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from kithkin import clock
from kithkin.core import bounds
from kithkin.core.agenda.cadence import FIRST_TOUCH_DAYS
from kithkin.core.book import contacts, jobs, orgs
from kithkin.core.userinput import as_id
from kithkin.errors import BadInput, NotFound
from kithkin.store.tables import (
    Contact,
    ContactEmail,
    DepartureStep,
    Organization,
    Position,
    Relationship,
)

MIN_NOTICE_DAYS = 14

# Mail providers never taken for an organization's own domain.
PUBLIC_MAIL = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "yahoo.com",
    "icloud.com", "me.com", "aol.com", "proton.me", "protonmail.com", "gmx.com", "gmx.de",
    "mail.com", "fastmail.com", "yandex.com", "zoho.com", "hey.com", "web.de",
})  # fmt: skip


@dataclass
class Departure:
    """What ``kith leave`` did: the plan, and the warnings to show."""

    org: Organization
    last_day: date
    notice_date: date
    steps: list[DepartureStep]
    warnings: list[str] = field(default_factory=list)


def my_employers(s: Session) -> list[str]:
    """The organizations you could be leaving: where you work now first, then the latest."""
    today = clock.today()
    rows = s.execute(
        select(Organization.name, Position.start_date, Position.end_date)
        .join(Position, Position.org_id == Organization.id)
        .join(Contact, Contact.id == Position.contact_id)
        .where(Contact.is_me.is_(True))
    ).all()

    def order(row: Any) -> tuple[bool, date, date]:
        _name, start, end = row
        return (end is None or end >= today, end or date.max, start or date.min)

    names: list[str] = []
    for name, _, _ in sorted(rows, key=order, reverse=True):
        if name not in names:
            names.append(name)
    return names


def _my_position(s: Session, me: Contact, org: Organization) -> Position:
    mine = [p for p in me.positions if p.org_id == org.id]
    if not mine:
        raise BadInput(
            f"you have no position at {org.name}; record your job there first",
            hint=f"kith job add me --org {org.name!r} --start DATE",
        )
    return max(
        mine, key=lambda p: (p.end_date is None, p.end_date or date.min, p.start_date or date.min)
    )


def _check_dates(
    last_day: date, notice_days: int, start_date: date | None, today: date
) -> list[str]:
    bounds.check_days(notice_days, "a notice period")
    if notice_days < MIN_NOTICE_DAYS:
        raise BadInput(
            f"a notice period of {notice_days} day{'s' if notice_days != 1 else ''} is less "
            f"than the two weeks R14 asks for; give --notice-days {MIN_NOTICE_DAYS} or more"
        )
    if start_date is not None and start_date < last_day:
        raise BadInput(f"start date {start_date} is before your last day {last_day}")
    notice_date = last_day - timedelta(days=notice_days)
    if last_day < today:
        return [
            f"your last day {last_day} is already past: recording a departure that has "
            "happened; the steps dated before today show as overdue until you mark them done"
        ]
    if last_day == today and notice_date < today:
        # Not a future last day whose notice can no longer be given: the notice was.
        return [
            f"your last day {last_day} is today: recording a departure under way; the "
            "steps dated before today show as overdue until you mark them done"
        ]
    if notice_date < today:
        earliest = today + timedelta(days=notice_days)
        raise BadInput(
            f"the notice date {notice_date} ({notice_days} days before {last_day}) has passed; "
            f"to give {notice_days} days' notice from today, choose a last day on or after "
            f"{earliest}"
        )
    return []


def leave(
    s: Session,
    org_name: str,
    last_day: date,
    notice_days: int = MIN_NOTICE_DAYS,
    new_org: str | None = None,
    start_date: date | None = None,
    new_title: str | None = None,
) -> Departure:
    """End my position at ``org_name`` on ``last_day`` and (re)build its dated plan.

    Run again for the same organization, it replaces the plan and keeps the steps
    already marked done.
    """
    if (new_org is None) != (start_date is None):
        raise BadInput("the new organization and its start date go together: give both or neither")
    today = clock.today()
    warnings = _check_dates(last_day, notice_days, start_date, today)
    me = contacts.me(s)
    org = orgs.find(s, org_name)
    if org is None:
        raise NotFound(f"unknown organization {org_name!r}: you have no position there")
    position = _my_position(s, me, org)
    if position.start_date is not None and last_day < position.start_date:
        raise BadInput(
            f"last day {last_day} is before you started at {org.name} ({position.start_date})"
        )
    position.end_date = last_day
    if new_org is not None and start_date is not None:
        _start_new_job(s, me, new_org, start_date, new_title, org)
    notice_date = last_day - timedelta(days=notice_days)
    done = {st.key: st.done_on for st in steps_for(s, org.id)}
    s.execute(delete(DepartureStep).where(DepartureStep.org_id == org.id))
    steps = _build_steps(s, org, me, last_day, notice_date, start_date, new_org)
    for i, st in enumerate(steps):
        st.position = i
        st.done_on = done.get(st.key)
        s.add(st)
    s.flush()
    return Departure(org, last_day, notice_date, steps, warnings)


def _start_new_job(
    s: Session, me: Contact, name: str, start: date, title: str | None, old: Organization
) -> None:
    new = orgs.find_or_create(s, name)
    if new.id == old.id:
        raise BadInput(f"the new organization {name!r} is the organization you are leaving")
    existing = [p for p in me.positions if p.org_id == new.id and p.end_date is None]
    if existing:
        existing[0].start_date = start
        if title:
            existing[0].title = title
        return
    jobs.add_position(s, me, new.name, title, start, None)


def _build_steps(
    s: Session,
    org: Organization,
    me: Contact,
    last_day: date,
    notice_date: date,
    start_date: date | None,
    new_org: str | None,
) -> list[DepartureStep]:
    kept = kept_colleagues(s, org, me)
    bosses = bosses_at(s, org, kept)
    mentors = mentors_at(s, org)
    work_only = work_email_only(s, org, kept)
    no_linkedin = [c for c in kept if not any(u.kind == "linkedin" for u in c.urls)]
    linkedin = list({c.id: c for c in [*mentors, *no_linkedin]}.values())
    after_notice = notice_date + timedelta(days=1)

    def within(d: date) -> date:
        return min(max(d, after_notice), last_day)

    confirmed = f" ({new_org} from {start_date})" if new_org and start_date else ""
    n = org.name
    rows: list[tuple[str, str, date, list[Contact]]] = [
        (
            "confidential",
            f"Keep your job search confidential, even from close work friends, "
            f"until the offer and the start date are confirmed{confirmed}",
            notice_date,
            [],
        ),
        (
            "tell_boss",
            f"Tell your boss first, in person or by video call, not by email or "
            f"text, no later than {notice_date}",
            notice_date,
            bosses,
        ),
        (
            "notice",
            f"Give notice at {n}: short and positive (a new opportunity that fits your "
            f"goals better), no negative reasons, emotion zero; last day {last_day}",
            notice_date,
            bosses,
        ),
        (
            "ask_guidance",
            "Ask your boss how and when to tell the team and the clients",
            notice_date,
            bosses,
        ),
        (
            "ask_rehire",
            f"Ask whether you would be eligible for rehire at {n}, and record the answer",
            within(notice_date + timedelta(days=7)),
            bosses,
        ),
        (
            "collect_contacts",
            "Collect personal contact details of the colleagues you keep "
            "before your work accounts close (these have only a work email)",
            within(last_day - timedelta(days=3)),
            work_only,
        ),
        (
            "thank_mentors",
            "Thank your mentors, trainers and the people who gave you chances, personally",
            within(last_day - timedelta(days=2)),
            mentors,
        ),
        (
            "connect_linkedin",
            "Ask them to connect on LinkedIn",
            within(last_day - timedelta(days=1)),
            linkedin,
        ),
        (
            "farewell",
            "A positive farewell on your last day: thank colleagues for their support "
            "and the chances to grow; nothing negative about the company or anyone",
            last_day,
            [],
        ),
        (
            "first_touch",
            f"First touch with each colleague you keep, by email, within "
            f"{FIRST_TOUCH_DAYS} days (R1; they appear on today's agenda)",
            last_day + timedelta(days=FIRST_TOUCH_DAYS),
            kept,
        ),
    ]
    return [
        DepartureStep(
            org_id=org.id, key=k, title=t, due=d, contact_ids=",".join(str(c.id) for c in people)
        )
        for k, t, d, people in rows
    ]


def kept_colleagues(s: Session, org: Organization, me: Contact) -> list[Contact]:
    """Colleagues at ``org`` the user keeps in touch with (tracked, not do-not-contact)."""
    ids = jobs.colleague_ids(s, org.id, me.id)
    if not ids:
        return []
    people = s.scalars(
        select(Contact)
        .where(Contact.id.in_(ids))
        .options(
            selectinload(Contact.emails),
            selectinload(Contact.urls),
            selectinload(Contact.relationships),
        )
        .order_by(Contact.display_name)
    )
    return [c for c in people if c.tier != "none" and not c.do_not_contact]


def bosses_at(s: Session, org: Organization, kept: list[Contact]) -> list[Contact]:
    """Current managers among the colleagues there; any current manager otherwise."""
    managers = [
        c for c in kept if any(r.type == "manager" and r.until is None for r in c.relationships)
    ]
    if managers:
        return managers
    return list(
        s.scalars(
            select(Contact)
            .join(Relationship)
            .where(Relationship.type == "manager", Relationship.until.is_(None))
            .order_by(Contact.display_name)
        ).unique()
    )


def mentors_at(s: Session, org: Organization) -> list[Contact]:
    """Everyone who was ever a mentor or manager to the user and worked at ``org`` with them."""
    me = contacts.me(s)
    ids = set(jobs.colleague_ids(s, org.id, me.id))
    tied = s.scalars(
        select(Contact)
        .join(Relationship)
        .where(Relationship.type.in_(("mentor", "manager")))
        .order_by(Contact.display_name)
    ).unique()
    return [c for c in tied if c.id in ids and not c.do_not_contact]


def work_domains(s: Session, org: Organization) -> set[str]:
    """The email domains that belong to ``org``, derived from the addresses people hold.

    A domain is the organization's when most of the contacts using it worked
    there (personal providers are shared across employers), or when its first
    label is a word of the organization's name.
    """
    at_org = set(s.scalars(select(Position.contact_id).where(Position.org_id == org.id)))
    users: dict[str, set[int]] = {}
    for cid, email in s.execute(select(ContactEmail.contact_id, ContactEmail.email)):
        users.setdefault(email.rsplit("@", 1)[-1], set()).add(cid)
    words = set(orgs.normalize(org.name).split())
    joined = "".join(orgs.normalize(org.name).split())
    out: set[str] = set()
    for domain, people in users.items():
        if domain in PUBLIC_MAIL:
            continue
        inside = len(people & at_org)
        label = domain.split(".")[0].replace("-", "")
        named = label in words or label == joined
        if (inside and named) or (inside >= 2 and inside * 2 > len(people)):
            out.add(domain)
    return out


def work_email_only(s: Session, org: Organization, kept: list[Contact]) -> list[Contact]:
    """Kept colleagues whose every address is at the organization's domain(s)."""
    domains = work_domains(s, org)
    if not domains:
        return []
    return [
        c for c in kept if c.emails and all(e.email.rsplit("@", 1)[-1] in domains for e in c.emails)
    ]


def steps_for(s: Session, org_id: int) -> list[DepartureStep]:
    return list(
        s.scalars(
            select(DepartureStep)
            .where(DepartureStep.org_id == org_id)
            .order_by(DepartureStep.position, DepartureStep.id)
        )
    )


def _latest_plan_org_id(s: Session) -> int | None:
    row = s.execute(
        select(DepartureStep.org_id)
        .where(DepartureStep.key == "farewell")
        .order_by(DepartureStep.due.desc(), DepartureStep.id.desc())
        .limit(1)
    ).first()
    return None if row is None else int(row[0])


def has_plan(s: Session) -> bool:
    """Whether any departure has been planned (``kith plan --json`` prints ``[]`` if not)."""
    return _latest_plan_org_id(s) is not None


def latest_plan_org(s: Session, org_name: str | None = None) -> Organization:
    """The organization whose plan ``kith plan`` shows: the one named, else the latest."""
    if org_name is not None:
        org = orgs.find(s, org_name)
        if org is None or not steps_for(s, org.id):
            raise NotFound(f"no departure plan for {org_name!r}", hint="kith leave makes one")
        return org
    org_id = _latest_plan_org_id(s)
    if org_id is None:
        raise NotFound("no departure plan yet", hint="kith leave ORG --last-day DATE makes one")
    org = s.get(Organization, org_id)
    assert org is not None
    return org


def mark_done(
    s: Session, org: Organization, key: str, on: date | None = None, undo: bool = False
) -> DepartureStep:
    steps = {st.key: st for st in steps_for(s, org.id)}
    k = key.strip().lower().replace("-", "_")
    if (n := as_id(k)) is not None and 1 <= n <= len(steps):
        k = list(steps)[n - 1]
    if k not in steps:
        raise BadInput(
            f"unknown step {key!r}: expected one of {', '.join(steps)} or 1-{len(steps)}"
        )
    step = steps[k]
    step.done_on = None if undo else (on or clock.today())
    s.flush()
    return step


def step_contacts(s: Session, step: DepartureStep) -> list[Contact]:
    ids = [int(x) for x in step.contact_ids.split(",") if x]
    if not ids:
        return []
    found = {c.id: c for c in s.scalars(select(Contact).where(Contact.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


def step_record(s: Session, step: DepartureStep) -> dict[str, Any]:
    """The JSON of one step (``kith leave --json`` and ``kith plan --json``)."""
    today = clock.today()
    return {
        "key": step.key,
        "title": step.title,
        "due": step.due.isoformat(),
        "done": step.done_on is not None,
        "done_on": step.done_on.isoformat() if step.done_on else None,
        "overdue": step.done_on is None and step.due < today,
        "contacts": [{"id": c.id, "name": c.display_name} for c in step_contacts(s, step)],
    }
