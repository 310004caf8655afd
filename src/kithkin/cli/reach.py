"""kith feed url|rotate|off: the agenda in the user's own calendar (issue 15).

The feed itself is served by ``kith serve``; ``kith export ics`` writes the same
document to a file for those who run no server.
"""

from __future__ import annotations

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
