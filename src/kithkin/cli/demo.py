"""kith demo: a realistic sample network to try kithkin on."""

from __future__ import annotations

import typer

from kithkin.cli.app import app
from kithkin.cli.common import JSON_OPT, console, print_json, session, state
from kithkin.config import data_dir, resolve_db
from kithkin.demo import sample as core
from kithkin.errors import BadInput
from kithkin.store.tables import Contact


@app.command()
def demo(
    force: bool = typer.Option(False, "--force", help="Replace an existing demo database."),
    as_json: bool = JSON_OPT,
) -> None:
    """Create a sample network (~150 people, 4 past jobs) in its own database.

    Without --db it goes to demo.db in the data directory, never into your own.
    """
    if state.db is None:
        state.db = str(data_dir() / "demo.db")
    url = resolve_db(state.db)
    if force and url.startswith("sqlite:///"):
        from pathlib import Path

        for suffix in ("", "-wal", "-shm"):
            Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
    with session() as s:
        if s.query(Contact).filter(Contact.is_me.is_(False)).first() is not None:
            raise BadInput(
                f"{state.db} already holds contacts; use --force to rebuild the demo "
                "or point --db at a new file"
            )
        counts = core.build(s)
    where = url.removeprefix("sqlite:///")
    if as_json:
        print_json({"database": where, **counts})
    else:
        console.print(
            f"demo network: {counts['contacts']} people, {counts['interactions']} "
            f"interactions in {where}"
        )
        console.print(f"try: kith --db {where} list")
