"""The demo's material for issue 5's commands: skills, references, a job lead.

Kept apart from :mod:`kithkin.demo.sample` and drawn from its own seeded generator, so
the people, history and agenda the demo already shows are unchanged; none of this adds
an interaction.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kithkin.core.book import jobs, orgs
from kithkin.store.tables import (
    Contact,
    Lead,
    PersonalDetail,
    ReferenceAgreement,
    Relationship,
)

# Skills a holder of each kind of title plausibly lists (matched on a title word).
SKILLS = {
    "data": ["Python", "SQL", "Apache Spark", "Airflow", "statistics"],
    "software": ["Python", "Go", "Kubernetes", "PostgreSQL", "TypeScript"],
    "staff": ["system design", "Kubernetes", "mentoring"],
    "devops": ["Kubernetes", "Terraform", "AWS", "observability"],
    "security": ["threat modeling", "AWS", "incident response"],
    "product": ["roadmapping", "user research", "pricing"],
    "ux": ["Figma", "user research", "prototyping"],
    "sales": ["negotiation", "enterprise sales", "CRM"],
    "account": ["negotiation", "CRM"],
    "marketing": ["content strategy", "SEO", "analytics"],
    "qa": ["test automation", "Selenium", "Python"],
    "writer": ["documentation", "API docs"],
    "recruiter": ["technical recruiting", "sourcing"],
    "hr": ["people operations", "coaching"],
    "manager": ["hiring", "coaching", "roadmapping"],
    "cto": ["architecture", "hiring", "strategy"],
    "vp": ["hiring", "strategy", "budgeting"],
}


def add(s: Session, today: date, seed: int = 11) -> None:
    rng = random.Random(seed)
    people = s.scalars(
        select(Contact)
        .where(Contact.is_me.is_(False))
        .options(selectinload(Contact.positions))
        .order_by(Contact.id)
    ).all()
    for c in people:
        pos = jobs.latest_position(c)
        words = (pos.title or "").lower().split() if pos else []
        pool = sorted({sk for w in words for sk in SKILLS.get(w, [])})
        if pool and rng.random() < 0.7:
            for skill in rng.sample(pool, min(len(pool), rng.randint(1, 3))):
                s.add(
                    PersonalDetail(
                        contact_id=c.id,
                        category="skill",
                        fact=skill,
                        learned_on=today - timedelta(days=rng.randint(30, 600)),
                    )
                )
    tied = s.scalars(
        select(Relationship)
        .where(Relationship.type.in_(("manager", "mentor")), Relationship.until.is_(None))
        .order_by(Relationship.contact_id)
    ).all()
    for r in tied[:3]:
        s.add(
            ReferenceAgreement(
                contact_id=r.contact_id,
                role="engineering leadership",
                agreed_on=today - timedelta(days=rng.randint(40, 200)),
            )
        )
    org = orgs.find_or_create(s, "Umbrella Corporation")
    s.add(
        Lead(
            title="Senior Data Engineer",
            org_id=org.id,
            skills="Python, Apache Spark, SQL",
            url="https://umbrella.example/careers/senior-data-engineer",
            created_on=today - timedelta(days=1),
        )
    )
    s.flush()
