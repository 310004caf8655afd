"""The fast reading of a card's properties (formats/vcard_lines.py) gives what vobject
gives, on the real-world files, on this suite's quirky cards and on mangled ones."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest
from vobject.icalendar import stringToTextValues

from importing_support import LOCAL, SHARED
from kithkin.formats import vcard, vcard_lines

ALPHABET = ["\\", ",", ";", "n", "N", '"', "a", ":", "é"]


def test_text_values_are_vobjects_for_every_short_string() -> None:
    for size in range(6):
        for chars in itertools.product(ALPHABET, repeat=size):
            s = "".join(chars)
            assert vcard_lines.text_values(s) == stringToTextValues(s), s
            assert vcard_lines.text_values(s, ";", ";") == stringToTextValues(
                s, listSeparator=";", charList=";"
            ), s


def _cards() -> list[vcard.Card]:
    files = sorted(LOCAL.glob("*.vcf")) + sorted(SHARED.glob("vcard/*.vcf"))
    cards: list[vcard.Card] = []
    for path in files:
        text = path.read_bytes().decode("utf-8", "surrogateescape")
        try:
            cards += vcard.split_cards(text, path.name)
        except Exception:  # a file of only broken cards: none to compare
            continue
    return cards


def _record(card: vcard.Card, fast: bool, monkeypatch: pytest.MonkeyPatch) -> object:
    with monkeypatch.context() as m:
        if not fast:
            m.setattr(vcard_lines, "read", lambda text: None)
        warn: list[str] = []
        try:
            return (vcard.card_record(card, "f.vcf", warn), warn)
        except Exception as exc:  # the same failure is the same answer
            return (type(exc).__name__, str(exc))


QUIRKS = [
    "\nN:a;b,c;d\\;e",
    "\nORG:x\\,y;z",
    "\nCATEGORIES:a\\,b,c",
    "\nADR:;;s;c;r;z;US",
    "\nFN:a,b\\",
    "\nBDAY;X-APPLE-OMIT-YEAR=1604:1604-04-15",
    ";ENCODING=b",
    ";BASE64",
    ";TYPE=",
    "item1.",
    "\nBEGIN:VCARD\n",
    "\nEND:VCARD\n",
    "=\n",
    "quoted-printable",
    "\\",
    '"',
    ":",
    "_",
    " ",
    "\nVERSION:4.0",
]


def test_cards_read_fast_are_read_as_vobject_reads_them(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    cards = _cards()
    assert cards
    rng = random.Random(6350)
    mangled = []
    for _ in range(1500):
        card = rng.choice(cards)
        text = card.text
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(text))
            text = text[:at] + rng.choice(QUIRKS) + text[at + rng.choice([0, 1]) :]
        mangled.append(vcard.Card(card.line, text))
    for card in cards + mangled:
        assert _record(card, True, monkeypatch) == _record(card, False, monkeypatch), card.text
