"""R11 offer help: match a job lead to the contacts it would help, and log the give.

Matching is a BM25 ranking (Okapi, k1=1.2, b=0.75) of each contact's profile
against the lead: their titles (the current one counts most), skills, interests
and hobbies, tags and notes, with fields weighted by repetition (a light BM25F).
People who work at the lead's organization are left out: the lead is no news to
them. Sharing a lead is logged as a give (kind ``shared_lead``), once per person
per day.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kithkin import clock
from kithkin.core.book import interactions, lookup, orgs, spans
from kithkin.core.book.interactions import InteractionInput
from kithkin.core.userinput import one_line_text, strip_controls
from kithkin.errors import BadInput
from kithkin.store.tables import (
    Contact,
    ContactTag,
    Interaction,
    InteractionContact,
    Lead,
    Organization,
    PersonalDetail,
    Position,
)

K1 = 1.2
B = 0.75
# How many times a field's words count in a contact's profile (BM25F by repetition).
WEIGHTS = {"title": 3, "past_title": 1, "skill": 3, "interest": 2, "hobby": 1, "tag": 1, "note": 1}
STOPWORDS = frozenset({
    "a", "all", "an", "and", "any", "are", "as", "at", "be", "by", "can", "for", "from", "has",
    "have", "in", "into", "is", "it", "its", "of", "on", "or", "our", "per", "that", "the",
    "their", "this", "to", "us", "via", "we", "what", "who", "will", "with", "you", "your",
})  # fmt: skip
SOURCE = "lead"


def tokens(text: str | None) -> list[str]:
    """Lower-case words, stop words dropped, plurals and -ing folded (engineers, engineering
    -> engineer); ``c++``, ``c#`` and ``node.js`` survive as words."""
    out = []
    for raw in re.findall(r"[a-z0-9][a-z0-9+#.]*", (text or "").lower()):
        w = raw.rstrip(".")
        if not w or w in STOPWORDS:
            continue
        if len(w) > 5 and w.endswith("ing"):
            w = w[:-3]
        elif len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        out.append(w)
    return out


def phrases(text: str | None) -> list[str]:
    """Words and adjacent pairs ("data~engineer"): a title that matches as a phrase fits
    better than one sharing a single word."""
    words = tokens(text)
    return [*words, *(f"{a}~{b}" for a, b in pairwise(words))]


@lru_cache(maxsize=8192)
def _field_phrases(text: str | None, weight: int) -> tuple[str, ...]:
    """:func:`phrases` of one profile field times its weight, kept: titles and tags repeat
    across a network (thousands of "Software Engineer"), and tokenizing each again was
    half of a lead's match at 25,000 contacts (1.1 s a view of /leads/ID)."""
    return tuple(phrases(text)) * weight


def split_skills(skills: str | None) -> list[str]:
    return [x.strip() for x in (skills or "").split(",") if x.strip()]


def add(
    s: Session,
    title: str,
    org_name: str,
    skills: str | None = None,
    url: str | None = None,
    text_file: str | None = None,
) -> Lead:
    # Controls (NUL among them, which PostgreSQL cannot hold) go at the door, as for names.
    clean = one_line_text(title) or ""
    if not clean:
        raise BadInput("a lead needs a title")
    text = None
    if text_file is not None:
        try:
            text = Path(text_file).expanduser().read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise BadInput(
                f"cannot read --text-file {text_file}: {getattr(exc, 'strerror', None) or exc}"
            ) from None
    org = orgs.find_or_create(s, org_name)
    lead = Lead(
        title=clean,
        org_id=org.id,
        skills=", ".join(split_skills(strip_controls(skills))),
        url=one_line_text(url) or None,
        text=strip_controls(text),
        created_on=clock.today(),
    )
    s.add(lead)
    s.flush()
    return lead


def resolve(s: Session, ref: str) -> Lead:
    """A lead by id or by its title (:func:`kithkin.core.book.lookup.resolve`): an exact
    title wins over titles that only contain it."""
    return lookup.resolve(
        s,
        Lead,
        ref,
        what="lead",
        name=Lead.title,
        label=lambda x: f"#{x.id} {x.title}",
        order=(Lead.id,),
    )


def _profile(
    current: Any,
    positions: list[Any],
    details: list[tuple[str, str]],
    tags: list[str],
    notes: str | None,
) -> list[str]:
    """The words of a contact's profile, each repeated by its field's weight."""
    words: list[str] = []

    def put(field: str, text: str | None) -> None:
        words.extend(_field_phrases(text, WEIGHTS[field]))

    for p in positions:
        put("title" if p is current else "past_title", p.title)
    for category, fact in details:
        put(category, fact)
    for t in tags:
        put("tag", t)
    put("note", notes)
    return words


def _query(lead: Lead) -> list[str]:
    skills = [w for sk in split_skills(lead.skills) for w in phrases(sk)]
    return [*phrases(lead.title), *skills, *tokens(lead.text)]


