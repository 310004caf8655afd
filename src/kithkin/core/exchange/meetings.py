"""What one calendar occurrence is to kithkin: the rules every calendar source shares.

An ICS file (:mod:`kithkin.formats.ics`), an ICS URL and a CalDAV calendar
(``kith sync``) expand their events with :mod:`kithkin.formats.recurrence` and hand
each occurrence here, so a meeting counts the same whichever way it arrived, and
once: ``UID|`` its original start in UTC (its day when all-day) is its key in the
``calendar`` family of sources (:data:`kithkin.core.exchange.incoming.FAMILY`).

- The other people are the attendees and the organizer, never the user; someone
  who declined was not there. A calendar user is known by the ``EMAIL`` parameter
  where there is one (iCloud names people by a principal path or a ``urn:uuid:``
  and gives the address there), else by the ``mailto:`` address.
- An occurrence the user declined counts for nothing (cancelled ones never
  reach here: the expansion leaves them out).
- An event with an attendee list that none of the user's addresses attends or
  organises is someone else's (a colleague's calendar shared with the user, a team's
  subscribed): it counts for nothing. Without an attendee list, or without the
  user's addresses known, there is nothing to tell it by: it counts as before.
- Organised by the user is outbound, else inbound; the summary is the topic.
"""

from __future__ import annotations

from datetime import date, time
from typing import Any, Protocol

from kithkin.core.exchange.incoming import InteractionRecord, Party
from kithkin.core.userinput import email_key
from kithkin.core.vocabulary import Channel, Direction

DECLINED = "you declined"
NOT_YOURS = "without you (no attendee has one of your --me addresses)"


class Occurrence(Protocol):
    """One occurrence of an event (see :class:`kithkin.formats.recurrence.Occurrence`)."""

    @property
    def key(self) -> str: ...
    @property
    def event(self) -> Any: ...  # an icalendar Component
    @property
    def line(self) -> int: ...
    @property
    def day(self) -> date: ...
    @property
    def at(self) -> time | None: ...
    @property
    def former_key(self) -> str | None: ...


def _address(value: object) -> str:
    """The normalised address of a calendar user: its ``EMAIL`` parameter (RFC 7986),
    which iCloud writes beside a principal path, a ``urn:uuid:`` or a relay's
    ``mailto:``, else its ``mailto:`` value; "" when it is none."""
    email = email_key(str(getattr(value, "params", {}).get("EMAIL") or "").strip())
    return email or _mailto(value)


def _mailto(value: object) -> str:
    v = str(value or "").strip()
    if v.lower().startswith("mailto:"):
        v = v[7:]
    return email_key(v) or ""


def _is_mine(value: object, addr: str, mine: set[str]) -> bool:
    """Whether a calendar user is the user, by its ``EMAIL`` parameter or its value."""
    return addr in mine or _mailto(value) in mine


def _cn(value: object) -> str | None:
    cn = getattr(value, "params", {}).get("CN")
    return " ".join(str(cn).split()) or None if cn else None


def _declined(value: object) -> bool:
    return str(getattr(value, "params", {}).get("PARTSTAT", "")).upper() == "DECLINED"


def summary_of(event: Any) -> str | None:
    return " ".join(str(event.get("SUMMARY") or "").split()) or None


def parties(event: Any, mine: set[str]) -> tuple[list[Party], bool, bool, bool]:
    """The other people of an event (attendees who did not decline, and the organizer,
    never the user), whether the user organised it, whether the user declined, and
    whether it is someone else's (attendees listed, the user neither among them nor
    the organizer)."""
    organizer = event.get("ORGANIZER")
    if isinstance(organizer, list):
        organizer = organizer[0] if organizer else None
    org_addr = _address(organizer)
    organised = bool(org_addr) and _is_mine(organizer, org_addr, mine)
    attendees = event.get("ATTENDEE") or []
    if not isinstance(attendees, list):
        attendees = [attendees]
    people: dict[str, str | None] = {}
    i_declined = listed = attending = False
    for a in attendees:
        addr = _address(a)
        if not addr:
            continue
        listed = True
        if _is_mine(a, addr, mine):
            attending = True
            i_declined = i_declined or _declined(a)
        elif not _declined(a):
            people.setdefault(addr, _cn(a))
    if org_addr and not organised:
        people.setdefault(org_addr, _cn(organizer))
    others = bool(mine) and listed and not attending and not organised
    return [Party(name=cn, email=a) for a, cn in people.items()], organised, i_declined, others


def record_for(occ: Occurrence, mine: set[str], source: str) -> InteractionRecord | str:
    """The meeting an occurrence is, or the reason it is none."""
    people, organised, declined, others = parties(occ.event, mine)
    if declined:
        return DECLINED
    if others:
        return NOT_YOURS
    if not people:
        return "nobody but you"
    return InteractionRecord(
        line=occ.line,
        source=source,
        source_key=occ.key,
        occurred_on=occ.day,
        occurred_at=occ.at,
        channel=Channel.MEETING,
        direction=Direction.OUTBOUND if organised else Direction.INBOUND,
        parties=people,
        subject=summary_of(occ.event),
        former_key=occ.former_key,
    )
