"""Counts in words: "1 contact", "2 contacts", for every face that prints a number."""

from __future__ import annotations

IRREGULAR = {"person": "people", "entry": "entries", "reply": "replies", "company": "companies"}


def plural(noun: str) -> str:
    """The plural of a noun phrase: its last word takes the number."""
    head, _, last = noun.rpartition(" ")
    word = IRREGULAR.get(last, last + "s")
    return f"{head} {word}" if head else word


def count(n: int, singular: str, plural_form: str | None = None, *, grouped: bool = False) -> str:
    """``n`` and the noun in the number it takes: ``count(1, "day")`` is "1 day".

    ``grouped`` writes thousands with commas ("1,204 messages"), as the sync summary does.
    """
    number = f"{n:,}" if grouped else f"{n}"
    return f"{number} {singular if n == 1 else plural_form or plural(singular)}"


def role(title: str | None, org: str | None) -> str:
    """A job in words: "Engineer at Acme", "at Acme", or a title alone ("Consultant"),
    held at no organization given."""
    if org is None:
        return title or "position"
    return f"{title} at {org}" if title else f"at {org}"
