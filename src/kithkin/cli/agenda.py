"""kith today, agenda, health, snooze, pause, resume, reset, occasion, config.

The keep-in-touch engine's faces; every rule lives in kithkin.core (agenda,
windows, cadence, boundaries, reciprocity, health), imported lazily so that
``kith today`` starts fast.
"""

from __future__ import annotations

from typing import Any

import typer

from kithkin.cli.agenda_view import print_agenda, print_health, today_title
from kithkin.cli.app import app
from kithkin.cli.common import JSON_OPT, console, opt_date, print_json, session
from kithkin.cli.guide import guide_if_empty, hint_if_nobody_kept
from kithkin.core.book.occasiondays import CONGRATULATE_DAYS
from kithkin.core.bounds import MAX_COUNT
from kithkin.core.settings import DEFAULT_BUDGET
from kithkin.core.wording import count

BUDGET_OPT = typer.Option(
    None,
    "--budget",
    min=1,
    max=MAX_COUNT,
    help=(
        f"People per day (default: the 'budget' setting, {DEFAULT_BUDGET} unless changed"
        " with kith config)."
    ),
)

VERBOSE_OPT = typer.Option(False, "--verbose", "-v", help="Explain each item on a line below it.")


@app.command()
def today(
    budget: int | None = BUDGET_OPT, verbose: bool = VERBOSE_OPT, as_json: bool = JSON_OPT
) -> None:
    """Whom to contact today, why, by when and how (at most the daily budget)."""
    from kithkin import clock
    from kithkin.core.agenda import kept

    with session() as s:
        items = kept.today_items(s, budget)
        if not items and not as_json:
            nobody = f"Nobody is due on {clock.today().isoformat()}"
            if not guide_if_empty(s) and not hint_if_nobody_kept(s, nobody):
                console.print(f"{nobody}. Enjoy the quiet.")
            return
    if as_json:
        print_json(items)
        return
    day = clock.today()
    print_agenda(console, today_title(day, len(items)), items, verbose=verbose)


