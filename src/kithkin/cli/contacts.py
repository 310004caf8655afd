"""kith add / edit / show / list / rm: the people in the network."""

from __future__ import annotations

import typer

from kithkin.cli.app import app
from kithkin.cli.common import JSON_OPT, console, print_json, session
from kithkin.cli.guide import guide_if_empty
from kithkin.cli.jsonout import print_list
from kithkin.cli.listviews import LIMIT_MAX
from kithkin.cli.showview import print_detail
from kithkin.cli.tables import print_rows
from kithkin.core.bounds import MAX_DAYS
from kithkin.core.vocabulary import TIER_CADENCE, Tier

EMAIL_OPT = typer.Option([], "--email", help="Email address (repeatable).")
PHONE_OPT = typer.Option([], "--phone", help="Phone number, +country code for abroad (repeatable).")
URL_OPT = typer.Option(
    [], "--url", help="Web address; a LinkedIn profile is recognised (repeatable)."
)
ORG_OPT = typer.Option(None, "--org", help="Organization where they work now.")
TITLE_OPT = typer.Option(None, "--title", help="Their title there.")
TAG_OPT = typer.Option([], "--tag", help="Tag (repeatable).")
TIER_OPT = typer.Option(
    None,
    "--tier",
    help=(
        f"close ({TIER_CADENCE[Tier.CLOSE]} days), regular ({TIER_CADENCE[Tier.REGULAR]}),"
        f" wide ({TIER_CADENCE[Tier.WIDE]}) or none."
    ),
)
CADENCE_OPT = typer.Option(None, "--cadence", help="Days between touches; overrides the tier.")
CHANNEL_OPT = typer.Option(None, "--channel", help="Preferred channel (email, call, video, ...).")
HOW_MET_OPT = typer.Option(None, "--how-met", help="How and where you met.")
NOTE_OPT = typer.Option(None, "--note", help="Free notes.")
LOCATION_OPT = typer.Option(None, "--location", help="City or region.")
TZ_OPT = typer.Option(None, "--time-zone", help="IANA time zone, e.g. Europe/Berlin.")
BIRTHDAY_OPT = typer.Option(
    None,
    "--birthday",
    metavar="DATE",
    help="Birthday, YYYY-MM-DD or MM-DD when the year is unknown (an occasion, R9).",
)


@app.command()
def add(
    name: str = typer.Argument(..., help="Full name, e.g. 'Jane Doe'."),
    email: list[str] = EMAIL_OPT,
    phone: list[str] = PHONE_OPT,
    url: list[str] = URL_OPT,
    org: str | None = ORG_OPT,
    title: str | None = TITLE_OPT,
    tag: list[str] = TAG_OPT,
    tier: str | None = TIER_OPT,
    cadence: int | None = CADENCE_OPT,
    channel: str | None = CHANNEL_OPT,
    how_met: str | None = HOW_MET_OPT,
    note: str | None = NOTE_OPT,
    location: str | None = LOCATION_OPT,
    time_zone: str | None = TZ_OPT,
    birthday: str | None = BIRTHDAY_OPT,
    force: bool = typer.Option(
        False, "--force", help="Add them even if someone of that name is already in."
    ),
    as_json: bool = JSON_OPT,
) -> None:
    """Add a contact and print its id."""
    from kithkin.core.book import contacts as core
    from kithkin.core.book.contacts import ContactInput

    with session() as s:
        c = core.add_contact(
            s,
            ContactInput(
                name=name,
                emails=email,
                phones=phone,
                urls=url,
                org=org,
                title=title,
                tags=tag,
                tier=tier,
                cadence_days=cadence,
                channel=channel,
                how_met=how_met,
                note=note,
                location=location,
                time_zone=time_zone,
                birthday=birthday,
            ),
            force=force,
        )
        cid, shown = c.id, c.display_name
    if as_json:
        print_json({"id": cid, "name": shown})
    else:
        console.print(cid)


