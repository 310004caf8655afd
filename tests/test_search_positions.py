"""kith search finds people by where they work and what they do: their positions."""

from __future__ import annotations

import json
from pathlib import Path

AS_OF = "2026-03-01"


def _hits(kith, query: str) -> list[tuple[str, str, str]]:
    return [
        (h["name"], h["kind"], h["snippet"])
        for h in kith.ok("search", query, "--json", as_of=AS_OF).json()
    ]


def _positions(kith, query: str) -> list[tuple[str, str]]:
    return [(name, snippet) for name, kind, snippet in _hits(kith, query) if kind == "position"]


def test_a_company_and_a_title_find_the_people(kith):
    kith.ok("add", "Priya Raman", as_of=AS_OF)
    kith.ok("job", "add", "Priya", "--org", "Pied Piper", "--title", "Senior Product Manager",
            "--start", "2021-04-01", as_of=AS_OF)  # fmt: skip
    kith.ok("add", "Tom Okafor", "--org", "Hooli", "--title", "Engineer", as_of=AS_OF)
    assert _hits(kith, "pied piper") == [
        ("Priya Raman", "position", "Senior Product Manager at [Pied] [Piper] (2021–)")
    ]
    assert _hits(kith, "Manager") == [
        ("Priya Raman", "position", "Senior Product [Manager] at Pied Piper (2021–)")
    ]
    # Words from the title and the company together, as the snippet reads.
    assert [n for n, _ in _positions(kith, "manager at pied")] == ["Priya Raman"]
    assert [n for n, _ in _positions(kith, "engin hoo")] == ["Tom Okafor"]
    hit = kith.ok("search", "hooli", "--json", as_of=AS_OF).json()[0]
    assert set(hit) == {"contact_id", "name", "kind", "snippet"}
    out = kith.ok("search", "Pied Piper", as_of=AS_OF).stdout
    assert "1 result for 'Pied Piper'" in out
    assert "position" in out and "Senior Product Manager at Pied Piper (2021–)" in out


def test_past_positions_are_found_with_their_years_and_once_per_person(kith):
    kith.ok("add", "Ann Lee", as_of=AS_OF)
    for title, start, end in (
        ("Analyst", "2015-01-05", "2017-06-30"),
        ("Senior Analyst", "2017-07-01", "2019-12-31"),
    ):
        kith.ok("job", "add", "Ann", "--org", "Initech", "--title", title, "--start", start,
                "--end", end, as_of=AS_OF)  # fmt: skip
    kith.ok("add", "Bo Chen", "--org", "Initech", "--title", "Analyst", as_of=AS_OF)
    found = _positions(kith, "initech")
    assert sorted(n for n, _ in found) == ["Ann Lee", "Bo Chen"]  # Ann once, not twice
    ann = dict(found)["Ann Lee"]
    assert ann in ("Analyst at [Initech] (2015–2017)", "Senior Analyst at [Initech] (2017–2019)")
    assert dict(found)["Bo Chen"].startswith("Analyst at [Initech]")


def test_the_index_follows_edits_ends_and_removals(kith):
    kith.ok("add", "Ann Lee", "--org", "Globex", "--title", "Designer", as_of=AS_OF)
    kith.ok("edit", "Ann", "--org", "Initech", "--title", "Art Director", as_of=AS_OF)
    assert [n for n, _ in _positions(kith, "art director initech")] == ["Ann Lee"]
    shown = kith.ok("show", "Ann", "--json", as_of=AS_OF).json()["positions"]
    job = next(p for p in shown if p["org"] == "Initech")
    kith.ok("job", "edit", str(job["id"]), "--title", "Creative Director", "--end", "2026-06-01",
            as_of=AS_OF)  # fmt: skip
    assert _positions(kith, "art director") == []
    assert [s for _, s in _positions(kith, "creative")] == [
        "[Creative] Director at Initech (2026)"  # begun and ended that year
    ]
    kith.ok("job", "rm", str(job["id"]), as_of=AS_OF)
    assert _positions(kith, "creative") == []
    kith.ok("add", "Bo Chen", "--org", "Umbrella", "--title", "Chemist", as_of=AS_OF)
    kith.ok("rm", "Bo Chen", "--yes", as_of=AS_OF)
    assert _positions(kith, "umbrella") == []


def test_me_is_not_a_hit_and_leaving_is_seen(kith):
    kith.ok("job", "add", "me", "--org", "Hooli", "--title", "Engineer", "--start", "2020-01-01",
            as_of=AS_OF)  # fmt: skip
    kith.ok("add", "Gavin Belson", "--org", "Hooli", "--title", "CEO", as_of=AS_OF)
    kith.ok("leave", "Hooli", "--last-day", "2026-04-30", "--new-org", "Pied Piper",
            "--start-date", "2026-05-04", "--new-title", "Architect", as_of=AS_OF)  # fmt: skip
    assert [n for n, _ in _positions(kith, "hooli")] == ["Gavin Belson"]
    assert _positions(kith, "architect") == []  # your own jobs: you know where you work


