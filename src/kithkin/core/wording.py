"""Counts in words: "1 contact", "2 contacts", for every face that prints a number."""

from __future__ import annotations

IRREGULAR = {"person": "people", "entry": "entries", "reply": "replies", "company": "companies"}


def plural(noun: str) -> str:
    """The plural of a noun phrase: its last word takes the number."""
    head, _, last = noun.rpartition(" ")
    word = IRREGULAR.get(last, last + "s")
    return f"{head} {word}" if head else word


def count(n: int, singular: str, plural_form: str | None = None) -> str:
    """``n`` and the noun in the number it takes: ``count(1, "day")`` is "1 day"."""
    return f"{n} {singular if n == 1 else plural_form or plural(singular)}"
