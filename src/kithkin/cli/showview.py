"""How ``kith show`` prints a contact, shared by the command and by
:mod:`kithkin.cli.quickshow`, which answers before Typer and SQLAlchemy load: one
wording, the same bytes either way."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.markup import escape

from kithkin.core.wording import count, role

if TYPE_CHECKING:
    from rich.console import Console


def print_detail(console: Console, raw: dict[str, Any]) -> None:
    """The record of ``kith show --json`` as the command prints it."""
    d = _escaped(raw)
    every = d["effective_cadence_days"]
    health = d.get("health") or {}
    doubled = every and health.get("state") == "no_reply"  # R7 doubled it
    console.print(
        f"[bold]{d['name']}[/bold]  #{d['id']}  tier {d['tier']}"
        + (f", every {count(every, 'day')}" if every else "")
        + (" (doubled, R7)" if doubled else "")
    )
    if d["org"] or d["title"]:
        console.print(f"  {role(d['title'], d['org'])}")
    # A LinkedIn profile is often the only way to reach someone an import brought in.
    urls = [u["url"] for u in d["urls"]]
    for label, values in (
        ("email", d["emails"]), ("phone", d["phones"]), ("url", urls), ("tags", d["tags"])
    ):  # fmt: skip
        if values:
            console.print(f"  {label}: {', '.join(values)}")
    for r in d["relationships"]:
        span = f"since {r['since']}" if not r["until"] else f"{r['since']} – {r['until']}"
        console.print(f"  {r['type']} ({span})  tie #{r['id']}")
    if d.get("nickname"):
        console.print(f"  nickname: {d['nickname']}")
    if d["birthday"]:
        console.print(f"  birthday: {d['birthday']}")
    if d["how_met"]:
        console.print(_hung("  met: ", d["how_met"]))
    if d["notes"]:
        console.print(_hung("  notes: ", d["notes"]))
    for det in d["personal_details"]:
        console.print(f"  {det['category']}: {det['fact']}  detail #{det['id']}")
    if d["positions"]:
        console.print("[bold]Positions[/bold]")
        for p in d["positions"]:
            span = f"{p['start'] or '?'} – {p['end'] or 'now'}"
            console.print(f"  {span}  {role(p['title'], p['org'])}  job #{p['id']}")
    if d["occasions"]:
        console.print("[bold]Occasions[/bold]")
        for o in d["occasions"]:
            what = o["kind"].replace("_", " ") + (f" ({o['note']})" if o["note"] else "")
            console.print(f"  {o['date']}  {what}  occasion #{o['id']}")
    b = d["balance"]
    r = b["recent"]
    console.print(
        f"[bold]Give/ask[/bold]  {b['give']} given, {b['ask']} asked, {b['neutral']} neutral"
        f"; since {r['since']}: {r['give']} given, {r['ask']} asked"
        + ("  [yellow]leans to your asks: give first (R4)[/yellow]" if b["leans"] == "asks" else "")
    )
    h = d.get("health")
    if h:
        p = h["parts"]
        console.print(f"[bold]Health[/bold]  {h['strength']}/100, {h['state']}")
        console.print("  " + ", ".join(f"{k} {p[k]}/{h['max'][k]}" for k in p))
        if h.get("held_back"):
            console.print(f"  [yellow]{escape(h['held_back'])}[/yellow]")
    nxt = d.get("agenda")
    if nxt:
        console.print(f"[bold]Next[/bold]  {nxt['date']}: {nxt['why']}")
    if d["interactions"]:
        console.print("[bold]Interactions[/bold] (newest first)")
        for i in d["interactions"][:20]:
            arrow = "→" if i["direction"] == "outbound" else "←"
            text = i["note"] or i["subject"] or ""
            line = f"  #{i['id']:<5} {i['date']} {arrow} {i['channel']:<8} {i['kind']:<14} {text}"
            console.print(line.rstrip())  # no trailing blanks when there is no note


def _hung(label: str, text: str) -> str:
    """``label`` and ``text``, the text's later lines under its first (a card's note
    has several), not at the margin among the section titles."""
    return label + text.replace("\n", "\n" + " " * len(label))


def _escaped(value: Any) -> Any:
    """User data may hold brackets that Rich would read as markup."""
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: _escaped(v) for k, v in value.items()}
    return value