@dataclass(frozen=True)
class Match:
    contact_id: int
    name: str
    score: float
    title: str | None
    org: str | None
    matched: list[str]


def match(s: Session, lead: Lead, limit: int = 10) -> list[Match]:
    """The contacts this lead would help, best fit first (BM25 score > 0)."""
    today = clock.today()
    # Plain rows, not Contact objects with three relationships: at 25,000 contacts
    # loading those was 5 s of the match's 7 s (profile).
    held: dict[int, list[Any]] = defaultdict(list)
    for p in s.execute(
        select(Position.contact_id, Position.id, Position.org_id, Position.title,
               Position.start_date, Position.end_date, Organization.name.label("org"))
        .outerjoin(Organization, Organization.id == Position.org_id)
        .order_by(Position.contact_id, Position.start_date.asc().nulls_first(), Position.id)
    ):  # fmt: skip
        held[p.contact_id].append(p)
    details: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for cid, category, fact in s.execute(
        select(PersonalDetail.contact_id, PersonalDetail.category, PersonalDetail.fact)
        .where(PersonalDetail.category.in_(("skill", "interest", "hobby")))
        .order_by(PersonalDetail.contact_id, PersonalDetail.id)
    ):
        details[cid].append((category, fact))
    tags: dict[int, list[str]] = defaultdict(list)
    for cid, tag in s.execute(
        select(ContactTag.contact_id, ContactTag.tag).order_by(
            ContactTag.contact_id, ContactTag.tag
        )
    ):
        tags[cid].append(tag)
    docs: list[tuple[Any, Any, Counter[str], int]] = []
    for c in s.execute(
        select(Contact.id, Contact.display_name, Contact.notes).where(
            Contact.is_me.is_(False), Contact.do_not_contact.is_(False)
        )
    ):
        positions = held.get(c.id, [])
        if lead.org_id is not None and any(
            p.org_id == lead.org_id and (p.end_date is None or p.end_date >= today)
            for p in positions
        ):
            continue
        current = spans.current_of(positions, today)
        words = _profile(current, positions, details.get(c.id, []), tags.get(c.id, []), c.notes)
        docs.append((c, current, Counter(words), len(words)))
    if not docs:
        return []
    n = len(docs)
    avg = sum(length for _, _, _, length in docs) / n or 1.0
    query = Counter(_query(lead))
    df = {t: sum(1 for _, _, tf, _ in docs if t in tf) for t in query}
    idf = {t: math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5)) for t in query}
    out = []
    for c, pos, tf, length in docs:
        score = 0.0
        hit = []
        for t, qn in query.items():
            f = tf.get(t, 0)
            if not f:
                continue
            hit.append(t.replace("~", " "))
            norm = K1 * (1 - B + B * length / avg)
            score += (1 + math.log(qn)) * idf[t] * f * (K1 + 1) / (f + norm)
        if score > 0:
            out.append(
                Match(
                    c.id,
                    c.display_name,
                    round(score, 3),
                    pos.title if pos else None,
                    pos.org if pos else None,
                    sorted(hit),
                )
            )
    out.sort(key=lambda m: (-m.score, m.name.lower()))
    return out[:limit]


def share(
    s: Session, lead: Lead, contact: Contact, on: date | None = None, channel: str = "email"
) -> Interaction:
    """Log that the lead was passed on to ``contact``: a give (R4)."""
    if contact.is_me:
        raise BadInput("share a lead with someone else, not yourself")
    day = on or clock.today()
    where = f" at {lead_org_name(s, lead)}" if lead.org_id else ""
    return interactions.log(
        s,
        InteractionInput(
            contact_ids=[contact.id],
            kind="shared_lead",
            channel=channel,
            occurred_on=day,
            note=f"shared lead #{lead.id}: {lead.title}{where}"
            + (f" {lead.url}" if lead.url else ""),
            source=SOURCE,
            source_key=f"lead:{lead.id}:{contact.id}:{day.isoformat()}",
        ),
    )


def lead_org_name(s: Session, lead: Lead) -> str | None:
    org = s.get(Organization, lead.org_id) if lead.org_id else None
    return org.name if org else None


def record(s: Session, lead: Lead) -> dict[str, Any]:
    shared = s.execute(
        select(Contact.id, Contact.display_name)
        .join(InteractionContact, InteractionContact.contact_id == Contact.id)
        .join(Interaction, Interaction.id == InteractionContact.interaction_id)
        .where(Interaction.source == SOURCE, Interaction.source_key.like(f"lead:{lead.id}:%"))
        .distinct()
    ).all()
    return {
        "id": lead.id,
        "title": lead.title,
        "org": lead_org_name(s, lead),
        "skills": split_skills(lead.skills),
        "url": lead.url,
        "created_on": lead.created_on.isoformat(),
        "shared_with": [{"id": cid, "name": name} for cid, name in shared],
    }


def listing(s: Session) -> list[dict[str, Any]]:
    return [record(s, x) for x in s.scalars(select(Lead).order_by(Lead.id.desc()))]
