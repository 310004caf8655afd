"""A realistic sample network: about 150 people over 4 past jobs, two years of history.

Everything is dated relative to the clock's today and drawn from a seeded random
generator, so the demo always shows a live agenda (a job left three weeks ago,
colleagues due a first touch, an unanswered message) and is the same every run.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kithkin import clock
from kithkin.core.book import contacts, details, interactions, jobs
from kithkin.core.book.contacts import ContactInput
from kithkin.core.vocabulary import LIGHT_KINDS
from kithkin.demo import career, cases
from kithkin.demo.resume import Job, my_jobs
from kithkin.store.tables import Contact, Interaction

FIRST = [
    "Aisha",
    "Alejandro",
    "Amara",
    "Anders",
    "Astrid",
    "Ben",
    "Bianca",
    "Carlos",
    "Chen",
    "Chloe",
    "Dario",
    "Deepa",
    "Diego",
    "Elena",
    "Emeka",
    "Erik",
    "Fatima",
    "Felix",
    "Freya",
    "Gabriel",
    "Grace",
    "Hana",
    "Hugo",
    "Ines",
    "Isaac",
    "Ivy",
    "Jamal",
    "Jana",
    "Javier",
    "Jin",
    "Julia",
    "Kai",
    "Kenji",
    "Lara",
    "Leila",
    "Liam",
    "Lina",
    "Luca",
    "Maya",
    "Mei",
    "Marco",
    "Marta",
    "Mateo",
    "Nadia",
    "Nia",
    "Noah",
    "Olga",
    "Omar",
    "Paula",
    "Pedro",
    "Priya",
    "Rafael",
    "Rania",
    "Ravi",
    "Rosa",
    "Sam",
    "Sana",
    "Sofia",
    "Tariq",
    "Tess",
    "Theo",
    "Uma",
    "Valentina",
    "Victor",
    "Wei",
    "Yara",
    "Yusuf",
    "Zoe",
    "Zara",
]
LAST = [
    "Abbott",
    "Adeyemi",
    "Andersson",
    "Bauer",
    "Becker",
    "Bianchi",
    "Brooks",
    "Castillo",
    "Chen",
    "Costa",
    "Dubois",
    "Duarte",
    "Eriksen",
    "Fischer",
    "Fontaine",
    "Garcia",
    "Gupta",
    "Haddad",
    "Hansen",
    "Hoffmann",
    "Ibrahim",
    "Ito",
    "Jansen",
    "Kim",
    "Kowalski",
    "Larsen",
    "Lopez",
    "Mahmoud",
    "Martin",
    "Meyer",
    "Moreau",
    "Nakamura",
    "Novak",
    "Okafor",
    "Olsen",
    "Patel",
    "Petrov",
    "Quinn",
    "Rossi",
    "Sato",
    "Schmidt",
    "Silva",
    "Singh",
    "Sorensen",
    "Tanaka",
    "Torres",
    "Vargas",
    "Weber",
    "Wong",
    "Yilmaz",
    "Zhang",
]
TITLES = """Software Engineer|Senior Software Engineer|Staff Engineer|Engineering Manager|Product
Manager|Senior Product Manager|Data Scientist|UX Designer|QA Lead|DevOps Engineer|Technical
Writer|Sales Director|Account Executive|Marketing Manager|HR Business Partner|Recruiter|CTO|VP
Engineering|Data Engineer|Security Engineer""".replace("\n", " ").split("|")
ELSEWHERE = [
    "Wonka Industries",
    "Cyberdyne Systems",
    "Soylent Corp",
    "Tyrell Corporation",
    "Massive Dynamic",
    "Aperture Science",
    "Vandelay Industries",
    "Pied Piper",
    "Dunder Mifflin",
    "Oscorp",
]
HOBBIES = [
    "climbing",
    "sourdough baking",
    "marathon running",
    "chess",
    "sailing",
    "birdwatching",
    "jazz piano",
    "woodworking",
    "photography",
    "board games",
]
FAMILY = [
    "daughter Mia just started school",
    "son Leo plays football",
    "newborn twins",
    "partner is a nurse",
    "dog named Pixel",
    "two teenage kids",
    "mother lives in Lisbon",
]
TOPICS = [
    "hiring",
    "kubernetes",
    "product strategy",
    "remote work",
    "career growth",
    "machine learning",
    "conference talk",
    "open source",
    "leadership",
    "pricing",
]


def build(s: Session, seed: int = 7) -> dict[str, Any]:
    """Fill an empty database with the sample network; returns counts."""
    rng = random.Random(seed)
    today = clock.today()
    me = contacts.me(s)
    me.display_name = "Alex Morgan"
    past = my_jobs(today)
    for job in past:
        jobs.add_position(s, me, job.org, job.title, job.start, job.end)

    used: set[str] = set()
    people: list[tuple[Contact, Job]] = []
    per_job = [30, 33, 36, 38]
    for job, count in zip(past[:4], per_job, strict=True):
        for _ in range(count):
            people.append((_colleague(s, rng, job, used, today), job))
    extras = _extras(s, rng, used, today)

    rows: list[dict[str, Any]] = []
    for contact, job in people:
        rows.extend(_history(rng, contact, job, today))
    for contact in extras:
        rows.extend(_history(rng, contact, None, today))
    interactions.bulk_log(s, rows)
    cases.add(s, rng, people, today)
    career.add(s, today)
    return {
        "contacts": len(s.scalars(select(Contact.id).where(Contact.is_me.is_(False))).all()),
        "interactions": s.scalar(select(func.count()).select_from(Interaction)) or 0,
    }


def _name(rng: random.Random, used: set[str]) -> str:
    while True:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if name not in used:
            used.add(name)
            return name


def _colleague(s: Session, rng: random.Random, job: Job, used: set[str], today: date) -> Contact:
    name = _name(rng, used)
    first, last = name.lower().split(" ", 1)
    tier = rng.choices(["close", "regular", "wide", "none"], [12, 40, 38, 10])[0]
    emails = [f"{first}.{last}@{job.domain}"]
    if rng.random() < 0.55:
        emails.append(f"{first}{rng.randint(1, 99)}@mail.example")
    c = contacts.add_contact(
        s,
        ContactInput(
            name=name,
            emails=emails,
            tier=tier,
            urls=[f"https://www.linkedin.com/in/{first}-{last}-{rng.randint(100, 999)}"],
            how_met=f"worked together at {job.org}",
            channel=rng.choice(["email", "email", "linkedin", "call", "message"]),
            tags=rng.sample(["engineering", "product", "leadership", "design", "data"], 1),
        ),
    )
    my_end = job.end or today
    start = job.start + timedelta(days=rng.randint(-700, 200))
    end = my_end + timedelta(days=rng.randint(-300, 600))
    title = rng.choice(TITLES)
    if end >= today:
        jobs.add_position(s, c, job.org, title, start, None)
    else:
        jobs.add_position(s, c, job.org, title, start, end)
        jobs.add_position(
            s,
            c,
            rng.choice(ELSEWHERE),
            rng.choice(TITLES),
            end + timedelta(days=rng.randint(1, 40)),
            None,
        )
    if rng.random() < 0.3:
        details.add_detail(s, c, "hobby", rng.choice(HOBBIES), job.start + timedelta(days=90))
    if rng.random() < 0.25:
        details.add_detail(s, c, "family", rng.choice(FAMILY), job.start + timedelta(days=120))
    return c


def _extras(s: Session, rng: random.Random, used: set[str], today: date) -> list[Contact]:
    out = []
    for kind, how in [
        ("recruiter", "reached out about a role"),
        ("mentor", "bootcamp mentor"),
        ("friend", "met at PyCon"),
        ("client", "client project"),
        ("recruiter", "agency recruiter"),
        ("friend", "meetup organiser"),
        ("mentor", "former professor"),
        ("client", "consulting client"),
        ("friend", "met at KubeCon"),
        ("friend", "neighbour in tech"),
    ]:
        c = contacts.add_contact(
            s,
            ContactInput(
                name=_name(rng, used),
                tier=rng.choice(["regular", "wide", "close"]),
                how_met=how,
                org=rng.choice(ELSEWHERE),
                title=rng.choice(TITLES),
            ),
        )
        details.set_tie(s, c, kind, today - timedelta(days=rng.randint(200, 1500)))
        out.append(c)
    return out


def _history(rng: random.Random, c: Contact, job: Job | None, today: date) -> list[dict[str, Any]]:
    """Two years of interactions whose rhythm follows the tier, with gaps and asks."""
    rows: list[dict[str, Any]] = []
    spacing = {"close": 25, "regular": 55, "wide": 110, "none": 200}[c.tier]
    start = today - timedelta(days=730)
    day = start + timedelta(days=rng.randint(0, spacing))
    stop = today - timedelta(days=rng.randint(0, 240))
    if job is not None and job.end is not None and job.end > today - timedelta(days=60):
        stop = job.end - timedelta(days=rng.randint(2, 30))  # just left: no touch since
    outbound_run = 0
    while day < stop:
        kind = rng.choices(
            [
                "checkin",
                "catchup",
                "like",
                "congrats",
                "shared_article",
                "shared_lead",
                "thanks",
                "advice_ask",
                "referral_ask",
                "favor_ask",
            ],
            [30, 15, 15, 6, 6, 3, 6, 8, 3, 3],
        )[0]
        channel = (
            "social"
            if kind == "like"
            else rng.choice(["email", "email", "call", "video", "meeting", "message", "linkedin"])
        )
        # People answer: never three outreaches in a row without a reply (R7 is a
        # special case below), and no message of the last month left unanswered (R8).
        inbound = outbound_run >= 2 or rng.random() < 0.35
        if day > today - timedelta(days=32):
            inbound = False
        direction = "inbound" if inbound else "outbound"
        outbound_run = 0 if inbound else outbound_run + 1
        rows.append(
            {
                "contact_ids": [c.id],
                "occurred_on": day,
                "channel": channel,
                "kind": kind,
                "direction": direction,
                # A like is not a conversation (R10): nothing was talked about.
                "note": None
                if kind in LIGHT_KINDS
                else rng.choice([None, None, f"talked about {rng.choice(TOPICS)}"]),
            }
        )
        day += timedelta(days=max(3, int(rng.gauss(spacing, spacing / 3))))
    return rows
