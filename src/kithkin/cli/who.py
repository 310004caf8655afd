"""kith who: whom you know at an organization (R16)."""

from __future__ import annotations

import typer

from kithkin.cli.app import app
from kithkin.cli.common import JSON_OPT, err_console, session
from kithkin.cli.jsonout import print_list
from kithkin.cli.tables import print_lines


@app.command()
def who(
    org: str = typer.Argument(
        ..., help="Organization; case, punctuation and suffixes (Inc., LLC...) do not matter."
    ),
    as_json: bool = JSON_OPT,
) -> None:
    """Whom you know at an organization: current staff first, strongest ties first."""
    from kithkin.cli.listviews import who_lines
    from kithkin.core import keptlists

    with session() as s:
        found = keptlists.who_answer(s, org)
    if as_json:
        print_list(found.encoded(), found.rows)
        return
    rows = found.rows()
    if not rows:
        err_console.print(f"you know nobody at {org!r} (by the positions on record)")
        return
    # Plain lines (a name is never read as markup); a long answer goes to the pager.
    print_lines(who_lines(rows))
