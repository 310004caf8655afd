"""The contact list at any size: one page of plain rows, in four queries.

``kith list``, the web's Contacts page and ``GET /api/contacts`` list people by
name. Loading every contact as an object with its emails and positions took
seconds at 30,000 people; this reads only the columns a row shows, only for the
rows asked for, and counts the rest in SQL.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from kithkin import clock
from kithkin.core import views
from kithkin.core.book import jobs, orgs
from kithkin.core.userinput import one_line_text, parse_choice
from kithkin.core.vocabulary import Tier
from kithkin.store.tables import Contact, ContactEmail, ContactTag, Organization, Position

CHUNK = 5000  # ids per query: under SQLite's limit of bound parameters


@dataclass(frozen=True)
class Filters:
    tag: str | None = None
    tier: str | None = None
    org: str | None = None  # a current position there
    colleagues_at: str | None = None  # a position that overlapped yours there


@dataclass(frozen=True)
class Page:
    total: int  # every contact the filters keep, not only this page's
    offset: int
    rows: list[dict[str, Any]]  # each as ``kith list --json`` prints it


def matching(s: Session, f: Filters) -> Select[Any]:
    """The contacts (never the user) the filters keep, in list order (name, then id)."""
    q = select(Contact.id, Contact.display_name, Contact.tier).where(Contact.is_me.is_(False))
    if f.tag:
        tag = (one_line_text(f.tag) or "").lower()  # as tags are stored (no NUL for PostgreSQL)
        tagged = select(ContactTag.contact_id).where(ContactTag.tag == tag)
        q = q.where(Contact.id.in_(tagged))
    if f.tier:
        q = q.where(Contact.tier == parse_choice(f.tier, Tier, "tier").value)
    if f.org:
        o = orgs.require(s, f.org)
        now = select(Position.contact_id).where(
            Position.org_id == o.id,
            or_(Position.end_date.is_(None), Position.end_date >= clock.today()),
        )
        q = q.where(Contact.id.in_(now))
    if f.colleagues_at:
        o = orgs.require(s, f.colleagues_at)
        q = q.where(Contact.id.in_(jobs.colleague_ids(s, o.id)))
    return q.order_by(func.lower(Contact.display_name), Contact.id)


def page(s: Session, f: Filters, limit: int | None = None, offset: int = 0) -> Page:
    """Rows ``offset`` to ``offset + limit`` of the list (all of them without a limit)."""
    q = matching(s, f)
    total = s.scalar(select(func.count()).select_from(q.order_by(None).subquery())) or 0
    q = q.offset(offset or None).limit(limit)
    run = s.connection().execute  # plain rows: no ORM result machinery for 50,000 of them
    people = run(q).all()
    if not people:
        return Page(total, offset, [])
    shown: Select[Any] | list[int] | None
    if limit is None and not offset:
        # The whole list: its details need no second sort, nor any filter without one.
        shown = None if f == Filters() else select(q.order_by(None).subquery().c.id)
    elif len(people) <= CHUNK:
        shown = [cid for cid, _, _ in people]  # a page: its ids, not the list sorted again
    else:
        shown = select(q.subquery().c.id)
    found = _details(run, shown)
    rows = [found(cid, name, tier) for cid, name, tier in people]
    return Page(total, offset, rows)


def order(s: Session, f: Filters) -> array[int]:
    """The ids of every contact the filters keep, in list order, packed (8 bytes each):
    what a face that keeps the order (the web, :mod:`kithkin.web.memo`) cuts pages from."""
    q = matching(s, f).with_only_columns(Contact.id)
    return array("q", s.connection().execute(q).scalars())


def rows_of(s: Session, ids: Sequence[int]) -> list[dict[str, Any]]:
    """The list rows of these contacts (a page cut from :func:`order`), in that order;
    one that is gone since is left out."""
    found = summaries(s, ids)
    return [found[cid] for cid in ids if cid in found]


def summaries(s: Session, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """The list row of each of these contacts, by id, however many."""
    run = s.connection().execute
    out: dict[int, dict[str, Any]] = {}
    wanted = sorted(set(ids))
    for n in range(0, len(wanted), CHUNK):
        chunk = wanted[n : n + CHUNK]
        found = _details(run, chunk)
        for cid, name, tier in run(
            select(Contact.id, Contact.display_name, Contact.tier).where(Contact.id.in_(chunk))
        ):
            out[cid] = found(cid, name, tier)
    return out


def _details(
    run: Callable[..., Any], ids: Select[Any] | list[int] | None
) -> Callable[[int, str, str], dict[str, Any]]:
    """The emails and latest position of the contacts ``ids`` names (a query or a
    list; ``None``: everyone), read in two queries; a function that makes each row."""
    emails: dict[int, list[str]] = defaultdict(list)
    q = select(ContactEmail.contact_id, ContactEmail.email).order_by(ContactEmail.id)
    if ids is not None:
        q = q.where(ContactEmail.contact_id.in_(ids))
    for cid, email in run(q):
        emails[cid].append(email)
    latest = jobs.latest_in_sql(clock.today(), ids).subquery()
    jobs_of = {
        cid: (org, title)
        for cid, org, title in run(
            select(latest.c.contact_id, Organization.name, latest.c.title).outerjoin(
                Organization, Organization.id == latest.c.org_id
            )
        )
    }

    def row(cid: int, name: str, tier: str) -> dict[str, Any]:
        org, title = jobs_of.get(cid, (None, None))
        return views.summary_row(cid, name, emails.get(cid, []), org, title, tier)

    return row
