"""R4-R6 drafts: a short message for the user to edit and send, from stored facts only.

A draft is a Jinja2 template rendered over the facts kithkin holds about one
contact: first name, the job we shared, the last conversation's topics, a
personal detail (never for a professional-only contact), the occasion. The
templates contain no names, places or events of their own, so everything
specific in a draft comes from the data; the facts a draft used are returned
with it. A long gap is acknowledged honestly (R6), and an ask to someone whose
recent balance already leans to my asks says so first (R4).

Templates live in ``core/career/templates/<occasion>.j2``; a file of the same name in
``<config dir>/templates/`` replaces it (:func:`kithkin.config.config_dir`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
from sqlalchemy import select
from sqlalchemy.orm import Session

from kithkin import clock
from kithkin.config import config_dir
from kithkin.core import settings
from kithkin.core.agenda import cadence as cadence_rules
from kithkin.core.agenda import facts, reciprocity
from kithkin.core.book import contacts, events, jobs, occasions
from kithkin.core.career import leads as leads_core
from kithkin.errors import BadInput
from kithkin.store.tables import (
    Contact,
    Event,
    Interaction,
    InteractionContact,
    InteractionTopic,
    Lead,
    Organization,
    ReferenceAsk,
)

OCCASIONS = (
    "checkin",
    "reconnect",
    "congratulate",
    "birthday",
    "thanks",
    "farewell",
    "share_lead",
    "ask_reference",
    "ask_referral",
    "rehire",
)
ASKS = frozenset({"ask_reference", "ask_referral", "rehire"})
# What the agenda's reason for a contact means for the message (issue 3's reasons).
REASON_OCCASION = {
    "awaiting_reply": "checkin",
    "first_touch": "checkin",
    "congratulate": "congratulate",
    "event_followup": "checkin",
    "cadence_due": "checkin",
    "give_first": "checkin",
    "reconnect": "reconnect",
}
PERSONAL = ("family", "hobby", "interest", "vacation")
BUILTIN = Path(__file__).parent / "templates"


@dataclass
class Draft:
    contact_id: int
    name: str
    occasion: str
    text: str
    facts: dict[str, Any]
    warnings: list[str]
    template: str

    def as_dict(self) -> dict[str, Any]:
        """``kith draft --json`` and ``GET /api/contacts/{ref}/draft``: one shape for both."""
        return {
            "contact_id": self.contact_id,
            "name": self.name,
            "occasion": self.occasion,
            "text": self.text,
            "facts": self.facts,
            "warnings": self.warnings,
            "template": self.template,
        }


class _Tracked(dict[str, Any]):
    """The facts handed to a template; remembers which ones it read."""

    def __init__(self, data: dict[str, Any]) -> None:
        super().__init__(data)
        self.read: set[str] = set()

    def __getitem__(self, key: str) -> Any:
        self.read.add(key)
        return super().__getitem__(key)


def environment() -> jinja2.Environment:
    """Templates from the user's config directory first, then the built-in ones."""
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.FileSystemLoader(str(config_dir() / "templates")),
                jinja2.FileSystemLoader(str(BUILTIN)),
            ]
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        autoescape=False,
    )


def draft(
    s: Session,
    contact: Contact,
    occasion: str | None = None,
    role: str | None = None,
    lead_ref: str | None = None,
    reason: str | None = None,
    env: jinja2.Environment | None = None,
) -> Draft:
    """Render the draft for ``contact``; raises :class:`BadInput` before anything else.

    ``reason`` is the agenda's reason when the caller already holds the plan (the
    calendar feed, the digest), which spares asking the rules again per contact.
    ``env``: an :func:`environment` shared by the drafts of one answer (the feed), which
    loads and compiles each template once for all of them instead of once per draft.
    """
    if contact.is_me:
        raise BadInput("a draft is written to someone else, not to you")
    if contact.do_not_contact:
        raise BadInput(f"{contact.display_name} is marked do-not-contact")
    if occasion is not None and occasion.strip().lower() not in OCCASIONS:
        raise BadInput(f"unknown occasion {occasion!r}: expected one of {', '.join(OCCASIONS)}")
    if occasion is None:
        if reason is None:
            from kithkin.core.agenda import planner

            item = planner.reason_for(s, contact.id)
            reason = str(item["reason"]) if item else None
        occ = REASON_OCCASION.get(reason or "", "checkin")
        now = occasions.current(s, contact.id, clock.today()) if occ == "congratulate" else None
        if now is not None and now.kind == occasions.BIRTHDAY:
            occ = "birthday"  # R9: a birthday is wished, not congratulated
    else:
        occ = occasion.strip().lower()
    data = gather(s, contact, occ, role, lead_ref)
    data["reason"] = reason
    facts = _Tracked(data)
    name = f"{occ}.j2"
    env = env or environment()
    try:
        template = env.get_template(name)
        raw = template.render(f=facts)
    except jinja2.TemplateError as exc:
        raise BadInput(f"draft template {name}: {exc}") from None
    used = {k: data[k] for k in sorted(facts.read) if data.get(k) not in (None, [], {}, "", False)}
    warnings = []
    if occ in ASKS and data["leans_to_asks"]:
        b = data["balance"]
        warnings.append(
            f"{contact.display_name}: your recent balance leans to asks ({b['ask']} asks, "
            f"{b['give']} gives); the draft says so first. Consider giving first (R4)."
        )
    return Draft(
        contact.id,
        contact.display_name,
        occ,
        tidy(raw),
        used,
        warnings,
        str(template.filename or name),
    )


