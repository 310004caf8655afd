"""A calendar source (CalDAV or a published ICS URL) into meetings and planned meetings.

Each object read is expanded up to :data:`HORIZON_DAYS` ahead
(:mod:`kithkin.formats.recurrence`, by the adapter). Its occurrences before today
with contacts become meetings through the rules every calendar shares
(:func:`kithkin.core.exchange.meetings.record_for`: declined ones, and the ones of
someone else's calendar that you do not attend, count for nothing,
cancelled ones never arrive); the ones from today on are kept as planned meetings,
which hold back a check-in (:func:`kithkin.core.agenda.cadence.held_until`).

Reading is incremental: CalDAV answers what changed since its sync-token (or by
ETag), an ICS URL answers 304 to If-None-Match. Time passes without anyone
editing: each object remembers the day of its next occurrence, and once that day
is over the object is read again, so a weekly meeting is logged every week.
Everything a calendar gave is written in one transaction with its checkpoint.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from kithkin.core.exchange import importer
from kithkin.core.exchange.incoming import Batch, InteractionRecord
from kithkin.core.exchange.mail import my_addresses
from kithkin.core.exchange.meetings import record_for
from kithkin.core.sync import checkpoints
from kithkin.core.sync.config import SourceConfig
from kithkin.core.sync.outcome import Outcome, contact_ids
from kithkin.core.sync.ports import CalendarItem, CalendarServer, Feed
from kithkin.errors import BadInput
from kithkin.store.tables import Contact, ContactEmail, SourceItem, UpcomingMeeting

# Planned meetings are looked for this far ahead; a repeating event with none in
# that window is read again when the window has moved past it.
HORIZON_DAYS = 60
FEED_SCOPE = "feed"
FETCH_CHUNK = 100  # objects asked of a CalDAV server at once

Opener = Callable[[], AbstractContextManager[Session]]


def sync_feed(
    open_session: Opener, cfg: SourceConfig, feed: Feed, today: date, rescan: bool = False
) -> Outcome:
    """An ICS URL: read again only when it changed or an occurrence has passed."""
    out = Outcome(cfg.name, cfg.kind)
    until = today + timedelta(days=HORIZON_DAYS)
    with open_session() as s:
        stored = s.get(SourceItem, (cfg.id, FEED_SCOPE, ""))
        etag = stored.etag if stored is not None else None
        if rescan or (stored is not None and stored.next_on is not None and stored.next_on < today):
            etag = None  # an occurrence has passed since: read it all again
    item = feed.fetch(etag, until)
    with open_session() as s:
        if item is None:
            out.not_modified = True
        else:
            item.href = ""
            _apply(s, cfg, FEED_SCOPE, [item], [], out, today, until)
        out.upcoming = _upcoming(s, cfg.id, today)
        checkpoints.finished(s, cfg.id, out.line())
    return out


def sync_caldav(
    open_session: Opener,
    cfg: SourceConfig,
    server: CalendarServer,
    today: date,
    rescan: bool = False,
) -> Outcome:
    """Each calendar of a CalDAV URL (or the ones named), one transaction each."""
    out = Outcome(cfg.name, cfg.kind)
    until = today + timedelta(days=HORIZON_DAYS)
    told: tuple[str, ...] | None = None  # the server's word on who you are, asked once if needed
    for href in chosen(cfg, server.calendars()):
        with open_session() as s:
            token = None if rescan else checkpoints.load(s, cfg.id, href).get("token")
            known = {
                h: (etag, nxt)
                for h, etag, nxt in s.execute(
                    select(SourceItem.href, SourceItem.etag, SourceItem.next_on).where(
                        SourceItem.source_id == cfg.id, SourceItem.scope == href
                    )
                ).tuples()
            }
        delta = server.delta(href, token, {} if rescan else {h: e for h, (e, _) in known.items()})
        gone = set(delta.gone)
        if rescan:  # a full listing: what it does not name is gone
            gone |= set(known) - set(delta.changed)
        due = {h for h, (_, nxt) in known.items() if nxt is not None and nxt < today}
        wanted = sorted((set(delta.changed) | due) - gone)
        items: list[CalendarItem] = []
        for n in range(0, len(wanted), FETCH_CHUNK):
            items.extend(server.fetch(href, wanted[n : n + FETCH_CHUNK], until))
        gone |= set(wanted) - {i.href for i in items}  # deleted between the two requests
        if items and told is None:
            told = tuple(server.addresses())
        with open_session() as s:
            _apply(s, cfg, href, items, sorted(gone & set(known)), out, today, until, told or ())
            checkpoints.save(s, cfg.id, href, {"token": delta.token} if delta.token else {})
    with open_session() as s:
        out.upcoming = _upcoming(s, cfg.id, today)
        checkpoints.finished(s, cfg.id, out.line())
    return out


def chosen(cfg: SourceConfig, found: list[tuple[str, str]], named: list[str] | None = None,
           what: str = "calendar") -> list[str]:  # fmt: skip
    """The calendars (or address books) to read: the ones ``named`` (by display name or
    path; a calendar source's own by default), else all."""
    named = cfg.calendars if named is None else named
    if not named:
        return [href for href, _ in found]
    out: list[str] = []
    for want in named:
        hit = [h for h, name in found if want in (name, h, h.rstrip("/").rsplit("/", 1)[-1])]
        if not hit:
            names = ", ".join(name or h for h, name in found) or "none"
            raise BadInput(f"{cfg.label}: no {what} {want!r} ({what}s: {names})")
        out.extend(h for h in hit if h not in out)
    return out


def _apply(
    s: Session,
    cfg: SourceConfig,
    scope: str,
    items: list[CalendarItem],
    gone: list[str],
    out: Outcome,
    today: date,
    until: date,
    told: tuple[str, ...] = (),
) -> None:
    """Write what ``items`` say (and forget ``gone``): meetings, planned meetings, ETags;
    ``told``: the user's addresses as the server knows them."""
    mine = _mine(s, cfg) | my_addresses(told)
    batch = Batch(source=cfg.interaction_source)
    planned: list[tuple[str, date, list[str]]] = []
    for item in items:
        out.read += len({o.key.split("|", 1)[0] for o in item.occurrences}) or 1
        out.skipped.update(item.skipped)
        for occ in item.occurrences:
            rec = record_for(occ, mine, cfg.interaction_source)
            if isinstance(rec, InteractionRecord):
                if occ.day < today:
                    batch.interactions.append(rec)
                else:
                    planned.append((item.href, occ.day, [p.email for p in rec.parties if p.email]))
    touched = [i.href for i in items] + gone
    for n in range(0, len(touched), FETCH_CHUNK):
        part = touched[n : n + FETCH_CHUNK]
        for table in (UpcomingMeeting, SourceItem):
            s.execute(
                delete(table).where(
                    table.source_id == cfg.id, table.scope == scope, table.href.in_(part)
                )
            )
    if batch.interactions:
        summary = importer.run(s, batch, cfg.kind, cfg.name, me_emails=cfg.me, record_run=False)
        out.logged += summary.interactions_new
    ids = contact_ids(s, {e for _, _, emails in planned for e in emails})
    rows = {(href, day, ids[e]) for href, day, emails in planned for e in emails if e in ids}
    s.add_all(
        UpcomingMeeting(source_id=cfg.id, scope=scope, href=h, day=d, contact_id=c)
        for h, d, c in sorted(rows)
    )
    for item in items:
        s.add(
            SourceItem(
                source_id=cfg.id,
                scope=scope,
                href=item.href,
                etag=item.etag,
                next_on=_next_on(item, today, until),
            )
        )
    s.flush()


def _mine(s: Session, cfg: SourceConfig) -> set[str]:
    """The user's addresses: the source's ``--me`` and every one on the user's own
    record (another source's or an import's ``--me``), so an event attended under a
    work address added since is still the user's meeting (and, for CalDAV, the ones
    the server says are the user's: :meth:`~kithkin.core.sync.ports.CalendarServer.addresses`)."""
    q = select(ContactEmail.email).join(Contact).where(Contact.is_me.is_(True))
    return my_addresses([*cfg.me, *s.scalars(q)])


def _next_on(item: CalendarItem, today: date, until: date) -> date | None:
    """The day after which the object must be read again: its next occurrence, or
    the end of the horizon for a repeating event with none inside it."""
    ahead = [o.day for o in item.occurrences if o.day >= today]
    if ahead:
        return min(ahead)
    return until if item.repeats else None


def _upcoming(s: Session, source_id: int, today: date) -> int:
    """Meetings planned with contacts from today on (one per object and day)."""
    q = select(func.count()).select_from(
        select(UpcomingMeeting.href, UpcomingMeeting.day)
        .where(UpcomingMeeting.source_id == source_id, UpcomingMeeting.day >= today)
        .distinct()
        .subquery()
    )
    return int(s.scalar(q) or 0)
