"""Today's agenda and the health summary kept between runs are those computed afresh, always.

The memo (``core/agenda/kept.py``, ``store/memo.py``) serves an answer while the
data version, the day and the budget are those it was computed for; every
committed write raises the version. The property: after any sequence of writes
and days, the kept answer equals a fresh computation, on both backends. Then the
command line: an unchanged ``kith today`` is answered without loading the
application, and a write from another process is seen at once.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from kithkin import clock
from kithkin.core import settings as prefs
from kithkin.core.agenda import health, kept, planner
from kithkin.core.agenda.boundaries import snooze
from kithkin.core.book import interactions
from kithkin.core.book.contacts import ContactInput, add_contact
from kithkin.store import memo
from kithkin.store.db import Database, open_db
from kithkin.store.tables import Contact, InteractionContact
from test_agenda_properties import TODAY, _build, network

KITH = str(Path(sys.executable).parent / "kith")

action = st.one_of(
    st.tuples(st.just("day"), st.integers(0, 3)),
    st.tuples(st.just("log"), st.integers(0, 13), st.booleans()),
    st.tuples(st.just("snooze"), st.integers(0, 13), st.integers(1, 20)),
    st.tuples(st.just("budget"), st.integers(1, 4)),
    st.tuples(st.just("cadence"), st.sampled_from(["close", "regular"]), st.integers(5, 40)),
    st.tuples(st.just("forget"), st.integers(0, 13)),
    st.tuples(st.just("nothing")),
)


def _apply(db: Database, step: tuple[Any, ...], day: date) -> date:
    """Do one step on ``day`` (the clock's); the day after it."""
    kind = step[0]
    if kind == "day":
        return day + timedelta(days=step[1])
    if kind == "nothing":
        return day
    with db.session() as s:
        ids = list(s.query(Contact.id).filter(Contact.is_me.is_(False)).order_by(Contact.id))
        if kind == "budget":
            prefs.set_value(s, "budget", str(step[1]))
            return day
        if kind == "cadence":  # the kept floors and states are of the tiers' cadences
            prefs.set_value(s, f"cadence.{step[1]}", str(step[2]))
            return day
        if not ids:
            return day
        cid = ids[step[1] % len(ids)][0]
        if kind == "forget":  # the last interaction goes, and its links with it
            last = s.scalar(
                select(InteractionContact.interaction_id)
                .where(InteractionContact.contact_id == cid)
                .order_by(InteractionContact.interaction_id.desc())
                .limit(1)
            )
            if last is not None:
                interactions.remove(s, last)
            return day
        if kind == "log":
            interactions.log(
                s,
                interactions.InteractionInput(
                    contact_ids=[cid],
                    kind="checkin",
                    occurred_on=day,
                    direction="inbound" if step[2] else "outbound",
                    channel="email",
                ),
            )
        else:
            snooze(s.get(Contact, cid), day + timedelta(days=step[2]))
    return day


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(net=network, steps=st.lists(action, min_size=1, max_size=6))
def test_the_kept_agenda_is_the_computed_one_after_any_writes_and_days(
    fresh_url: Callable[[], str], net: dict[str, Any], steps: list[tuple[Any, ...]]
) -> None:
    db = open_db(fresh_url())
    clock.set_today(TODAY)
    try:
        with db.session() as s:
            _build(s, net)
        day = TODAY
        for step in steps:  # the clock is ``day`` while a step writes
            day = _apply(db, step, day)
            clock.set_today(day)
            with db.session() as s:
                first = kept.today_items(s)
            with db.session() as s:
                again = kept.today_items(s)  # from the memo when nothing changed
            with db.session() as s:
                fresh = planner.today_items(s)
            assert first == fresh, step
            assert again == fresh, step
            with db.session() as s:
                kept_health = kept.health_summary(s)
            with db.session() as s:
                assert kept.health_summary(s) == kept_health, step  # from the memo
                assert health.summary(s, kept.HEALTH_TOP) == kept_health, step
    finally:
        clock.set_today(None)
        db.dispose()


def test_an_unchanged_agenda_is_not_computed_again_and_a_write_recomputes_it(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock.set_today(TODAY)
    with db.session() as s:
        _build(s, {"people": [_person()], "budget": 3, "days": 2})
    with db.session() as s:
        before = kept.today_items(s)
    assert before, "the network has someone due"
    calls: list[int] = []
    real = planner.today_items
    monkeypatch.setattr(planner, "today_items", lambda s, b=None: calls.append(1) or real(s, b))
    with db.session() as s:
        assert kept.today_items(s) == before
    assert calls == []
    with db.session() as s:
        cid = before[0]["contact_id"]
        interactions.log(
            s,
            interactions.InteractionInput(
                contact_ids=[cid], kind="checkin", occurred_on=TODAY, channel="call"
            ),
        )
    with db.session() as s:
        after = kept.today_items(s)
    assert calls == [1]
    assert cid not in [it["contact_id"] for it in after]
    clock.set_today(TODAY + timedelta(days=1))  # a new day: computed again
    with db.session() as s:
        kept.today_items(s)
    assert calls == [1, 1]


def test_a_read_does_not_move_the_data_version_and_a_failed_write_does_not_either(
    db: Database,
) -> None:
    with db.session() as s:
        start = memo.current(s)
    with db.session(write=False) as s:
        s.query(Contact).all()
    with pytest.raises(RuntimeError), db.session() as s:
        add_contact(s, ContactInput(name="Rolled Back"))
        raise RuntimeError("the command failed")
    with db.session() as s:
        assert memo.current(s) == start
        add_contact(s, ContactInput(name="Kept"))
    with db.session() as s:
        assert memo.current(s) == (start or 0) + 1


def _person(**over: Any) -> dict[str, Any]:
    p = {
        "tier": "close",
        "cadence": 7,
        "dnc": False,
        "paused": False,
        "snooze": None,
        "min_interval": None,
        "colleague_until": None,
        "occasion": None,
        "history": [(-60, False, "checkin")],
    }
    return {**p, **over}


# ---- the command line, as separate processes ----------------------------------------


def _kith(path: Path, *args: str, quick_only: bool = False) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KITH_AS_OF": "2026-12-06", "COLUMNS": "100"}
    return subprocess.run(
        [KITH, "--db", str(path), *args], capture_output=True, text=True, env=env, check=True
    )


def _quick(path: Path, *args: str) -> tuple[bool, bool, str]:
    """(answered without Typer, SQLAlchemy or Typer loaded, what was printed) in a fresh
    process: from the memo when nothing changed (nothing heavy loaded), else computed."""
    code = (
        "import sys\n"
        "from kithkin.cli import quick\n"
        "done = quick.answer(sys.argv[1:])\n"
        "sys.stdout.flush()\n"
        "heavy = 'sqlalchemy' in sys.modules, 'typer' in sys.modules\n"
        "print('\\n@@', done, *heavy, file=sys.stderr)\n"
    )
    env = {**os.environ, "KITH_AS_OF": "2026-12-06"}
    run = subprocess.run(
        [sys.executable, "-c", code, "--db", str(path), *args],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    flags = run.stderr.rsplit("@@", 1)[1].split()
    return flags[0] == "True", flags[1] == "True" or flags[2] == "True", run.stdout


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("kept") / "demo.db"
    _kith(path, "demo")
    return path


def test_an_unchanged_kith_today_is_answered_without_loading_the_application(
    demo_db: Path,
) -> None:
    computed = _kith(demo_db, "today", "--json").stdout
    done, heavy, printed = _quick(demo_db, "today", "--json")
    assert done and not heavy
    assert printed == computed
    assert json.loads(printed)[0]["contact_id"]


@pytest.mark.parametrize(
    "args",
    [
        ["today"],
        ["today", "-v"],
        ["today", "--budget", "2", "--json"],
        ["today", "--budget=3"],
        ["health"],
        ["health", "--json"],
    ],
)
def test_the_kept_answer_prints_exactly_as_the_computed_one(demo_db: Path, args: list[str]) -> None:
    env = {**os.environ, "KITH_AS_OF": "2026-12-06", "COLUMNS": "100"}
    full = [sys.executable, "-c", "from kithkin.cli.app import main; main()"]
    computed = subprocess.run(
        [*full, "--db", str(demo_db), *args], capture_output=True, text=True, env=env, check=True
    ).stdout
    done, _heavy, _ = _quick(demo_db, *args)
    assert done
    assert _kith(demo_db, *args).stdout == computed


def test_a_write_from_another_process_is_seen_at_once(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    _kith(path, "demo")
    first = json.loads(_kith(path, "today", "--json").stdout)
    assert _quick(path, "today", "--json")[0]
    top = first[0]
    _kith(path, "log", str(top["contact_id"]), "--channel", "call", "--note", "spoke")
    done, heavy, printed = _quick(path, "today", "--json")
    assert done and heavy, "the kept answer is older than the write: computed again"
    after = json.loads(printed)
    assert top["contact_id"] not in [it["contact_id"] for it in after]
    assert _quick(path, "today", "--json") == (True, False, printed)  # and kept
    assert _kith(path, "today", "--json").stdout == printed


@pytest.mark.parametrize(
    "args", [["today"], ["today", "-v"], ["today", "--budget", "2", "--json"], ["health"]]
)
def test_an_answer_computed_before_the_application_loads_prints_as_the_full_command(
    tmp_path: Path, args: list[str]
) -> None:
    import shutil

    a, b = tmp_path / "a.db", tmp_path / "b.db"
    _kith(a, "demo")
    _kith(a, "log", "3", "--channel", "call")  # nothing kept is current
    shutil.copy(a, b)
    env = {**os.environ, "KITH_AS_OF": "2026-12-06", "COLUMNS": "100"}
    full = [sys.executable, "-c", "from kithkin.cli.app import main; main()"]
    computed = subprocess.run(
        [*full, "--db", str(a), *args], capture_output=True, text=True, env=env, check=True
    ).stdout
    done, heavy, printed = _quick(b, *args)
    assert done and heavy
    assert printed == computed


@pytest.mark.parametrize(
    "args",
    [
        ["today", "--help"],
        ["today", "--budget", "0"],
        ["today", "--budget", "x"],
        ["today", "--as-of", "2026-12-06"],  # a global option after the command
        ["--as-of", "06/12/2026", "today"],
        ["--db", "postgresql://nobody@127.0.0.1:1/none", "today"],
        ["today", "--json", "extra"],
        ["show", "today"],
        ["health", "--budget", "2"],
        ["health", "-v"],
    ],
)
def test_anything_the_quick_path_does_not_know_goes_the_whole_way(
    demo_db: Path, args: list[str]
) -> None:
    from kithkin.cli import quick

    if args[0] == "--db":
        assert not quick.answer(args)
    else:
        assert not quick.answer(["--db", str(demo_db), *args])


def test_another_day_is_not_answered_from_yesterdays_memo(demo_db: Path) -> None:
    _kith(demo_db, "today", "--json")
    assert _quick(demo_db, "--as-of", "2026-12-06", "today", "--json")[:2] == (True, False)
    # Computed for the day asked (SQLAlchemy loaded), not yesterday's answer.
    assert _quick(demo_db, "--as-of", "2026-12-07", "today", "--json")[:2] == (True, True)


def test_an_unchanged_kith_health_is_answered_without_loading_the_application(
    tmp_path: Path,
) -> None:
    path = tmp_path / "demo.db"
    _kith(path, "demo")
    assert _quick(path, "health", "--json")[:2] == (True, True), "nothing kept yet: computed"
    computed = _kith(path, "health", "--json").stdout
    done, heavy, printed = _quick(path, "health", "--json")
    assert done and not heavy
    assert printed == computed
    assert json.loads(printed)["contacts"] > 100
    _kith(path, "log", "1", "--channel", "call")
    assert _quick(path, "health", "--json")[:2] == (True, True), "older than the write"


@pytest.mark.parametrize("args", [["health", "--budget", "2"], ["health", "--json", "x"]])
def test_a_kith_health_it_cannot_answer_is_refused_in_one_line_with_nothing_written(
    demo_db: Path, args: list[str]
) -> None:
    from conftest import dump

    _kith(demo_db, "health", "--json")  # a kept answer the quick path must not use here
    before = dump(f"sqlite:///{demo_db}")
    env = {**os.environ, "KITH_AS_OF": "2026-12-06"}
    run = subprocess.run(
        [KITH, "--db", str(demo_db), *args], capture_output=True, text=True, env=env
    )
    assert run.returncode == 2
    assert len([ln for ln in run.stderr.splitlines() if ln.strip()]) == 1, run.stderr
    assert run.stdout == ""
    assert dump(f"sqlite:///{demo_db}") == before
