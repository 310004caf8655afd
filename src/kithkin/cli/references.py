"""kith ref and kith rehire: references and rehire eligibility (R15)."""

from __future__ import annotations

from typing import Any

import typer

from kithkin.cli.app import app
from kithkin.cli.common import JSON_OPT, console, opt_date, print_json, session, warn
from kithkin.core.userinput import parse_date
from kithkin.core.wording import count

ref_app = typer.Typer(
    help="References: who agreed, when each was last asked, for what.", no_args_is_help=True
)
app.add_typer(ref_app, name="ref")


@ref_app.command("add")
def ref_add(
    contact: str = typer.Argument(..., help="Id, email or name fragment."),
    role: str | None = typer.Option(None, "--for", help="The kind of role they agreed for."),
    date: str | None = typer.Option(None, "--date", help="When they agreed (default today)."),
    as_json: bool = JSON_OPT,
) -> None:
    """Record that a contact agreed to be one of your references."""
    from kithkin.core.book import contacts
    from kithkin.core.career import references as core

    with session() as s:
        c = contacts.resolve(s, contact)
        row = core.agree(s, c, role, opt_date(date, "date"))
        out = {
            "id": row.id,
            "contact_id": c.id,
            "name": c.display_name,
            "role": row.role,
            "agreed_on": row.agreed_on.isoformat(),
        }
    if as_json:
        print_json(out)
    else:
        what = f" for {out['role']}" if out["role"] else ""
        console.print(f"{out['name']} agreed to be a reference{what} on {out['agreed_on']}")


@ref_app.command("ask")
def ref_ask(
    contact: str = typer.Argument(..., help="Id, email or name fragment."),
    role: str = typer.Option(..., "--for", help="The role you asked them to vouch for."),
    date: str = typer.Option("today", "--date", help="When you asked (default today)."),
    as_json: bool = JSON_OPT,
) -> None:
    """Record that you asked a contact to be a reference (warns when over-used)."""
    from kithkin.core.book import contacts
    from kithkin.core.career import references as core

    with session() as s:
        c = contacts.resolve(s, contact)
        res = core.ask(s, c, role, parse_date(date, "date"))
        out: dict[str, Any] = {
            "id": res.ask.id,
            "contact_id": c.id,
            "name": c.display_name,
            "role": res.ask.role,
            "asked_on": res.ask.asked_on.isoformat(),
            "warnings": [*([res.owed] if res.owed else []), *res.warnings],
        }
    for w in out["warnings"]:
        warn(w)
    if as_json:
        print_json(out)
    else:
        console.print(
            f"asked {out['name']} to be a reference for {out['role']} on {out['asked_on']}"
        )


@ref_app.command("list")
def ref_list(as_json: bool = JSON_OPT) -> None:
    """Your references: who agreed, how often and when each was last asked."""
    from kithkin.core.career import references as core

    with session() as s:
        rows = core.overview(s)
    if as_json:
        print_json(rows)
        return
    console.print(f"[bold]{count(len(rows), 'reference')}[/bold]")
    for r in rows:
        agreed = (
            f"agreed {r['agreed_on']}"
            + (f" for {', '.join(r['agreed_for'])}" if r["agreed_for"] else "")
            if r["agreed"]
            else "has not agreed"
        )
        asked = (
            f"asked {r['times_asked']}x ({r['asked_last_6_months']} in 6 months), last "
            f"{r['last_asked']} for {r['last_asked_for']}"
            if r["times_asked"]
            else "never asked"
        )
        flag = " [red]over-used[/red]" if r["overused"] else ""
        console.print(f"#{r['contact_id']} {r['name']}: {agreed}; {asked}{flag}", soft_wrap=True)


@app.command()
def rehire(
    org: str | None = typer.Argument(None, help="A former employer; omit to list them all."),
    answer: str | None = typer.Argument(None, help="yes, no or unknown."),
    note: str | None = typer.Option(None, "--note", help="What was said, by whom."),
    as_json: bool = JSON_OPT,
) -> None:
    """Record (or show) whether a former employer would hire you again (R15)."""
    from kithkin.core.career import references as core

    with session() as s:
        if org is not None and answer is not None:
            o = core.set_rehire(s, org, answer, note)
            rows = [{"org": o.name, "rehire_eligible": core.rehire_label(o), "note": o.rehire_note}]
        else:
            rows = core.former_employers(s)
            if org is not None:
                from kithkin.core.book import orgs

                o = orgs.require(s, org)
                rows = [
                    {"org": o.name, "rehire_eligible": core.rehire_label(o), "note": o.rehire_note}
                ]
    if as_json:
        print_json(rows if org is None else rows[0])
        return
    for r in rows:
        note_txt = f" ({r['note']})" if r.get("note") else ""
        console.print(f"{r['org']}: rehire eligible: {r['rehire_eligible']}{note_txt}")
