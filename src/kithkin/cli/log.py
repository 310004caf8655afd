"""kith log, kith detail, kith tie: what happened and what you know."""

from __future__ import annotations

from datetime import time

import typer

from kithkin.cli.app import app
from kithkin.cli.common import JSON_OPT, console, opt_date, print_json, session, warn
from kithkin.core.agenda.reciprocity import ask_warning
from kithkin.core.book import contacts, details
from kithkin.core.book import interactions as core
from kithkin.core.book.interactions import InteractionInput
from kithkin.core.vocabulary import Channel, Direction
from kithkin.errors import BadInput


def _parse_time(value: str | None) -> time | None:
    if value is None:
        return None
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise BadInput(f"invalid time {value!r}: expected HH:MM") from None


@app.command()
def log(
    contact: list[str] = typer.Argument(..., help="One or more contacts (id, email, name)."),
    channel: str = typer.Option(
        Channel.EMAIL.value,
        "--channel",
        help="email, call, video, meeting, message, linkedin, social, event or letter.",
    ),
    kind: str = typer.Option(
        "checkin",
        "--kind",
        help="checkin, catchup, like, comment, cc; "
        "congrats, thanks, shared_lead, shared_article, intro, help, "
        "reference_given; referral_ask, reference_ask, advice_ask, favor_ask.",
    ),
    inbound: bool = typer.Option(False, "--inbound", help="They reached out to you."),
    date: str | None = typer.Option(None, "--date", help="YYYY-MM-DD, today or yesterday."),
    at: str | None = typer.Option(None, "--time", help="Time of day, HH:MM."),
    note: str | None = typer.Option(None, "--note", help="What was said."),
    topic: list[str] = typer.Option([], "--topic", help="A topic discussed (repeatable)."),
    as_json: bool = JSON_OPT,
) -> None:
    """Log an interaction with one or more contacts."""
    with session() as s:
        people = [contacts.resolve(s, ref) for ref in contact]
        # R4: another ask to someone who already leans to my asks warns (and still logs).
        warnings = [
            ask_warning(
                s,
                p.id,
                p.display_name,
                kind.strip().lower(),
                Direction.INBOUND if inbound else Direction.OUTBOUND,
            )
            for p in people
        ]
        row = core.log(
            s,
            InteractionInput(
                contact_ids=[p.id for p in people],
                channel=channel,
                kind=kind,
                direction=Direction.INBOUND if inbound else Direction.OUTBOUND,
                occurred_on=opt_date(date),
                occurred_at=_parse_time(at),
                note=note,
                topics=topic,
            ),
        )
        out = {
            "id": row.id,
            "date": row.occurred_on.isoformat(),
            "kind": row.kind,
            "nature": row.nature,
            "contact_ids": [p.id for p in people],
        }
        names = ", ".join(p.display_name for p in people)
    for message in filter(None, warnings):
        warn(message)
    if as_json:
        print_json(out)
    else:
        console.print(f"logged {out['kind']} ({out['nature']}) with {names} on {out['date']}")


@app.command()
def detail(
    contact: str = typer.Argument(..., help="Id, email or name fragment."),
    category: str = typer.Argument(..., help="family, interest, hobby, vacation, skill, other."),
    fact: str = typer.Argument(..., help="The fact, e.g. 'daughter Mia started school'."),
    learned: str | None = typer.Option(None, "--learned", help="When you learned it."),
) -> None:
    """Remember a personal detail about a contact (used by drafts unless professional-only)."""
    with session() as s:
        c = contacts.resolve(s, contact)
        details.add_detail(s, c, category, fact, opt_date(learned))
        name = c.display_name
    console.print(f"noted for {name}: {category} – {fact}")


@app.command()
def tie(
    contact: str = typer.Argument(..., help="Id, email or name fragment."),
    type_: str = typer.Argument(
        ...,
        metavar="TYPE",
        help="colleague, manager, report, mentor, mentee, client, recruiter or friend.",
    ),
    since: str | None = typer.Option(None, "--since", help="Since when (default today)."),
) -> None:
    """Set how a contact is tied to you; the previous tie is kept as history."""
    with session() as s:
        c = contacts.resolve(s, contact)
        rel = details.set_tie(s, c, type_, opt_date(since))
        name, kind = c.display_name, rel.type
    console.print(f"{name} is now your {kind}")
