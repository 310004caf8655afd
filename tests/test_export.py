"""kith export vcard|csv|json and kith restore: out and back in, identical."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Kith, _truncate, dump
from importing_support import shared
from kithkin.core.book.contacts import ContactInput, add_contact
from kithkin.core.exchange import backup
from kithkin.formats import json_backup, vcard
from kithkin.store.db import open_db

AS_OF = "2026-03-01"


def _populate(kith: Kith) -> None:
    kith.ok("import", "vcard", str(shared("vcard")), as_of=AS_OF)
    kith.ok("import", "linkedin", str(shared("linkedin", "Connections_2024_shape.csv")),
            as_of=AS_OF)  # fmt: skip
    kith.ok("add", "Zoë D'Àrc", "--email", "zoe@example.org", "--org", "Acme, Inc.",
            "--title", "CTO", "--tag", "mentor", "--note", "line one\nline; two, three",
            as_of=AS_OF)  # fmt: skip
    kith.ok("job", "add", "me", "--org", "Acme", "--start", "2020-01-01", as_of=AS_OF)
    kith.ok(
        "log",
        "Zoë",
        "Alex Example",
        "--kind",
        "shared_lead",
        "--date",
        "2026-02-01",
        "--time",
        "09:30",
        "--topic",
        "hiring",
        "--note",
        "sent the role",
        as_of=AS_OF,
    )
    kith.ok("detail", "Zoë", "hobby", "climbing", as_of=AS_OF)
    kith.ok("tie", "Zoë", "mentor", as_of=AS_OF)


def _fresh_url(kith: Kith, tmp_path: Path) -> str:
    if kith.url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'restored.db'}"
        open_db(url).dispose()
        return url
    _truncate(kith.url)
    return kith.url


def test_export_restore_export_is_identical(kith, tmp_path: Path):
    _populate(kith)
    first = tmp_path / "a.json"
    kith.ok("export", "json", str(first))
    doc = json.loads(first.read_text())
    assert doc["format"] == "kithkin-backup" and doc["version"] == 1
    assert len(doc["tables"]["contacts"]) > 20 and doc["tables"]["interactions"]
    again = Kith(_fresh_url(kith, tmp_path))
    out = again.ok("restore", str(first), "--json").json()
    assert out["rows"]["contacts"] == len(doc["tables"]["contacts"])
    second = tmp_path / "b.json"
    again.ok("export", "json", str(second))
    assert first.read_bytes() == second.read_bytes()
    # The restored database works: search, show, and new rows get fresh ids.
    assert again.ok("search", "climbing", "--json").json()
    new_id = again.ok("add", "Someone New", "--json").json()
    assert isinstance(new_id, int | dict)


def test_restore_refuses_a_non_empty_database(kith, tmp_path: Path):
    kith.ok("add", "Ada Lovelace")
    path = tmp_path / "a.json"
    kith.ok("export", "json", str(path))
    before = dump(kith.url)
    run = kith.bad("restore", str(path))
    assert "not empty" in run.stderr
    assert dump(kith.url) == before


def test_restore_refuses_bad_files(kith, tmp_path: Path):
    kith.ok("list")
    before = dump(kith.url)
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "kithkin-backup",\n "version": 1,\n oops}')
    assert "line 3" in kith.bad("restore", str(broken)).stderr
    other = tmp_path / "other.json"
    other.write_text('{"hello": 1}')
    assert "not a kithkin backup" in kith.bad("restore", str(other)).stderr
    future = tmp_path / "future.json"
    future.write_text('{"format": "kithkin-backup", "version": 1, "schema": "9999",'
                      ' "tables": {}}')  # fmt: skip
    assert "schema" in kith.bad("restore", str(future)).stderr
    assert dump(kith.url) == before


def test_vcard_export_is_40_with_uids_and_reimports_unchanged(kith, tmp_path: Path):
    _populate(kith)
    kith.ok("edit", "Zoë", "--email", "zoe2@example.org", as_of=AS_OF)
    out = tmp_path / "cards"
    written = kith.ok("export", "vcard", str(out), "--json").json()["written"]
    files = sorted(out.glob("*.vcf"))
    assert len(files) == written > 20
    uids = set()
    for f in files:
        text = f.read_bytes().decode()
        assert text.startswith("BEGIN:VCARD\r\nVERSION:4.0\r\n")
        assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
        [rec] = vcard.parse(f.read_bytes(), f.name).people
        assert rec.uid
        uids.add(rec.uid)
    assert len(uids) == len(files)
    [rfc] = [f for f in files if "simon" in f.name]
    assert "BDAY:--0203\r\n" in rfc.read_bytes().decode()
    [zoe] = vcard.parse(next(out.glob("*zoe*")).read_bytes(), "zoe").people
    assert zoe.notes == "line one\nline; two, three"
    assert zoe.categories == ["mentor"] and zoe.org == "Acme, Inc."
    before = dump(kith.url)
    again = kith.ok("import", "vcard", str(out), "--json", as_of=AS_OF).json()
    assert again["contacts"]["new"] == 0
    assert dump(kith.url) == before


def test_csv_export_neutralises_formulas(kith, tmp_path: Path):
    kith.ok("add", "=HYPERLINK(\"http://evil\")", "--note", "@SUM(A1)", "--phone",
            "+1 202 555 0101")  # fmt: skip
    kith.ok("add", "Plain Person", "--note", "-2 points\tand a tab")
    path = tmp_path / "out.csv"
    kith.ok("export", "csv", str(path))
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    evil = next(r for r in rows if "HYPERLINK" in r["name"])
    assert evil["name"].startswith("'=")
    assert evil["notes"] == "'@SUM(A1)"
    assert evil["phones"] == "'+12025550101"
    plain = next(r for r in rows if r["name"] == "Plain Person")
    assert plain["notes"].startswith("'-2")


def test_export_to_an_unwritable_place(kith, tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    kith.bad("export", "vcard", str(blocker))


# ---- property: any contact survives backup and restore, and vCard out and back in ------

names = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40
).filter(lambda t: t.strip())
notes = st.one_of(st.none(), st.text(alphabet=st.characters(blacklist_categories=("Cs",)),
                                     max_size=200))  # fmt: skip


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(people=st.lists(st.tuples(names, notes), min_size=1, max_size=4))
def test_backup_round_trip_property(db_url, tmp_path_factory, people):
    src = open_db(f"sqlite:///{tmp_path_factory.mktemp('src') / 'a.db'}")
    with src.session() as s:
        for name, note in people:
            add_contact(s, ContactInput(name=name, note=note))
        first = json_backup.dumps(backup.export(s))
    dst = open_db(f"sqlite:///{tmp_path_factory.mktemp('dst') / 'b.db'}")
    with dst.session() as s:
        backup.restore(s, json_backup.loads(first, "a.json"))
    with dst.session() as s:
        assert json_backup.dumps(backup.export(s)) == first
    src.dispose()
    dst.dispose()


@given(name=names, note=notes)
@settings(max_examples=60, deadline=None)
def test_vcard_text_round_trip_property(name, note):
    from kithkin.formats import vcard_out

    clean = " ".join(name.split())
    text = vcard_out.card({"uid": "u-1", "name": clean, "notes": note})
    [rec] = vcard.parse(text.encode(), "x.vcf").people
    assert rec.display_name == clean
    expected = (note or "").replace("\r\n", "\n").replace("\r", "\n").strip() or None
    assert rec.notes == expected