@app.command()
def edit(
    contact: str = typer.Argument(..., help="Id, email or name fragment."),
    name: str | None = typer.Option(None, "--name", help="New full name."),
    email: list[str] = EMAIL_OPT,
    phone: list[str] = PHONE_OPT,
    url: list[str] = URL_OPT,
    org: str | None = ORG_OPT,
    title: str | None = TITLE_OPT,
    tag: list[str] = TAG_OPT,
    tier: str | None = TIER_OPT,
    cadence: int | None = CADENCE_OPT,
    channel: str | None = CHANNEL_OPT,
    how_met: str | None = HOW_MET_OPT,
    note: str | None = NOTE_OPT,
    location: str | None = LOCATION_OPT,
    time_zone: str | None = TZ_OPT,
    birthday: str | None = BIRTHDAY_OPT,
    min_interval: int | None = typer.Option(
        None,
        "--min-interval",
        min=1,
        max=MAX_DAYS,
        help="Never suggest them more often than every N days.",
    ),
    professional_only: bool | None = typer.Option(
        None,
        "--professional-only/--no-professional-only",
        help="Keep personal details out of drafts.",
    ),
    do_not_contact: bool | None = typer.Option(
        None, "--do-not-contact/--contactable", help="Never suggest this person."
    ),
    as_json: bool = JSON_OPT,
) -> None:
    """Change a contact; emails, phones, urls and tags given are added to theirs."""
    from kithkin.core import views
    from kithkin.core.book import contacts as core
    from kithkin.core.book.contacts import ContactInput

    with session() as s:
        c = core.resolve(s, contact)
        core.edit_contact(
            s,
            c,
            ContactInput(
                name=name,
                emails=email,
                phones=phone,
                urls=url,
                org=org,
                title=title,
                tags=tag,
                tier=tier,
                cadence_days=cadence,
                channel=channel,
                how_met=how_met,
                note=note,
                location=location,
                time_zone=time_zone,
                birthday=birthday,
                min_interval_days=min_interval,
                professional_only=professional_only,
                do_not_contact=do_not_contact,
            ),
        )
        out = views.contact_summary(c)
    if as_json:
        print_json(out)
    else:
        console.print(f"updated #{out['id']} {out['name']}")


@app.command()
def show(
    contact: str = typer.Argument(..., help="Id, email or name fragment."),
    as_json: bool = JSON_OPT,
) -> None:
    """Show everything known about a contact, with their interactions."""
    from kithkin.core import views
    from kithkin.core.book import contacts as core

    with session() as s:
        c = core.resolve(s, contact)
        out = views.contact_detail(s, c)
    if as_json:
        print_json(out)
        return
    print_detail(console, out)


@app.command("list")
def list_(
    tag: str | None = typer.Option(None, "--tag", help="Only contacts with this tag."),
    tier: str | None = typer.Option(None, "--tier", help="Only this tier."),
    org: str | None = typer.Option(None, "--org", help="Only people working there now."),
    colleagues_at: str | None = typer.Option(
        None, "--colleagues-at", help="Only people whose time there overlapped yours."
    ),
    limit: int | None = typer.Option(
        None, "--limit", min=1, max=LIMIT_MAX, help="Show at most this many (default: all)."
    ),
    offset: int = typer.Option(
        0, "--offset", min=0, max=LIMIT_MAX, help="Skip this many first (with --limit: a page)."
    ),
    as_json: bool = JSON_OPT,
) -> None:
    """List contacts by name; a long list in a terminal opens in your pager."""
    from kithkin.cli import listviews
    from kithkin.core import keptlists
    from kithkin.core.book import listing

    filters = listing.Filters(tag, tier, org, colleagues_at)
    with session() as s:
        total, found = keptlists.list_answer(s, filters, limit, offset)
        if not total and not as_json and guide_if_empty(s):
            return
    if as_json:
        print_list(found.encoded(), found.rows)
        return
    title = listviews.list_title(total, offset, len(found))
    print_rows(title, listviews.LIST_HEADERS, listviews.list_cells(found.rows()))


@app.command()
def rm(
    contact: str = typer.Argument(..., help="Id, email or name fragment."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
) -> None:
    """Remove a contact and their history with you."""
    from kithkin.core.book import contacts as core

    with session() as s:
        c = core.resolve(s, contact)
        label = f"#{c.id} {c.display_name}"
        if not yes and not typer.confirm(f"Remove {label} and their history?"):
            raise typer.Exit(1)
        core.remove(s, c)
    console.print(f"removed {label}")
