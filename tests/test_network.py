"""R16: `kith who ORG` over current and past positions, warm paths first."""

from __future__ import annotations

import pytest
from tests.conftest import Kith

TODAY = "2026-06-01"


@pytest.fixture
def net(kith: Kith) -> Kith:
    kith.ok(
        "job",
        "add",
        "me",
        "--org",
        "Globex",
        "--start",
        "2020-01-01",
        "--end",
        "2023-12-31",
        as_of=TODAY,
    )
    rows = [
        # name, org as typed, title, start, end
        ("Cora Current", "Acme Inc.", "Staff Engineer", "2022-01-01", None),
        ("Carl Current", "ACME", "Designer", "2024-01-01", None),
        ("Fay Former", "acme, llc", "CTO", "2015-01-01", "2021-06-30"),
        ("Gil Globex", "Globex", "Manager", "2019-01-01", None),
        ("Oz Outsider", "Initech", "Engineer", "2019-01-01", None),
    ]
    for name, org, title, start, end in rows:
        kith.ok("add", name, as_of=TODAY)
        args = ["job", "add", name, "--org", org, "--title", title, "--start", start]
        kith.ok(*args, *(["--end", end] if end else []), as_of=TODAY)
    # Fay also worked at Globex alongside me; Carl worked at Initech with Oz.
    kith.ok(
        "job",
        "add",
        "Fay Former",
        "--org",
        "Globex",
        "--start",
        "2021-07-01",
        "--end",
        "2023-01-31",
        as_of=TODAY,
    )
    kith.ok(
        "job",
        "add",
        "Carl Current",
        "--org",
        "Initech, Inc.",
        "--start",
        "2020-05-01",
        "--end",
        "2023-12-31",
        as_of=TODAY,
    )
    # Strength: Fay, Oz and Gil are touched often and recently, Cora a little, Carl never.
    for name, times in (("Fay", 8), ("Oz", 7), ("Gil", 6), ("Cora", 1)):
        for i in range(times):
            kith.ok(
                "log", name, "--channel", "call", "--date", f"2026-05-{10 + i:02d}", as_of=TODAY
            )
    return kith


@pytest.mark.parametrize("query", ["Acme Inc.", "ACME", "acme, llc", "acme", "Acme Corp"])
def test_variants_of_the_name_find_the_same_people(net: Kith, query: str) -> None:
    rows = net.ok("who", query, "--json", as_of=TODAY).json()
    assert [(r["name"], r["status"]) for r in rows] == [
        ("Cora Current", "current"),
        ("Carl Current", "current"),
        ("Fay Former", "former"),
    ]
    assert {r["org"] for r in rows} == {"Acme Inc."}


def test_rows_carry_title_strength_history_and_warmest_path(net: Kith) -> None:
    rows = {r["name"]: r for r in net.ok("who", "acme", "--json", as_of=TODAY).json()}
    cora, carl, fay = rows["Cora Current"], rows["Carl Current"], rows["Fay Former"]
    assert cora["title"] == "Staff Engineer" and fay["title"] == "CTO"
    assert fay["until"] == "2021-06-30"
    assert cora["strength"] > carl["strength"]
    assert fay["shared_history"]["worked_together"] == [
        {"org": "Globex", "from": "2021-07-01", "to": "2023-01-31"}
    ]
    assert fay["shared_history"]["interactions"] == 8
    # Carl is a stranger to me but worked at Initech with Oz, whom I know well.
    assert carl["shared_history"] == {
        "worked_together": [],
        "ties": [],
        "interactions": 0,
        "last_touch": None,
    }
    assert carl["warmest_path"] == {
        "direct": False,
        "contact_id": carl["warmest_path"]["contact_id"],
        "name": "Oz Outsider",
        "strength": carl["warmest_path"]["strength"],
        "org": "Initech",
    }
    # Fay worked with Gil, but I know Fay better than I know Gil: go direct.
    assert fay["warmest_path"]["direct"] is True


