"""kith log, kith detail, kith tie: what happened and what you know, and their corrections.

Each is a group whose bare use adds (``kith log Ann``) and whose ``edit`` and
``rm`` correct or forget one record by the id ``kith show`` prints.
"""

from __future__ import annotations

from datetime import time

import typer

from kithkin.cli.app import app
from kithkin.cli.common import JSON_OPT, console, opt_date, print_json, session, warn
from kithkin.cli.defaultgroup import DEFAULT, DefaultGroup
from kithkin.core.vocabulary import Channel, Direction
from kithkin.errors import BadInput

log_app = typer.Typer(
    cls=DefaultGroup,
    help="Log an interaction with one or more contacts; edit or rm corrects one by its id.",
)
detail_app = typer.Typer(
    cls=DefaultGroup,
    help="Remember a personal detail about a contact (used by drafts unless "
    "professional-only); edit or rm corrects one by its id.",
)
tie_app = typer.Typer(
    cls=DefaultGroup,
    help="Set how a contact is tied to you; the previous tie is kept as history; "
    "edit or rm corrects one period by its id.",
)
app.add_typer(log_app, name="log")
app.add_typer(detail_app, name="detail")
app.add_typer(tie_app, name="tie")

ID_HELP = "Its id, as kith show lists it."
CHANNELS_HELP = "email, call, video, meeting, message, linkedin, social, event or letter."
KINDS_HELP = (
    "checkin, catchup, like, comment, cc; "
    "congrats, thanks, shared_lead, shared_article, intro, help, "
    "reference_given; referral_ask, reference_ask, advice_ask, favor_ask."
)


def _parse_time(value: str | None) -> time | None:
    if value is None:
        return None
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise BadInput(f"invalid time {value!r}: expected HH:MM") from None


@log_app.command(DEFAULT)
def log(
    contact: list[str] = typer.Argument(..., help="One or more contacts (id, email, name)."),
    channel: str = typer.Option(
        Channel.EMAIL.value,
        "--channel",
        help=CHANNELS_HELP,
    ),
    kind: str = typer.Option("checkin", "--kind", help=KINDS_HELP),
    inbound: bool = typer.Option(False, "--inbound", help="They reached out to you."),
    date: str | None = typer.Option(None, "--date", help="YYYY-MM-DD, today or yesterday."),
    at: str | None = typer.Option(None, "--time", help="Time of day, HH:MM."),
    note: str | None = typer.Option(None, "--note", help="What was said."),
    topic: list[str] = typer.Option([], "--topic", help="A topic discussed (repeatable)."),
    planned: bool = typer.Option(False, "--planned", help="A future date is meant: planned."),
    as_json: bool = JSON_OPT,
) -> None:
    """Log an interaction with one or more contacts."""
    from kithkin.core.agenda.boundaries import do_not_contact_warning
    from kithkin.core.agenda.reciprocity import ask_warning
    from kithkin.core.book import contacts
    from kithkin.core.book import interactions as core
    from kithkin.core.book.interactions import InteractionInput

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
        # R7: the user's own outreach to someone marked do-not-contact warns (and logs).
        direction = Direction.INBOUND if inbound else Direction.OUTBOUND
        warnings += [do_not_contact_warning(p, direction) for p in people]
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
                planned=planned,
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


@detail_app.command(DEFAULT)
def detail(
    contact: str = typer.Argument(..., help="Id, email or name fragment."),
    category: str = typer.Argument(..., help="family, interest, hobby, vacation, skill, other."),
    fact: str = typer.Argument(..., help="The fact, e.g. 'daughter Mia started school'."),
    learned: str | None = typer.Option(None, "--learned", help="When you learned it."),
) -> None:
    """Remember a personal detail about a contact (used by drafts unless professional-only)."""
    from kithkin.core.book import contacts, details

    with session() as s:
        c = contacts.resolve(s, contact)
        details.add_detail(s, c, category, fact, opt_date(learned))
        name = c.display_name
    console.print(f"noted for {name}: {category} – {fact}")


@tie_app.command(DEFAULT)
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
    from kithkin.core.book import contacts, details

    with session() as s:
        c = contacts.resolve(s, contact)
        rel = details.set_tie(s, c, type_, opt_date(since))
        name, kind = c.display_name, rel.type
    console.print(f"{name} is now your {kind}")


def _done(message: str, out: dict[str, object], as_json: bool) -> None:
    if as_json:
        print_json(out)
    else:
        console.print(message)


