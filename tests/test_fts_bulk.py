"""A bulk insert indexes its rows for search exactly as the per-row triggers would."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import text

from kithkin.store import fts
from kithkin.store.bulkio import insert_rows, reserve_ids
from kithkin.store.db import open_db
from kithkin.store.tables import Contact, Position

N = fts.BULK_MIN + 50


def _contacts(ids: list[int]) -> list[dict[str, Any]]:
    rows = []
    for n, cid in enumerate(ids):
        rows.append(
            {
                "id": cid,
                "display_name": f"Ada Lovelace {n}",
                "nickname": "Countess" if n % 3 == 0 else None,
                "location": "London" if n % 4 == 0 else None,
                "how_met": "a salon" if n % 5 == 0 else None,
                "notes": "Analytical engine" if n % 2 == 0 else None,
                "tier": "none",
                "is_me": False,
                "source": "linkedin",
                "created_on": date(2026, 12, 6),
            }
        )
    return rows


def _index(url: str, bulk: bool) -> list[tuple[Any, ...]]:
    database = open_db(url)
    try:
        with database.session() as s:
            table = Contact.__table__
            ids = reserve_ids(s, table, N)  # type: ignore[arg-type]
            rows = _contacts(ids)
            if bulk:
                fts.insert_contacts(s, lambda: insert_rows(s, table, rows), ids)  # type: ignore[arg-type]
            else:
                for row in rows:
                    insert_rows(s, table, [row])  # type: ignore[arg-type]
        with database.session() as s:
            trigger = s.execute(
                text("SELECT count(*) FROM sqlite_master WHERE name = 'contacts_fts_ai'")
            ).scalar()
            assert trigger == 1  # made again as it was
            return [
                tuple(r)
                for r in s.execute(
                    text("SELECT rowid, body, kind, ref_id FROM search_fts ORDER BY rowid")
                )
            ]
    finally:
        database.dispose()


def test_bulk_contacts_are_indexed_as_the_trigger_would(
    tmp_path: Path, _sqlite_template: Path
) -> None:
    urls = []
    for name in ("one", "bulk"):
        target = tmp_path / f"{name}.db"
        target.write_bytes(_sqlite_template.read_bytes())
        urls.append(f"sqlite:///{target}")
    by_trigger = _index(urls[0], bulk=False)
    assert len(by_trigger) == N
    assert _index(urls[1], bulk=True) == by_trigger


def _positions_index(url: str, bulk: bool) -> list[tuple[Any, ...]]:
    database = open_db(url)
    try:
        with database.session() as s:
            ids = reserve_ids(s, Contact.__table__, 2)  # type: ignore[arg-type]
            insert_rows(s, Contact.__table__, _contacts(ids))  # type: ignore[arg-type]
            orgs = "(1, 'Pied Piper', 'pied piper'), (2, 'Ørsted', 'orsted')"
            s.execute(text(f"INSERT INTO organizations (id, name, norm_name) VALUES {orgs}"))
            rows = [
                {
                    "contact_id": ids[n % 2],
                    "org_id": (None, 1, 2)[n % 3],
                    "title": None if n % 3 == 1 and n % 2 else f"Manager {n}",
                    "source": "linkedin",
                }
                for n in range(N)
            ]
            table = Position.__table__
            if bulk:
                fts.insert_positions(s, lambda: insert_rows(s, table, rows), len(rows))  # type: ignore[arg-type]
            else:
                for row in rows:
                    insert_rows(s, table, [row])  # type: ignore[arg-type]
        with database.session() as s:
            trigger = s.execute(
                text("SELECT count(*) FROM sqlite_master WHERE name = 'positions_fts_ai'")
            ).scalar()
            assert trigger == 1  # made again as it was
            return [
                tuple(r)
                for r in s.execute(
                    text(
                        "SELECT rowid, body, letters, kind, ref_id FROM search_fts"
                        " WHERE kind = 'position' ORDER BY rowid"
                    )
                )
            ]
    finally:
        database.dispose()


def test_bulk_positions_are_indexed_as_the_trigger_would(
    tmp_path: Path, _sqlite_template: Path
) -> None:
    urls = []
    for name in ("one", "bulk"):
        target = tmp_path / f"p{name}.db"
        target.write_bytes(_sqlite_template.read_bytes())
        urls.append(f"sqlite:///{target}")
    by_trigger = _positions_index(urls[0], bulk=False)
    assert len(by_trigger) == N
    assert ("Manager 2 at Ørsted", "Manager 2 at orsted") in [r[1:3] for r in by_trigger]
    assert _positions_index(urls[1], bulk=True) == by_trigger
