"""Change a few properties of a vCard a server holds, and keep the rest byte for byte.

Two-way CardDAV sync writes back what kithkin manages (names, emails, phones,
organization and title, nickname, birthday: :mod:`kithkin.core.sync.cardfields`) on the
card the phone wrote. Every other line (PHOTO, ADR, X-ABLabel, X-*, groups, what no
RFC knows) is copied as it came, folds included (line ends are CR LF, as RFC 6350 has
them: a card read out of a WebDAV answer lost its CRs to XML); so is a managed
property whose value did not change (an email's TYPE, an ``item1.`` group). Only the
lines of a changed field are removed, and their new form takes the place of the first.
A new card (kithkin's contact pushed to the address book) is the same edit of an
empty vCard 3.0, which every phone reads.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from kithkin.formats.vcard_out import bday, escape, fold

# The managed scalar fields and the property each is written as (N's given and family
# names are components of N, written together).
_SCALAR_PROPS = {
    "name": "FN",
    "nickname": "NICKNAME",
    "birthday": "BDAY",
    "org": "ORG",
    "title": "TITLE",
}
_SET_PROPS = {"emails": "EMAIL", "phones": "TEL"}
_UNESCAPED_SEMI = re.compile(r"(?<!\\);")
_CRLF = re.compile(r"\r?\n")


@dataclass
class _Prop:
    raw: str  # the physical lines, folds and line ends as they came
    logical: str  # unfolded, without its line end
    name: str  # upper case, without its group
    group: str  # "item1" of "item1.EMAIL", else ""

    @property
    def value(self) -> str:
        return self.logical.split(":", 1)[1] if ":" in self.logical else ""


def _props(text: str) -> list[_Prop]:
    out: list[_Prop] = []
    for line in text.splitlines(keepends=True):
        if out and line[:1] in (" ", "\t"):
            out[-1].raw += line
            out[-1].logical += line.rstrip("\r\n")[1:]
            continue
        logical = line.rstrip("\r\n")
        head = logical.split(":", 1)[0].split(";", 1)[0]
        group, _, name = head.rpartition(".")
        out.append(_Prop(line, logical, name.upper(), group))
    return out


def _unescape(value: str) -> str:
    return (
        value.replace("\\n", "\n").replace("\\N", "\n").replace("\\,", ",")
        .replace("\\;", ";").replace("\\\\", "\\").strip()
    )  # fmt: skip


def _version(props: list[_Prop]) -> str:
    return next((p.value.strip() for p in props if p.name == "VERSION"), "3.0")


def _bday(value: str, version: str) -> str:
    """ISO ``1980-04-15`` or year-less ``--04-15`` as the card's version writes it."""
    return bday(value) if version.startswith("4") else value


def _line(text: str, eol: str) -> str:
    return fold(text).replace("\r\n", eol)


def edit(
    text: str,
    changes: Mapping[str, Any],
    same_email: Callable[[str], str | None],
    same_phone: Callable[[str], str | None],
) -> str:
    """``text`` with the managed fields of ``changes`` set: a scalar to its value (``None``
    removes it), ``emails``/``phones`` to the ``{key: text}`` given (a line whose key,
    by ``same_email``/``same_phone``, is not among them goes; a key no line has is added).
    """
    props = _props(text)
    eol = "\r\n"  # RFC 6350's line end (a card read out of XML has lost its CRs)
    version = _version(props)
    drop: set[int] = set()
    put: dict[int, list[str]] = {}  # new lines, before the property of that index
    end = next((i for i, p in enumerate(props) if p.name == "END"), len(props))

    def place(at: int | None, line: str) -> None:
        put.setdefault(end if at is None else at, []).append(_line(line, eol))

    for field, prop in _SCALAR_PROPS.items():
        if field not in changes:
            continue
        at = [i for i, p in enumerate(props) if p.name == prop]
        drop.update(at)
        value = changes[field]
        if value:
            shown = _bday(str(value), version) if field == "birthday" else escape(str(value))
            place(at[0] if at else None, f"{prop}:{shown}")
    if "given" in changes or "family" in changes:
        at = [i for i, p in enumerate(props) if p.name == "N"]
        parts = [""] * 5
        head = "N"
        if at:
            first = props[at[0]]
            head = first.logical.split(":", 1)[0]
            got = _UNESCAPED_SEMI.split(first.value)
            parts[: len(got)] = got[:5]
            drop.update(at)
        if "family" in changes:
            parts[0] = escape(changes["family"] or "")
        if "given" in changes:
            parts[1] = escape(changes["given"] or "")
        place(at[0] if at else None, f"{head}:{';'.join(parts)}")
    for field, prop in _SET_PROPS.items():
        if field not in changes:
            continue
        wanted: Mapping[str, str] = changes[field]
        key_of = same_email if field == "emails" else same_phone
        have: set[str] = set()
        gone_groups: set[str] = set()
        for i, p in enumerate(props):
            if p.name != prop:
                continue
            value = _unescape(p.value)
            if field == "phones" and value.lower().startswith("tel:"):
                value = value[4:]
            key = key_of(value)
            if key is not None and key in wanted and key not in have:
                have.add(key)
                continue
            drop.add(i)
            if p.group:
                gone_groups.add(p.group.upper())
        for i, p in enumerate(props):  # an Apple label of a line that went goes with it
            if p.group and p.group.upper() in gone_groups and p.name != prop:
                drop.add(i)
        for key, shown in wanted.items():
            if key not in have:
                place(None, f"{prop}:{escape(shown)}")
    out: list[str] = []
    for i, p in enumerate(props):
        out.extend(put.get(i, []))
        if i not in drop:
            out.append(_CRLF.sub(eol, p.raw.rstrip("\r\n")) + eol)
    out.extend(put.get(len(props), []))
    return "".join(out)


def new_card(
    uid: str,
    fields: Mapping[str, Any],
    same_email: Callable[[str], str | None],
    same_phone: Callable[[str], str | None],
) -> str:
    """A vCard 3.0 of ``fields`` (as :func:`edit` takes them), known by ``uid``."""
    empty = f"BEGIN:VCARD\r\nVERSION:3.0\r\n{fold('UID:' + escape(uid))}END:VCARD\r\n"
    return edit(empty, fields, same_email, same_phone)
