"""kith lead: job leads matched to the people they would help (R11)."""

from __future__ import annotations

from typing import Any

import typer
from rich.table import Table

from kithkin.cli.app import app
from kithkin.cli.common import JSON_OPT, console, opt_date, print_json, session
from kithkin.cli.tables import print_table
from kithkin.core.bounds import MAX_COUNT
from kithkin.core.wording import count

lead_app = typer.Typer(
    help="Job leads: pass them on to the people they fit (a give).", no_args_is_help=True
)
app.add_typer(lead_app, name="lead")


@lead_app.command("add")
def lead_add(
    title: str = typer.Argument(..., help="The role, e.g. 'Senior Data Engineer'."),
    org: str = typer.Option(..., "--org", help="The organization hiring."),
    skills: str | None = typer.Option(
        None, "--skills", help="Comma-separated, e.g. 'python,spark'."
    ),
    url: str | None = typer.Option(None, "--url", help="Where the posting is."),
    text_file: str | None = typer.Option(
        None, "--text-file", help="A file with the posting's text."
    ),
    as_json: bool = JSON_OPT,
) -> None:
    """Record a job lead and print its id."""
    from kithkin.core.career import leads as core

    with session() as s:
        lead = core.add(s, title, org, skills, url, text_file)
        lead_id = lead.id
    if as_json:
        print_json({"id": lead_id})
    else:
        console.print(lead_id)


@lead_app.command("match")
def lead_match(
    lead: str = typer.Argument(..., help="Lead id or title fragment."),
    limit: int = typer.Option(
        10, "--limit", min=1, max=MAX_COUNT, help="At most this many people."
    ),
    as_json: bool = JSON_OPT,
) -> None:
    """The contacts this lead would help, best fit first (BM25 over titles, skills,
    interests and notes); people working there are left out."""
    from kithkin.core.career import leads as core

    with session() as s:
        x = core.resolve(s, lead)
        found = core.match(s, x, limit)
        label = f"{x.title} at {core.lead_org_name(s, x)}"
    rows: list[dict[str, Any]] = [
        {
            "contact_id": m.contact_id,
            "name": m.name,
            "score": m.score,
            "title": m.title,
            "org": m.org,
            "matched": m.matched,
        }
        for m in found
    ]
    if as_json:
        print_json(rows)
        return
    table = Table(title=f"{count(len(rows), 'person')} for {label}", title_justify="left")
    for col in ("id", "name", "score", "now", "matched"):
        table.add_column(col, overflow="fold")
    for r in rows:
        now = " at ".join(x for x in (r["title"], r["org"]) if x)
        table.add_row(
            str(r["contact_id"]), r["name"], f"{r['score']:.2f}", now, ", ".join(r["matched"])
        )
    print_table(table)


@lead_app.command("share")
def lead_share(
    lead: str = typer.Argument(..., help="Lead id or title fragment."),
    contact: str = typer.Argument(..., help="Whom you passed it to."),
    date: str | None = typer.Option(None, "--date", help="When (default today)."),
    channel: str = typer.Option("email", "--channel", help="How you passed it on."),
    as_json: bool = JSON_OPT,
) -> None:
    """Log that you passed a lead on: a give (R4)."""
    from kithkin.core.book import contacts
    from kithkin.core.career import leads as core

    with session() as s:
        x = core.resolve(s, lead)
        c = contacts.resolve(s, contact)
        row = core.share(s, x, c, opt_date(date, "date"), channel)
        out = {
            "interaction_id": row.id,
            "lead_id": x.id,
            "contact_id": c.id,
            "name": c.display_name,
            "date": row.occurred_on.isoformat(),
            "kind": row.kind,
            "nature": row.nature,
        }
    if as_json:
        print_json(out)
    else:
        console.print(f"shared lead #{out['lead_id']} with {out['name']} on {out['date']} (a give)")


@lead_app.command("list")
def lead_list(as_json: bool = JSON_OPT) -> None:
    """Your job leads, newest first, with whom each was shared."""
    from kithkin.core.career import leads as core

    with session() as s:
        rows = core.listing(s)
    if as_json:
        print_json(rows)
        return
    table = Table(title=count(len(rows), "lead"), title_justify="left")
    for col in ("id", "lead", "skills", "shared with"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(
            str(r["id"]),
            f"{r['title']} at {r['org']}",
            ", ".join(r["skills"]),
            ", ".join(p["name"] for p in r["shared_with"]),
        )
    print_table(table)
