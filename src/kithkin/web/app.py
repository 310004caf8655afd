"""The FastAPI application: routers, static files, error handling, local safety."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from kithkin.store.db import Database, open_db
from kithkin.web import errors
from kithkin.web.background import Background, Job
from kithkin.web.render import STATIC
from kithkin.web.security import SecurityMiddleware, Signer, allowed_hosts, csrf_protect
from kithkin.web.served import Served

DEFAULT_MAX_UPLOAD_MB = 64


def max_upload_bytes() -> int:
    """The upload limit: ``KITH_MAX_UPLOAD_MB`` megabytes, 64 by default."""
    raw = os.environ.get("KITH_MAX_UPLOAD_MB")
    mb = float(raw) if raw else DEFAULT_MAX_UPLOAD_MB
    return int(mb * 1_000_000)


def create_app(
    db_url: str,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    extra_hosts: Iterable[str] = (),
    max_upload: int | None = None,
    background: bool = False,
    hosted: bool = False,
    hosted_schema: str | None = None,
) -> FastAPI:
    """The web face over the database at ``db_url``, answering as ``host:port``.

    The database is migrated on open, like the CLI does. ``extra_hosts`` are further
    names the ``Host`` header may carry (e.g. a LAN name when bound to 0.0.0.0).
    ``background`` runs the periodic jobs (:func:`background_jobs`) while the app
    lives: ``kith serve`` asks for them; tests of pages and the API do not.
    """
    app = FastAPI(
        title="kithkin",
        summary="Keep professional relationships alive, above all across job changes.",
        version="1",
        docs_url=None,  # Swagger UI would load scripts from a CDN; the CSP forbids it
        redoc_url=None,
        openapi_url="/openapi.json",
        dependencies=[Depends(csrf_protect)],
        lifespan=_lifespan,
        # Nothing is exported (a personal CRM reports to nobody), so FastAPI need not
        # ask OpenTelemetry's global providers whether to trace, on every request.
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.state.nav = []
    errors.install(app)
    app.state.background = Background()
    app.state.run_background = background
    app.state.hosted = None
    if hosted:
        from kithkin.web.hosted import Hosted

        # Every user's network is its own (kithkin.web.hosted); none is "the" database.
        app.state.hosted = Hosted(db_url, app.state.background, background_jobs, hosted_schema)
        app.state.served = app.state.db = None
    else:
        app.state.served = Served(open_db(db_url))
        app.state.db = app.state.served.db
        for job in background_jobs(app.state.db):
            app.state.background.add(job)

    from kithkin.web.api import agenda as api_agenda
    from kithkin.web.api import contacts as api_contacts
    from kithkin.web.api import dupes as api_dupes
    from kithkin.web.api import events as api_events
    from kithkin.web.api import health as api_health
    from kithkin.web.api import imports as api_imports
    from kithkin.web.api import interactions as api_interactions
    from kithkin.web.api import leads as api_leads
    from kithkin.web.api import leaving as api_leaving
    from kithkin.web.api import reach as api_reach
    from kithkin.web.api import references as api_references
    from kithkin.web.api import search as api_search
    from kithkin.web.pages import contact as page_contact
    from kithkin.web.pages import contacts as page_contacts
    from kithkin.web.pages import corrections as page_corrections
    from kithkin.web.pages import dupes as page_dupes
    from kithkin.web.pages import events as page_events
    from kithkin.web.pages import imports as page_imports
    from kithkin.web.pages import leads as page_leads
    from kithkin.web.pages import leaving as page_leaving
    from kithkin.web.pages import network as page_network
    from kithkin.web.pages import references as page_references
    from kithkin.web.pages import settings as page_settings
    from kithkin.web.pages import today as page_today
    from kithkin.web.pages import triage as page_triage

    # The two reads a browser tab and a script poll all day are tried first: FastAPI
    # tries the routes in turn, and trying a hundred cost more than answering from the
    # cache. Neither path can be another route's, so the order changes nothing else.
    app.router.routes.append(page_today.polled)
    app.router.routes.append(api_agenda.served)  # GET /api/agenda, documented just below
    app.include_router(api_agenda.polled, prefix="/api")

    # Page groups in the order of the navigation bar.
    pages = (
        page_today,
        page_contacts,
        page_contact,
        page_corrections,
        page_network,
        page_imports,
        page_leaving,
        page_leads,
        page_events,
        page_references,
        page_triage,
        page_dupes,
        page_settings,
    )
    for module in pages:
        app.include_router(module.router)
        app.state.nav.extend(getattr(module, "NAV", []))
    apis = (
        api_agenda,
        api_contacts,
        api_interactions,
        api_search,
        api_leaving,
        api_leads,
        api_events,
        api_references,
        api_health,
        api_dupes,
        api_imports,
        api_reach,
    )
    for module in apis:
        app.include_router(module.router, prefix="/api")

    from kithkin.web import feed as calendar_feed

    app.include_router(calendar_feed.router)
    home = app.state.nav[0][1]

    @app.get("/", include_in_schema=False)
    def index() -> RedirectResponse:
        return RedirectResponse(home, status_code=302)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    if app.state.hosted is not None:
        from kithkin.web import account
        from kithkin.web import hosted as hosted_mode

        app.include_router(hosted_mode.router)
        app.include_router(account.router)
        # Inside the security checks (added before them, so it runs after them): the Host,
        # the origin and the size are checked before a session is looked up.
        app.add_middleware(hosted_mode.LoginMiddleware, hosted=app.state.hosted)
    app.add_middleware(
        SecurityMiddleware,
        hosts=allowed_hosts(host, port, extra_hosts),
        max_body=max_upload if max_upload is not None else max_upload_bytes(),
        # Hosted mode keeps its forms' key with the accounts: open forms outlive a restart.
        signer=Signer(app.state.hosted.accounts.form_key() if app.state.hosted else None),
    )

    return app


def background_jobs(db: Database) -> list[Job]:
    """The periodic jobs ``kith serve`` runs (see :mod:`kithkin.web.background`).

    Each feature adds its own here: one factory call that returns a :class:`Job`.
    """
    from kithkin.web.digestjob import digest_job
    from kithkin.web.syncjob import sync_job

    return [sync_job(db), digest_job(db)]


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    if app.state.run_background:
        app.state.background.start()
    yield
    await asyncio.to_thread(app.state.background.stop)
    if app.state.hosted is not None:
        app.state.hosted.close()
    else:
        app.state.served.close()
