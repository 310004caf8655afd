"""``Profile.csv`` (the user's name, a birth date that may lack its year) and
``Positions.csv`` (the user's own jobs: ``Started On`` like ``May 2016``, an empty
``Finished On`` for the current one)."""

from __future__ import annotations

from kithkin.core.exchange.incoming import Batch, MeRecord, PositionRecord, Skip
from kithkin.formats import dates, textio
from kithkin.formats.linkedin.connections import clean


def _is_profile_header(cells: list[str]) -> bool:
    s = {c.lower() for c in cells}
    return {"first name", "last name"} <= s and ("headline" in s or "birth date" in s)


def parse_profile(data: bytes, name: str, batch: Batch) -> None:
    text = textio.decode(data, name)
    _header, rows = textio.rows(text, name, _is_profile_header, "a LinkedIn Profile.csv")
    for row in rows:
        full = clean(f"{row.get('First Name')} {row.get('Last Name')}")
        me = batch.me or MeRecord()
        if full:
            me.display_name = full
            me.names.add(full)
        me.birthday = dates.parse_birthday(row.get("Birth Date")) or me.birthday
        batch.me = me
        break


def _is_positions_header(cells: list[str]) -> bool:
    s = {c.lower() for c in cells}
    return {"company name", "title", "started on"} <= s


def parse_positions(data: bytes, name: str, batch: Batch) -> None:
    text = textio.decode(data, name)
    _header, rows = textio.rows(text, name, _is_positions_header, "a LinkedIn Positions.csv")
    for row in rows:
        org = clean(row.get("Company Name")) or None
        title = clean(row.get("Title")) or None
        if not org and not title:
            batch.skipped.append(Skip(row.line, "position without a company or a title", name))
            continue
        batch.positions.append(
            PositionRecord(
                line=row.line,
                org=org,
                title=title,
                start=dates.parse_date(row.get("Started On")),
                end=dates.parse_date(row.get("Finished On")),
            )
        )
