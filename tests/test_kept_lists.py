"""The kept long lists (``kith list``, ``kith who ORG``, ``kith dupes``) are those computed
afresh, always, and an unchanged one prints exactly as the command computes it.

``core/keptlists.py`` keeps each answer with the data version and day it was computed
from; every committed write raises the version. The property: after any sequence of
writes and days, each kept answer (and the one served from the memo the next time)
equals a fresh computation, on both backends. Then whole processes: a write by another
process is seen at once, and the quick path (``cli/quicklists.py``) prints the very
bytes of the full command without loading SQLAlchemy or Typer.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import QUICK_ENV as ENV
from conftest import quick_process as _quick
from conftest import write_lock_held
from kithkin import clock
from kithkin.core import keptlists
from kithkin.core.book import contacts, interactions, jobs, listing
from kithkin.core.book.contacts import ContactInput, add_contact
from kithkin.core.career import who as who_rules
from kithkin.core.exchange import merging
from kithkin.store.db import Database, open_db
from kithkin.store.tables import Contact, Memo

KITH = str(Path(sys.executable).parent / "kith")
TODAY = date(2026, 3, 1)
NAMES = ["Ann Lee", "Anne Lee", "Bo Chan", "Bo Chan", "Cy Diaz", "Dee Diaz"]
ORGS = ["Acme", "Globex", "Initech"]
ASKED = ["acme inc.", "Globex", "Nowhere"]  # kith who of each, as typed

position = st.tuples(
    st.integers(0, 2), st.integers(-900, -10), st.one_of(st.none(), st.integers(-300, 30))
)
person = st.fixed_dictionaries(
    {
        "name": st.integers(0, len(NAMES) - 1),
        "positions": st.lists(position, max_size=2),
        "touches": st.lists(st.integers(-400, 0), max_size=3),
    }
)
action = st.one_of(
    st.tuples(st.just("day"), st.integers(0, 40)),
    st.tuples(st.just("add"), person),
    st.tuples(st.just("log"), st.integers(0, 20), st.integers(-30, 0)),
    st.tuples(st.just("job"), st.integers(0, 20), st.integers(0, 2)),
    st.tuples(st.just("rename"), st.integers(0, 20), st.integers(0, len(NAMES) - 1)),
    st.tuples(st.just("remove"), st.integers(0, 20)),
    st.tuples(st.just("distinct"), st.integers(0, 20), st.integers(0, 20)),
    st.tuples(st.just("nothing")),
)


def _add(s: Any, p: dict[str, Any], day: date) -> None:
    c = add_contact(s, ContactInput(name=NAMES[p["name"]], emails=[]))
    for org, start, end in p["positions"]:
        jobs.add_position(
            s,
            c,
            ORGS[org],
            f"Title {org}",
            day + timedelta(days=start),
            None if end is None else day + timedelta(days=max(end, start)),
        )
    for back in p["touches"]:
        interactions.log(
            s,
            interactions.InteractionInput(
                contact_ids=[c.id], occurred_on=day + timedelta(days=back)
            ),
        )


def _apply(db: Database, step: tuple[Any, ...], day: date) -> date:
    """Do one step on ``day`` (the clock's); the day after it."""
    kind = step[0]
    if kind == "day":
        return day + timedelta(days=step[1])
    if kind == "nothing":
        return day
    with db.session() as s:
        if kind == "add":
            _add(s, step[1], day)
            return day
        people = list(s.query(Contact).filter(Contact.is_me.is_(False)).order_by(Contact.id))
        if not people:
            return day
        c = people[step[1] % len(people)]
        if kind == "log":
            when = day + timedelta(days=step[2])
            interactions.log(s, interactions.InteractionInput(contact_ids=[c.id], occurred_on=when))
        elif kind == "job":
            jobs.set_current_position(s, c, ORGS[step[2]], "New title")
        elif kind == "rename":
            contacts.edit_contact(s, c, ContactInput(name=NAMES[step[2]]))
        elif kind == "remove":
            contacts.remove(s, c)
        else:
            other = people[step[2] % len(people)]
            if other.id != c.id:
                merging.distinct(s, c, other)
    return day


def _fresh(s: Any) -> dict[str, Any]:
    whole = listing.page(s, listing.Filters())
    return {
        "list": whole.rows,
        "page": listing.page(s, listing.Filters(), 2, 1),
        "who": {org: who_rules.who(s, org) for org in ASKED},
        "dupes": merging.dupe_records(s),
    }


def _kept(s: Any) -> dict[str, Any]:
    return {
        "list": keptlists.contact_list(s),
        "page": keptlists.list_page(s, listing.Filters(), 2, 1),
        "who": {org: keptlists.who(s, org) for org in ASKED},
        "dupes": keptlists.dupes(s),
    }


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    people=st.lists(person, min_size=1, max_size=8), steps=st.lists(action, min_size=1, max_size=6)
)
def test_the_kept_lists_are_the_computed_ones_after_any_writes_and_days(
    fresh_url: Callable[[], str], people: list[dict[str, Any]], steps: list[tuple[Any, ...]]
) -> None:
    db = open_db(fresh_url())
    clock.set_today(TODAY)
    try:
        with db.session() as s:
            jobs.add_position(s, contacts.me(s), "Acme", "Me", TODAY - timedelta(days=800), None)
            for p in people:
                _add(s, p, TODAY)
        day = TODAY
        for step in steps:
            day = _apply(db, step, day)
            clock.set_today(day)
            with db.session(write=False) as s:  # as the read-only commands run
                first = _kept(s)
            with db.session(write=False) as s:
                again = _kept(s)  # from the memo when nothing changed
            with db.session(write=False) as s:
                fresh = _fresh(s)
            assert first == fresh, step
            assert again == fresh, step
    finally:
        clock.set_today(None)
        db.dispose()


