"""kith triage: sort the people an import brought in, one key each, resumable.

The walk and its order live in :mod:`kithkin.core.book.triage`; this face shows one
person at a time and reads one key (from the terminal, or from piped input one
character at a time), and commits each decision at once, so that Ctrl+C or ``q``
loses nothing and the next ``kith triage`` resumes with the next person.
"""

from __future__ import annotations

import sys

import typer

from kithkin.cli.app import app
from kithkin.cli.common import JSON_OPT, console, print_json, session
from kithkin.cli.guide import guide_if_empty
from kithkin.core.bounds import MAX_COUNT
from kithkin.core.wording import count

HELP_KEYS = (
    "tier: c close, r regular, w wide, n not tracked, k keep as is\n"
    "tie:  m manager, p report, e mentor, y mentee, o colleague, l client, t recruiter, "
    "f friend\n"
    "      s skip for now, u undo the last decision, q quit (progress is kept), ? these keys"
)
PROMPT = "[c]lose [r]egular [w]ide [n]ot tracked [k]eep, tie m/p/e/y/o/l/t/f, s u q ?"


def _read_key() -> str:
    """One key: raw from a terminal, else the next non-blank character of stdin."""
    if sys.stdin.isatty():
        from typer._click.termui import getchar

        key = getchar()
        return "q" if key in ("\x03", "\x04") else key  # Ctrl+C, Ctrl+D
    while True:
        ch = sys.stdin.read(1)
        if ch == "":
            return "q"  # end of input
        if not ch.isspace():
            return ch


def _show(c: object, left: int, done: int) -> None:
    from kithkin.core.book.triage import Candidate

    assert isinstance(c, Candidate)
    now = " at ".join(x for x in (c.title, c.org) if x)
    head = f"{c.name} #{c.contact_id}" + (f", {now}" if now else "")
    console.print(f"\n[dim]{count(left, 'person')} to sort, {done} sorted[/dim]")
    console.print(f"[bold]{head}[/bold]", soft_wrap=True)
    facts = [
        f"worked together at {j.org} {j.start or '?'} – {j.end or 'now'}" for j in c.shared_jobs
    ]
    if c.messages:
        facts.append(f"{count(c.messages, 'message')}, last {c.last_touch}")
    elif c.last_touch:
        facts.append(f"last touch {c.last_touch}")
    if c.connected_on:
        facts.append(f"connected {c.connected_on}")
    if c.ties:
        facts.append("your " + "/".join(c.ties))
    facts.append(f"tier {c.tier}")
    for fact in facts:
        console.print(f"  {fact}", soft_wrap=True)


@app.command()
def triage(
    limit: int | None = typer.Option(
        None,
        "--limit",
        min=1,
        max=MAX_COUNT,
        help="Stop after this many people (with --json: list this many).",
    ),
    as_json: bool = JSON_OPT,
) -> None:
    """Sort imported people one key each, most worth sorting first; resumes where it stopped.

    Shared jobs with you come first, then the most messages, then the most recent. Each
    person gets a tier (close, regular, wide), "not tracked" (tier none) or a tie.
    """
    from kithkin.core.book import contacts
    from kithkin.core.book import triage as core

    if as_json:
        with session() as s:
            print_json([c.as_dict() for c in core.queue(s, limit or 20)])
        return
    with session() as s:
        if guide_if_empty(s):  # nobody to sort yet: what to do first
            return
    skipped = decided = 0
    while limit is None or decided < limit:
        with session() as s:
            found = core.queue(s, 1, skipped)
            left, done = core.remaining(s), core.sorted_count(s)
        if not found:
            console.print(
                "Everyone is sorted."
                if not left
                else f"Only the {count(left, 'skipped person')} left; kith triage shows them again."
            )
            break
        person = found[0]
        _show(person, left, done)
        while True:
            console.print(PROMPT, markup=False)
            key = _read_key().lower()
            if key in ("?", "h"):
                console.print(HELP_KEYS, markup=False)
                continue
            if key == "q":
                console.print(
                    f"Stopped: {decided} sorted this time, {count(left, 'person')} to go; "
                    "kith triage resumes here."
                )
                return
            if key == "s":
                skipped += 1
                break
            if key == "u":
                with session() as s:
                    back = core.undo_last(s)
                    name = back.display_name if back else None
                console.print(f"undone: {name} is to sort again" if name else "nothing to undo")
                skipped = 0
                break
            if key in core.TIE_KEYS:
                with session() as s:
                    kind = core.tie(s, contacts.get(s, person.contact_id), key)
                console.print(f"→ your {kind}; now a tier (c r w n k)")
                continue
            if key in core.TIER_KEYS or key == core.KEEP_KEY:
                with session() as s:
                    mark = core.decide(s, contacts.get(s, person.contact_id), key)
                    choice = mark.choice
                label = {"none": "not tracked", "keep": f"kept as {person.tier}"}.get(
                    choice, choice
                )
                console.print(f"→ {label}")
                decided += 1
                break
            console.print(f"unknown key {key!r}: ? shows the keys", markup=False)
