"""``kith serve`` sends the digest daily or weekly (``digest.schedule``), once per period.

One pass asks :mod:`kithkin.core.reach.schedule` whether a period is due; if so it
claims the period (its own transaction: another server process, or this one
after a restart, then leaves it alone), sends, and records the period as sent,
or as skipped on a day with nobody due. A failure (the SMTP server refuses or is
down, a setting is missing) releases the claim and raises, so
:mod:`kithkin.web.background` logs it in one line and tries again with back-off;
the server itself never stops for it. The pass then sleeps until the next
period's moment, at most an hour so that a changed setting is seen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from kithkin.store.db import Database
from kithkin.web.background import Job, describe

log = logging.getLogger("kithkin.digest")

LOOK_AGAIN = 3600.0  # seconds: the longest sleep, so that a new schedule is picked up


def utc_now() -> datetime:
    return datetime.now(UTC)


def digest_pass(db: Database, now: datetime) -> tuple[str | None, float]:
    """One look at the clock: what was done (``sent``, ``skipped``, ``None``), seconds to wait."""
    from kithkin.core.reach import digest, schedule
    from kithkin.remote import smtp

    with db.session(write=False) as s:
        w = schedule.when(s)
    if not w.on:
        return None, LOOK_AGAIN
    period, next_at = schedule.due(now, w)
    wait = min(max(1.0, (next_at - now).total_seconds()), LOOK_AGAIN)
    if period is None:
        return None, wait
    with db.session() as s:
        if not schedule.claim(s, period, now):
            return None, wait
    try:
        with db.session() as s:
            mail = digest.outgoing(s, day=now.astimezone(w.zone).date())
        if not mail.skip:
            assert mail.server is not None
            smtp.send(mail.server, mail.envelope, mail.message)
    except Exception as exc:
        with db.session() as s:
            schedule.finish(s, period, now, "failed", describe(exc))
        raise
    state = "skipped" if mail.skip else "sent"
    with db.session() as s:
        schedule.finish(s, period, now, state)
    log.info("digest %s: %s", period, state)
    return state, wait


def digest_job(db: Database, now: Callable[[], datetime] = utc_now) -> Job:
    return Job(name="digest", run=lambda: digest_pass(db, now())[1], every=LOOK_AGAIN,
               first_delay=2.0, retry_first=60.0, retry_max=1800.0)  # fmt: skip
