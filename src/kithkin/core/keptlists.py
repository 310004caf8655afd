"""The long lists (``kith list``, ``kith who ORG``, ``kith dupes``), computed once per data
version and day, then kept.

Each is a function of the data and the day (a position is current or not, strength
fades with time), as the agenda is: while neither changed, the last computed answer
is the answer. The memo (:mod:`kithkin.store.memo`) keeps it with the data version it
was computed from, as :mod:`kithkin.core.agenda.kept` keeps the agenda, and the
console script prints an unchanged one with ``sqlite3`` alone
(:mod:`kithkin.cli.quicklists`); the web's ``/who`` asks :func:`who` too, so a ranking
the terminal computed serves the browser and the other way round.
``tests/test_kept_lists.py`` holds each kept answer equal to a fresh computation after
writes, on both backends.

These are read-only commands: keeping an answer is a favour, never a reason to fail
or to wait. It is written through :func:`kithkin.store.memo.if_free`, a savepoint that
gives up at once when another process holds the write lock (an import), and the
command answers all the same.

Importing this module loads nothing heavy: the quick path asks it what its answers
are called.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from kithkin import clock

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from kithkin.core.book.listing import Filters, Page

LIST_KIND = "list"
LIST_PARAMS = "all"  # the whole list, unfiltered: what a page is cut from
WHO_KIND = "who"
DUPES_KIND = "dupes"
DUPES_PARAMS = "all"
PARAMS_MAX = 200  # the memo's key column (PostgreSQL holds it to this)


def who_params(org: str) -> str | None:
    """The key of ``kith who ORG``'s answer: the organization as typed (matching it is
    part of the rule); ``None`` for one too long to key, which is computed every time."""
    key = "org=" + json.dumps(org)  # ASCII: any text, even a lone surrogate, keys alike
    return key if len(key) <= PARAMS_MAX else None


class Answer:
    """A list answer, computed or kept: its rows, and the text each row is kept as
    (one JSON item a line, :mod:`kithkin.jsontext`) when it has been. Either is made
    from the other only when asked for: ``kith who --json`` of a kept answer prints
    its lines without parsing them, a computed one is encoded once, kept and printed."""

    def __init__(self, rows: list[Any] | None, items: list[str] | None = None) -> None:
        self._rows, self._items = rows, items

    def rows(self) -> list[Any]:
        if self._rows is None:
            self._rows = list(json.loads("[" + ",".join(self._items or ()) + "]"))
        return self._rows

    def items(self) -> list[str]:
        if self._items is None:
            from kithkin import jsontext

            dump = jsontext.item_encoder()
            self._items = [dump(row) for row in self.rows()]
        return self._items

    def encoded(self) -> list[str] | None:
        """The items' text if it is at hand (kept, or encoded to be kept), else ``None``."""
        return self._items

    def __len__(self) -> int:
        return len(self._rows if self._rows is not None else self._items or ())

    def cut(self, limit: int | None, offset: int) -> Answer:
        """Rows ``offset`` to ``offset + limit`` (all the rest without a limit)."""
        rows, items = self._rows, self._items
        return Answer(
            None if rows is None else cut(rows, limit, offset),
            None if items is None else cut(items, limit, offset),
        )


def contact_list(s: Session) -> list[dict[str, Any]]:
    """Every row of ``kith list --json`` (no filter), computed at most once per version and day."""
    from kithkin.core.book import listing

    whole = _kept(s, LIST_KIND, LIST_PARAMS, lambda: listing.page(s, listing.Filters()).rows)
    assert whole is not None
    return whole.rows()


def list_page(s: Session, f: Filters, limit: int | None = None, offset: int = 0) -> Page:
    """What :func:`kithkin.core.book.listing.page` returns, cut from the kept whole list
    when there is one."""
    from kithkin.core.book import listing

    total, answer = list_answer(s, f, limit, offset)
    return listing.Page(total, offset, answer.rows())


def list_answer(
    s: Session, f: Filters, limit: int | None = None, offset: int = 0
) -> tuple[int, Answer]:
    """How many contacts the filters keep, and rows ``offset`` to ``offset + limit`` of
    them, cut from the kept whole list when there is one. A filtered list, or a page
    when nothing is kept, is read as it is (a page of 50 costs less than the whole list
    it would keep)."""
    from kithkin.core.book import listing

    whole = None
    if f == listing.Filters():
        compute = (lambda: listing.page(s, f).rows) if limit is None else None
        whole = _kept(s, LIST_KIND, LIST_PARAMS, compute)
    if whole is None:
        found = listing.page(s, f, limit, offset)
        return found.total, Answer(found.rows)
    return len(whole), whole.cut(limit, offset)


def cut(rows: list[Any], limit: int | None, offset: int) -> list[Any]:
    """Rows ``offset`` to ``offset + limit`` (all the rest without a limit)."""
    return rows[offset : None if limit is None else offset + limit]


def who(s: Session, org: str) -> list[dict[str, Any]]:
    """What :func:`kithkin.core.career.who.who` returns, computed at most once a version and day."""
    return who_answer(s, org).rows()


def who_answer(s: Session, org: str) -> Answer:
    """:func:`who`'s rows, with their kept text."""
    from kithkin.core.career import who as rules

    answer = _kept(s, WHO_KIND, who_params(org), lambda: rules.who(s, org))
    assert answer is not None
    return answer


def dupes(s: Session) -> list[dict[str, Any]]:
    """What :func:`kithkin.core.exchange.merging.dupe_records` returns, computed at most once."""
    return dupes_answer(s).rows()


def dupes_answer(s: Session) -> Answer:
    """:func:`dupes`'s pairs, with their kept text."""
    from kithkin.core.exchange import merging

    # Computed as its text (merging.dupe_items): the pairs are printed and kept as
    # that, and read as rows only when worded for the terminal.
    answer = _kept(s, DUPES_KIND, DUPES_PARAMS, lambda: Answer(None, merging.dupe_items(s)))
    assert answer is not None
    return answer


def _kept(
    s: Session, kind: str, key: str | None, compute: Callable[[], list[Any] | Answer] | None
) -> Answer | None:
    """The kept answer, else ``compute()``'s (its rows, or an answer), kept; ``None``
    when nothing is kept and there is nothing to compute."""
    from kithkin import jsontext
    from kithkin.store import memo

    if key is None:
        return _answer(compute()) if compute is not None else None
    day = clock.today()
    start = memo.current(s)
    body = memo.load(s, kind, key, day, start)
    if body is not None:
        items = jsontext.split(body)
        return Answer(json.loads(body)) if items is None else Answer(None, items)
    if compute is None:
        return None
    answer = _answer(compute())
    version = memo.settle(s, start)
    if version is not None:
        _save(s, kind, key, version, answer)
    return answer


def _answer(computed: list[Any] | Answer) -> Answer:
    return computed if isinstance(computed, Answer) else Answer(computed)


def _save(s: Session, kind: str, key: str, version: int, answer: Answer) -> None:
    """Keep ``answer`` if the database lets this process write now; else leave it.

    The kind's answers of another version or day go (they can never be served again),
    so the memo holds one answer for each organization asked about since the last write.
    """
    from sqlalchemy import delete, or_

    from kithkin import jsontext
    from kithkin.store import memo
    from kithkin.store.tables import Memo

    day = clock.today()
    body = jsontext.text(answer.items())  # one item a line: printed again without parsing
    with memo.if_free(s):
        s.execute(
            delete(Memo).where(Memo.kind == kind, or_(Memo.version != version, Memo.day != day))
        )
        memo.save(s, kind, key, day, version, body)
