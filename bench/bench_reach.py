"""Issue 15 figures: what a calendar's poll of the feed costs, and the digest's composition.

On the generated 50,000-contact network (a copy, as the plan is written), in-process
through the application with a test client, 300 requests each:

- the feed's first answer (the 14-day plan, its events and their drafts), once;
- a poll while nothing changed (token check, data-version probe, cached bytes), and a
  poll carrying the ``ETag`` (304, no body), against the baseline of a request for an
  unknown page (404): what the application costs when it does nothing. Target: a
  poll within 2x of that baseline, so a calendar polling every 15 minutes costs nothing;
- ``digest.compose`` (today with drafts, the week ahead), once.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from bench.common import Figure
from bench.generate import ANCHOR, ensure_db

REQUESTS = 300


def _median_ms(call: Callable[[], object]) -> float:
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def run(quick: bool = False) -> list[Figure]:
    from fastapi.testclient import TestClient

    from kithkin import clock
    from kithkin.core.reach import digest, tokens
    from kithkin.web.app import create_app

    n, m = (5_000, 100_000) if quick else (50_000, 1_000_000)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "reach.db"
        shutil.copy(ensure_db(n, m), path)
        clock.set_today(ANCHOR + timedelta(days=1))
        app = create_app(f"sqlite:///{path}")
        try:
            with app.state.db.session() as s:
                url = f"/feed/{tokens.current(s, create=True)}.ics"
            client = TestClient(app, base_url="http://127.0.0.1:8000")
            start = time.perf_counter()
            first = client.get(url)
            first_s = time.perf_counter() - start
            assert first.status_code == 200
            tag = first.headers["etag"]
            poll = _median_ms(lambda: client.get(url))
            not_modified = _median_ms(lambda: client.get(url, headers={"if-none-match": tag}))
            unknown = _median_ms(lambda: client.get("/no-such-page"))
            with app.state.db.session() as s:
                start = time.perf_counter()
                digest.compose(s)
                compose_s = time.perf_counter() - start
        finally:
            app.state.db.dispose()
            clock.set_today(None)
    base = f"GET of an unknown page (404), {REQUESTS} requests"
    return [
        Figure("feed: first answer (14-day plan, drafts)", first_s, "s"),
        Figure("feed: poll, nothing changed (200)", poll, "ms", unknown, base,
               "<= 2x baseline", poll <= 2 * unknown),
        Figure("feed: poll with its ETag (304)", not_modified, "ms", unknown, base,
               "<= 2x baseline", not_modified <= 2 * unknown),
        Figure("digest: compose today's digest", compose_s, "s"),
    ]  # fmt: skip