@log_app.command("edit")
def log_edit(
    interaction: int = typer.Argument(..., metavar="ID", help=ID_HELP),
    channel: str | None = typer.Option(None, "--channel", help=CHANNELS_HELP),
    kind: str | None = typer.Option(None, "--kind", help=KINDS_HELP),
    inbound: bool | None = typer.Option(
        None, "--inbound/--outbound", help="They reached out to you, or you to them."
    ),
    date: str | None = typer.Option(None, "--date", help="YYYY-MM-DD, today or yesterday."),
    at: str | None = typer.Option(None, "--time", help="Time of day, HH:MM."),
    note: str | None = typer.Option(None, "--note", help="What was said (empty: none)."),
    topic: list[str] = typer.Option(
        [], "--topic", help="A topic discussed (repeatable; replaces the topics)."
    ),
    planned: bool = typer.Option(False, "--planned", help="A future date is meant: planned."),
    as_json: bool = JSON_OPT,
) -> None:
    """Correct a logged interaction; the agenda and every rule recompute from it."""
    from kithkin.core import views
    from kithkin.core.book import interactions as core
    from kithkin.core.book.interactions import InteractionEdit

    with session() as s:
        direction = (
            None if inbound is None else (Direction.INBOUND if inbound else Direction.OUTBOUND)
        )
        row = core.edit(
            s,
            interaction,
            InteractionEdit(
                occurred_on=opt_date(date),
                occurred_at=_parse_time(at),
                channel=channel,
                kind=kind,
                direction=direction,
                note=note,
                topics=topic or None,
                planned=planned,
            ),
        )
        people = core.participants(s, [row.id]).get(row.id, [])
        out = views.interaction_record(row, core.topics_of(s, [row.id]).get(row.id, []), people)
        names = ", ".join(p.display_name for p in people)
    _done(
        f"interaction #{out['id']} is now {out['kind']} ({out['nature']}) by {out['channel']}, "
        f"{out['direction']}, with {names} on {out['date']}",
        out,
        as_json,
    )


@log_app.command("rm")
def log_rm(
    interaction: int = typer.Argument(..., metavar="ID", help=ID_HELP),
    as_json: bool = JSON_OPT,
) -> None:
    """Forget a logged interaction; the agenda and every rule recompute without it."""
    from kithkin.core.book import contacts
    from kithkin.core.book import interactions as core

    with session() as s:
        row = core.get(s, interaction)
        what = f"{row.kind} on {row.occurred_on.isoformat()}"
        ids = core.remove(s, interaction)
        names = ", ".join(contacts.get(s, cid).display_name for cid in ids)
    _done(
        f"removed interaction #{interaction} ({what} with {names})",
        {"id": interaction, "removed": True, "contact_ids": ids},
        as_json,
    )


@detail_app.command("edit")
def detail_edit(
    detail_id: int = typer.Argument(..., metavar="ID", help=ID_HELP),
    category: str | None = typer.Option(
        None, "--category", help="family, interest, hobby, vacation, skill, other."
    ),
    fact: str | None = typer.Option(None, "--fact", help="The corrected fact."),
    learned: str | None = typer.Option(None, "--learned", help="When you learned it."),
) -> None:
    """Correct a personal detail."""
    from kithkin.core.book import contacts, details

    with session() as s:
        d = details.edit_detail(s, detail_id, category, fact, opt_date(learned))
        line = f"detail #{d.id} of {contacts.get(s, d.contact_id).display_name}: "
        line += f"{d.category} – {d.fact}"
    console.print(line)


@detail_app.command("rm")
def detail_rm(detail_id: int = typer.Argument(..., metavar="ID", help=ID_HELP)) -> None:
    """Forget a personal detail."""
    from kithkin.core.book import contacts, details

    with session() as s:
        d = details.remove_detail(s, detail_id)
        line = f"forgot detail #{detail_id} of {contacts.get(s, d.contact_id).display_name}"
    console.print(line)


@tie_app.command("edit")
def tie_edit(
    tie_id: int = typer.Argument(..., metavar="ID", help=ID_HELP),
    type_: str | None = typer.Option(
        None, "--type", help="colleague, manager, report, mentor, mentee, client, recruiter..."
    ),
    since: str | None = typer.Option(None, "--since", help="Since when."),
    until: str | None = typer.Option(None, "--until", help="Until when."),
    current: bool = typer.Option(False, "--current", help="The tie holds today (no end)."),
) -> None:
    """Correct one period of a tie: its type, since or until."""
    from kithkin.core.book import contacts, details

    with session() as s:
        r = details.edit_tie(s, tie_id, type_, opt_date(since), opt_date(until), current)
        name = contacts.get(s, r.contact_id).display_name
        span = f"since {r.since}" if r.until is None else f"{r.since} – {r.until}"
    console.print(f"tie #{tie_id}: {name}, {r.type} ({span})")


@tie_app.command("rm")
def tie_rm(tie_id: int = typer.Argument(..., metavar="ID", help=ID_HELP)) -> None:
    """Forget one period of a tie; the rest of its history stays."""
    from kithkin.core.book import contacts, details

    with session() as s:
        r = details.remove_tie(s, tie_id)
        name = contacts.get(s, r.contact_id).display_name
    console.print(f"forgot tie #{tie_id} ({name}, {r.type})")
