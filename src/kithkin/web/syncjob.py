"""``kith serve`` reads the sources every ``sync.every`` minutes (default 15).

One pass syncs every source in turn, as ``kith sync`` does; a source that fails
does not stop the others, and the pass then fails in one line naming them, so
:mod:`kithkin.web.background` logs it and retries with back-off. With no source
the job only looks again at the next period.
"""

from __future__ import annotations

import logging

from kithkin.store.db import Database
from kithkin.web.background import Job

log = logging.getLogger("kithkin.sync")


class SyncFailed(Exception):
    """Some sources could not be read in this pass (their one-line reasons)."""


def sync_pass(db: Database) -> float:
    import kithkin.remote as remote
    from kithkin.core import settings
    from kithkin.core.sync import sources
    from kithkin.errors import KithError

    with db.session() as s:
        chosen = sources.every(s)
        every = settings.sync_every(s) * 60.0
    failed = []
    for cfg in chosen:
        try:
            out = remote.sync(db, cfg)
        except KithError as exc:
            failed.append(str(exc))
            continue
        log.info("%s", out.line())
    if failed:
        raise SyncFailed("; ".join(failed))
    return every


def sync_job(db: Database) -> Job:
    return Job(name="sync", run=lambda: sync_pass(db), every=15 * 60.0, first_delay=5.0,
               retry_first=60.0, retry_max=3600.0)  # fmt: skip
