"""``Connections.csv``: one row per connection, below a preamble of varying shape.

Shapes seen in real exports: 2024 (``Notes:``, a quoted disclaimer, a blank line,
then ``First Name,Last Name,URL,Email Address,Company,Position,Connected On`` and
dates like ``09 Oct 2024``), 2018 (no preamble, no URL column, ``"1/8/18, 6:14 PM"``)
and Excel re-saves (``Notes:,,`` and dates like ``23-Nov-21``). Members who hide
their profile come out as rows blank but for the date.
"""

from __future__ import annotations

import hashlib
import re

from kithkin.core.records_in import Batch, PersonRecord, Skip
from kithkin.formats import dates, textio


def _is_header(cells: list[str]) -> bool:
    s = {c.lower() for c in cells}
    return "connected on" in s and ("first name" in s or "company" in s)


def clean(value: str) -> str:
    """Tabs, doubled and stray spaces that LinkedIn leaves in names, collapsed."""
    return re.sub(r"\s+", " ", value).strip()


def parse(data: bytes, name: str, batch: Batch) -> None:
    text = textio.decode(data, name)
    header, rows = textio.rows(text, name, _is_header, "a LinkedIn Connections.csv")
    cols = {h.lower(): h for h in header}

    def col(row: textio.Row, key: str) -> str:
        h = cols.get(key)
        return clean(row.get(h)) if h else ""

    for row in rows:
        first, last = col(row, "first name"), col(row, "last name")
        url, email = col(row, "url"), col(row, "email address")
        company, title = col(row, "company"), col(row, "position")
        connected = dates.parse_date(col(row, "connected on"))
        if not (first or last):
            reason = (
                "hidden member: LinkedIn exports only the date for members who hide their profile"
                if not (url or email or company or title)
                else "no name in this row (the file lacks the name columns)"
            )
            batch.skipped.append(Skip(row.line, reason, name))
            continue
        if "@" not in email:
            email = ""  # 2018 exports put member URNs in the e-mail column
        if company and not re.search(r"\w", company):
            company = ""  # " -" means no company
        display = clean(f"{first} {last}")
        uid = None
        if not url:
            ident = f"{first}|{last}|{email}".lower()
            uid = "linkedin:" + hashlib.sha1(ident.encode()).hexdigest()[:16]
        batch.people.append(
            PersonRecord(
                line=row.line,
                display_name=display,
                given_name=first or None,
                family_name=last or None,
                emails=[email] if email else [],
                urls=[url] if url else [],
                org=company or None,
                title=title or None,
                connected_on=connected,
                uid=uid,
                file=name,
            )
        )
