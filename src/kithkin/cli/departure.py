"""kith leave and kith plan: leaving a job well (R14), step by step."""

from __future__ import annotations

from typing import Any

import typer

from kithkin.cli.app import app
from kithkin.cli.common import JSON_OPT, console, opt_date, print_json, session, warn
from kithkin.core.bounds import MAX_DAYS
from kithkin.core.userinput import parse_date
from kithkin.errors import BadInput

plan_app = typer.Typer(
    help="Your departure plan: the dated steps of leaving well (R14).",
    invoke_without_command=True,
)
app.add_typer(plan_app, name="plan")


@app.command()
def leave(
    org: str = typer.Argument(..., help="The organization you are leaving."),
    last_day: str = typer.Option(..., "--last-day", help="Your last day there (YYYY-MM-DD)."),
    notice_days: int | None = typer.Option(
        None,
        "--notice-days",
        max=MAX_DAYS,
        help="Notice period in days (default, and the least accepted: R14's two weeks).",
    ),
    new_org: str | None = typer.Option(None, "--new-org", help="Where you are going."),
    start_date: str | None = typer.Option(None, "--start-date", help="First day at --new-org."),
    new_title: str | None = typer.Option(None, "--new-title", help="Your title at --new-org."),
    as_json: bool = JSON_OPT,
) -> None:
    """End your position at ORG and make a dated plan for leaving well."""
    from kithkin.core.career import departure as core

    with session() as s:
        d = core.leave(
            s,
            org,
            parse_date(last_day, "last day"),
            core.MIN_NOTICE_DAYS if notice_days is None else notice_days,
            new_org,
            opt_date(start_date, "start date"),
            new_title,
        )
        rows = [core.step_record(s, st) for st in d.steps]
        header = f"Leaving {d.org.name}: notice by {d.notice_date}, last day {d.last_day}"
    for w in d.warnings:
        warn(w)
    if as_json:
        print_json(rows)
    else:
        _print_plan(header, rows)


@plan_app.callback()
def plan(
    ctx: typer.Context,
    org: str | None = typer.Option(
        None, "--org", help="Plan for this organization (default: the latest departure)."
    ),
    as_json: bool = JSON_OPT,
) -> None:
    """Show the departure plan; `kith plan done STEP` ticks a step off."""
    from kithkin.core.career import departure as core
    from kithkin.core.career import references

    if ctx.invoked_subcommand is not None:
        return
    with session() as s:
        if as_json and org is None and not core.has_plan(s):
            print_json([])  # no plan is an empty list, as `kith who` of a stranger org
            return
        o = core.latest_plan_org(s, org)
        rows = [core.step_record(s, st) for st in core.steps_for(s, o.id)]
        header = f"Leaving {o.name}: rehire eligible: {references.rehire_label(o)}"
    if as_json:
        print_json(rows)
    else:
        _print_plan(header, rows)


@plan_app.command("done")
def plan_done(
    step: str = typer.Argument(..., help="The step's key (e.g. tell_boss) or its number."),
    org: str | None = typer.Option(None, "--org", help="Plan for this organization."),
    date: str | None = typer.Option(None, "--date", help="When it was done (default today)."),
    rehire: str | None = typer.Option(
        None, "--rehire", help="With ask_rehire: the answer, yes, no or unknown."
    ),
    note: str | None = typer.Option(None, "--note", help="With --rehire: what was said."),
    undo: bool = typer.Option(False, "--undo", help="Mark the step as not done."),
    as_json: bool = JSON_OPT,
) -> None:
    """Mark a step of the departure plan as done."""
    from kithkin.core.career import departure as core
    from kithkin.core.career import references

    with session() as s:
        o = core.latest_plan_org(s, org)
        st = core.mark_done(s, o, step, opt_date(date, "date"), undo)
        if rehire is not None:
            if st.key != "ask_rehire":
                raise BadInput("--rehire goes with the ask_rehire step")
            references.set_rehire(s, o.name, rehire, note)
            st.done_on = None if undo else st.done_on
        out = core.step_record(s, st)
    if as_json:
        print_json(out)
    else:
        state = f"done on {out['done_on']}" if out["done"] else "not done"
        console.print(f"{out['key']}: {state}")


def _print_plan(header: str, rows: list[dict[str, Any]]) -> None:
    console.print(f"[bold]{header}[/bold]")
    for n, r in enumerate(rows, 1):
        mark = "done" if r["done"] else ("[red]overdue[/red]" if r["overdue"] else "")
        console.print(
            f"{n:>2}. {r['due']} {mark:<7} [bold]{r['key']}[/bold]: {r['title']}", soft_wrap=True
        )
        people = r["contacts"]
        if people:
            who = ", ".join(f"{p['name']} #{p['id']}" for p in people[:8])
            more = f" and {len(people) - 8} more" if len(people) > 8 else ""
            console.print(f"      {who}{more}", soft_wrap=True)
