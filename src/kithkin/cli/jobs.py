"""kith init and kith job: the database itself and who worked where."""

from __future__ import annotations

import typer

from kithkin.cli.app import app
from kithkin.cli.common import JSON_OPT, console, opt_date, print_json, session, state
from kithkin.core.userinput import parse_date
from kithkin.core.wording import role

job_app = typer.Typer(help="Positions: who worked where, and when.", no_args_is_help=True)
app.add_typer(job_app, name="job")


@app.command()
def init(as_json: bool = JSON_OPT) -> None:
    """Create the database (if needed) and the record for you."""
    from kithkin.core.book import contacts

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
    from kithkin.core.book import contacts
    from kithkin.core.book import jobs as core
    from kithkin.core.views import position_record

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
            f"{who}: {role(out['title'] or 'position', out['org'])} "
            f"from {out['start']} to {out['end'] or 'now'}"
        )


@job_app.command("edit")
def job_edit(
    position: int = typer.Argument(
        ..., metavar="ID", help="The position's id, as kith show lists it."
    ),
    org: str | None = typer.Option(None, "--org", help="Organization."),
    title: str | None = typer.Option(None, "--title", help="Title held."),
    start: str | None = typer.Option(None, "--start", help="First day (YYYY-MM-DD)."),
    end: str | None = typer.Option(None, "--end", help="Last day."),
    current: bool = typer.Option(False, "--current", help="The job goes on: no last day."),
    as_json: bool = JSON_OPT,
) -> None:
    """Correct a position; colleagues, first touches and anniversaries follow from it."""
    from kithkin.core.book import contacts
    from kithkin.core.book import jobs as core
    from kithkin.core.views import position_record

    with session() as s:
        p = core.edit_position(
            s,
            position,
            org,
            title,
            opt_date(start, "start date"),
            opt_date(end, "end date"),
            current,
        )
        c = contacts.get(s, p.contact_id)
        out = {"id": p.id, "contact_id": c.id, **position_record(p)}
        who = "you" if c.is_me else c.display_name
    if as_json:
        print_json(out)
    else:
        console.print(
            f"position #{out['id']} ({who}): {role(out['title'] or 'position', out['org'])} "
            f"from {out['start'] or '?'} to {out['end'] or 'now'}"
        )


@job_app.command("rm")
def job_rm(
    position: int = typer.Argument(
        ..., metavar="ID", help="The position's id, as kith show lists it."
    ),
) -> None:
    """Forget a position recorded by mistake."""
    from kithkin.core.book import contacts
    from kithkin.core.book import jobs as core

    with session() as s:
        p = core.get_position(s, position)
        c = contacts.get(s, p.contact_id)
        who = "you" if c.is_me else c.display_name
        what = role(None if p.org_name else p.title, p.org_name)  # "at Acme", or the title
        line = f"forgot position #{position} ({who} {what})"
        core.remove_position(s, position)
    console.print(line)
