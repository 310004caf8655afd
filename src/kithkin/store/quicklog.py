"""``kith log`` into a SQLite file with nothing but ``sqlite3``: the quick path of
:mod:`kithkin.cli.quicklog`.

Logging is the write a user makes every day, and it changes three tables; loading
SQLAlchemy, the tables and the command line to do it costs twenty times the write.
This names the contacts by the rule every face uses
(:mod:`kithkin.core.book.naming`; a name typed beyond ASCII folded by Python's
lower(), :mod:`kithkin.store.unicodelower`, as the session folds it), and stores the
columns, links and topics that :mod:`kithkin.core.book.newinteraction` makes of the
input (the values
:func:`kithkin.core.book.interactions.log` stores through the session), in
SQLAlchemy's storage format, in one ``BEGIN IMMEDIATE`` transaction that raises the
data version as every kithkin write does (:mod:`kithkin.store.versionsql`). Whatever
this does not handle itself (``me``, an address beyond ASCII, an ambiguous or
unknown reference) is :class:`Unsure`: nothing is written and the full command runs,
which gives any error its own message.
"""

from __future__ import annotations

import sqlite3
from datetime import date, time
from typing import Any

from kithkin.core.book.naming import LIMIT, pick
from kithkin.core.book.newinteraction import link_rows
from kithkin.core.userinput import ID_MAX, as_id, one_line_text
from kithkin.store import unicodelower
from kithkin.store.quickread import like_pattern
from kithkin.store.unicodelower import UNICODE_LOWER

Person = tuple[int, str]  # (id, display name)


class Unsure(Exception):
    """Not something this path decides: the full command does."""


def person(conn: sqlite3.Connection, ref: str) -> Person:
    """The contact ``ref`` names, as :func:`kithkin.core.book.contacts.resolve` finds it."""
    ref = one_line_text(ref) or ""
    if not ref or ref.lower() == "me":
        raise Unsure  # the user's own record (made on first use)
    if "@" in ref:
        if not ref.isascii():
            raise Unsure  # an address to normalise (IDNA): the full command does
        rows = conn.execute(
            "SELECT DISTINCT c.id, c.display_name FROM contacts c"
            " JOIN contact_emails e ON e.contact_id = c.id"
            " WHERE NOT c.is_me AND e.email = ? LIMIT 2",
            (ref.lower(),),
        ).fetchall()
    elif (number := as_id(ref)) is not None:
        if not 0 < number <= ID_MAX:
            raise Unsure
        rows = conn.execute(
            "SELECT id, display_name FROM contacts WHERE id = ?", (number,)
        ).fetchall()
    else:
        # As lookup.resolve compares: an ASCII text with SQLite's LIKE, which ignores
        # the case of ASCII letters as lower() folds them (no function call a row);
        # any other with Python's lower() on both sides (store/unicodelower.py).
        match, exact = "display_name", "lower(display_name)"
        if not ref.isascii():
            unicodelower.install(conn)
            match = exact = f"{UNICODE_LOWER}(display_name)"
        rows = conn.execute(
            "SELECT id, display_name FROM contacts"
            f" WHERE {match} LIKE ? ESCAPE '\\' AND NOT is_me"
            f" ORDER BY CASE WHEN {exact} = ? THEN 0 ELSE 1 END, display_name LIMIT ?",
            (like_pattern(ref), ref.lower(), LIMIT),
        ).fetchall()
        one = pick(rows, ref, lambda r: str(r[1])) if rows else None
        rows = [one] if one is not None else []
    if len(rows) != 1:
        raise Unsure  # none, or several: the full command's error names them
    return int(rows[0][0]), str(rows[0][1])


def any_do_not_contact(conn: sqlite3.Connection, contact_ids: list[int]) -> bool:
    """Whether one of these contacts is marked do-not-contact (R7 warns of an outreach)."""
    marks = ", ".join("?" for _ in contact_ids)
    return (
        conn.execute(
            f"SELECT 1 FROM contacts WHERE do_not_contact AND id IN ({marks}) LIMIT 1",
            contact_ids,
        ).fetchone()
        is not None
    )


def store(
    conn: sqlite3.Connection, columns: dict[str, Any], contact_ids: list[int], topics: list[str]
) -> int:
    """Insert the interaction, its links (:func:`~kithkin.core.book.newinteraction.link_rows`)
    and topics; its id. Inside the caller's transaction, which also raises the version."""
    values = {k: _stored(v) for k, v in columns.items()}
    (row_id,) = conn.execute(
        f"INSERT INTO interactions ({', '.join(values)})"
        f" VALUES ({', '.join(f':{k}' for k in values)}) RETURNING id",
        values,
    ).fetchone()
    for link in link_rows({"id": row_id, **columns}, contact_ids):
        stored = {k: _stored(v) for k, v in link.items()}
        conn.execute(
            f"INSERT INTO interaction_contacts ({', '.join(stored)})"
            f" VALUES ({', '.join(f':{k}' for k in stored)})",
            stored,
        )
    conn.executemany(
        "INSERT INTO interaction_topics (interaction_id, topic) VALUES (?, ?)",
        [(row_id, t) for t in topics],
    )
    return int(row_id)


def _stored(value: Any) -> Any:
    """A value as SQLAlchemy stores it in SQLite (its Date, Time and Boolean types)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M:%S.%f")
    return value
