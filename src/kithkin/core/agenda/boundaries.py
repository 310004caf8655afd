"""R7 boundaries: who must not be suggested, and until when.

"Keep the door open, don't take it personally": after UNANSWERED_LIMIT
outreaches in a row with no answer, the cadence doubles and the contact leaves
the agenda until they answer or the user runs ``kith reset``. Do-not-contact and
pause are the user's own word; a snooze hides someone up to and including its
date; a minimum interval is never undercut by an outreach suggestion.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from kithkin import clock
from kithkin.core import bounds
from kithkin.core.agenda.factrecord import Facts
from kithkin.core.userinput import parse_date
from kithkin.errors import BadInput

if TYPE_CHECKING:
    from kithkin.store.tables import Contact

UNANSWERED_LIMIT = 3


def silenced(f: Facts) -> bool:
    """R7: three outreaches in a row without an answer since the last reset."""
    return f.unanswered >= UNANSWERED_LIMIT


def do_not_contact_warning(contact: Contact, direction: str) -> str | None:
    """What to say when the user logs their own outreach to someone marked
    do-not-contact: it is still recorded (it happened), but the user said not to.
    What they sent the user needs no warning."""
    if not contact.do_not_contact or direction != "outbound":
        return None
    return (
        f"R7: {contact.display_name} is marked do-not-contact; logged anyway "
        f"(kith edit {contact.id} --contactable if that has changed)"
    )


def excluded(f: Facts) -> str | None:
    """Why the contact never appears on the agenda right now, or ``None``."""
    if f.do_not_contact:
        return "do_not_contact"
    if f.paused:
        return "paused"
    if silenced(f):
        return "no_reply"
    return None


def held_back(f: Facts) -> str | None:
    """Why the agenda leaves the contact out right now, in words; ``None`` if it does not."""
    why = excluded(f)
    if why == "do_not_contact":
        return "R7: marked do-not-contact; never suggested"
    if why == "paused":
        return "paused: not suggested until resumed"
    if why == "no_reply":
        return (
            f"R7: {f.unanswered} unanswered outreaches in a row; off the agenda until they "
            "answer or the count is reset"
        )
    if f.snoozed_until is not None and f.snoozed_until >= clock.today():
        return f"snoozed through {f.snoozed_until.isoformat()}"
    return None


def blocked_through(f: Facts, outreach: bool) -> date | None:
    """The last day the contact may not be suggested (snooze; R7 minimum interval).

    The minimum interval only holds back outreach; answering someone who wrote
    to you (R8) is not an outreach, so it waits only for a snooze.
    """
    last = f.snoozed_until
    held = interval_through(f) if outreach else None
    if held is not None and (last is None or held > last):
        last = held
    return last


def interval_through(f: Facts) -> date | None:
    """The last day the minimum interval holds back an outreach, or ``None``."""
    if f.min_interval_days and f.last_out is not None:
        return bounds.after(f.last_out, f.min_interval_days - 1)
    return None


def interval_note(f: Facts, opens: date) -> str:
    """What a suggestion held back by the minimum interval adds to its explanation."""
    return (
        f"; held back to {opens.isoformat()} by your {f.min_interval_days}-day minimum "
        "interval (R7)"
    )


def doubled(cadence: int | None, f: Facts) -> int | None:
    """R7: a silenced contact's cadence is twice its usual one."""
    if cadence is None:
        return None
    return cadence * 2 if silenced(f) else cadence


def _too_far(until: str) -> BadInput:
    years = bounds.MAX_SNOOZE_DAYS // 365
    return BadInput(
        f"snooze date {until} is too far ahead: a snooze lasts at most {years} years; "
        "to hide someone for good, pause them",
        hint="kith pause CONTACT",
    )


def parse_until(value: str) -> date:
    """The last day of a snooze as typed; "forever" is a pause, not a date in 9999."""
    try:
        return parse_date(value, "snooze date")
    except bounds.OutOfRange:
        raise _too_far(value.strip()) from None


def snooze(contact: Contact, until: date) -> None:
    if until < clock.today():
        raise BadInput(f"snooze date {until} is in the past")
    if until > bounds.after(clock.today(), bounds.MAX_SNOOZE_DAYS):
        raise _too_far(until.isoformat())
    contact.snoozed_until = until


def pause(contact: Contact) -> None:
    contact.paused = True


def resume(contact: Contact) -> None:
    """Undo a pause and a snooze alike."""
    contact.paused = False
    contact.snoozed_until = None


def reset(contact: Contact) -> None:
    """R7: forget the unanswered outreach so far; the usual cadence applies again."""
    contact.reset_on = clock.today()