def tidy(text: str) -> str:
    """Collapse the blank lines and spaces that conditional template parts leave behind."""
    lines = [re.sub(r"[ \t]+", " ", ln).strip() for ln in text.splitlines()]
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    out = re.sub(r" ([,.;:!?])", r"\1", out)
    # "at Acme Inc." ending a sentence: one full stop, not two.
    return re.sub(r"(\w\.)\.(?=\s|$)", r"\1", out) + "\n"


def _first_name(c: Contact) -> str:
    return c.nickname or c.given_name or c.display_name.split()[0]


def gather(
    s: Session, c: Contact, occasion: str, role: str | None, lead_ref: str | None
) -> dict[str, Any]:
    """Every stored fact a template may use, ``None`` when unknown."""
    today = clock.today()
    me = contacts.me(s)
    known = facts.load(s, today, [c.id], follow_ups=False).get(c.id)
    cad = cadence_rules.effective_cadence(known, settings.tier_cadences(s)) if known else None
    last = _last_conversation(s, c.id, today)
    shared = _shared_job(me, c)
    # The gap is the one R6 measures: since the last conversation (a shared job is R1's).
    gap = (today - last.occurred_on).days if last else None
    dormant = bool(known and cad and cadence_rules.dormant_on(known, cad, today))
    bal = reciprocity.balance(s, c.id)
    current = jobs.current_position(c)
    detail = None
    if not c.professional_only:
        personal = [d for d in c.details if d.category in PERSONAL]
        if personal:
            d = max(personal, key=lambda d: (d.learned_on or date.min, d.id))
            detail = {"category": d.category, "fact": d.fact}
    out: dict[str, Any] = {
        "first_name": _first_name(c),
        "name": c.display_name,
        "my_name": None if me.display_name == contacts.ME_NAME else _first_name(me),
        "their_title": current.title if current else None,
        "their_org": current.org_name if current else None,
        "shared_job": shared,
        "last_date": last.occurred_on.isoformat() if last else None,
        "last_topics": _topics(s, last.id) if last else [],
        "gap_days": gap,
        "gap_text": _gap_text(gap) if gap is not None else None,
        "dormant": dormant,
        "never_talked": last is None,
        "detail": detail,
        "balance": {"give": bal["give"], "ask": bal["ask"]},
        "leans_to_asks": bal["leans"] == "asks",
        "occasion": _occasion(s, c.id, today) if occasion == "congratulate" else None,
        "event": _event(s, c),
        "lead": _lead(s, lead_ref) if occasion == "share_lead" else None,
        "role": _role(s, c.id, role) if occasion in ASKS else None,
        "rehire_org": (shared or {}).get("org") if occasion == "rehire" else None,
    }
    if occasion == "rehire" and out["rehire_org"] is None:
        raise BadInput(
            f"you and {c.display_name} share no past job on record: a rehire "
            "question goes to someone at a former employer"
        )
    return out


def _last_conversation(s: Session, cid: int, today: date) -> Interaction | None:
    return s.scalars(
        select(Interaction)
        .join(InteractionContact)
        .where(
            InteractionContact.contact_id == cid,
            Interaction.occurred_on <= today,
            Interaction.kind.not_in(("like", "comment")),
        )
        .order_by(Interaction.occurred_on.desc(), Interaction.id.desc())
        .limit(1)
    ).first()


def _topics(s: Session, iid: int) -> list[str]:
    return sorted(
        s.scalars(select(InteractionTopic.topic).where(InteractionTopic.interaction_id == iid))
    )


def _gap_text(days: int) -> str:
    if days >= 730:
        return f"more than {days // 365} years"
    if days >= 365:
        return "more than a year"
    if days >= 60:
        return f"about {round(days / 30.4)} months"
    if days >= 14:
        return f"{days // 7} weeks"
    return f"{days} days"


def _shared_job(me: Contact, c: Contact) -> dict[str, Any] | None:
    """The latest job we held at the same organization at the same time."""
    best: tuple[date, dict[str, Any]] | None = None
    for p in c.positions:
        for m in me.positions:
            span = jobs.shared_span(p, m)
            if span is None:
                continue
            end = span[1] or date.max
            rec = {
                "org": p.org_name,
                "ended": end < clock.today(),
                "until": span[1].isoformat() if span[1] else None,
                "my_last_day": m.end_date.isoformat() if m.end_date else None,
            }
            if best is None or end > best[0]:
                best = (end, rec)
    return best[1] if best else None


def _occasion(s: Session, cid: int, today: date) -> dict[str, Any] | None:
    """R9: the occasion the agenda congratulates today, else the last one recorded."""
    now = occasions.current(s, cid, today)
    return now.as_dict() if now is not None else None


def _event(s: Session, c: Contact) -> dict[str, Any] | None:
    """The event where we met, while a follow-up still makes sense (a month)."""
    if c.met_at_event_id is None:
        return None
    e = s.get(Event, c.met_at_event_id)
    if e is None or not events.follow_up_open(e.held_on, clock.today()):
        return None
    return {"name": e.name, "date": e.held_on.isoformat(), "place": e.place}


def _lead(s: Session, ref: str | None) -> dict[str, Any]:
    if ref is not None:
        lead = leads_core.resolve(s, ref)
    else:
        found = s.scalars(select(Lead).order_by(Lead.id.desc()).limit(1)).first()
        if found is None:
            raise BadInput(
                "no job lead to share: add one first", hint="kith lead add TITLE, or --lead ID"
            )
        lead = found
    org = s.get(Organization, lead.org_id) if lead.org_id else None
    return {"id": lead.id, "title": lead.title, "org": org.name if org else None, "url": lead.url}


def _role(s: Session, cid: int, role: str | None) -> str | None:
    if role and role.strip():
        return role.strip()
    return s.scalars(
        select(ReferenceAsk.role)
        .where(ReferenceAsk.contact_id == cid)
        .order_by(ReferenceAsk.asked_on.desc())
        .limit(1)
    ).first()