def test_merge_keeps_the_positions_found_under_the_kept_record(kith):
    a = kith.ok("add", "Ada Lovelace", "--org", "Engines", "--json", as_of=AS_OF).json()
    b = kith.ok("add", "Ada  Lovelace", "--force", "--json", as_of=AS_OF).json()
    kith.ok("job", "add", str(b["id"]), "--org", "Babbage Co", "--title", "Analyst",
            "--start", "2020-01-01", "--end", "2021-01-01", as_of=AS_OF)  # fmt: skip
    kith.ok("merge", str(a["id"]), str(b["id"]), as_of=AS_OF)
    hits = kith.ok("search", "babbage", "--json", as_of=AS_OF).json()
    assert [(h["contact_id"], h["kind"]) for h in hits] == [(a["id"], "position")]


def test_imports_index_positions(kith, tmp_path: Path):
    rows = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    rows += [
        f"Person{n},Linked,https://www.linkedin.com/in/p{n},,Pied Piper,Compression Engineer,"
        "01 Mar 2024"
        for n in range(250)  # past the bulk threshold: the index filled set-wise
    ]
    rows.append("Jared,Dunn,https://www.linkedin.com/in/jd,,Hooli,Business Development,01 Mar 2024")
    csv = tmp_path / "Connections.csv"
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    kith.ok("import", "linkedin", str(csv), as_of=AS_OF)
    found = kith.ok("search", "compression", "--json", "--limit", "300", as_of=AS_OF).json()
    assert len(found) == 250 and {h["kind"] for h in found} == {"position"}
    assert found[0]["snippet"] == "[Compression] Engineer at Pied Piper"
    assert [n for n, _ in _positions(kith, "business hooli")] == ["Jared Dunn"]
    card = tmp_path / "cards.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Monica Hall\r\nN:Hall;Monica;;;\r\n"
        "ORG:Raviga Capital\r\nTITLE:Partner\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    kith.ok("import", "vcard", str(card), as_of=AS_OF)
    assert _positions(kith, "raviga partner") == [("Monica Hall", "[Partner] at [Raviga] Capital")]
    google = tmp_path / "google.csv"
    google.write_text(
        "First Name,Last Name,Organization Name,Organization Title\n"
        "Laurie,Bream,Bream-Hall,Managing Partner\n",
        encoding="utf-8",
    )
    kith.ok("import", "google", str(google), as_of=AS_OF)
    assert _positions(kith, "bream managing") == [
        ("Laurie Bream", "[Managing] Partner at [Bream-Hall]")
    ]


def test_a_restored_backup_finds_the_same_positions(kith, tmp_path: Path, fresh_url):
    kith.ok("add", "Priya Raman", "--org", "Pied Piper", "--title", "Manager", as_of=AS_OF)
    backup = tmp_path / "backup.json"
    kith.ok("export", "json", str(backup), as_of=AS_OF)
    assert json.loads(backup.read_text())["tables"]["positions"]
    other = type(kith)(fresh_url())
    other.ok("restore", str(backup), as_of=AS_OF)
    assert _positions(other, "pied manager") == _positions(kith, "pied manager") != []


def test_a_renamed_organization_is_found_by_its_new_name(kith, db):
    from sqlalchemy import update

    from kithkin.store.tables import Organization

    kith.ok("add", "Erlich Bachman", "--org", "Aviato", "--title", "Founder", as_of=AS_OF)
    with db.session() as s:  # no command renames one yet; the index must follow when one does
        s.execute(update(Organization).values(name="Bachmanity"))
    assert _positions(kith, "aviato") == []
    assert _positions(kith, "bachmanity") == [("Erlich Bachman", "Founder at [Bachmanity]")]


def test_a_person_with_many_matching_positions_does_not_shorten_the_list(kith):
    kith.ok("add", "Ann Lee", as_of=AS_OF)
    for n, title in enumerate(("CEO", "CTO", "CFO", "COO")):
        kith.ok("job", "add", "Ann", "--org", "Initech", "--title", title,
                "--start", f"201{n}-01-01", "--end", f"201{n}-12-31", as_of=AS_OF)  # fmt: skip
    for name in ("Bo Chen", "Cy Diaz", "Di Evans"):
        kith.ok("add", name, "--org", "Initech", "--title", "Senior Staff Software Engineer",
                as_of=AS_OF)  # fmt: skip
    found = kith.ok("search", "initech", "--limit", "3", "--json", as_of=AS_OF).json()
    assert [h["name"] for h in found][:1] == ["Ann Lee"] and len(found) == 3
    assert len({h["contact_id"] for h in found}) == 3


def test_a_word_held_by_many_positions_ranks_the_newest_candidates_on_both(kith, monkeypatch):
    # A title word held by a third of 30,000 positions: PostgreSQL ranked every match
    # (40 ms); both backends now rank the newest CANDIDATES matches, every word found in
    # the title or the organization's name.
    from kithkin.store import ftsread

    for name, org in (("Bo Chen", "Hooli"), ("Cy Diaz", "Initech"), ("Di Evans", "Hooli")):
        kith.ok("add", name, "--org", org, "--title", "Engineer", as_of=AS_OF)
    kith.ok("add", "Ed Fox", "--org", "Hooli", "--title", "Designer", as_of=AS_OF)
    monkeypatch.setattr(ftsread, "CANDIDATES", 2)
    assert sorted(n for n, _ in _positions(kith, "engineer")) == ["Cy Diaz", "Di Evans"]
    assert sorted(n for n, _ in _positions(kith, "engin hooli")) == ["Bo Chen", "Di Evans"]
    monkeypatch.setattr(ftsread, "CANDIDATES", 1)
    assert [n for n, _ in _positions(kith, "hooli engineer")] == ["Di Evans"]
