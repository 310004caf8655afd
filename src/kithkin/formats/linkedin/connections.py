"""``Connections.csv``: one row per connection, below a preamble of varying shape.

Shapes seen in real exports: 2024 (``Notes:``, a quoted disclaimer, a blank line,
then ``First Name,Last Name,URL,Email Address,Company,Position,Connected On`` and
dates like ``09 Oct 2024``), 2018 (no preamble, no URL column, ``"1/8/18, 6:14 PM"``)
and Excel re-saves (``Notes:,,`` and dates like ``23-Nov-21``). Members who hide
their profile come out as rows blank but for the date.

Exports of 2021-2022 (and 2018's) have no profile URL: a connection is then known by
what LinkedIn shows of them (name, e-mail, company, position, connected-on), so two
people of one name stay two people and the same file read again is the same people.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from datetime import date

from kithkin.core.exchange.incoming import Batch, PersonRecord, Skip
from kithkin.formats import dates, textio


def is_header(cells: list[str]) -> bool:
    s = {c.lower() for c in cells}
    return "connected on" in s and ("first name" in s or "company" in s)


def clean(value: str) -> str:
    """Tabs, doubled and stray spaces that LinkedIn leaves in names, collapsed."""
    return " ".join(value.split())


def parse(data: bytes, name: str, batch: Batch) -> None:
    text = textio.decode(data, name)
    header, rows = textio.rows(text, name, is_header, "a LinkedIn Connections.csv")
    lower = [h.lower() for h in header]
    keys = ("first name", "last name", "url", "email address", "company", "position",
            "connected on")  # fmt: skip
    at = [lower.index(k) if k in lower else -1 for k in keys]
    cache: dict[str, date | None] = {}
    # Rows alike in everything LinkedIn shows are still two connections (it lists each
    # once): the second of them is told apart by its rank among them.
    alike: Counter[str] = Counter()
    bad_dates: list[tuple[int, str]] = []

    for row in rows:
        v = row.values
        # clean() inlined: eight calls a row, 30,000 rows
        first, last, url, email, company, title, when = [
            " ".join(v[i].split()) if i >= 0 else "" for i in at
        ]
        if when not in cache:
            cache[when] = dates.parse_date(when)
        connected = cache[when]
        if connected is None and when:
            bad_dates.append((row.line, when))
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
        if company and len(company) < 4 and not re.search(r"\w", company):
            company = ""  # " -" means no company
        display = f"{first} {last}".strip()  # each already clean(): no space to collapse
        uid = None
        if not url:
            ident = f"{first}|{last}|{email}|{company}|{title}|{when}".lower()
            alike[ident] += 1
            if alike[ident] > 1:
                ident += f"|{alike[ident]}"
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
                connection=True,
            )
        )
    if bad_dates:
        batch.warnings.append(_bad_dates(name, bad_dates))


def _bad_dates(name: str, bad: list[tuple[int, str]]) -> str:
    """One note for every "Connected On" that is no day (``30 Feb 2022``): kept without it."""
    shown = ", ".join(f"line {line} {when!r}" for line, when in bad[:5])
    more = f" and {len(bad) - 5} more" if len(bad) > 5 else ""
    n = len(bad)
    dates_ = "date" if n == 1 else "dates"
    return (
        f'{name}: {n} impossible or unreadable "Connected On" {dates_} ({shown}{more}): '
        "those connections are kept without the date"
    )
