"""The rule index: where each rule of the product spec (R1-R17) lives.

Each rule has one home, the module that defines its numbers and its test of a
condition; the other places that apply it import from there. This table names
that home and the functions (or constants) a reader should open first, so "where
is R8?" has one answer. ``tests/test_rules_index.py`` fails when a rule of the
spec has no entry here or an entry names something that does not exist, and
when ``docs/rules.md`` (``python -m kithkin.core.rules``) is not this table.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    name: str
    home: str  # the module that defines the rule's numbers and tests
    parts: tuple[str, ...]  # "module:attribute", the home's first

    def resolve(self) -> list[object]:
        """Import every part; raises when one names nothing (the index went stale)."""
        importlib.import_module(self.home)
        out = []
        for part in self.parts:
            module, _, attr = part.partition(":")
            out.append(getattr(importlib.import_module(module), attr))
        return out


_A = "kithkin.core.agenda"
_B = "kithkin.core.book"
_C = "kithkin.core.career"

RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        Rule(
            "R1",
            "First touch after a shared job ends",
            f"{_A}.cadence",
            (
                f"{_A}.cadence:FIRST_TOUCH_DAYS",
                f"{_A}.cadence:shared_job_ends",
                f"{_A}.cadence:shared_ends",
                f"{_B}.spans:overlap",
                f"{_A}.windows:build",
            ),
        ),
        Rule(
            "R2",
            "Cadence by tier or per contact",
            f"{_A}.cadence",
            (
                f"{_A}.cadence:effective_cadence",
                f"{_A}.cadence:due_date",
                "kithkin.core.vocabulary:TIER_CADENCE",
                "kithkin.core.settings:tier_cadences",
                f"{_A}.cadence:held_until",
            ),
        ),
        Rule(
            "R3",
            "Channel: email first, then the preferred one",
            f"{_A}.cadence",
            (f"{_A}.cadence:channel_for",),
        ),
        Rule(
            "R4",
            "Reciprocity: give first when asks lean",
            f"{_A}.reciprocity",
            (
                f"{_A}.reciprocity:RECENT_DAYS",
                f"{_A}.reciprocity:leans_to_asks",
                f"{_A}.reciprocity:balance",
                f"{_A}.reciprocity:covered",
                f"{_A}.reciprocity:ask_warning",
                "kithkin.core.vocabulary:KINDS",
                f"{_A}.windows:cadence_reason",
            ),
        ),
        Rule(
            "R5",
            "Personal details, unless professional-only",
            f"{_B}.details",
            (f"{_B}.details:add_detail", f"{_C}.drafts:gather"),
        ),
        Rule(
            "R6",
            "Rekindle dormant ties",
            f"{_A}.cadence",
            (
                f"{_A}.cadence:DORMANT_FACTOR",
                f"{_A}.cadence:dormant_from",
                f"{_A}.cadence:dormant_on",
                f"{_A}.schedule:RESERVE_FROM",
            ),
        ),
        Rule(
            "R7",
            "Boundaries and unanswered outreach",
            f"{_A}.boundaries",
            (
                f"{_A}.boundaries:UNANSWERED_LIMIT",
                f"{_A}.boundaries:excluded",
                f"{_A}.boundaries:do_not_contact_warning",
                f"{_A}.boundaries:blocked_through",
                f"{_A}.boundaries:doubled",
                "kithkin.core.vocabulary:TWO_WAY_CHANNELS",
                f"{_A}.facts:add_follow_ups",
                f"{_A}.ownfacts:facts_of",
            ),
        ),
        Rule(
            "R8",
            "Follow up promptly on inbound messages",
            f"{_A}.replies",
            (
                f"{_A}.replies:REPLY_DAYS",
                f"{_A}.replies:REPLY_EXPIRES",
                f"{_A}.replies:awaiting_reply",
                f"{_A}.replies:reply_window",
            ),
        ),
        Rule(
            "R9",
            "Occasions to congratulate",
            f"{_B}.occasiondays",
            (
                f"{_B}.occasiondays:CONGRATULATE_DAYS",
                f"{_B}.occasiondays:OCCASION_EXPIRES",
                f"{_B}.occasions:add",
                f"{_B}.occasions:record",
                f"{_B}.occasiondays:BIRTHDAY_LATE_DAYS",
                f"{_B}.occasions:recent_occasions",
                f"{_B}.occasiondays:dues",
                f"{_B}.occasiondays:of_one",
                f"{_B}.occasiondays:birthday",
                f"{_B}.occasiondays:anniversary",
                "kithkin.core.settings:birthdays_of_professional_only",
                "kithkin.core.exchange.people:PersonWriter",
            ),
        ),
        Rule(
            "R10",
            "Light touches delay by a fraction",
            f"{_A}.cadence",
            (
                f"{_A}.cadence:LIGHT_FRACTION",
                f"{_A}.cadence:light_delay",
                "kithkin.core.vocabulary:LIGHT_KINDS",
                "kithkin.core.exchange.mail:cc_touch",
                "kithkin.core.exchange.mail:copied",
                "kithkin.core.exchange.mail:GROUP",
            ),
        ),
        Rule(
            "R11",
            "Offer help: match job leads",
            f"{_C}.leads",
            (f"{_C}.leads:match", f"{_C}.leads:share"),
        ),
        Rule(
            "R12",
            "Relationship types have a history",
            f"{_B}.details",
            (f"{_B}.details:set_tie", f"{_B}.details:current_ties"),
        ),
        Rule(
            "R13",
            "Follow up after events",
            f"{_B}.eventdays",
            (
                f"{_B}.eventdays:FOLLOW_UP_DAYS",
                f"{_B}.eventdays:FOLLOW_UP_EXPIRES",
                f"{_B}.events:met",
                f"{_B}.events:recent",
                f"{_B}.eventdays:latest_events",
            ),
        ),
        Rule(
            "R14",
            "Leaving well: the departure plan",
            f"{_C}.departure",
            (f"{_C}.departure:MIN_NOTICE_DAYS", f"{_C}.departure:leave"),
        ),
        Rule(
            "R15",
            "References and rehire eligibility",
            f"{_C}.references",
            (
                f"{_C}.references:OVERUSE_ASKS",
                f"{_C}.references:ask",
                f"{_C}.references:overview",
                f"{_C}.references:set_rehire",
            ),
        ),
        Rule(
            "R16",
            "Safety net: who do I know at X",
            f"{_C}.who",
            (f"{_C}.who:who", f"{_B}.orgs:matching"),
        ),
        Rule(
            "R17",
            "A small daily budget, backlog spread",
            f"{_A}.planner",
            (
                f"{_A}.planner:plan_days",
                f"{_A}.planner:HORIZON_DAYS",
                "kithkin.core.settings:DEFAULT_BUDGET",
                f"{_A}.schedule:schedule",
            ),
        ),
    )
}


def markdown() -> str:
    """``docs/rules.md``: the index as a table a reader can click through."""
    lines = [
        "# Where each rule lives",
        "",
        "Generated from `src/kithkin/core/rules.py` (`python -m kithkin.core.rules >"
        " docs/rules.md`);",
        "a test keeps the two equal. The rules themselves are in the product spec; each",
        "rule's numbers and tests are defined once, in its home module, and imported",
        "everywhere else.",
        "",
        "| rule | what | home | read first |",
        "|---|---|---|---|",
    ]
    for r in RULES.values():
        parts = ", ".join(f"`{p.split(':')[1]}`" for p in r.parts if p.startswith(r.home + ":"))
        elsewhere = ", ".join(
            f"`{p.replace('kithkin.core.', '').replace(':', '.')}`"
            for p in r.parts
            if not p.startswith(r.home + ":")
        )
        read = parts + (f"; also {elsewhere}" if elsewhere else "")
        home = r.home.replace("kithkin.", "").replace(".", "/") + ".py"
        lines.append(f"| {r.id} | {r.name} | `{home}` | {read} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
