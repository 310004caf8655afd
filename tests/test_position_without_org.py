"""A title held at no organization (LinkedIn's empty company, a card's TITLE without ORG,
a Positions.csv row without a company) is kept: show, list, exports, backups, re-imports."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import downgrade, dump

AS_OF = "2026-03-01"
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
ADA = "Ada,Freelance,https://www.linkedin.com/in/ada-fl,,,Independent Consultant,01 Mar 2024\n"
BOB = "Bob,Hidden,https://www.linkedin.com/in/bob-hidden,, -,Looking for work,02 Mar 2024\n"


def _connections(tmp_path: Path, *rows: str, name: str = "Connections.csv") -> str:
    path = tmp_path / name
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return str(path)


def _jobs(kith, who: str) -> list[tuple]:
    shown = kith.ok("show", who, "--json", as_of="2026-06-01").json()
    return [(p["org"], p["title"], p["start"], p["end"]) for p in shown["positions"]]


def test_a_connection_without_a_company_keeps_its_title(kith, tmp_path: Path):
    path = _connections(tmp_path, ADA, BOB)
    kith.ok("import", "linkedin", path, as_of=AS_OF)
    people = {p["name"]: p for p in kith.ok("list", "--json", as_of=AS_OF).json()}
    assert (people["Ada Freelance"]["org"], people["Ada Freelance"]["title"]) == (
        None,
        "Independent Consultant",
    )
    assert people["Bob Hidden"]["title"] == "Looking for work"  # company " -"
    text = kith.ok("show", "Ada", as_of=AS_OF).stdout
    assert "\n  Independent Consultant\n" in text
    assert "? – now  Independent Consultant  job #" in text
    before = dump(kith.url)
    again = kith.ok("import", "linkedin", path, "--json", as_of="2026-04-01").json()
    assert again["contacts"]["unchanged"] == 2 and again["new_roles"] == 0
    assert dump(kith.url) == before


def test_a_new_title_or_company_on_reimport_is_a_new_role(kith, tmp_path: Path):
    kith.ok("import", "linkedin", _connections(tmp_path, ADA, BOB), as_of=AS_OF)
    moved = _connections(
        tmp_path,
        ADA.replace("Independent Consultant", "Fractional CTO"),
        BOB.replace(" -,Looking for work", "Initech,Engineer"),
        name="moved.csv",
    )
    out = kith.ok("import", "linkedin", moved, "--json", as_of="2026-05-01").json()
    assert out["new_roles"] == 2
    assert _jobs(kith, "Ada") == [
        (None, "Independent Consultant", None, "2026-05-01"),
        (None, "Fractional CTO", "2026-05-01", None),
    ]
    assert _jobs(kith, "Bob") == [
        (None, "Looking for work", None, "2026-05-01"),
        ("Initech", "Engineer", "2026-05-01", None),
    ]
    ada = kith.ok("show", "Ada", "--json", as_of="2026-05-01").json()
    assert [(o["kind"], o["note"]) for o in ada["occasions"]] == [("new_role", "Fractional CTO")]
    before = dump(kith.url)
    again = kith.ok("import", "linkedin", moved, "--json", as_of="2026-06-01").json()
    assert again["new_roles"] == 0 and again["contacts"]["unchanged"] == 2
    assert dump(kith.url) == before


def test_a_company_left_out_later_is_no_change(kith, tmp_path: Path):
    acme = ADA.replace(",,Independent Consultant", ",Acme,Independent Consultant")
    kith.ok("import", "linkedin", _connections(tmp_path, acme), as_of=AS_OF)
    out = kith.ok("import", "linkedin", _connections(tmp_path, ADA, name="b.csv"), "--json",
                  as_of="2026-05-01").json()  # fmt: skip
    assert out["new_roles"] == 0
    assert _jobs(kith, "Ada") == [("Acme", "Independent Consultant", None, None)]


def test_a_card_title_without_org_is_exported_and_restored(kith, tmp_path: Path):
    card = tmp_path / "c.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cara Card\r\nN:Card;Cara;;;\r\n"
        "EMAIL:cara@example.com\r\nTITLE:Independent Consultant\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    kith.ok("import", "vcard", str(card), as_of=AS_OF)
    assert _jobs(kith, "Cara") == [(None, "Independent Consultant", None, None)]
    out = tmp_path / "cards"
    kith.ok("export", "vcard", str(out), as_of=AS_OF)
    [exported] = out.iterdir()
    text = exported.read_text(encoding="utf-8")
    assert "TITLE:Independent Consultant" in text and "ORG:" not in text
    before = dump(kith.url)
    again = kith.ok("import", "vcard", str(exported), "--json", as_of=AS_OF).json()
    assert again["contacts"]["new"] == 0
    assert dump(kith.url) == before
    if kith.url.startswith("sqlite"):
        first = tmp_path / "first.json"
        kith.ok("export", "json", str(first), as_of=AS_OF)
        from conftest import Kith

        b = Kith(f"sqlite:///{tmp_path / 'b.db'}")
        b.ok("restore", str(first), as_of=AS_OF)
        second = tmp_path / "second.json"
        b.ok("export", "json", str(second), as_of=AS_OF)
        assert second.read_bytes() == first.read_bytes()
        saved = json.loads(first.read_text(encoding="utf-8"))
        assert "Independent Consultant" in json.dumps(saved)


def test_my_positions_csv_row_without_a_company(kith, tmp_path: Path):
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "Positions.csv").write_text(
        "Company Name,Title,Description,Location,Started On,Finished On\n"
        "Spellwell,Engineer,,,May 2016,Dec 2019\n"
        ",Freelance Designer,,,Jan 2020,\n",
        encoding="utf-8",
    )
    out = kith.ok("import", "linkedin", str(folder), "--json", as_of=AS_OF).json()
    assert out["my_positions"] == 2
    assert _jobs(kith, "me") == [
        ("Spellwell", "Engineer", "2016-05-01", "2019-12-01"),
        (None, "Freelance Designer", "2020-01-01", None),
    ]
    again = kith.ok("import", "linkedin", str(folder), "--json", as_of=AS_OF).json()
    assert again["my_positions"] == 0


def test_two_titles_at_no_organization_make_no_colleagues(kith, tmp_path: Path):
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "Positions.csv").write_text(
        "Company Name,Title,Description,Location,Started On,Finished On\n"
        ",Independent Consultant,,,Jan 2020,\n",
        encoding="utf-8",
    )
    kith.ok("import", "linkedin", str(folder), as_of=AS_OF)
    kith.ok("import", "linkedin", _connections(tmp_path, ADA), as_of=AS_OF)
    [ada] = kith.ok("triage", "--json", as_of=AS_OF).json()
    assert (ada["title"], ada["org"]) == ("Independent Consultant", None)
    assert ada["shared_jobs"] == []  # the same title, at no organization: not colleagues
    draft = kith.ok("draft", "Ada", "--json", as_of=AS_OF).json()
    assert "worked together" not in json.dumps(draft)


def test_downgrade_drops_titles_without_organization_and_upgrade_keeps_the_rest(
    kith, db_url, tmp_path: Path
):
    acme = BOB.replace(" -,Looking for work", "Acme,Engineer")
    kith.ok("import", "linkedin", _connections(tmp_path, ADA, acme), as_of=AS_OF)
    downgrade(db_url, "0014")
    assert _jobs(kith, "Ada") == []
    assert _jobs(kith, "Bob") == [("Acme", "Engineer", None, None)]
    kith.ok("import", "linkedin", _connections(tmp_path, ADA, acme), as_of=AS_OF)
    assert _jobs(kith, "Ada") == [(None, "Independent Consultant", None, None)]
    ada = kith.ok("show", "Ada", "--json", as_of=AS_OF).json()
    assert ada["occasions"] == []  # a title an older kithkin dropped is nobody's new role


def test_the_web_shows_and_corrects_a_title_without_organization(kith, tmp_path: Path):
    from kithkin.web.app import create_app
    from webclient import BASE, Web

    kith.ok("import", "linkedin", _connections(tmp_path, ADA), as_of=AS_OF)
    cid = kith.ok("show", "Ada", "--json", as_of=AS_OF).json()["id"]
    app = create_app(kith.url)
    try:
        with Web(app, base_url=BASE, raise_server_exceptions=False) as web:
            page = web.page(f"/contacts/{cid}").text
            jobs = page.split('id="positions"')[1].split("</section>")[0]
            assert "<strong>Independent Consultant</strong> " in jobs
            assert " at " not in jobs.split("</li>")[0].split("<details")[0]
            assert "None" not in jobs
            api = web.get(f"/api/contacts/{cid}").json()
            assert api["positions"][0]["org"] is None
    finally:
        app.state.db.dispose()


def test_a_title_typed_without_an_organization_is_kept(kith):
    kith.ok("add", "Bo Chan", "--title", "Independent Consultant", as_of=AS_OF)
    bo = kith.ok("show", "Bo", "--json", as_of=AS_OF).json()
    assert (bo["org"], bo["title"]) == (None, "Independent Consultant")
    kith.ok("add", "Cy Doe", as_of=AS_OF)
    kith.ok("edit", "Cy", "--title", "Fractional CFO", as_of=AS_OF)
    assert _jobs(kith, "Cy") == [(None, "Fractional CFO", None, None)]
    # The organization learnt later is that job's: no job ends, none starts.
    kith.ok("edit", "Bo", "--org", "Acme", as_of="2026-04-01")
    assert _jobs(kith, "Bo") == [("Acme", "Independent Consultant", None, None)]
