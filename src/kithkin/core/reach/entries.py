"""The coming days of the agenda as entries a person understands at a glance.

One entry per contact and reason, on the first day the stable plan (R17) shows
it: a reply owed (R8) stays on the agenda every day until answered, but it is
one thing to do, so it is one entry. The plan itself is the planner's; this
module only words it (a headline, the rule's explanation, the draft's first
lines) and names the web page that holds the item.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from kithkin.core.agenda import planner
from kithkin.core.wording import count
from kithkin.errors import KithError
from kithkin.store.tables import Contact

# How far ahead the calendar feed looks: the planner's stable horizon (R17).
FEED_DAYS = planner.HORIZON_DAYS
# The draft's opening shown beside an entry: enough to recognise it, not the letter.
DRAFT_LINES = 3
DRAFT_CHARS = 280


@dataclass(frozen=True)
class Entry:
    uid: str
    day: date
    item: dict[str, Any]  # the agenda's own item (the keys of ``kith agenda --json``)
    summary: str
    draft: str | None  # the whole draft (feeds show its opening)
    path: str  # the item's page in the web UI, relative to its address

    @property
    def contact_id(self) -> int:
        return int(self.item["contact_id"])

    @property
    def why(self) -> str:
        return str(self.item["why"])


def one_line(text: str) -> str:
    """A stored value as one line of text: line breaks and control characters gone."""
    cleaned = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(cleaned.split())


def _since(last: date | None, day: date) -> str:
    if last is None:
        return "you have not spoken yet"
    return f"{count(max(0, (day - last).days), 'day')} since you last spoke"


def headline(item: dict[str, Any], last_conversation: date | None, day: date) -> str:
    """ "Reply to Noah Brooks", "Check in with Dana Li: 62 days since you last spoke".

    Counted to the entry's own day, not today, so the words stay the same (and a
    calendar does not see a change) while the plan keeps the item on that day.
    """
    name = one_line(str(item["name"])) or f"contact #{item['contact_id']}"
    since = _since(last_conversation, day)
    words = {
        "reply": f"Reply to {name}",
        "follow_up": f"Follow up with {name} after you met",
        "congratulate": f"Congratulate {name}",
        "first_touch": f"Stay in touch with {name} now that you no longer work together",
        "give": f"Give {name} something first: {since}",
        "checkin": f"Check in with {name}: {since}",
        "reconnect": f"Reconnect with {name}: {since}",
    }
    return words.get(str(item["suggest"]), f"Contact {name}")


def draft_opening(text: str) -> str:
    """The first lines of a draft, cut on a word with "…" when there is more."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    head = "\n".join(lines[:DRAFT_LINES])
    if len(head) > DRAFT_CHARS:
        head = head[:DRAFT_CHARS].rsplit(" ", 1)[0] + "…"
    elif len(lines) > DRAFT_LINES:
        head += "\n…"
    return head


def _draft(s: Session, contact: Contact | None, reason: str, env: Any) -> str | None:
    from kithkin.core.career import drafts

    if contact is None:
        return None
    try:
        d = drafts.draft(s, contact, reason=reason, env=env)
    except KithError:
        return None  # do-not-contact, a broken user template: the entry stands without it
    return d.text


def upcoming(
    s: Session,
    days: int = FEED_DAYS,
    budget: int | None = None,
    drafts_days: int | None = None,
    today: date | None = None,
) -> tuple[date, list[Entry]]:
    """Today (the clock's unless given) and the entries of the next ``days`` days, in
    the plan's order. Entries of the first ``drafts_days`` days (all by default) carry
    their draft.
    """
    drafts_days = days if drafts_days is None else drafts_days
    from kithkin.core.career import drafts

    today, plan = planner.plan_days(s, days, budget, today=today)
    env = drafts.environment()  # the templates, loaded once for every draft
    seen: set[tuple[int, str]] = set()
    out: list[Entry] = []
    for k in range(max(1, days)):
        day = today + timedelta(days=k)
        for c, w in plan.days[day]:
            key = (c.contact_id, w.reason)
            if key in seen:
                continue
            seen.add(key)
            item = {"date": day.isoformat(), **planner.item(c, w, day)}
            contact = s.get(Contact, c.contact_id) if k < drafts_days else None
            out.append(
                Entry(
                    uid=f"kithkin-{c.contact_id}-{w.reason}",
                    day=day,
                    item=item,
                    summary=headline(item, c.facts.last_conv, day),
                    draft=_draft(s, contact, w.reason, env),
                    path=f"/today/{c.contact_id}",
                )
            )
    return today, out
