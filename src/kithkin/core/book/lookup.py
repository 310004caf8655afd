"""Naming a record on the command line: by id or by a fragment of its name.

Contacts, events and job leads are all named the same way, so a user learns it
once: a number is an id; otherwise every record whose name contains the text
(case aside) is a candidate, a name equal to the text wins over names that only
contain it, one candidate is the answer, and several are an error that lists
them. When no name contains the text, accents count for nothing ("jose" is
"José"). :func:`kithkin.core.book.contacts.resolve` adds ``me`` and email addresses
in front of it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import case, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql.elements import ColumnElement

from kithkin.core import folding
from kithkin.core.book.naming import LIMIT as LIMIT
from kithkin.core.book.naming import pick
from kithkin.core.userinput import ID_MAX, as_id, one_line_text
from kithkin.errors import Ambiguous, BadInput, NotFound
from kithkin.store.db import UNICODE_LOWER
from kithkin.store.quickread import like_pattern

T = TypeVar("T")

# Candidates an ambiguity error lists: a few, each told apart (org, email), then how many
# more; one more than that is listed rather than counted. Any more would be a wall of
# names on one line (42 "bob"s in a big network), not a choice.
LISTED = 5


def by_id(s: Session, kind: type[T], record_id: int, what: str) -> T:
    """The record ``kind`` with this id, or :class:`NotFound` naming it as ``no WHAT #ID``:
    how every correction (edit, rm) finds the one row it changes. An id beyond any
    row's (past :data:`ID_MAX`, or not positive) is not found either, not an overflow in the
    driver."""
    row = s.get(kind, record_id) if 0 < record_id <= ID_MAX else None
    if row is None:
        raise NotFound(f"no {what} #{record_id}")
    return row


def lowered(s: Session, column: Any, text: str) -> Any:
    """``lower(column)``, to compare with ``text.lower()``. SQLite's lower() folds ASCII
    only, which is all an ASCII text needs; a text in any other script is compared
    with Python's lower(), which kithkin's SQLite connections carry."""
    if not text.isascii() and s.get_bind().dialect.name == "sqlite":
        return getattr(func, UNICODE_LOWER)(column)
    return func.lower(column)


def resolve(
    s: Session,
    model: type[T],
    ref: str,
    *,
    what: str,
    name: InstrumentedAttribute[str],
    label: Callable[[T], str],
    order: tuple[Any, ...] = (),
    where: ColumnElement[bool] | None = None,
    narrow: str = "more of the name or an id",
) -> T:
    """The one ``model`` row that ``ref`` names (see the module docstring).

    ``name`` is the column matched, ``label`` how a candidate is listed in an
    ambiguity error, ``order`` the order candidates are listed in, ``where`` a
    filter every candidate passes (a contact is never the user), ``narrow`` what
    else names one of them.
    """
    ref = one_line_text(ref) or ""  # as names are stored: no NUL reaches PostgreSQL
    if not ref:
        raise BadInput(f"empty {what} name")
    if (number := as_id(ref)) is not None:
        found = s.get(model, number) if number > 0 else None
        if found is None:
            raise NotFound(f"no {what} with id {ref}")
        return found
    text = ref.lower()
    folded = lowered(s, name, ref)
    like = folded.like(like_pattern(ref), escape="\\")
    q = select(model).where(like)
    if where is not None:
        q = q.where(where)
    # Exact names first, so that the limit never hides the one that wins.
    exact_first = case((folded == text, 0), else_=1)
    rows = list(s.scalars(q.order_by(exact_first, *order).limit(LIMIT)))
    typed: str = ref
    fold: Callable[[str], str] = str
    if rows:
        count = len(rows)
        if count == LIMIT:
            count = s.scalar(select(func.count()).select_from(q.subquery())) or count
    else:
        rows, count = _unaccented(s, model, ref, name, where)
        typed, fold = folding.unaccent(ref), folding.unaccent
        if not rows:
            raise NotFound(f"no {what} matches {ref!r}")
    one = pick(rows, typed, lambda r: fold(str(getattr(r, name.key))))
    if one is not None:
        return one
    raise Ambiguous(ambiguity(ref, count, what, [label(r) for r in rows[: LISTED + 1]], narrow))


def ambiguity(ref: str, count: int, what: str, labels: list[str], narrow: str) -> str:
    """The one line an ambiguous fragment gets: a few candidates, how many more, and
    what narrows it (``labels``: the first candidates, in order, :data:`LISTED` or more)."""
    shown = labels if count <= LISTED + 1 else labels[:LISTED]
    listed = "; ".join(shown)
    more = f" and {count - len(shown)} more:" if count > len(shown) else ";"
    return f"{ref!r} matches {count} {what}s: {listed}{more} narrow it with {narrow}"


def _unaccented(
    s: Session,
    model: type[T],
    ref: str,
    name: InstrumentedAttribute[str],
    where: ColumnElement[bool] | None,
) -> tuple[list[T], int]:
    """The records whose name contains ``ref`` accents aside ("jose" names "José
    García"), exact names first, at most :data:`LIMIT`, and how many in all: asked only
    when nothing matches the text as typed, so that an accented name never makes a
    plain one ambiguous. Neither backend can fold accents in SQL (PostgreSQL's
    unaccent is an extension), so the names are folded here, by the rule search
    and organizations use (:func:`kithkin.core.folding.unaccent`)."""
    text = folding.unaccent(ref)
    key = model.id  # type: ignore[attr-defined]
    q = select(key, name)
    if where is not None:
        q = q.where(where)
    found = sorted(
        (folding.unaccent(n) != text, n, i) for i, n in s.execute(q) if text in folding.unaccent(n)
    )
    ids = [i for _, _, i in found[:LIMIT]]
    rows = {r.id: r for r in s.scalars(select(model).where(key.in_(ids)))}  # type: ignore[attr-defined]
    return [rows[i] for i in ids], len(found)
