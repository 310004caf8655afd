"""How the agenda looks in a terminal: one line per person, the reason below with -v.

Apart from the commands so that ``kith today`` answered from the memo
(:mod:`kithkin.cli.quick`) looks exactly like a computed one.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.console import Console

from kithkin.core.wording import count


def today_title(day: date, n: int) -> str:
    return f"Today, {day.isoformat()}: {count(n, 'person')} to contact"


REASON_LABEL = {
    "awaiting_reply": "reply",
    "event_followup": "event follow-up",
    "congratulate": "congratulate",
    "first_touch": "first touch",
    "give_first": "give first",
    "cadence_due": "check in",
    "reconnect": "reconnect",
}


def when(item: dict[str, Any]) -> str:
    if item["overdue_days"]:
        return f"{item['due']} ({item['overdue_days']}d late)"
    if item["days_left"]:
        return f"by {item['due']} ({item['days_left']}d left)"
    return item["due"] if "date" in item else f"{item['due']} (today)"


def print_agenda(
    console: Console,
    title: str,
    items: list[dict[str, Any]],
    with_date: bool = False,
    verbose: bool = False,
) -> None:
    """One line per person, cut to the terminal's width; the explanation below with -v.

    A line never wraps: on a narrow terminal the name is shortened (with "…") rather
    than the line broken; in a pipe lines are whole.
    """
    console.print(title, soft_wrap=True, markup=False)
    width = console.width if console.is_terminal else None
    for it in items:
        head = f"{it['date']}  " if with_date else ""
        who = f"{it['name']} #{it['contact_id']}"
        label = f"{it['rule']} {REASON_LABEL[it['reason']]}"
        # From the fullest to the shortest: what to leave out when the width is short.
        variants = [
            f"  {label}  {when(it)}  {it['channel']}",
            f"  {label}  {when(it)}",
            f"  {label}  {it['due']}",
            f"  {it['rule']}",
        ]
        rest = variants[0]
        if width is not None:
            rest = next(
                (v for v in variants if len(head) + min(len(who), 12) + len(v) <= width),
                variants[-1],
            )
            room = max(width - len(head) - len(rest), 4)
            if len(who) > room:
                who = who[: room - 1].rstrip() + "…"
        console.print(f"{head}{who}{rest}", soft_wrap=True, markup=False)
        if verbose:
            console.print(f"    {it['why']}", markup=False)


STATE_LABEL = {
    "awaiting_reply": "awaiting reply",
    "no_reply": "no reply (R7)",
    "do_not_contact": "do not contact",
}


def print_health(console: Console, out: dict[str, Any]) -> None:
    """``kith health``: the network by state and strength, then the weakest and strongest."""
    from rich.markup import escape

    console.print(
        f"{count(out['contacts'], 'contact')} on {out['date']}, average strength "
        f"{out['average_strength']}/100"
    )
    _bars(console, "By state", out["states"])
    _bars(console, "By strength", out["strength_bands"])
    for key, label in (("weakest", "Weakest ties"), ("strongest", "Strongest ties")):
        if out[key]:
            console.print(
                f"[bold]{label}[/bold]  "
                + ", ".join(
                    f"{escape(r['name'])} #{r['contact_id']} {r['strength']}" for r in out[key]
                )
            )


def _bars(console: Console, title: str, counts: dict[str, int], width: int = 30) -> None:
    top = max(counts.values(), default=0) or 1
    console.print(f"[bold]{title}[/bold]")
    for label, n in counts.items():
        bar = "█" * round(width * n / top) if n else ""
        console.print(f"  {STATE_LABEL.get(label, label):<16} {n:>6} {bar}")
