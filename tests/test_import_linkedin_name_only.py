"""LinkedIn exports without profile URLs (2021-2022): people told apart by what LinkedIn shows.

Connections.csv has no URL column and messages.csv no RECIPIENT PROFILE URLS: a
connection is its name, company, position and connected-on day; messages link by a
full name only one contact bears.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from conftest import dump
from kithkin.core.exchange import batched

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CONNECTIONS = FIXTURES / "linkedin_2022_no_url_namesakes_impossible_date_connections.csv"
MESSAGES = FIXTURES / "linkedin_2022_no_recipient_urls_messages.csv"
AS_OF = "2026-03-01"


def _zip(tmp_path: Path, connections: bytes | None = None) -> Path:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("Connections.csv", connections or CONNECTIONS.read_bytes())
        zf.writestr("messages.csv", MESSAGES.read_bytes())
    path = tmp_path / "Basic_LinkedInDataExport_06-24-2022.zip"
    path.write_bytes(buf.getvalue())
    return path


def _people(kith) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for p in kith.ok("list", "--json").json():
        out.setdefault(p["name"], []).append(p)
    return out


def test_namesakes_are_two_people_and_listed_by_dupes(kith):
    out = kith.ok("import", "linkedin", str(CONNECTIONS), "--json", as_of=AS_OF).json()
    assert out["contacts"]["new"] == 7
    people = _people(kith)
    assert sorted(p["org"] for p in people["John Smith"]) == ["Globex", "Initech"]
    # Two Maria Garcias at one company, connected the same day: two rows, two people.
    assert sorted(p["title"] for p in people["Maria Garcia"]) == ["Designer", "Product Manager"]
    assert out["contacts"]["possible_duplicates"] == 2
    pairs = kith.ok("dupes", "--json").json()
    assert sorted(p["a"]["name"] for p in pairs) == ["John Smith", "Maria Garcia"]


def test_impossible_connected_on_is_counted_and_the_person_kept(kith):
    out = kith.ok("import", "linkedin", str(CONNECTIONS), "--json", as_of=AS_OF).json()
    [note] = [w for w in out["warnings"] if "Connected On" in w]
    assert "1 impossible or unreadable" in note and "'30 Feb 2022'" in note and "line 7" in note
    priya = kith.ok("show", "Priya Raman", "--json").json()
    assert priya["connected_on"] is None
    text = kith.ok("import", "linkedin", str(CONNECTIONS), "--dry-run", as_of=AS_OF).stdout
    assert "30 Feb 2022" in text


def test_reimport_changes_nothing(kith, tmp_path: Path):
    path = _zip(tmp_path)
    kith.ok("import", "linkedin", str(path), as_of=AS_OF)
    before = dump(kith.url)
    out = kith.ok("import", "linkedin", str(path), "--json", as_of="2026-04-01").json()
    assert out["contacts"] == {
        "new": 0,
        "updated": 0,
        "merged": 0,
        "unchanged": 7,
        "possible_duplicates": 0,
    }
    assert out["new_roles"] == 0
    assert dump(kith.url) == before


def test_messages_link_by_unique_full_name(kith, tmp_path: Path):
    out = kith.ok("import", "linkedin", str(_zip(tmp_path)), "--json", as_of=AS_OF).json()
    # Ola: one inbound, one outbound; Priya: one outbound. The two messages with a
    # John Smith stay unlinked (two John Smiths), Sam Stranger is no connection.
    assert out["interactions"]["new"] == 3
    assert out["interactions"]["ambiguous"] == 2
    assert out["interactions"]["unmatched"] == 1
    assert [s["reason"] for s in out["skipped"]] == [
        "sponsored or system message (no sender profile)"
    ]
    ola = kith.ok("show", "Ola Nordmann", "--json").json()
    assert sorted(i["direction"] for i in ola["interactions"]) == ["inbound", "outbound"]
    priya = kith.ok("show", "Priya Raman", "--json").json()
    assert [i["direction"] for i in priya["interactions"]] == ["outbound"]
    for john in _people(kith)["John Smith"]:
        assert kith.ok("show", str(john["id"]), "--json").json()["interactions"] == []
    me = kith.ok("show", "me", "--json").json()
    assert [u["url"] for u in me["urls"]] == ["https://www.linkedin.com/in/me-myself-77"]
    text = kith.ok("import", "linkedin", str(_zip(tmp_path)), as_of=AS_OF).stdout
    assert "2 messages left unlinked: several of your contacts bear the name" in text


def test_later_export_without_urls_moves_the_job(kith, tmp_path: Path):
    kith.ok("import", "linkedin", str(CONNECTIONS), as_of=AS_OF)
    moved = tmp_path / "Connections.csv"
    moved.write_text(
        CONNECTIONS.read_text().replace("Globex,Engineer", "Vandelay,Staff Engineer"),
        encoding="utf-8",
    )
    out = kith.ok("import", "linkedin", str(moved), "--json", as_of="2026-05-10").json()
    assert out["contacts"]["new"] == 0 and out["contacts"]["updated"] == 1
    assert out["new_roles"] == 1
    orgs = sorted(p["org"] for p in _people(kith)["John Smith"])
    assert orgs == ["Initech", "Vandelay"]
    again = kith.ok("import", "linkedin", str(moved), "--json", as_of="2026-05-11").json()
    assert again["contacts"]["unchanged"] == 7 and again["new_roles"] == 0


def test_changed_profile_url_is_the_same_person(kith, tmp_path: Path):
    header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    first = tmp_path / "2024.csv"
    first.write_text(
        header + "Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace-1a2b,,Babbage,"
        "Analyst,10 Oct 2020\n"
        "Ada,Lovelace,https://www.linkedin.com/in/ada-l-other,,Elsewhere,Analyst,11 Oct 2020\n"
    )
    kith.ok("import", "linkedin", str(first), as_of=AS_OF)
    later = tmp_path / "2025.csv"
    later.write_text(
        header + "Ada,Lovelace,https://www.linkedin.com/in/adalovelace,,Babbage,"
        "Analyst,10 Oct 2020\n"
        # Same day, another company and a new URL: someone else.
        "Ada,Lovelace,https://www.linkedin.com/in/ada-third,,Difference Co,Clerk,10 Oct 2020\n"
    )
    out = kith.ok("import", "linkedin", str(later), "--json", as_of=AS_OF).json()
    assert out["contacts"]["updated"] == 1 and out["contacts"]["new"] == 1
    assert out["new_roles"] == 0
    ada = [p for p in _people(kith)["Ada Lovelace"] if p["org"] == "Babbage"]
    assert len(ada) == 1
    urls = {u["url"] for u in kith.ok("show", str(ada[0]["id"]), "--json").json()["urls"]}
    assert urls == {
        "https://www.linkedin.com/in/ada-lovelace-1a2b",
        "https://www.linkedin.com/in/adalovelace",
    }


IDENTICAL = FIXTURES / "linkedin_2021_no_url_identical_namesake_rows_connections.csv"
WITH_URLS = FIXTURES / "linkedin_2024_urls_after_an_export_without_them_job_changed_connections.csv"
TO_NAMESAKES = FIXTURES / "linkedin_2021_no_recipient_urls_messages_to_identical_namesakes.csv"


def test_rows_alike_in_everything_are_two_people(kith, tmp_path: Path):
    out = kith.ok("import", "linkedin", str(IDENTICAL), "--json", as_of=AS_OF).json()
    assert out["contacts"]["new"] == 6 and out["contacts"]["unchanged"] == 0
    assert len(_people(kith)["Rahul Sharma"]) == 2
    before = dump(kith.url)
    again = kith.ok("import", "linkedin", str(IDENTICAL), "--json", as_of=AS_OF).json()
    assert again["contacts"]["unchanged"] == 6 and dump(kith.url) == before
    # A message with "Rahul Sharma" could be either of them: linked to neither, counted.
    messages = tmp_path / "messages.csv"
    messages.write_bytes(TO_NAMESAKES.read_bytes())
    out = kith.ok("import", "linkedin", str(messages), "--json", as_of=AS_OF).json()
    assert out["interactions"]["ambiguous"] == 2
    for p in _people(kith)["Rahul Sharma"]:
        assert kith.ok("show", str(p["id"]), "--json").json()["interactions"] == []
    jan = _people(kith)["Jan Nowak"][0]
    assert len(kith.ok("show", str(jan["id"]), "--json").json()["interactions"]) == 2


def test_a_later_export_with_urls_finds_the_people_of_one_without_them(kith):
    """2022 without URLs, then 2024 with them: nobody doubles, a changed job is a new
    role, two alike rows take one person each, and the new file read again changes nothing."""
    kith.ok("import", "linkedin", str(IDENTICAL), as_of=AS_OF)
    out = kith.ok("import", "linkedin", str(WITH_URLS), "--json", as_of="2026-04-01").json()
    assert out["contacts"]["new"] == 0
    assert out["new_roles"] == 2  # Anna at Allegro promoted, Jan moved to PKN
    people = _people(kith)
    assert [p["org"] for p in people["Jan Nowak"]] == ["PKN"]
    assert sorted(p["org"] for p in people["Anna Kowalska"]) == ["Allegro", "CD Projekt"]
    urls = [
        {u["url"] for u in kith.ok("show", str(p["id"]), "--json").json()["urls"]}
        for p in people["Rahul Sharma"]
    ]
    assert sorted(len(u) for u in urls) == [1, 1] and urls[0] != urls[1]
    before = dump(kith.url)
    again = kith.ok("import", "linkedin", str(WITH_URLS), "--json", as_of="2026-04-02").json()
    assert again["contacts"]["unchanged"] == 6 and dump(kith.url) == before


@pytest.mark.parametrize("chunk", [None, 1], ids=["at once", "a row a chunk"])
def test_namesakes_of_one_day_at_one_company_keep_their_own_rows(
    kith, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int | None
):
    """Two Anna Kowalskas connected the same day at Allegro; one is promoted. Whatever
    the order of the rows, the promotion goes to the engineer, and the designer, whom a
    row still describes exactly, changes nothing; and so whatever the chunk size of the
    import (a chunked import learns what every row says before matching)."""
    if chunk is not None:
        monkeypatch.setattr(batched, "CHUNK", chunk)
    head = "First Name,Last Name,Email Address,Company,Position,Connected On\n"
    first = tmp_path / "2022.csv"
    first.write_text(head + "Anna,Kowalska,,Allegro,Designer,03 Feb 2021\n"
                     "Anna,Kowalska,,Allegro,Engineer,03 Feb 2021\n")  # fmt: skip
    kith.ok("import", "linkedin", str(first), as_of=AS_OF)
    ids = {p["title"]: p["id"] for p in _people(kith)["Anna Kowalska"]}
    later = tmp_path / "2024.csv"
    later.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Anna,Kowalska,https://www.linkedin.com/in/ak-1,,Allegro,Senior Engineer,03 Feb 2021\n"
        "Anna,Kowalska,https://www.linkedin.com/in/ak-2,,Allegro,Designer,03 Feb 2021\n"
    )
    out = kith.ok("import", "linkedin", str(later), "--json", as_of="2026-04-01").json()
    assert out["contacts"]["new"] == 0 and out["new_roles"] == 1
    titles = {p["id"]: p["title"] for p in _people(kith)["Anna Kowalska"]}
    assert titles == {ids["Designer"]: "Designer", ids["Engineer"]: "Senior Engineer"}
