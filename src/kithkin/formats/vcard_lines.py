"""The few properties kithkin reads of a card, as vobject reads them, without its cost.

vobject builds a behaviour-laden object per line and unescapes text one character at a
time through a state machine: on a 25,000-card export that was two thirds of the
import's CPU. :func:`read` gives the same ``contents`` (lower-case name -> lines with
``value`` and ``params``) for the plain cards that :mod:`kithkin.formats.vcard` hands it
(unfolded, quoted-printable and charsets already decoded, only the properties it reads),
through vobject's own line parser; it answers ``None`` for anything less plain (a
nested component, an ``ENCODING`` parameter, a line vobject would join to the next),
which vobject then reads as before. ``tests/test_vcard_fast_read.py`` holds it to
vobject's answers.
"""

from __future__ import annotations

import re
from typing import Any

from vobject.base import VObjectError, parseLine
from vobject.vcard import Address, Name

_ESCAPABLE = '\\;,Nn"'  # vobject.icalendar.escapableCharList
_NAME_ORDER = ("family", "given", "additional", "prefix", "suffix")
_ADDRESS_ORDER = ("box", "extended", "street", "city", "region", "code", "country")
_TOKENS = {sep: re.compile(r"\\(.)|\\\Z|" + re.escape(sep) + r"|[^\\" + re.escape(sep) + "]+", re.S)
           for sep in (",", ";")}  # fmt: skip


class Line:
    """One property: its decoded ``value`` and its ``params`` (upper-case names)."""

    __slots__ = ("params", "value")

    def __init__(self, value: Any, params: dict[str, list[str]]) -> None:
        self.value = value
        self.params = params


class Card:
    __slots__ = ("contents",)

    def __init__(self) -> None:
        self.contents: dict[str, list[Line]] = {}


def text_values(s: str, sep: str = ",", escapable: str = _ESCAPABLE) -> list[str]:
    """vobject's ``stringToTextValues``, the same answers for every string: ``s`` split
    at each unescaped ``sep``, escapes of ``escapable`` undone (``\\n`` is a new line),
    other escapes kept, a trailing empty value dropped."""
    if "\\" not in s and sep not in s:
        return [s]  # most values: nothing to split or undo
    results: list[str] = []
    current: list[str] = []
    for m in _TOKENS[sep].finditer(s):
        tok = m.group(0)
        if tok == sep:
            results.append("".join(current))
            current = []
        elif tok[0] == "\\":
            c = m.group(1)
            if c is None:
                current.append("\\eof")  # vobject's own answer for a trailing backslash
            elif c in escapable:
                current.append("\n" if c in "nN" else c)
            else:
                current.append("\\" + c)
        else:
            current.append(tok)
    if current or not results:
        results.append("".join(current))
    return results


def _list_or_string(s: str) -> str | list[str]:
    values = text_values(s)
    return values[0] if len(values) == 1 else values


def _fields(s: str) -> list[str | list[str]]:
    return [_list_or_string(f) for f in text_values(s, ";", ";")]


def _decode(name: str, raw: str) -> Any:
    if name in ("N", "ADR", "ORG"):
        fields = _fields(raw)
        if name == "N":
            return Name(**dict(zip(_NAME_ORDER, fields, strict=False)))
        if name == "ADR":
            return Address(**dict(zip(_ADDRESS_ORDER, fields, strict=False)))
        return fields
    if name == "CATEGORIES":
        return text_values(raw)
    if name == "VERSION":
        return raw
    return text_values(raw)[0]


def read(text: str) -> Card | None:
    """The card's properties as ``vobject.readOne(text, allowQP=True,
    ignoreUnreadable=True)`` has them, or ``None`` when the card is not plain enough."""
    lines = text.split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    if len(lines) < 2:
        return None
    card = Card()
    for i, line in enumerate(lines):
        if not line.strip() or line[0] in " \t":
            return None  # vobject would join it, or split there
        if line[-1] == "=" and "quoted-printable" in line.lower():
            return None  # vobject would join the next line to it
        try:
            name, params, value, _group = parseLine(line)
        except VObjectError:
            if 0 < i < len(lines) - 1:
                continue  # vobject passes over a line it cannot parse
            return None
        name = name.upper()
        if name == "PROFILE":
            return None
        edge = i in (0, len(lines) - 1)
        if (name in ("BEGIN", "END")) != edge:
            return None
        if edge:
            if name != ("BEGIN" if i == 0 else "END") or value.upper() != "VCARD":
                return None
            continue
        table: dict[str, list[str]] = {}
        for p in params:
            if len(p) == 1:
                if p[0].upper() in ("BASE64", "QUOTED-PRINTABLE"):
                    return None
                continue
            table.setdefault(p[0].upper(), []).extend(p[1:])
        if "ENCODING" in table:
            return None
        card.contents.setdefault(name.lower(), []).append(Line(_decode(name, value), table))
    return card
