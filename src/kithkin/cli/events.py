"""kith event: conferences and meetups, and the people met there (R13)."""

from __future__ import annotations

import typer
from rich.table import Table

from kithkin.cli.app import app
from kithkin.cli.common import JSON_OPT, console, print_json, session
from kithkin.cli.tables import print_table
from kithkin.core.book.eventdays import FOLLOW_UP_DAYS
from kithkin.core.userinput import parse_date
from kithkin.core.wording import count

event_app = typer.Typer(
    help="Events: people met at a conference or meetup get a follow-up.", no_args_is_help=True
)
app.add_typer(event_app, name="event")


@event_app.command("add")
def event_add(
    name: str = typer.Argument(..., help="The event, e.g. 'PyCon 2026'."),
    date: str = typer.Option(..., "--date", help="When it took place (YYYY-MM-DD)."),
    place: str | None = typer.Option(None, "--place", help="Where."),
    as_json: bool = JSON_OPT,
) -> None:
    """Record an event and print its id."""
    from kithkin.core.book import events as core

    with session() as s:
        e = core.add(s, name, parse_date(date, "event date"), place)
        out = core.record(s, e)
    if as_json:
        print_json(out)
    else:
        console.print(out["id"])


@event_app.command(
    "met",
    help=f"Record whom you met at an event: each is due a follow-up within {FOLLOW_UP_DAYS} days.",
)
def event_met(
    event: str = typer.Argument(..., help="Event id or name fragment."),
    people: list[str] = typer.Argument(
        ..., help="Contacts (id, email, name); an unknown name becomes a new contact."
    ),
    as_json: bool = JSON_OPT,
) -> None:
    from kithkin.core.book import events as core

    with session() as s:
        e = core.resolve(s, event)
        met = core.met(s, e, people)
        out = {
            **core.record(s, e),
            "added": [
                {"id": m.contact.id, "name": m.contact.display_name, "created": m.created}
                for m in met
            ],
        }
    if as_json:
        print_json(out)
        return
    for m in out["added"]:
        new = " (new contact)" if m["created"] else ""
        console.print(f"met #{m['id']} {m['name']} at {out['name']}{new}")
    console.print(f"follow up by {out['follow_up_by']}")


@event_app.command("list")
def event_list(as_json: bool = JSON_OPT) -> None:
    """Events, newest first, with the people met there."""
    from kithkin.core.book import events as core

    with session() as s:
        rows = core.listing(s)
    if as_json:
        print_json(rows)
        return
    table = Table(title=count(len(rows), "event"), title_justify="left")
    for col in ("id", "date", "event", "place", "people"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(
            str(r["id"]),
            r["date"],
            r["name"],
            r["place"] or "",
            ", ".join(p["name"] for p in r["people"]),
        )
    print_table(table)