@app.command("agenda")
def agenda_(
    days: int = typer.Option(7, "--days", min=1, max=366, help="How many days ahead."),
    budget: int | None = BUDGET_OPT,
    verbose: bool = VERBOSE_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """The plan for the coming days: the backlog spread over the daily budget."""
    from kithkin.core.agenda import planner

    with session() as s:
        items = planner.plan(s, days, budget)
        if not items and not as_json:
            nobody = f"Nobody is due in the next {count(days, 'day')}"
            if not guide_if_empty(s) and not hint_if_nobody_kept(s, nobody):
                console.print(f"{nobody}.")
            return
    if as_json:
        print_json(items)
        return
    n = len(items)
    print_agenda(
        console,
        f"Plan for the next {count(days, 'day')}: {count(n, 'item')}",
        items,
        with_date=True,
        verbose=verbose,
    )


@app.command()
def health(as_json: bool = JSON_OPT) -> None:
    """The network by state (warm, due, overdue, dormant...) and relationship strength."""
    from kithkin.core.agenda import kept

    with session() as s:
        if not as_json and guide_if_empty(s):
            return
        out = kept.health_summary(s)
    if as_json:
        print_json(out)
        return
    print_health(console, out)


def _set_flag(contact: str, what: str, until: str | None = None) -> None:
    from kithkin.core.agenda import boundaries
    from kithkin.core.book import contacts

    with session() as s:
        c = contacts.resolve(s, contact)
        if what == "snooze":
            day = boundaries.parse_until(until or "")
            boundaries.snooze(c, day)
            msg = f"{c.display_name} is snoozed through {day}"
        elif what == "pause":
            boundaries.pause(c)
            msg = f"{c.display_name} is paused: off the agenda until kith resume"
        elif what == "resume":
            boundaries.resume(c)
            msg = f"{c.display_name} is back on the agenda"
        else:
            boundaries.reset(c)
            msg = f"{c.display_name}: unanswered outreach forgotten, usual cadence again"
    console.print(msg)


@app.command()
def snooze(
    contact: str = typer.Argument(..., help="Id, email or name fragment."),
    until: str = typer.Option(..., "--until", help="Hide them through this date (YYYY-MM-DD)."),
) -> None:
    """Hide a contact from the agenda through a date."""
    _set_flag(contact, "snooze", until)


@app.command()
def pause(contact: str = typer.Argument(..., help="Id, email or name fragment.")) -> None:
    """Take a contact off the agenda until kith resume."""
    _set_flag(contact, "pause")


@app.command()
def resume(contact: str = typer.Argument(..., help="Id, email or name fragment.")) -> None:
    """Put a paused or snoozed contact back on the agenda."""
    _set_flag(contact, "resume")


@app.command()
def reset(contact: str = typer.Argument(..., help="Id, email or name fragment.")) -> None:
    """Forget unanswered outreach (R7): the contact returns with the usual cadence."""
    _set_flag(contact, "reset")


occasion_app = typer.Typer(help="Occasions to congratulate (R9).", no_args_is_help=True)
app.add_typer(occasion_app, name="occasion")


@occasion_app.command(
    "add",
    help=f"Record an occasion: the agenda suggests congratulating within {CONGRATULATE_DAYS} days.",
)
def occasion_add(
    contact: str = typer.Argument(..., help="Id, email or name fragment."),
    kind: str = typer.Option(
        ..., "--kind", help="new_role, promotion, achievement or anniversary."
    ),
    date: str | None = typer.Option(
        None, "--date", help="When it happened (default today; not in the future)."
    ),
    note: str | None = typer.Option(None, "--note", help="e.g. 'promoted to Director'."),
    as_json: bool = JSON_OPT,
) -> None:
    from kithkin.core.book import contacts, occasions

    with session() as s:
        c = contacts.resolve(s, contact)
        row = occasions.record(s, c, kind, opt_date(date), note)
        out: dict[str, Any] = {
            "id": row.id,
            "contact_id": c.id,
            "kind": row.kind,
            "date": row.occurred_on.isoformat(),
            "note": row.note,
        }
        name = c.display_name
    if as_json:
        print_json(out)
    else:
        console.print(f"{name}: {out['kind'].replace('_', ' ')} on {out['date']}")


@occasion_app.command("rm")
def occasion_rm(
    occasion: int = typer.Argument(
        ..., metavar="ID", help="The occasion's id, as kith show lists it."
    ),
) -> None:
    """Forget a recorded occasion; the agenda no longer suggests congratulating."""
    from kithkin.core.book import contacts, occasions

    with session() as s:
        row = occasions.remove(s, occasion)
        name = contacts.get(s, row.contact_id).display_name
        what = f"{row.kind.replace('_', ' ')} on {row.occurred_on}"
        line = f"forgot occasion #{occasion} ({name}: {what})"
    console.print(line)


config_app = typer.Typer(
    help="Settings: daily budget, tier cadences, phone region.", no_args_is_help=True
)
app.add_typer(config_app, name="config")


@config_app.command("set")
def config_set(
    key: str = typer.Argument(
        ..., help="budget, cadence.close, cadence.regular, cadence.wide or phone.region."
    ),
    value: str = typer.Argument(
        ..., help="A whole number (people per day, or days), or a region (FR, IN, none)."
    ),
) -> None:
    """Change a setting, e.g. `kith config set budget 7`."""
    from kithkin.core import settings

    with session() as s:
        clean = settings.set_value(s, key, value)
    console.print(f"{key.strip().lower()} = {clean}")


@config_app.command("unset")
def config_unset(key: str = typer.Argument(..., help="The setting to reset.")) -> None:
    """Go back to a setting's default."""
    from kithkin.core import settings

    with session() as s:
        settings.unset(s, key)
        value = settings.get(s, key)
    console.print(f"{key.strip().lower()} = {value} (default)")


@config_app.command("show")
def config_show(as_json: bool = JSON_OPT) -> None:
    """Every setting with its value and default."""
    from kithkin.core import settings

    with session() as s:
        values = settings.all_values(s)
    if as_json:
        print_json(values)
        return
    for key, v in values.items():
        mark = "" if v["is_default"] else "  (changed)"
        console.print(f"{key:<16} {v['value']:>6}{mark}  {v['help']}")
