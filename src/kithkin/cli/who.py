"""kith who: whom you know at an organization (R16)."""

from __future__ import annotations

import typer

from kithkin.cli.app import app
from kithkin.cli.common import JSON_OPT, err_console, print_json, session
from kithkin.cli.tables import print_lines
from kithkin.core.wording import count


@app.command()
def who(
    org: str = typer.Argument(
        ..., help="Organization; case, punctuation and suffixes (Inc., LLC...) do not matter."
    ),
    as_json: bool = JSON_OPT,
) -> None:
    """Whom you know at an organization: current staff first, strongest ties first."""
    from kithkin.core.career import who as core

    with session() as s:
        rows = core.who(s, org)
    if as_json:
        print_json(rows)
        return
    if not rows:
        err_console.print(f"you know nobody at {org!r} (by the positions on record)")
        return
    rehire = {r["org"]: r["rehire_eligible"] for r in rows if r["you_worked_there"]}
    lines = [f"You worked at {name}: rehire eligible: {answer}" for name, answer in rehire.items()]
    for r in rows:
        span = "now" if r["status"] == "current" else f"until {r['until'] or '?'}"
        lines.append(
            f"{r['name']} #{r['contact_id']}  {r['title'] or ''} at "
            f"{r['org']} ({r['status']}, {span})  strength {r['strength']}"
        )
        h = r["shared_history"]
        bits = [
            f"worked together at {w['org']} {w['from'] or '?'} – {w['to'] or 'now'}"
            for w in h["worked_together"]
        ]
        if h["ties"]:
            bits.append("your " + "/".join(h["ties"]))
        if h["interactions"]:
            bits.append(f"{count(h['interactions'], 'interaction')}, last {h['last_touch']}")
        if bits:
            lines.append("    " + "; ".join(bits))
        p = r["warmest_path"]
        if not p["direct"]:
            lines.append(
                f"    warmest path: via {p['name']} #{p['contact_id']} "
                f"(worked together at {p['org']}, strength {p['strength']})"
            )
    # Plain lines (a name is never read as markup); a long answer goes to the pager.
    print_lines(lines)
