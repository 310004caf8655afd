"""Guards against the usual first-week mistakes: a person typed in twice, an ambiguous
name, a date in the future, a --db in a folder that does not exist; and shell
completion of what is typed most (contact names, channels, kinds, occasions)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from conftest import dump
from kithkin.cli.app import full_app
from webclient import Web


def test_adding_a_name_twice_shows_the_person_already_there(kith, db_url):  # type: ignore[no-untyped-def]
    first = kith.ok("add", "Ann Lee", "--org", "Acme", "--email", "ann@acme.example")
    before = dump(db_url)
    err = kith.bad("add", "ann lee").stderr
    assert f"#{first.stdout.strip()} Ann Lee (Acme, ann@acme.example)" in err
    assert "--force" in err
    assert dump(db_url) == before
    again = kith.ok("add", "Ann Lee", "--force", "--json").json()
    assert again["name"] == "Ann Lee" and str(again["id"]) != first.stdout.strip()


def test_an_ambiguous_name_lists_a_few_candidates_and_the_true_count(kith):  # type: ignore[no-untyped-def]
    kith.ok("add", "Ann Lee", "--org", "Acme", "--email", "ann@acme.example")
    kith.ok("add", "Ann Lee", "--force")
    err = kith.bad("show", "ann").stderr
    assert err == (
        "error: 'ann' matches 2 contacts: #1 Ann Lee (Acme, ann@acme.example); #2 Ann Lee"
        "; narrow it with more of the name, an email or an id\n"
    )
    for n in range(40):
        kith.ok("add", f"Annie {n:02d}", "--org", f"Org {n}", "--email", f"annie{n}@example.com")
    # A big network: a readable line, not 42 names (the same for every command).
    for command in (("show", "ann"), ("log", "ann"), ("tie", "ann", "mentor")):
        err = kith.bad(*command).stderr
        assert err.count("\n") == 1 and len(err) < 400, err
        assert err.startswith(
            "error: 'ann' matches 42 contacts: #1 Ann Lee (Acme, ann@acme.example)"
        )
        assert "#3 Annie 00 (Org 0, annie0@example.com)" in err
        assert err.endswith(" and 37 more: narrow it with more of the name, an email or an id\n")
    # One more than a few is listed rather than counted.
    err = kith.bad("show", "annie 0").stderr
    assert "matches 10 contacts" in err and "and 5 more" in err
    kith.ok("add", "Bo One")
    for n in range(5):
        kith.ok("add", f"Bo {n}x")
    err = kith.bad("show", "bo").stderr
    assert "matches 6 contacts" in err and "#43 Bo One; narrow it" in err and " more:" not in err


def test_a_future_date_is_refused_unless_planned(kith, db_url):  # type: ignore[no-untyped-def]
    kith.ok("add", "Ann Lee", "--tier", "close", as_of="2025-01-01")
    iid = kith.ok("log", "Ann", "--date", "2025-01-01", "--json", as_of="2025-01-01").json()["id"]
    before = dump(db_url)
    err = kith.bad("log", "Ann", "--date", "2025-03-01", as_of="2025-02-01").stderr
    assert "2025-03-01 is in the future" in err and "--planned" in err
    kith.bad("log", "Ann", "--date", "tomorrow", as_of="2025-02-01")
    kith.bad("log", "edit", str(iid), "--date", "2025-03-01", as_of="2025-02-01")
    assert dump(db_url) == before
    kith.ok("log", "Ann", "--date", "2025-03-01", "--planned", "--channel", "meeting")
    # A planned meeting counts from its day on, not before.
    shown = kith.ok("show", "Ann", "--json", as_of="2025-02-15").json()["health"]
    assert shown["last_conversation"] == "2025-01-01"
    shown = kith.ok("show", "Ann", "--json", as_of="2025-03-02").json()["health"]
    assert shown["last_conversation"] == "2025-03-01"


def test_db_in_a_missing_folder_is_an_error_not_a_new_database(tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "kith.db"
    run = CliRunner().invoke(full_app(), ["--db", str(target), "add", "Ann Lee"])
    assert run.exit_code == 2 and "does not exist" in run.stderr
    assert not target.parent.exists()


def _complete(db_url: str, line: str) -> list[str]:
    words = line.split(" ")
    run = CliRunner().invoke(
        full_app(),
        [],
        prog_name="kith",
        env={
            "_KITH_COMPLETE": "complete_bash",
            "COMP_WORDS": line,
            "COMP_CWORD": str(len(words) - 1),
            "KITH_DB": db_url,
        },
    )
    return run.stdout.split()


def test_shell_completion(kith, db_url):  # type: ignore[no-untyped-def]
    kith.ok("add", "Ann Lee")
    kith.ok("add", "Bob Leeson")
    kith.ok("add", "Carl Smith")
    assert _complete(db_url, "kith log An") == ["Ann", "Lee"]  # one name, split by the shell
    assert "Bob" in _complete(db_url, "kith show lee")  # a word of the name
    assert _complete(db_url, "kith log Ann --channel vi") == ["video"]
    assert _complete(db_url, "kith log Ann --kind referr") == ["referral_ask"]
    assert _complete(db_url, "kith occasion add Ann --kind pro") == ["promotion"]
    assert _complete(db_url, "kith draft Ann --occasion bi") == ["birthday"]
    assert _complete(db_url, "kith tie Ann men") == ["mentor", "mentee"]


def test_completion_never_creates_a_database(tmp_path: Path) -> None:
    target = tmp_path / "none.db"
    assert _complete(f"sqlite:///{target}", "kith log An") == []
    assert not target.exists()


def test_the_web_and_the_api_guard_names_too(web: Web, kith) -> None:  # type: ignore[no-untyped-def]
    kith.ok("add", "Ann Lee", "--org", "Acme")
    page = web.form("/contacts", {"name": "Ann Lee"})
    assert page.status_code == 409 and "already in your network" in page.text
    assert 'name="force"' in page.text and "kith add" not in page.text
    assert web.form("/contacts", {"name": "Ann Lee", "force": "1"}).status_code == 303
    h = {"x-csrf-token": web.token()}
    assert web.post("/api/contacts", json={"name": "ann lee"}, headers=h).status_code == 409
    made = web.post("/api/contacts", json={"name": "Ann Lee", "force": True}, headers=h)
    assert made.status_code == 201
