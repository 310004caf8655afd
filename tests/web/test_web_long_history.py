"""A contact with years of messages: the Contact page shows the newest of their timeline
in pages, not every interaction with its correction form at once (1,500 LinkedIn
messages made a 5 MB page that took half a second to send and seconds to draw), and a
correction still lands back on the page that shows the corrected interaction."""

from __future__ import annotations

import re
from datetime import date, timedelta

from kithkin.core.book import interactions as ix
from kithkin.core.book.interactions import InteractionInput
from kithkin.core.vocabulary import Direction
from kithkin.store.db import Database
from webclient import Web

START = date(2020, 1, 1)


def _history(db_url: str, name: str, n: int, kith) -> tuple[int, list[int]]:  # type: ignore[no-untyped-def]
    """``n`` emails with one contact, a day apart; their id and the interactions' ids,
    oldest first."""
    cid = kith.ok("add", name, "--json").json()["id"]
    db = Database(db_url)
    ids = []
    with db.session(write=True) as s:
        for k in range(n):
            row = ix.log(
                s,
                InteractionInput(
                    contact_ids=[cid],
                    channel="email",
                    kind="checkin",
                    direction=Direction.OUTBOUND,
                    occurred_on=START + timedelta(days=k),
                    note=f"note {k:03d}",
                ),
            )
            ids.append(row.id)
    db.dispose()
    return cid, ids


def _notes(html: str) -> list[str]:
    return re.findall(r"<p>(note \d{3})</p>", html)


def test_a_long_timeline_comes_in_pages_newest_first(web: Web, kith, db_url: str) -> None:  # type: ignore[no-untyped-def]
    cid, _ = _history(db_url, "Ann Long", 120, kith)
    first = web.page(f"/contacts/{cid}").text
    assert _notes(first) == [f"note {k:03d}" for k in range(119, 69, -1)]
    assert "120 interactions" in first and "Page 1 of 3" in first
    assert f'href="/contacts/{cid}?page=2#timeline" rel="next"' in first
    assert first.count('class="fix"') == 50  # one correction form per shown interaction
    last = web.page(f"/contacts/{cid}?page=3").text
    assert _notes(last) == [f"note {k:03d}" for k in range(19, -1, -1)]
    assert 'rel="prev"' in last and 'rel="next"' not in last
    assert _notes(web.page(f"/contacts/{cid}?page=99").text) == _notes(last)  # past the end
    assert _notes(web.page(f"/contacts/{cid}?page=0").text) == _notes(first)


def test_a_short_timeline_has_no_pager(web: Web, kith, db_url: str) -> None:  # type: ignore[no-untyped-def]
    cid, _ = _history(db_url, "Bo Short", 3, kith)
    html = web.page(f"/contacts/{cid}").text
    assert _notes(html) == ["note 002", "note 001", "note 000"]
    assert "Page 1 of" not in html and 'rel="next"' not in html


def test_a_correction_deep_in_the_timeline_comes_back_to_its_page(  # type: ignore[no-untyped-def]
    web: Web, kith, db_url: str
) -> None:
    cid, ids = _history(db_url, "Cy Deep", 120, kith)
    oldest = ids[0]
    done = web.form(
        f"/contacts/{cid}/interactions/{oldest}/edit",
        {"kind": "catchup", "channel": "call", "direction": "outbound", "date": "2020-01-01"}
        | {"note": "fixed it"},
    )
    assert done.status_code == 303
    where = done.headers["location"]
    assert where.endswith(f"#ix-{oldest}")
    shown = web.page(where.split("#")[0]).text
    assert f'id="ix-{oldest}"' in shown and "<p>fixed it</p>" in shown
    refused = web.form(
        f"/contacts/{cid}/interactions/{oldest}/edit",
        {"kind": "catchup", "channel": "pigeon", "direction": "outbound", "date": "2020-01-01"},
    )
    assert refused.status_code == 400
    assert f'id="ix-{oldest}" open' in refused.text and "pigeon" in refused.text
    assert "Page 3 of 3" in refused.text


def test_removing_an_interaction_deep_in_the_timeline_stays_on_its_page(  # type: ignore[no-untyped-def]
    web: Web, kith, db_url: str
) -> None:
    cid, ids = _history(db_url, "Di Gone", 120, kith)
    page = web.page(f"/contacts/{cid}?page=3").text
    assert 'name="page" value="3"' in page  # the remove form says which page it is on
    done = web.form(f"/contacts/{cid}/interactions/{ids[0]}/delete", {"page": "3"})
    assert done.status_code == 303
    shown = web.page(done.headers["location"].split("#")[0]).text
    assert "Page 3 of 3" in shown and "note 000" not in shown and "note 001" in shown
