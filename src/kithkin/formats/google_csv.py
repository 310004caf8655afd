"""Google Contacts CSV, current and legacy layouts, into person records.

Current (2020s): ``First Name, Middle Name, Last Name, ... Organization Name,
Organization Title, Birthday, Notes, Labels, E-mail 1 - Label, E-mail 1 - Value...``.
Legacy (before 2020): ``Name, Given Name, Additional Name, Family Name, ...
Group Membership, E-mail 1 - Type, E-mail 1 - Value, ... Organization 1 - Name``.
Numbered groups (``E-mail N``, ``Phone N``, ``Website N``, ``Address N``) are read
whatever N goes up to, and one cell may hold several values joined by `` ::: ``.
"""

from __future__ import annotations

import hashlib
import re

from kithkin.core import phones as phone_rules
from kithkin.core.exchange.incoming import Batch, PersonRecord, Skip
from kithkin.formats import dates, textio

SOURCE = "google"
SEP = " ::: "
# System groups every contact is in: not tags.
SYSTEM_LABELS = {"mycontacts", "my contacts", "starred"}


def is_header(cells: list[str]) -> bool:
    s = set(cells)
    if "E-mail Address" in s:
        return False  # Outlook's layout
    legacy = {"Given Name", "Family Name"} <= s
    current = {"First Name", "Last Name"} <= s and (
        "Labels" in s or "Organization Name" in s or "E-mail 1 - Value" in s
    )
    return legacy or current


def split(value: str) -> list[str]:
    return [v.strip() for v in value.split(SEP) if v.strip()]


def numbered(row: textio.Row, header: list[str], group: str, field: str) -> list[str]:
    pattern = re.compile(rf"^{re.escape(group)} \d+ - {re.escape(field)}$")
    out: list[str] = []
    for h in header:
        if pattern.match(h):
            out.extend(split(row.get(h)))
    return out


def labels(value: str) -> list[str]:
    out = []
    for v in split(value):
        v = v.lstrip("* ").strip()
        if v and v.lower() not in SYSTEM_LABELS:
            out.append(v)
    return out


def parse(data: bytes, name: str, batch: Batch | None = None, encoding: str | None = None) -> Batch:
    batch = batch or Batch(source=SOURCE)
    text = textio.decode(data, name, encoding)
    header, rows = textio.rows(text, name, is_header, "a Google Contacts CSV")
    for row in rows:
        given = row.get("First Name") or row.get("Given Name")
        family = row.get("Last Name") or row.get("Family Name")
        middle = row.get("Middle Name") or row.get("Additional Name")
        display = row.get("Name") or " ".join(x for x in (given, middle, family) if x)
        emails = numbered(row, header, "E-mail", "Value")
        phones = numbered(row, header, "Phone", "Value")
        org = row.get("Organization Name") or row.get("Organization 1 - Name")
        if not (display or emails or phones or org):
            batch.skipped.append(Skip(row.line, "empty contact (no name, email or phone)", name))
            continue
        city = numbered(row, header, "Address", "City")
        country = numbered(row, header, "Address", "Country")
        location = ", ".join(x for x in (city[:1] + country[:1]) if x) or row.get("Location")
        ident = "|".join(row.values)
        batch.people.append(
            PersonRecord(
                line=row.line,
                display_name=" ".join(display.split()) or None,
                given_name=given or None,
                family_name=family or None,
                middle_name=middle or None,
                name_prefix=row.get("Name Prefix") or None,
                name_suffix=row.get("Name Suffix") or None,
                nickname=row.get("Nickname") or None,
                emails=emails,
                phones=phones,
                urls=numbered(row, header, "Website", "Value"),
                org=org or None,
                title=row.get("Organization Title") or row.get("Organization 1 - Title") or None,
                birthday=dates.parse_birthday(row.get("Birthday")),
                categories=labels(row.get("Labels") or row.get("Group Membership")),
                notes=row.get("Notes") or None,
                location=location or None,
                phone_region=phone_rules.region_of_country(country[0] if country else None),
                uid="google:" + hashlib.sha1(ident.encode()).hexdigest()[:20],
                file=name,
            )
        )
    return batch
