"""The links of an interaction carry copies of its date, direction, nature and lightness.

The agenda reads only those copies (``core/history.py``), so every way an
interaction is written must fill them right: ``kith log``, the demo's bulk path,
mail and calendar imports, LinkedIn messages, merges and a restore. Backups leave
them out.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import create_engine, text

from conftest import Kith, dump
from importing_support import LOCAL
from kithkin.core.vocabulary import LIGHT_KINDS
from kithkin.store.db import open_db

AS_OF = "2026-03-01"
MISMATCHES = """
SELECT count(*) FROM interaction_contacts ic JOIN interactions i ON i.id = ic.interaction_id
WHERE ic.occurred_on != i.occurred_on OR ic.direction != i.direction
   OR ic.nature != i.nature OR ic.light != (i.kind IN ({light}))
   OR ic.channel != i.channel
"""


def _counts(url: str) -> tuple[int, int]:
    engine = create_engine(url)
    light = ", ".join(f"'{k}'" for k in sorted(LIGHT_KINDS))
    with engine.connect() as conn:
        bad = conn.execute(text(MISMATCHES.format(light=light))).scalar_one()
        links = conn.execute(text("SELECT count(*) FROM interaction_contacts")).scalar_one()
    engine.dispose()
    return bad, links


def test_every_writer_fills_the_copies(kith, tmp_path: Path):
    kith.ok("demo", as_of=AS_OF)  # the bulk path
    kith.ok("add", "Alice Known", "--email", "alice@example.com", as_of=AS_OF)
    kith.ok("add", "Alice K.", "--email", "alice.k@example.com", as_of=AS_OF)
    kith.ok("log", "Alice Known", "--kind", "like", "--channel", "social", as_of=AS_OF)
    kith.ok("log", "Alice K.", "--kind", "advice_ask", "--inbound", as_of=AS_OF)
    mbox = LOCAL / "gmail_takeout_duplicates_and_from_line_dates.mbox"
    kith.ok("import", "mbox", str(mbox), "--me", "me@example.org", as_of=AS_OF)
    ics = LOCAL / "calendar_past_future_cancelled_meetings.ics"
    kith.ok("import", "ics", str(ics), "--me", "me@example.org", as_of=AS_OF)
    a = kith.ok("show", "Alice Known", "--json").json()["id"]
    b = kith.ok("show", "Alice K.", "--json").json()["id"]
    kith.ok("merge", str(a), str(b), as_of=AS_OF)
    bad, links = _counts(kith.url)
    assert links > 1000 and bad == 0

    backup = tmp_path / "backup.json"
    kith.ok("export", "json", str(backup))
    doc = json.loads(backup.read_text())
    assert set(doc["tables"]["interaction_contacts"][0]) == {"interaction_id", "contact_id"}


def test_restore_fills_the_copies(kith, tmp_path: Path):
    kith.ok("demo", as_of=AS_OF)
    backup = tmp_path / "backup.json"
    kith.ok("export", "json", str(backup))
    fresh = Kith(f"sqlite:///{tmp_path / 'restored.db'}")
    fresh.ok("restore", str(backup))
    bad, links = _counts(fresh.url)
    assert bad == 0 and links == _counts(kith.url)[1]
    # The agenda reads the copies: the restored network plans the same morning.
    assert (
        fresh.ok("today", "--json", as_of=AS_OF).json()
        == kith.ok("today", "--json", as_of=AS_OF).json()
    )


def test_a_backup_of_the_first_schema_still_restores(kith, tmp_path: Path):
    kith.ok("demo", as_of=AS_OF)
    backup = tmp_path / "backup.json"
    kith.ok("export", "json", str(backup))
    doc = json.loads(backup.read_text())
    doc["schema"] = "0001"  # the columns a 0001 backup holds are the same
    backup.write_text(json.dumps(doc))
    fresh = Kith(f"sqlite:///{tmp_path / 'restored.db'}")
    fresh.ok("restore", str(backup))
    assert _counts(fresh.url)[0] == 0


def test_a_link_to_a_missing_interaction_is_refused(kith, tmp_path: Path):
    kith.ok("demo", as_of=AS_OF)
    backup = tmp_path / "backup.json"
    kith.ok("export", "json", str(backup))
    doc = json.loads(backup.read_text())
    doc["tables"]["interaction_contacts"][0]["interaction_id"] = 10**9
    backup.write_text(json.dumps(doc))
    fresh = Kith(f"sqlite:///{tmp_path / 'restored.db'}")
    open_db(fresh.url).dispose()
    before = dump(fresh.url)
    err = fresh.bad("restore", str(backup))
    assert "interaction_contacts, row 1: no interaction 1000000000" in err.stderr
    assert dump(fresh.url) == before
