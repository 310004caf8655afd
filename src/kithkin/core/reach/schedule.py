"""When the digest is due, and the claim that makes it go out once per period.

A period is a day (``daily:2026-06-01``) or an ISO week (``weekly:2026-W23``) in
the user's time zone (``digest.tz``, else the machine's). It is due from its
moment on (``digest.time``, on ``digest.weekday`` for a weekly digest) until the
period ends; a server that was down at 07:30 sends at start-up the same day, and
never a past day's digest.

Sending is claimed first, in one transaction of its own: the row of the period
is inserted, or updated only if it failed before or its claim went stale. Both
are single statements whose row count says who won, so two server processes
(or two workers) cannot both send, and a restart finds the period done. A failed
send releases the claim, so the next try (the server's back-off) sends it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from kithkin.core import settings
from kithkin.core.reach.options import WEEKDAYS
from kithkin.store.tables import DigestRun

# A claim older than this is taken to be a server that died while sending.
STALE_CLAIM = timedelta(minutes=15)
# Periods are remembered this long (a weekly digest needs a week).
KEEP = timedelta(days=60)


@dataclass(frozen=True)
class When:
    schedule: str  # off, daily, weekly
    at: time
    weekday: int  # 0 = Monday
    zone: tzinfo

    @property
    def on(self) -> bool:
        return self.schedule != "off"


def machine_zone() -> tzinfo:
    """This machine's time zone, with its daylight-saving rules when they can be found."""
    name = os.environ.get("TZ", "").lstrip(":")
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    local = Path("/etc/localtime")
    if local.exists():
        try:
            with local.open("rb") as f:
                return ZoneInfo.from_file(f, key="localtime")
        except (OSError, ValueError):
            pass
    return datetime.now().astimezone().tzinfo or UTC


def when(s: Session) -> When:
    hour, minute = settings.get(s, "digest.time").split(":")
    zone_name = settings.get(s, "digest.tz")
    return When(
        schedule=settings.get(s, "digest.schedule"),
        at=time(int(hour), int(minute)),
        weekday=WEEKDAYS.index(settings.get(s, "digest.weekday")),
        zone=ZoneInfo(zone_name) if zone_name else machine_zone(),
    )


def _moment(day: date, w: When) -> datetime:
    return datetime.combine(day, w.at, tzinfo=w.zone).astimezone(UTC)


def due(now: datetime, w: When) -> tuple[str | None, datetime]:
    """The period due at ``now`` (aware), if any, and the next moment one will be."""
    local = now.astimezone(w.zone).date()
    if w.schedule == "daily":
        moment = _moment(local, w)
        if now >= moment:
            return f"daily:{local.isoformat()}", _moment(local + timedelta(days=1), w)
        return None, moment
    monday = local - timedelta(days=local.weekday())
    moment = _moment(monday + timedelta(days=w.weekday), w)
    year, week, _ = local.isocalendar()
    if now >= moment:
        return f"weekly:{year}-W{week:02d}", _moment(monday + timedelta(days=7 + w.weekday), w)
    return None, moment


def _naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def claim(s: Session, period: str, now: datetime) -> bool:
    """Take the period for sending; ``False`` when it is done or another server has it."""
    at = _naive(now)
    if s.get(DigestRun, period) is None:
        from sqlalchemy.dialects import postgresql, sqlite

        pg = s.get_bind().dialect.name == "postgresql"
        values = {"period": period, "state": "sending", "claimed_at": at, "attempts": 1}
        stmt = (postgresql.insert if pg else sqlite.insert)(DigestRun).values(**values)
        # RETURNING says who inserted (a row count is not reported on every driver).
        won = s.execute(stmt.on_conflict_do_nothing().returning(DigestRun.period))
        if won.first() is not None:
            return True
    taken = s.execute(
        update(DigestRun)
        .where(
            DigestRun.period == period,
            (DigestRun.state == "failed")
            | ((DigestRun.state == "sending") & (DigestRun.claimed_at < at - STALE_CLAIM)),
        )
        .values(state="sending", claimed_at=at, attempts=DigestRun.attempts + 1)
        .returning(DigestRun.period)
        .execution_options(synchronize_session=False)
    )
    return taken.first() is not None


def finish(s: Session, period: str, now: datetime, state: str, error: str | None = None) -> None:
    """Record how the claimed period ended: sent, skipped (nobody due) or failed."""
    s.execute(
        update(DigestRun)
        .where(DigestRun.period == period)
        .values(state=state, finished_at=_naive(now), last_error=error)
        .execution_options(synchronize_session=False)
    )
    s.execute(delete(DigestRun).where(DigestRun.claimed_at < _naive(now) - KEEP))


def state_of(s: Session, period: str) -> str | None:
    row = s.get(DigestRun, period)
    return row.state if row is not None else None
