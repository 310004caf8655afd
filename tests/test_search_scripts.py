"""``kith search`` in scripts whose vowel signs are marks, and in those written without
spaces between words, on both backends.

A word of Devanagari, Bengali or Tamil is found whole, as the name folding compares it
(:mod:`kithkin.core.folding`): its vowel signs and viramas are part of it, so अमित
(Amit) and अमृत (Amrit) are two words, not "अम" and "त". Thai, Lao, Khmer, Myanmar,
Chinese and Japanese are written without spaces between words (:func:`folding.unspaced`),
so a word of them is looked for inside the text, as a name or a note is written.
"""

from __future__ import annotations

import contextlib

from conftest import Kith, downgrade


def _found(kith: Kith, query: str) -> list[tuple[str, str]]:
    return [(h["name"], h["kind"]) for h in kith.ok("search", query, "--json").json()]


def _snippets(kith: Kith, query: str) -> list[str]:
    return [h["snippet"] for h in kith.ok("search", query, "--json").json()]


def test_a_hindi_name_is_found_whole_and_not_by_its_consonants(kith: Kith) -> None:
    kith.ok("add", "अमित शर्मा", "--note", "दिल्ली में रहते हैं, क्रिकेट के शौकीन")
    kith.ok("add", "अमृत सिंह", "--how-met", "पुणे की कॉन्फ़्रेंस")
    kith.ok("log", "अमृत", "--note", "अमित के साथ नई नौकरी के बारे में बात की")
    assert sorted(_found(kith, "अमित")) == [
        ("अमित शर्मा", "contact"),
        ("अमृत सिंह", "interaction"),
    ]
    assert _found(kith, "अमृत") == [("अमृत सिंह", "contact")]
    # typed as far as its vowel sign: a prefix, as every search is
    assert sorted(_found(kith, "अमि")) == [("अमित शर्मा", "contact"), ("अमृत सिंह", "interaction")]
    assert _found(kith, "क्रिकेट") == [("अमित शर्मा", "contact")]
    assert _found(kith, "कॉन्फ़्रेंस") == [("अमृत सिंह", "contact")]
    assert _found(kith, "शर्मा दिल्ली") == [("अमित शर्मा", "contact")]
    assert _found(kith, "नौकरी") == [("अमृत सिंह", "interaction")]
    assert "[अमित]" in _snippets(kith, "नौकरी अमित")[0]


def test_tamil_and_bengali_words_are_found_whole(kith: Kith) -> None:
    kith.ok("add", "கார்த்திக் சுப்பிரமணியம்", "--note", "சென்னையில் வேலை")
    kith.ok("add", "கீர்த்தனா ராஜ்")
    kith.ok("log", "கீர்த்தனா", "--note", "கார்த்திக்குடன் மதிய உணவு")  # lunch with Karthik
    kith.ok("add", "সৌমিত্র চট্টোপাধ্যায়", "--note", "কলকাতায় থাকেন")
    # "met at the rally": র‍্য is written with a zero-width joiner, which the index
    # cannot drop as the name folding does: the query's word splits at it the same way
    kith.ok("add", "সুমিত্রা দাস", "--how-met", "র\u200d্যালিতে দেখা হয়েছিল")
    assert sorted(_found(kith, "கார்த்திக்")) == [
        ("கார்த்திக் சுப்பிரமணியம்", "contact"),
        ("கீர்த்தனா ராஜ்", "interaction"),
    ]
    assert _found(kith, "கீர்த்தனா") == [("கீர்த்தனா ராஜ்", "contact")]
    assert _found(kith, "சென்னை") == [("கார்த்திக் சுப்பிரமணியம்", "contact")]
    assert _found(kith, "সৌমিত্র") == [("সৌমিত্র চট্টোপাধ্যায়", "contact")]
    assert _found(kith, "সুমিত্রা") == [("সুমিত্রা দাস", "contact")]
    assert _found(kith, "কলকাতা") == [("সৌমিত্র চট্টোপাধ্যায়", "contact")]
    assert _found(kith, "র\u200d্যালি") == [("সুমিত্রা দাস", "contact")]
    assert "[கார்த்திக்குடன்]" in _snippets(kith, "கார்த்திக் உணவு")[0]


def test_a_thai_word_is_found_inside_the_text_it_is_written_in(kith: Kith) -> None:
    kith.ok("add", "สมศักดิ์ ใจดี", "--note", "ชอบเล่นกอล์ฟวันเสาร์")  # likes golf on Saturdays
    kith.ok("add", "สมศรี มีสุข")
    kith.ok("add", "ก้องภพ แสงทอง")
    # "went to eat with Somsak at Siam": one run of letters, no spaces between its words
    kith.ok("log", "สมศรี", "--note", "ไปกินข้าวกับสมศักดิ์ที่สยาม")
    assert sorted(_found(kith, "สมศักดิ์")) == [
        ("สมศรี มีสุข", "interaction"),
        ("สมศักดิ์ ใจดี", "contact"),
    ]
    assert _found(kith, "สมศรี") == [("สมศรี มีสุข", "contact")]
    assert _found(kith, "สยาม") == [("สมศรี มีสุข", "interaction")]
    assert _found(kith, "กอล์ฟ") == [("สมศักดิ์ ใจดี", "contact")]
    assert _found(kith, "ใจดี กอล์ฟ") == [("สมศักดิ์ ใจดี", "contact")]
    assert _found(kith, "กอง") == []  # ก้อง has a tone mark: another word
    assert _found(kith, "ก้อง") == [("ก้องภพ แสงทอง", "contact")]
    assert "[ไปกินข้าวกับสมศักดิ์ที่สยาม]" in _snippets(kith, "สยาม")[0]


