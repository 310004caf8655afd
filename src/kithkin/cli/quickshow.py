"""``kith show`` answered before the application loads (:mod:`kithkin.cli.quick` hands
it here).

Looking someone up before a call is the read a user makes between conversations;
Typer and SQLAlchemy would take thirty times the answer to load. On a SQLite file at
this kithkin's schema, ``kith show REF [--json]`` reads the contact's rows through
``sqlite3`` read-only (:func:`kithkin.store.quickread.shown`), the core makes the
record of them with the rules every face uses (:mod:`kithkin.core.book.shown`), and
the command's own view prints it (:mod:`kithkin.cli.showview`): the same bytes.
Anything else returns ``False`` and the command runs as usual, which gives any error
its one-line message: another option, ``me`` or the user's own record, a name it
cannot tell apart or does not know, a PostgreSQL URL, a file to create or migrate.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path


def answer(after: list[tuple[str, str | None]], day: date | None, path: Path) -> bool:
    """Print the contact the command line after ``show`` names; whether it did.

    ``day`` is the day ``--as-of`` fixed, if it did (``KITH_AS_OF`` the clock reads).
    """
    refs = [name for name, value in after if value is None and not name.startswith("-")]
    flags = [name for name, value in after if value is None and name == "--json"]
    if len(refs) != 1 or len(flags) > 1 or len(refs) + len(flags) != len(after):
        return False  # anything else, or an option given twice: the command decides

    from kithkin import clock
    from kithkin.core.book.shown import record
    from kithkin.store.quickread import shown

    clock.set_today(day)
    try:
        rows = shown(path, refs[0])
        out = None if rows is None else record(rows, clock.today())
    except ValueError:  # a row this kithkin does not know: the command says what it is
        return False
    if out is None:
        return False
    if flags:
        from kithkin.cli.jsonout import print_json

        print_json(out)
        return True
    from kithkin.cli.output import KithConsole
    from kithkin.cli.showview import print_detail

    print_detail(KithConsole(highlight=False), out)
    return True
