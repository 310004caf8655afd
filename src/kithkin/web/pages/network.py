"""Network: the whole network at a glance, in charts a person would rather look at than read."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from kithkin.core.agenda import trends
from kithkin.web import charts
from kithkin.web.api.health import kept_summary
from kithkin.web.deps import session
from kithkin.web.render import render
from kithkin.web.served import net_of

router = APIRouter(include_in_schema=False)
NAV = [("Network", "/network")]

STATE_LABEL = {
    "warm": "Warm",
    "due": "Due",
    "overdue": "Overdue",
    "dormant": "Dormant",
    "awaiting_reply": "Awaiting your reply",
    "paused": "Paused or snoozed",
    "no_reply": "No reply to 3 tries",
    "untracked": "Not tracked",
    "do_not_contact": "Do not contact",
}


def _figures(request: Request) -> tuple[Any, Any, Any, Any]:
    """Every contact's state and a year of touches: seconds at 50,000 people, so kept
    (web.memo) until something is written or the day turns."""
    summary = kept_summary(request)
    with session(request) as s:
        return (
            summary,
            trends.touches_per_month(s, 12),
            trends.balance_of_year(s),
            trends.former_colleagues_now(s),
        )


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request) -> Response:
    summary, months, balance, where = net_of(request).memo.get(
        "network", net_of(request).generation, lambda: _figures(request)
    )
    state_rows = [
        (STATE_LABEL.get(st, st), n, f"state-{st}") for st, n in summary["states"].items() if n
    ]
    where_rows = [(o["org"], o["count"], "barfill") for o in where["orgs"]]
    if where["elsewhere"]:
        where_rows.append(("elsewhere", where["elsewhere"], "neutral"))
    ctx = {
        "summary": summary,
        "state_labels": STATE_LABEL,
        "states_chart": charts.hbars(state_rows, "Contacts by state", "states"),
        "months": months,
        "touches_chart": charts.columns(
            [m["month"][5:] for m in months],
            [
                ("from you", [m["outbound"] for m in months], "out"),
                ("to you", [m["inbound"] for m in months], "in"),
                ("likes and comments", [m["light"] for m in months], "light"),
            ],
            "Touches per month over the last year",
            "touches",
        ),
        "balance": balance,
        "balance_chart": charts.share_bar(
            [
                ("given", balance["give"], "give"),
                ("neutral", balance["neutral"], "neutral"),
                ("asked", balance["ask"], "ask"),
            ],
            "What you gave and asked this year",
            "balance",
        ),
        "where": where,
        "where_chart": charts.hbars(where_rows, "Where former colleagues work now", "where"),
    }
    return render(request, "network.html", ctx)