def test_chinese_and_japanese_are_found_inside_a_run_as_thai_is(kith: Kith) -> None:
    kith.ok("add", "田中太郎", "--note", "大阪出身")
    kith.ok("add", "王小明")
    kith.ok("log", "王小明", "--note", "東京で田中さんとランチ")  # lunch with Tanaka in Tokyo
    assert sorted(_found(kith, "田中")) == [("王小明", "interaction"), ("田中太郎", "contact")]
    assert _found(kith, "太郎") == [("田中太郎", "contact")]
    assert _found(kith, "小明") == [("王小明", "contact")]
    assert _found(kith, "大阪") == [("田中太郎", "contact")]
    assert _found(kith, "ランチ") == [("王小明", "interaction")]
    kith.ok("add", "佐藤花子", "--note", "ABC株式会社の部長")  # a manager at ABC Corp.
    assert _found(kith, "abc株式会社") == [("佐藤花子", "contact")]
    assert _found(kith, "株式会社") == [("佐藤花子", "contact")]


def test_latin_search_is_as_it_was(kith: Kith) -> None:
    kith.ok("add", "José Müller", "--note", "café owner in Zürich")
    kith.ok("add", "Joseph Miller")
    assert sorted(_found(kith, "jos")) == [("Joseph Miller", "contact"), ("José Müller", "contact")]
    assert _found(kith, "MÜLLER zür") == [("José Müller", "contact")]
    assert _snippets(kith, "zürich")[0].endswith("café owner in [Zürich]")
    if kith.url.startswith("sqlite"):  # PostgreSQL's 'simple' configuration keeps accents
        assert _found(kith, "muller") == [("José Müller", "contact")]
        assert _found(kith, "cafe zur") == [("José Müller", "contact")]
        assert _snippets(kith, "zurich")[0].endswith("café owner in [Zürich]")


def test_a_database_from_before_the_fix_is_indexed_again(kith: Kith, db_url: str) -> None:
    """Down to 0011, SQLite's index is made the old way, split at the marks; opening
    the database again (migration 0012) makes it anew from the rows. PostgreSQL's
    index needs nothing, and its search is the same after both."""

    kith.ok("add", "अमित शर्मा", "--note", "ไปกินข้าวกับสมศักดิ์ที่สยาม")
    kith.ok("add", "अमृत सिंह")
    kith.ok("detail", "अमृत", "hobby", "क्रिकेट")
    kith.ok("log", "अमृत", "--note", "अमित के साथ नई नौकरी के बारे में बात की")
    downgrade(db_url, "0011")
    if db_url.startswith("sqlite"):
        import sqlite3

        with contextlib.closing(sqlite3.connect(db_url.removeprefix("sqlite:///"))) as conn:
            old = "SELECT count(*) FROM search_fts WHERE search_fts MATCH '\"अमित\"'"
            assert conn.execute(old).fetchone()[0] == 3  # "अम" "त": every अम...त
    assert sorted(_found(kith, "अमित")) == [
        ("अमित शर्मा", "contact"),
        ("अमृत सिंह", "interaction"),
    ]
    assert _found(kith, "क्रिकेट") == [("अमृत सिंह", "detail")]
    assert _found(kith, "สมศักดิ์") == [("अमित शर्मा", "contact")]


# Words of names and notes in the scripts above, plain ASCII among them (accents fold
# on SQLite only, so they are left to the test above).
_SPACED = [
    "अमित", "अमृत", "अमिताभ", "शर्मा", "सिंह", "क्रिकेट", "दिल्ली", "नौकरी", "कॉफ़ी",
    "கார்த்திக்", "கீர்த்தனா", "சென்னை", "வேலை", "மதுரை",
    "সৌমিত্র", "সুমিত্রা", "কলকাতা", "বই",
    "priya", "raman", "rust", "berlin",
]  # fmt: skip
_UNSPACED = [
    "สมศักดิ์", "สมศรี", "ก้อง", "กอง", "กินข้าว", "สยาม",
    "田中", "太郎", "東京", "ランチ", "大阪",
]  # fmt: skip


def test_search_finds_what_the_folding_says_the_text_holds(kith: Kith) -> None:
    """Every word and a prefix of each, against an oracle written with the folding: a
    text is found when each word of the query begins one of its words (as
    :func:`folding.runs` splits them), or, in a script written without spaces,
    stands anywhere inside it."""
    import random

    from kithkin.core import folding

    rng = random.Random(7)
    texts: dict[str, str] = {}
    for n in range(14):
        name = f"{rng.choice(_SPACED)} {rng.choice(_SPACED)} {n}"
        spaced = " ".join(rng.sample(_SPACED, 3))
        run = "".join(rng.sample(_UNSPACED, 3))  # Thai and CJK words, not spaced out
        kith.ok("add", name, "--note", f"{spaced} {run}")
        texts[name] = f"{name} {spaced} {run}"

    def holds(text: str, term: str) -> bool:
        if folding.unspaced(term):
            return term in text
        return any(tok.startswith(term) for tok in folding.runs(text))

    queries = [*_SPACED, *_UNSPACED, *(w[:3] for w in _SPACED), "अमि", "सिंह दिल्ली"]
    for query in queries:
        found = {h["name"] for h in kith.ok("search", query, "--limit", "100", "--json").json()}
        want = {n for n, t in texts.items() if all(holds(t, w) for w in query.split())}
        assert found == want, query
