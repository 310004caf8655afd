"""kith search folds Latin letters as naming a contact does, on both backends: "lukasz"
finds Łukasz, "soren" Søren, "strasse" Straße (ø, ł, ß... hold their accent inside), and
"jose" José (PostgreSQL's index kept accents), with no database extension."""

from __future__ import annotations

from pathlib import Path

from conftest import downgrade

AS_OF = "2026-03-01"


def _found(kith, query: str) -> list[tuple[str, str]]:
    return [(h["name"], h["kind"]) for h in kith.ok("search", query, "--json", as_of=AS_OF).json()]


def _people(kith) -> None:
    kith.ok("add", "Łukasz Nowak", "--note", "lunch at the Straße café", as_of=AS_OF)
    kith.ok("add", "José García", "--how-met", "Dublin meetup", as_of=AS_OF)
    kith.ok("add", "Lukasz Plain", as_of=AS_OF)
    kith.ok("detail", "José", "interest", "Søren Kierkegaard and Işık's poems", as_of=AS_OF)
    kith.ok("log", "Nowak", "--note", "Đorđe and Ægir say hi", "--date", "2026-02-01",
            as_of=AS_OF)  # fmt: skip


def test_search_finds_latin_letters_typed_without_their_accent(kith):
    _people(kith)
    assert sorted(_found(kith, "lukasz")) == [
        ("Lukasz Plain", "contact"),
        ("Łukasz Nowak", "contact"),
    ]
    assert sorted(_found(kith, "Łukasz")) == sorted(_found(kith, "lukasz"))
    assert _found(kith, "jose") == [("José García", "contact")]
    assert _found(kith, "garcia dub") == [("José García", "contact")]
    assert _found(kith, "strasse") == [("Łukasz Nowak", "contact")]
    assert _found(kith, "straße caf") == [("Łukasz Nowak", "contact")]
    assert _found(kith, "soren kierk") == [("José García", "detail")]
    assert _found(kith, "isik") == [("José García", "detail")]
    assert _found(kith, "dorde aegir") == [("Łukasz Nowak", "interaction")]
    [hit] = kith.ok("search", "lukasz nowak", "--json", as_of=AS_OF).json()
    assert hit["snippet"].startswith("[Łukasz] [Nowak]")  # the text as written, marked
    kith.ok("edit", "Lukasz Plain", "--note", "Bjørn's friend", as_of=AS_OF)
    assert _found(kith, "bjorn") == [("Lukasz Plain", "contact")]


def test_scripts_the_folding_leaves_alone_are_still_found(kith):
    kith.ok("add", "김민수", "--note", "がくせい 金田 अमित", as_of=AS_OF)
    for query in ("김민", "がく", "अमित"):
        assert _found(kith, query) == [("김민수", "contact")], query


def test_a_long_import_indexes_the_letters_too(kith, tmp_path: Path):
    rows = ["Name,Given Name,Family Name,Notes"]
    rows += [f"Person {n},Person,{n},note {n}" for n in range(250)]
    rows.append("Søren Ødegård,Søren,Ødegård,fjord")
    path = tmp_path / "google.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    kith.ok("import", "google", str(path), as_of=AS_OF)
    assert _found(kith, "odegard") == [("Søren Ødegård", "contact")]


def test_the_index_is_made_again_by_the_migration(kith, db_url):
    _people(kith)
    downgrade(db_url, "0015")  # the index as 0015's kithkin made it
    kith.ok("add", "Bjørn Berg", as_of=AS_OF)  # opened again: migrated forward
    assert sorted(_found(kith, "lukasz")) == [
        ("Lukasz Plain", "contact"),
        ("Łukasz Nowak", "contact"),
    ]
    assert _found(kith, "bjorn") == [("Bjørn Berg", "contact")]
    assert _found(kith, "jose") == [("José García", "contact")]
