"""kith feed url|rotate|off and kith digest: the agenda comes to the user (issue 15).

The feed itself is served by ``kith serve``; ``kith export ics`` writes the same
document to a file for those who run no server.
"""

from __future__ import annotations

import sys

import typer

from kithkin.cli.app import app
from kithkin.cli.common import JSON_OPT, console, print_json, session

feed_app = typer.Typer(
    name="feed",
    help="The private address of your agenda as a calendar (served by kith serve).",
    no_args_is_help=True,
)
app.add_typer(feed_app, name="feed")


def _show(url: str, note: str, as_json: bool, created: bool) -> None:
    if as_json:
        print_json({"url": url, "created": created})
        return
    console.print(url, soft_wrap=True, markup=False)
    if note:
        console.print(note, soft_wrap=True, markup=False, style="dim")


@feed_app.command("url")
def feed_url(as_json: bool = JSON_OPT) -> None:
    """Print the feed's address to subscribe to (made on first use; keep it secret)."""
    from kithkin.core import settings
    from kithkin.core.reach import tokens

    with session() as s:
        was_on = tokens.is_on(s)
        token = tokens.current(s, create=True)
        assert token is not None
        url = tokens.address(settings.web_url(s), token)
    note = "" if was_on else "A new address: whoever has it sees your agenda, so keep it private."
    _show(url, note, as_json, created=not was_on)


@feed_app.command("rotate")
def feed_rotate(as_json: bool = JSON_OPT) -> None:
    """Make a new address; the old one stops working at once."""
    from kithkin.core import settings
    from kithkin.core.reach import tokens

    with session() as s:
        url = tokens.address(settings.web_url(s), tokens.rotate(s))
    _show(url, "The previous address no longer works.", as_json, created=True)


@feed_app.command("off")
def feed_off(as_json: bool = JSON_OPT) -> None:
    """Turn the feed off: every address stops working until kith feed url makes a new one."""
    from kithkin.core.reach import tokens

    with session() as s:
        revoked = tokens.turn_off(s)
    if as_json:
        print_json({"revoked": revoked})
    elif revoked:
        console.print("The calendar feed is off; its address no longer works.")
    else:
        console.print("The calendar feed was already off.")


@app.command()
def digest(
    send: bool = typer.Option(False, "--send", help="Send it by email instead of printing it."),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="With --send: print the whole message instead of sending it."
    ),
    as_json: bool = JSON_OPT,
) -> None:
    """Today's digest: the day's agenda with reasons and drafts, then the week ahead."""
    from kithkin.core.reach import digest as core
    from kithkin.errors import BadInput

    if dry_run and not send:
        raise BadInput("--dry-run goes with --send: it prints the message --send would send")
    if send and as_json:
        raise BadInput("--json prints the digest; it does not go with --send")
    with session() as s:
        if not send:
            d = core.compose(s)
            out = d.as_dict() if as_json else core.text(d)
        else:
            mail = core.outgoing(s, with_server=not dry_run)
    if not send:
        if as_json:
            print_json(out)
        else:
            sys.stdout.write(str(out))
        return
    if mail.skip:
        day = mail.digest.day
        console.print(f"Nobody is due on {day}: no digest sent (digest.empty is skip).")
        return
    if mail.server is None:
        sys.stdout.write(mail.message.as_string().rstrip("\n") + "\n")
        return
    from kithkin.remote import smtp

    smtp.send(mail.server, mail.envelope, mail.message)
    to = ", ".join(mail.envelope.recipients)
    console.print(f"sent the digest for {mail.digest.day} to {to}", soft_wrap=True, markup=False)
