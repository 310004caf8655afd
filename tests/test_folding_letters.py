"""Latin letters that carry their accent inside them: ø, ł, đ, ß, æ, œ, þ, ð, ı.

They have no decomposition, so dropping combining marks leaves them as they are, yet
their writers type them plainly all the time: "Lukasz" for Łukasz on an English
keyboard, "Soren" for Søren, "Strauss" for Strauß, "Isik" for Işık. A name typed so is
the same name (kithkin.core.folding), for people and organizations alike.
"""

from __future__ import annotations

from sqlalchemy import text

from conftest import downgrade
from kithkin.core.book.orgs import normalize
from kithkin.core.exchange.matching import fold
from kithkin.store.db import Database

AS_OF = "2026-03-01"


def test_letters_with_their_accent_inside_fold_as_their_writers_type_them():
    assert fold("Łukasz Wałęsa") == fold("Lukasz Walesa") == "lukasz walesa"
    assert fold("Søren Ørsted") == "soren orsted"
    assert fold("Johann Strauß") == fold("Johann STRAUSS") == "johann strauss"
    assert fold("Ævar Þór Guðmundsson") == "aevar thor gudmundsson"
    assert fold("Đorđe Lœwe") == "dorde loewe"
    assert fold("Işık Çelik") == "isik celik"
    assert normalize("Bølgen & Moi AS") == normalize("Bolgen and Moi")
    # scripts whose letters are letters, not accents, stay as they are
    assert fold("Пётр") == "петр"
    assert fold("अमित") == "अमित"


def test_a_card_typed_plainly_finds_the_person_and_the_company(kith, tmp_path):
    """A LinkedIn connection written with its letters, an address book's card without:
    one person, at one company."""
    kith.ok("add", "Łukasz Nowak", "--org", "Bølgen Łódź", "--title", "CTO", as_of=AS_OF)
    book = tmp_path / "contacts.csv"
    book.write_text(
        "First Name,Middle Name,Last Name,E-mail 1 - Value,Organization Name\n"
        "Lukasz,,Nowak,lukasz@example.pl,Bolgen Lodz\n",
        encoding="utf-8",
    )
    out = kith.ok("import", "google", str(book), "--json", as_of=AS_OF).json()
    assert out["contacts"]["new"] == 0
    people = kith.ok("list", "--json", as_of=AS_OF).json()
    assert [(p["name"], p["org"]) for p in people] == [("Łukasz Nowak", "Bølgen Łódź")]
    assert kith.ok("show", "lukasz", "--json", as_of=AS_OF).json()["emails"] == [
        "lukasz@example.pl"
    ]
    staff = kith.ok("who", "bolgen lodz", "--json", as_of=AS_OF).json()
    assert [p["name"] for p in staff] == ["Łukasz Nowak"]


def test_a_database_from_before_finds_its_organization_by_the_plain_name(kith, db_url: str):
    """Organizations stored folded the old way ("bølgen łodz") are refolded when the
    database is opened (migration 0013), and a downgrade writes the old form back."""
    kith.ok("add", "Łukasz Nowak", "--org", "Bølgen Łódź", as_of=AS_OF)
    downgrade(db_url, "0012")  # the names as 0012's kithkin stored them
    db = Database(db_url)
    with db.engine.connect() as conn:
        stored = conn.execute(text("SELECT norm_name FROM organizations")).scalars().all()
    db.dispose()
    assert stored == ["bølgen łodz"]
    staff = kith.ok("who", "Bolgen Lodz", "--json", as_of=AS_OF).json()  # opening migrates
    assert [p["name"] for p in staff] == ["Łukasz Nowak"]
