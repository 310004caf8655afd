"""``kith log`` written before the application loads (:mod:`kithkin.cli.quick` hands
it here).

A log is the write a user makes every day, right after the conversation; Typer and
SQLAlchemy would take twenty times the write to load. On a SQLite file at this
kithkin's schema, a command line this module fully understands (contacts, and
``--channel``, ``--kind``, ``--inbound``, ``--date``, ``--note``, ``--topic``,
``--planned``, ``--json``) is validated by the core's own functions
(:mod:`kithkin.core.book.newinteraction`), stored through ``sqlite3``
(:mod:`kithkin.store.quicklog`) and confirmed in the command's own words. Anything
else returns ``False`` with nothing written, and the command runs as usual: an
option it does not know (``--time``), a malformed value, ``me``, a name it cannot
tell apart, an ask that R4 warns about, an outreach to someone do-not-contact (R7
warns), a database to create or migrate, a lock held past the timeout. The full
command then gives any error its one-line message.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from kithkin.cli.quick import LOG_VALUES as VALUES

FLAGS = ("--json", "--inbound", "--planned")
LOCK_WAIT_MS = 1000
SUBCOMMANDS = ("new", "edit", "rm", "--help", "-h")  # the group's own first words


def answer(after: list[tuple[str, str | None]], day: date | None, path: Path) -> bool:
    """Log the command line after ``log``; whether it did (else nothing was written).

    ``day`` is the day ``--as-of`` fixed, if it did (``KITH_AS_OF`` the clock reads).
    """
    if not after or after[0][0] in SUBCOMMANDS:
        return False
    refs: list[str] = []
    opts: dict[str, str] = {}
    flags: set[str] = set()
    topics: list[str] = []
    for name, value in after:
        if value is None and name in FLAGS and name not in flags:
            flags.add(name)
        elif value is None and not name.startswith("-"):
            refs.append(name)
        elif value is not None and value.startswith("-"):
            return False  # a value that looks like an option: the parser decides
        elif name == "--topic" and value is not None:
            topics.append(value)
        elif name in VALUES and value is not None and name not in opts:
            opts[name] = value
        else:
            return False  # an option it does not know, or one given twice
    if not refs:
        return False

    from kithkin import clock
    from kithkin.core.book.newinteraction import InteractionInput, columns, topic_list
    from kithkin.core.userinput import parse_date
    from kithkin.core.vocabulary import KINDS, Direction, Nature
    from kithkin.errors import KithError
    from kithkin.store import quicklog
    from kithkin.store.quicksources import open_current
    from kithkin.store.versionsql import raise_version

    clock.set_today(day)
    inbound = "--inbound" in flags
    try:
        on = parse_date(opts["--date"], "date") if "--date" in opts else None
        inp = InteractionInput(
            contact_ids=[0],  # checked here for their values; named below
            channel=opts.get("--channel", "email"),
            kind=opts.get("--kind", "checkin"),
            direction=Direction.INBOUND if inbound else Direction.OUTBOUND,
            occurred_on=on,
            note=opts.get("--note"),
            topics=topics,
            planned="--planned" in flags,
        )
        values = columns(inp)
    except KithError:
        return False
    if KINDS[values["kind"]] is Nature.ASK and not inbound:
        return False  # R4 may warn about another ask: the full command says so
    conn = open_current(path)
    if conn is None:
        return False
    try:
        # Another writer holding the lock past this goes the whole way, whose own wait
        # and message follow: a short wait here, not the full command's twice over.
        conn.execute(f"PRAGMA busy_timeout={LOCK_WAIT_MS}")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("BEGIN IMMEDIATE")
        try:
            people = [quicklog.person(conn, ref) for ref in refs]
            ids = [cid for cid, _ in people]
            if not inbound and quicklog.any_do_not_contact(conn, ids):
                raise quicklog.Unsure  # R7 warns of it: the full command says so
            row_id = quicklog.store(conn, values, ids, topic_list(inp.topics))
            raise_version(conn.cursor())
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    except (quicklog.Unsure, sqlite3.Error):
        return False
    finally:
        conn.close()
    out = {
        "id": row_id,
        "date": values["occurred_on"].isoformat(),
        "kind": values["kind"],
        "nature": values["nature"],
        "contact_ids": ids,
    }
    if "--json" in flags:
        from kithkin.cli.jsonout import print_json

        print_json(out)
        return True
    from kithkin.cli.output import KithConsole

    names = ", ".join(name for _, name in people)
    KithConsole(highlight=False).print(
        f"logged {out['kind']} ({out['nature']}) with {names} on {out['date']}"
    )
    return True
