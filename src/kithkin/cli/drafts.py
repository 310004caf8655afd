"""kith draft: a short message to edit and send, from what kithkin knows (R4-R6)."""

from __future__ import annotations

import typer

from kithkin.cli.app import app
from kithkin.cli.common import JSON_OPT, console, print_json, session, warn


@app.command()
def draft(
    contact: str = typer.Argument(..., help="Id, email or name fragment."),
    occasion: str | None = typer.Option(
        None,
        "--occasion",
        help="checkin, reconnect, congratulate, thanks, farewell, "
        "share_lead, ask_reference, ask_referral or rehire (default: the agenda's reason).",
    ),
    role: str | None = typer.Option(
        None, "--for", help="The role, for ask_reference and ask_referral."
    ),
    lead: str | None = typer.Option(
        None, "--lead", help="The lead to share (default: the latest), for share_lead."
    ),
    as_json: bool = JSON_OPT,
) -> None:
    """Write a draft message to a contact; it names only facts kithkin holds."""
    from kithkin.core.book import contacts
    from kithkin.core.career import drafts as core

    with session() as s:
        c = contacts.resolve(s, contact)
        d = core.draft(s, c, occasion, role, lead)
    for w in d.warnings:
        warn(w)
    if as_json:
        print_json(d.as_dict())
    else:
        console.print(d.text, end="", markup=False, highlight=False, soft_wrap=True)
