"""kith demo: a realistic sample network to try kithkin on."""

from __future__ import annotations

import typer

from kithkin.cli.app import app
from kithkin.cli.common import JSON_OPT, console, print_json, session, state
from kithkin.config import data_dir, resolve_db
from kithkin.core.wording import count
from kithkin.errors import BadInput


@app.command()
def demo(
    force: bool = typer.Option(
        False, "--force", help="Rebuild a demo database (never one that is not a demo)."
    ),
    as_json: bool = JSON_OPT,
) -> None:
    """Create a sample network (~150 people, 4 past jobs) in its own database.

    Without --db it goes to demo.db in the data directory, never into your own.
    """
    from kithkin.core.exchange.backup import user_data
    from kithkin.demo import marker
    from kithkin.demo import sample as core

    if state.db is None:
        data_dir().mkdir(parents=True, exist_ok=True)
        state.db = str(data_dir() / "demo.db")
    url = resolve_db(state.db)
    where = state.database().where()
    with session() as s:
        if marker.is_demo(s):
            if not force:
                raise BadInput(f"{where} already holds the demo; --force rebuilds it")
            marker.clear(s)
        elif user_data(s):
            raise BadInput(
                f"{where} holds a network that is not the demo; the demo never writes "
                "into it: point --db at a new file"
            )
        counts = core.build(s)
        marker.mark(s)
    where = url.removeprefix("sqlite:///")
    if as_json:
        print_json({"database": where, **counts})
    else:
        console.print(
            f"demo network: {count(counts['contacts'], 'person')}, "
            f"{count(counts['interactions'], 'interaction')} in {where}"
        )
        console.print(f"try: kith --db {where} list")