def test_a_job_that_ended_makes_a_person_former(net: Kith) -> None:
    rows = net.ok("who", "Globex", "--json", as_of=TODAY).json()
    assert [(r["name"], r["status"]) for r in rows] == [
        ("Gil Globex", "current"),
        ("Fay Former", "former"),
    ]


def test_unknown_organization_is_an_empty_answer(net: Kith) -> None:
    assert net.ok("who", "Umbrella", "--json", as_of=TODAY).json() == []
    run = net.ok("who", "Umbrella", as_of=TODAY)
    assert "nobody at 'Umbrella'" in run.stderr


def test_human_output_names_the_path(net: Kith) -> None:
    out = net.ok("who", "acme", as_of=TODAY).stdout
    assert "Carl Current" in out and "via Oz Outsider" in out


def test_who_prints_a_name_as_written_even_with_brackets(kith) -> None:  # type: ignore[no-untyped-def]
    cid = kith.ok("add", "Ann [bold]Lee[/bold]").stdout.strip()
    kith.ok("job", "add", cid, "--org", "Acme", "--start", "2020-01-01")
    out = kith.ok("who", "acme", as_of="2026-11-02").stdout
    assert out.startswith(f"Ann [bold]Lee[/bold] #{cid}  ")


def test_a_chinese_or_japanese_company_is_found_by_part_of_its_name(kith, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Chinese and Japanese write no spaces between words: "日立" is Hitachi in
    "株式会社日立製作所", as "Stark" is in "Stark Industries"; it found nobody."""
    conn = tmp_path / "Connections.csv"
    conn.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "太郎,山田,https://www.linkedin.com/in/yamada,,株式会社日立製作所,エンジニア,01 Jan 2020\n"
        "伟,王,https://www.linkedin.com/in/wangwei,,阿里巴巴集团,工程师,02 Jan 2020\n"
        "Ann,Lee,https://www.linkedin.com/in/annlee,,Hitachi Vantara,Engineer,03 Jan 2020\n",
        encoding="utf-8",
    )
    kith.ok("import", "linkedin", str(conn))
    assert [r["name"] for r in kith.ok("who", "日立", "--json").json()] == ["太郎 山田"]
    assert [r["name"] for r in kith.ok("who", "阿里巴巴", "--json").json()] == ["伟 王"]
    assert "伟 王" in kith.ok("who", "阿里巴巴").stdout
    assert [r["name"] for r in kith.ok("who", "Hitachi", "--json").json()] == ["Ann Lee"]
    assert kith.ok("who", "Hita", "--json").json() == []  # Latin words stay whole words


def test_a_job_you_have_not_started_is_no_shared_history_yet(net: Kith) -> None:
    """`kith leave --new-org Initech --start-date` records a job that starts later:
    until then `kith who initech` must not say "You worked at Initech" nor that you
    "worked together" with its staff from a day still to come."""
    net.ok("job", "add", "me", "--org", "Initech", "--start", "2026-07-01", as_of=TODAY)
    [oz] = [
        r
        for r in net.ok("who", "initech", "--json", as_of=TODAY).json()
        if r["name"] == "Oz Outsider"
    ]
    assert oz["you_worked_there"] is False
    assert oz["shared_history"]["worked_together"] == []
    assert "You worked at" not in net.ok("who", "initech", as_of=TODAY).stdout
    later = net.ok("who", "initech", "--json", as_of="2026-08-01").json()
    [oz] = [r for r in later if r["name"] == "Oz Outsider"]
    assert oz["you_worked_there"] is True
    assert oz["shared_history"]["worked_together"] == [
        {"org": "Initech", "from": "2026-07-01", "to": None}
    ]


def test_a_job_you_start_is_yours_from_its_first_day(net: Kith) -> None:
    """The boundary: the day before, `kith who` does not count the job; on its first day
    it does."""
    net.ok("job", "add", "me", "--org", "Initech", "--start", "2026-07-01", as_of=TODAY)
    for day, yours in (("2026-06-30", False), ("2026-07-01", True)):
        [oz] = [
            r
            for r in net.ok("who", "initech", "--json", as_of=day).json()
            if r["name"] == "Oz Outsider"
        ]
        assert oz["you_worked_there"] is yours, day