def test_an_unchanged_list_is_not_computed_again_and_a_write_or_a_day_recomputes_it(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock.set_today(TODAY)
    try:
        with db.session() as s:
            _add(s, {"name": 0, "positions": [(0, -100, None)], "touches": [-5]}, TODAY)
        calls: list[str] = []
        real_who, real_page = who_rules.who, listing.page
        monkeypatch.setattr(who_rules, "who", lambda s, o: calls.append("who") or real_who(s, o))
        monkeypatch.setattr(
            listing, "page", lambda s, f, *a: calls.append("list") or real_page(s, f, *a)
        )
        for _ in range(2):
            with db.session(write=False) as s:
                assert [r["name"] for r in keptlists.who(s, "Acme")] == ["Ann Lee"]
                assert len(keptlists.contact_list(s)) == 1
        assert calls == ["who", "list"]
        with db.session(write=False) as s:  # a page is cut from the kept list
            assert keptlists.list_page(s, listing.Filters(), 1, 0).rows[0]["name"] == "Ann Lee"
        assert calls == ["who", "list"]
        with db.session() as s:
            add_contact(s, ContactInput(name="Bo Chan", org="Acme"))
        with db.session(write=False) as s:
            assert len(keptlists.who(s, "Acme")) == 2
        clock.set_today(TODAY + timedelta(days=1))
        with db.session(write=False) as s:
            keptlists.who(s, "Acme")
        assert calls == ["who", "list", "who", "who"]
        with db.session(write=False) as s:
            kinds = s.query(Memo.kind, Memo.params).filter(Memo.kind == keptlists.WHO_KIND).all()
        assert kinds == [("who", 'org="Acme"')], "yesterday's and older versions' answers go"
    finally:
        clock.set_today(None)


def test_keeping_never_makes_a_read_wait_for_or_fail_on_another_writer(tmp_path: Path) -> None:
    db = open_db(f"sqlite:///{tmp_path / 'k.db'}")
    with db.session() as s:
        add_contact(s, ContactInput(name="Ann Lee", org="Acme"))
    with write_lock_held(tmp_path / "k.db"):  # an import holding the write lock
        started = time.monotonic()
        with db.session(write=False) as s:
            assert [r["name"] for r in keptlists.who(s, "Acme")] == ["Ann Lee"]
            assert len(keptlists.contact_list(s)) == 1
        assert time.monotonic() - started < 2, "it waited for the lock"
    with db.session(write=False) as s:
        assert s.query(Memo).count() == 0, "nothing kept while another wrote"
        keptlists.who(s, "Acme")
    with db.session(write=False) as s:
        assert s.query(Memo).count() == 1, "kept once the lock was free"
    db.dispose()


def test_a_write_by_another_process_is_seen_by_the_next_kept_answer(db_url: str) -> None:
    """On both backends: what a ``kith`` process writes, the kept answers reflect at once."""
    db = open_db(db_url)
    env = {k: v for k, v in os.environ.items() if k != "KITH_AS_OF"}
    try:
        with db.session() as s:
            add_contact(s, ContactInput(name="Ann Lee", org="Acme"))
        with db.session(write=False) as s:
            before = (keptlists.contact_list(s), keptlists.who(s, "Acme"), keptlists.dupes(s))
        assert before[2] == []
        subprocess.run(
            [KITH, "--db", db_url, "add", "Anne Lee", "--org", "Acme", "--force"],
            check=True, capture_output=True, env=env,
        )  # fmt: skip
        with db.session(write=False) as s:
            kept = (keptlists.contact_list(s), keptlists.who(s, "Acme"), keptlists.dupes(s))
        with db.session(write=False) as s:
            fresh = (listing.page(s, listing.Filters()).rows, who_rules.who(s, "Acme"))
            fresh += (merging.dupe_records(s),)
        assert kept == fresh
        assert len(kept[0]) == 2 and len(kept[1]) == 2 and len(kept[2]) == 1
    finally:
        db.dispose()


# ---- the console script, as separate processes (SQLite: the quick path reads it) ---------


def _run(path: Path, *args: str, quick: bool = True) -> str:
    env = {**os.environ, **ENV}
    argv = [KITH] if quick else [sys.executable, "-c", "from kithkin.cli.app import main; main()"]
    return subprocess.run(
        [*argv, "--db", str(path), *args], capture_output=True, text=True, env=env, check=True
    ).stdout


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("kept-lists") / "demo.db"
    _run(path, "demo")
    _run(path, "add", "Jamal Hansen", "--org", "Stark Industries", "--force")  # a pair for dupes
    return path


CASES = [
    ["list"],
    ["list", "--json"],
    ["list", "--limit", "3"],
    ["list", "--limit=5", "--offset=2", "--json"],
    ["list", "--offset", "140"],
    ["list", "--offset", "100000"],
    ["who", "Stark Industries"],
    ["who", "stark", "--json"],
    ["who", "--json", "pied piper"],
    ["dupes"],
    ["dupes", "--json"],
]


@pytest.mark.parametrize("args", CASES)
def test_the_kept_answer_prints_exactly_as_the_computed_one(demo_db: Path, args: list[str]) -> None:
    computed = _run(demo_db, *args, quick=False)  # the full command (it keeps its answer)
    done, heavy, printed = _quick(demo_db, *args)
    assert done and not heavy, "answered from the memo, without the application"
    assert printed == computed
    assert _run(demo_db, *args) == computed  # the console script, start to end
    assert _run(demo_db, *args, quick=False) == computed  # the full command, from the memo
    assert computed.strip() not in ("", "[]"), "the case shows something"


def test_a_write_from_another_process_is_seen_at_once(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    _run(path, "demo")
    for args in (["list", "--json"], ["who", "Stark Industries"], ["dupes", "--json"]):
        _run(path, *args)
        assert _quick(path, *args)[0]
    _run(path, "add", "Jamal Hansen", "--org", "Stark Industries", "--force")
    for args in (["list", "--json"], ["who", "Stark Industries"], ["dupes", "--json"]):
        assert not _quick(path, *args)[0], "the kept answer is older than the write"
    rows = json.loads(_run(path, "list", "--json"))
    assert [r["name"] for r in rows].count("Jamal Hansen") == 2
    assert "Jamal Hansen" in _run(path, "who", "Stark Industries")
    assert json.loads(_run(path, "dupes", "--json"))[0]["a"]["name"] == "Jamal Hansen"


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--tag", "x"],
        ["list", "--limit", "0"],
        ["list", "--limit", "07"],
        ["list", "--offset", "-1"],
        ["list", "--json", "--json"],
        ["list", "--help"],
        ["list", "extra"],
        ["who"],
        ["who", "--json"],
        ["who", "Acme", "Globex"],
        ["who", "Acme", "--help"],
        ["who", "-x"],
        ["dupes", "--limit", "3"],
        ["dupes", "x"],
        ["list", "--as-of", "2026-12-06"],
    ],
)
def test_anything_the_quick_path_does_not_know_goes_the_whole_way(
    demo_db: Path, args: list[str]
) -> None:
    from kithkin.cli import quick

    _run(demo_db, "list")
    _run(demo_db, "who", "Acme")
    _run(demo_db, "dupes")
    assert not quick.answer(["--db", str(demo_db), *args])


