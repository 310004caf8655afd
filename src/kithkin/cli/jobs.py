"""kith init and kith job: the database itself and who worked where."""

from __future__ import annotations

import typer

from kithkin.cli.app import app
from kithkin.cli.common import JSON_OPT, console, opt_date, print_json, session, state
from kithkin.core.book import contacts
from kithkin.core.book import jobs as core
from kithkin.core.userinput import parse_date
from kithkin.core.views import position_record

job_app = typer.Typer(help="Positions: who worked where, and when.", no_args_is_help=True)
app.add_typer(job_app, name="job")


@app.command()
def init(as_json: bool = JSON_OPT) -> None:
    """Create the database (if needed) and the record for you."""
    with session() as s:
        me = contacts.me(s)
        me_id = me.id
    db = state.database()
    where = db.url.split("@")[-1] if db.dialect != "sqlite" else db.url.removeprefix("sqlite:///")
    if as_json:
        print_json({"database": where, "me": me_id})
    else:
        console.print(f"kithkin database ready at {where}")


@job_app.command("add")
def job_add(
    contact: str = typer.Argument(..., help="Id, email, name fragment, or 'me'."),
    org: str = typer.Option(..., "--org", help="Organization."),
    title: str | None = typer.Option(None, "--title", help="Title held."),
    start: str = typer.Option(..., "--start", help="First day (YYYY-MM-DD)."),
    end: str | None = typer.Option(None, "--end", help="Last day; omit for a current job."),
    as_json: bool = JSON_OPT,
) -> None:
    """Record a position held by a contact or by you ('me')."""
    with session() as s:
        c = contacts.resolve(s, contact)
        p = core.add_position(
            s, c, org, title, parse_date(start, "start date"), opt_date(end, "end date")
        )
        out = {"id": p.id, "contact_id": c.id, **position_record(p)}
        who = "you" if c.is_me else c.display_name
    if as_json:
        print_json(out)
    else:
        console.print(
            f"{who}: {out['title'] or 'position'} at {out['org']} "
            f"from {out['start']} to {out['end'] or 'now'}"
        )
