"""``kith import linkedin FILE`` run without Typer (:mod:`kithkin.cli.quick` hands it here).

A LinkedIn export is the first thing a new user imports, at up to 30,000 rows, and
Typer with the pydantic adapters it builds for a command's parameters is a tenth of
that import's time. When the command line is one this module fully understands
(``[--db FILE] [--as-of DAY] import linkedin PATH [--json]``), the database a SQLite
file at this kithkin's schema, the file readable, and neither output a terminal (where
the command shows a progress bar), the import runs through the same core function the
command calls (:func:`kithkin.core.exchange.batched.run`) and reports in the
command's own words (:mod:`kithkin.cli.importview`). A file that cannot be read is left
to the full command, which says why; an error while importing is reported as the
command reports it, and so is Ctrl+C (:func:`kithkin.cli.quicksync.as_the_command`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path


def answer(after: list[tuple[str, str | None]], fixed: date | None, path: Path) -> bool:
    """Import as the command line after ``import`` says; whether it did.

    ``fixed`` is the day ``--as-of`` fixed, if it did (``KITH_AS_OF`` the clock reads).
    """
    opts = dict(after)
    if len(opts) != len(after) or not after or after[0] != ("linkedin", None):
        return False
    as_json = opts.pop("--json", "") is None
    opts.pop("linkedin")
    files = [name for name, value in opts.items() if value is None]
    if len(opts) != 1 or len(files) != 1 or files[0].startswith("-"):
        return False
    from kithkin.cli.quicksync import terminal

    source = Path(files[0])
    if terminal() or not source.exists():
        return False
    from kithkin.store.quicksources import open_current

    conn = open_current(path)
    if conn is None:
        return False  # a file to create or migrate: the command does it
    conn.close()

    import gc

    # One import, then the process ends. The cyclic collector would rescan the
    # database layer's objects as they load, and at the end Python's own last
    # collection would walk everything the import left alive (a tenth of a second at
    # 30,000 rows) for the few cycles it holds, which the end of the process frees:
    # paused here, and what is alive frozen out of its reach once the import is done.
    gc.disable()
    done = False
    try:
        done = _import(as_json, fixed, path, source)
    finally:
        if done:
            gc.freeze()
        gc.enable()
    return done


def _import(as_json: bool, fixed: date | None, path: Path, source: Path) -> bool:
    from kithkin import clock
    from kithkin.errors import KithError
    from kithkin.formats import readers

    clock.set_today(fixed)
    try:
        batch = readers.read("linkedin", source)
    except KithError:
        return False  # the command reads it again and says why
    from kithkin.cli.quicksync import as_the_command
    from kithkin.core.exchange import batched
    from kithkin.store.db import open_db

    db = open_db("sqlite:///" + str(path.resolve()))
    try:
        with as_the_command():
            summary = batched.run(db.session, batch, "linkedin", str(source), tier="none")
    finally:
        db.dispose()
    if as_json:
        from kithkin.cli.jsonout import print_json

        print_json(summary.as_dict(list_unknown=False))
        return True
    from kithkin.cli import importview
    from kithkin.cli.output import KithConsole

    importview.print_summary(KithConsole(highlight=False), summary, False)
    return True
