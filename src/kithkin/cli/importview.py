"""How ``kith import`` reports what it did, shared by the command and by
:mod:`kithkin.cli.quickimport`, which imports before Typer loads: one wording, the same
bytes either way."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from kithkin.core.wording import count

if TYPE_CHECKING:
    from rich.console import Console

    from kithkin.core.exchange.summary import Summary

SHOW = 20  # skipped rows and notes printed; --json has them all


def print_summary(console: Console, sm: Summary, list_unknown: bool) -> None:
    """What an import says when it is done (``--json`` prints :meth:`Summary.as_dict`)."""
    head = "would import" if sm.dry_run else "imported"
    console.print(
        f"{head} {sm.kind} {sm.path}: {sm.new} new, {sm.updated} updated, {sm.merged} merged, "
        f"{sm.unchanged} unchanged, {len(sm.skipped)} skipped",
        soft_wrap=True,
    )
    if sm.new and not sm.dry_run:
        console.print("  next: kith triage sorts the new people, most worth sorting first")
    if sm.possible_duplicates:
        console.print(
            f"  {count(sm.possible_duplicates, 'possible duplicate')} kept apart: see `kith dupes`"
        )
    if sm.new_roles:
        console.print(f"  {count(sm.new_roles, 'new role')} to congratulate")
    if sm.my_positions:
        mine = "position" if sm.my_positions == 1 else "positions"
        console.print(f"  {sm.my_positions} of your own {mine} added")
    if sm.interactions_new or sm.interactions_known or sm.interactions_unmatched:
        console.print(
            f"  interactions: {sm.interactions_new} new, {sm.interactions_known} already known, "
            f"{sm.interactions_unmatched} with nobody you know "
            f"({count(len(sm.unknown), 'unknown person')}"
            f"{'' if list_unknown else '; --list-unknown lists them'})"
        )
    if sm.interactions_ambiguous:
        console.print(
            f"  {count(sm.interactions_ambiguous, 'message')} left unlinked: "
            "several of your contacts bear the name it was sent to or from",
            soft_wrap=True,
        )
    for sk in sm.skipped[:SHOW]:
        where = f"{sk.file}: " if sk.file else ""
        console.print(f"  skipped {where}line {sk.line}: {sk.reason}", soft_wrap=True)
    if len(sm.skipped) > SHOW:
        reasons = Counter(_kind(sk.reason) for sk in sm.skipped[SHOW:])
        more = "; ".join(f"{n} {r}" for r, n in reasons.most_common())
        console.print(
            f"  ... and {len(sm.skipped) - SHOW} more skipped ({more}); --json lists them all",
            soft_wrap=True,
        )
    for w in sm.warnings[:20]:
        console.print(f"  note: {w}", soft_wrap=True)
    if len(sm.warnings) > 20:
        console.print(f"  ... and {len(sm.warnings) - 20} more notes (--json lists them all)")
    if list_unknown:
        for who, n in sm.unknown.most_common():
            console.print(f"  unknown: {who} ({n})")


def _kind(reason: str) -> str:
    """What the rest of the skipped rows are counted by: a reason's kind ("hidden member:
    LinkedIn exports only..."), but for a calendar's "event 'Title': why", the why (the
    title is the event's own, and a title may hold a colon)."""
    if reason.startswith("event"):
        return "event: " + reason.rpartition(": ")[2]
    return reason.split(":")[0]