def test_another_day_is_not_answered_from_yesterdays_list(demo_db: Path) -> None:
    from kithkin.cli import quick

    _run(demo_db, "list", "--json")
    assert quick.answer(["--db", str(demo_db), "--as-of", "2026-12-06", "list", "--json"])
    assert not quick.answer(["--db", str(demo_db), "--as-of", "2026-12-07", "list", "--json"])


TRICKY = [
    {"id": 1, "name": 'Zoë "Z" \\ O\'Neil,\n  }\u2028', "emails": [], "org": None},
    {"id": 2, "name": ",\n  ", "score": 1.5, "ok": True, "nested": [{"a": [1, 2, None]}]},
    [",\n]"],
    "plain",
]


@pytest.mark.parametrize("n", [0, 1, 3, 501, 1201])
def test_a_kept_list_is_one_item_a_line_and_prints_as_print_json_does(
    n: int, capsys: pytest.CaptureFixture[str]
) -> None:
    from kithkin import jsontext
    from kithkin.cli import jsonout

    items = [TRICKY[k % len(TRICKY)] for k in range(n)]
    text = jsontext.dumps(items)
    assert json.loads(text) == items
    lines = jsontext.split(text)
    assert lines is not None and [json.loads(line) for line in lines] == items
    jsonout.print_json(items)
    computed = capsys.readouterr().out
    jsonout.print_items(lines)
    assert capsys.readouterr().out == computed
    assert jsontext.split(json.dumps(items)) is None or not items, "only its own text is split"


def test_a_piped_table_flattens_only_the_cells_that_need_it() -> None:
    import io

    from kithkin.cli import tableout
    from kithkin.cli.output import KithConsole

    out = io.StringIO()
    rows = [["1", "Ann\tLee", "a\nb\rc"], ["2", "Bo Chan", ""]] * 1500  # past one chunk
    tableout.print_rows(KithConsole(file=out), "3,000 rows", ("id", "name", "note"), rows)
    lines = out.getvalue().split("\n")
    assert lines[:4] == ["3,000 rows", "id\tname\tnote", "1\tAnn Lee\ta b c", "2\tBo Chan\t"]
    assert len(lines) == 2 + 3000 + 1
