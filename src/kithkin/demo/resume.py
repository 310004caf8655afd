"""The demo user's own career: four past jobs and the new one, dated from today."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Job:
    org: str
    title: str
    domain: str
    start: date
    end: date | None


def my_jobs(today: date) -> list[Job]:
    """Four past jobs (the last left three weeks ago) and the new one."""

    def d(days: int) -> date:
        return today - timedelta(days=days)

    return [
        Job("Initech Systems", "Junior Developer", "initech.example", d(3650), d(2560)),
        Job("Hooli", "Software Engineer", "hooli.example", d(2555), d(1460)),
        Job("Globex Corporation", "Senior Engineer", "globex.example", d(1455), d(400)),
        Job("Stark Industries", "Engineering Lead", "stark.example", d(395), d(21)),
        Job("Wayne Enterprises", "Head of Platform", "wayne.example", d(12), None),
    ]
