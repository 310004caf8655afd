"""R13 events: conferences and meetups, and the people met there.

People met at an event are contacts with "met at EVENT" (``how_met``) and a link
in ``event_contacts``; the agenda reads that link to put a follow-up within three
days of the event (reason ``event_followup``). Meeting someone is not logged as
an interaction: the follow-up is the first touch.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from kithkin import clock
from kithkin.core import bounds
from kithkin.core.book import contacts, lookup
from kithkin.core.book.contacts import ContactInput
from kithkin.core.book.eventdays import FOLLOW_UP_DAYS as FOLLOW_UP_DAYS
from kithkin.core.book.eventdays import FOLLOW_UP_EXPIRES as FOLLOW_UP_EXPIRES
from kithkin.core.book.eventdays import follow_up_open as follow_up_open
from kithkin.core.book.eventdays import latest_events
from kithkin.core.userinput import as_id
from kithkin.errors import Ambiguous, BadInput, NotFound
from kithkin.store.tables import Contact, Event, EventContact


def add(s: Session, name: str, held_on: date, place: str | None = None) -> Event:
    clean = " ".join(name.split())
    if not clean:
        raise BadInput("an event needs a name")
    event = Event(name=clean, held_on=held_on, place=(place or "").strip() or None)
    s.add(event)
    s.flush()
    return event


def resolve(s: Session, ref: str) -> Event:
    """An event by id or by its name (:func:`kithkin.core.book.lookup.resolve`)."""
    return lookup.resolve(
        s,
        Event,
        ref,
        what="event",
        name=Event.name,
        label=lambda e: f"#{e.id} {e.name} ({e.held_on})",
        order=(Event.held_on.desc(), Event.id),
    )


@dataclass
class Met:
    contact: Contact
    created: bool


def met(s: Session, event: Event, refs: list[str]) -> list[Met]:
    """Link the people met at ``event``; a name that matches nobody becomes a new contact."""
    if not refs:
        raise BadInput("name at least one person you met")
    if event.held_on > clock.today():
        raise BadInput(
            f"{event.name} is on {event.held_on}, after today: record whom you "
            "met once it has happened"
        )
    label = f"met at {event.name}"
    out: list[Met] = []
    for ref in refs:
        try:
            person = contacts.resolve(s, ref)
            created = False
        except Ambiguous:
            raise
        except NotFound:
            if as_id(ref) is not None or "@" in ref:
                raise
            person = contacts.add_contact(s, ContactInput(name=ref, how_met=label))
            created = True
        if person.is_me:
            raise BadInput("you cannot meet yourself at an event")
        out.append(Met(person, created))
    already = set(
        s.scalars(select(EventContact.contact_id).where(EventContact.event_id == event.id))
    )
    new_links = []
    for m in out:
        c = m.contact
        if c.met_at_event_id is None:
            c.met_at_event_id = event.id
        if not c.how_met:
            c.how_met = label
        if c.id not in already:
            new_links.append({"event_id": event.id, "contact_id": c.id})
            already.add(c.id)
    if new_links:
        s.execute(insert(EventContact), new_links)
    s.flush()
    return out


def people(s: Session, event_id: int) -> list[Contact]:
    return list(
        s.scalars(
            select(Contact)
            .join(EventContact, EventContact.contact_id == Contact.id)
            .where(EventContact.event_id == event_id)
            .order_by(Contact.display_name)
        )
    )


def record(s: Session, event: Event) -> dict[str, Any]:
    met_here = people(s, event.id)
    return {
        "id": event.id,
        "name": event.name,
        "date": event.held_on.isoformat(),
        "place": event.place,
        "follow_up_by": (bounds.after(event.held_on, FOLLOW_UP_DAYS)).isoformat(),
        "people": [{"id": c.id, "name": c.display_name} for c in met_here],
    }


def recent(s: Session, today: date, horizon_end: date) -> dict[int, tuple[date, str]]:
    """Per contact, the latest event (date, name) whose follow-up may still be due."""
    q = (
        select(EventContact.contact_id, Event.held_on, Event.name)
        .join(Event, Event.id == EventContact.event_id)
        .where(
            Event.held_on >= today - timedelta(days=FOLLOW_UP_EXPIRES),
            Event.held_on <= horizon_end,
        )
        .order_by(Event.held_on, Event.id)
    )
    return latest_events(s.execute(q).tuples(), today, horizon_end)


def listing(s: Session) -> list[dict[str, Any]]:
    rows = s.scalars(select(Event).order_by(Event.held_on.desc(), Event.id.desc()))
    return [record(s, e) for e in rows]
