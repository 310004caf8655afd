"""How names are compared: lower-cased, accents dropped, split into words.

The one home of that folding: people's names (:func:`kithkin.core.exchange.matching.fold`),
organizations (:func:`kithkin.core.book.orgs.normalize`), the words of a search
(:func:`runs`: the search's indexes keep the same marks in their words)
and the words it marks (:func:`kithkin.core.book.search.snippet`) all fold here.

An accent is a mark of the Combining Diacritical Marks blocks, which is what Latin,
Greek and Cyrillic letters decompose into (NFKD): "José" is "jose", "Müller" "muller",
"Ἀθῆναι" "αθηναι"; the Latin letters that hold their accent inside (ø, ł, đ, ß,
æ...) become what their writers type without it ("Łukasz" is "lukasz"). Arabic's and
Hebrew's vowel points (harakat, niqqud, cantillation) and Arabic's stretching tatweel
go too: they are optional, most names are written without them, and "محمّد" is
"محمد". Every other mark is part of its letter and stays in its word: the vowel signs
and viramas of Devanagari and the other Brahmic scripts, Thai's vowels and tone marks,
Japanese kana's voicing marks. Dropping them would make different names one
("สมศักดิ์" and "สมศกด") and split a word at each of them ("अमित" into "अम" and "त").
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# Combining Diacritical Marks, its Extended and Supplement blocks, the marks for
# symbols and the half marks, Cyrillic's own (titlo, the Church Slavonic letters written
# above); and what only steers how letters are drawn (a soft hyphen, the zero-width
# joiner and non-joiner of Indic and Persian text, the word joiner), so a name typed
# with one is the name typed without.
_ACCENTS = re.compile(
    "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
    "\u0483-\u0489\u2de0-\u2dff\ua66f-\ua67d\ua69e\ua69f"
    # Hebrew's points and cantillation (not its maqaf, paseq, sof pasuq, nun hafukha);
    # Arabic's harakat, small high marks and superscript alef, and the tatweel
    "\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7"
    "\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8"
    "\u06ea-\u06ed\u08d3-\u08e1\u08e3-\u08ff"
    "\u00ad\u200c\u200d\u2060]+"
)
# Latin letters whose accent is part of them (no decomposition to drop it from), as
# their writers type them on a plain keyboard: "Lukasz" for Łukasz, "Soren" for Søren,
# "Strauss" for Strauß, "Isik" for Işık (in lower case: the text is lowered first).
_LETTERS = str.maketrans({
    "ø": "o", "ł": "l", "đ": "d", "ð": "d", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th",
    "ı": "i", "ħ": "h", "ŧ": "t",
})  # fmt: skip


# The letters of _LETTERS in either case ("Ł" too), for the search indexes' SQL
# (:mod:`kithkin.store.fts`), where str.translate is out of reach.
@cache
def letters_both_cases() -> dict[str, str]:
    return {
        c: _LETTERS[ord(c.lower())]
        for c in map(chr, [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)])
        if len(c.lower()) == 1 and ord(c.lower()) in _LETTERS
    }


# Latin's accents written as marks (what é decomposes into): the search drops them.
LATIN_MARKS = re.compile("[\u0300-\u036f]+")


def search_word(text: str, decompose: bool) -> str:
    """A word of a search as the indexes hold it: the letters that hold their accent
    inside as typed without it ("łukasz" "lukasz", "straße" "strasse"); ``decompose``
    (PostgreSQL's index, which keeps accents), the other accents dropped too ("josé"
    "jose": decomposed, Latin's marks dropped, composed again, so that Hangul and kana
    are the index's words still). SQLite's tokenizer drops those accents itself."""
    if text.isascii():
        return text
    if decompose:
        text = unicodedata.normalize(
            "NFC", LATIN_MARKS.sub("", unicodedata.normalize("NFKD", text))
        )
    return text.translate(_LETTERS)


_WORDS = re.compile(r"\w+")
_GAPS = re.compile(r"(\W+)")  # a mark is no word character to re: found among the gaps


def unaccent(text: str, letters: bool = True) -> str:
    """``text`` lower-cased, in compatibility decomposition (NFKD: "ﬁ" is "fi", a letter
    written precomposed or as letter and mark is one), its accents dropped (``letters``:
    those inside a letter too; ``False`` folds as revision 0012 stored organizations,
    for migration 0013's downgrade)."""
    t = text.lower()
    if t.isascii():
        return t
    t = _ACCENTS.sub("", unicodedata.normalize("NFKD", t))
    return t.translate(_LETTERS) if letters else t


def has_letters(text: str) -> bool:
    """Whether ``text`` holds a letter :func:`unaccent` turns into another (ø, ł, ß...)."""
    t = text.lower()
    return not t.isascii() and t != t.translate(_LETTERS)


def words(text: str) -> list[str]:
    """The words (``\\w`` runs, as :mod:`re` sees them) of an :func:`unaccent`-ed text,
    each with the marks that follow its letters; a mark after no letter is dropped."""
    if text.isascii():
        return _WORDS.findall(text)
    parts = _GAPS.split(text)  # word, gap, word, gap, ..., word
    out: list[str] = []
    word = parts[0]
    for i in range(1, len(parts), 2):
        gap, after = parts[i], parts[i + 1]
        n = 0
        while n < len(gap) and unicodedata.category(gap[n])[0] == "M":
            n += 1
        if n == len(gap) and word:  # marks only: the word goes on
            word += gap + after
            continue
        if word:
            out.append(word + gap[:n])
        word = after
    if word:
        out.append(word)
    return out


def runs(text: str) -> list[str]:
    """The runs of word characters and marks of ``text``: the words of the search's
    indexes, which split at anything else (:mod:`kithkin.store.ftsread`). As
    :func:`words`, but a mark after no letter starts a word instead of being dropped:
    a zero-width joiner (which the indexes cannot drop, as :func:`unaccent` does) splits
    "র‍্যাব" (RAB, Bengali) into "র" and "্যাব" there too."""
    if text.isascii():
        return _WORDS.findall(text)
    out: list[str] = []
    word = ""
    for n, part in enumerate(_GAPS.split(text)):
        if n % 2 == 0:
            word += part
            continue
        for ch in part:
            if unicodedata.category(ch)[0] == "M":
                word += ch
            elif word:
                out.append(word)
                word = ""
    if word:
        out.append(word)
    return out


def fold(text: str) -> str:
    """The words of ``text``, lower-case and unaccented, joined by single spaces."""
    t = text.lower()
    if t.isascii():
        return " ".join(_WORDS.findall(t))
    return fold_lowered(t)


def fold_lowered(t: str) -> str:
    """:func:`fold` of a text already lower-cased and not ASCII (the caller's fast path
    took the rest)."""
    return " ".join(words(_ACCENTS.sub("", unicodedata.normalize("NFKD", t)).translate(_LETTERS)))


# Scripts written without spaces between words (Chinese, Japanese, Thai, Lao, Khmer,
# Myanmar): a "word" of them may hold several, so it is looked for inside a name.
_UNSPACED = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]"
)


def unspaced(word: str) -> bool:
    """Whether ``word`` is in a script written without spaces between words."""
    return _UNSPACED.search(word) is not None
