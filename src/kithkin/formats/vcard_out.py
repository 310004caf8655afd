"""vCard 4.0 (RFC 6350) out of plain contact dicts: one card per contact.

Hand-written rather than vobject's serializer, which writes 3.0 conventions:
here every card has a UID, year-less birthdays are ``--MMDD``, text is escaped
(backslash, comma, semicolon, newline) and lines fold at 75 octets without
splitting a UTF-8 character.
"""

from __future__ import annotations

from typing import Any

# The parameter of a TEL that keeps the number as it was written beside its E.164 value.
AS_WRITTEN = "X-KITHKIN-AS-WRITTEN"

# What kithkin holds beyond the standard properties, as X-KITHKIN-<NAME> (property ->
# contact column); the importer reads them back (kithkin.formats.vcard). Connected-on
# is a date (X-KITHKIN-CONNECTED-ON), the time zone the standard TZ.
EXTRA: dict[str, str] = {
    "TIER": "tier",
    "CADENCE": "cadence_days",
    "CHANNEL": "preferred_channel",
    "HOW-MET": "how_met",
    "MIN-INTERVAL": "min_interval_days",
    "PROFESSIONAL-ONLY": "professional_only",
    "DO-NOT-CONTACT": "do_not_contact",
    "TIME-ZONE": "time_zone",
}


def escape(value: str) -> str:
    return (
        value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
        .replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    )  # fmt: skip


def fold(line: str) -> str:
    """Fold at 75 octets; continuation lines start with one space."""
    out: list[str] = []
    current = ""
    size = 0
    for ch in line:
        n = len(ch.encode())
        if size + n > 75:
            out.append(current)
            current, size = " ", 1
        current += ch
        size += n
    out.append(current)
    return "\r\n".join(out) + "\r\n"


def bday(value: str) -> str:
    """``--04-15`` -> ``--0415``; ``1980-04-15`` -> ``19800415``."""
    if value.startswith("--"):
        return "--" + value[2:].replace("-", "")
    return value.replace("-", "")


def card(c: dict[str, Any]) -> str:
    """One vCard 4.0 for a contact dict (see ``core.exporting.contact_rows``)."""
    lines = ["BEGIN:VCARD", "VERSION:4.0", f"UID:{escape(c['uid'])}", f"FN:{escape(c['name'])}"]
    n = [c.get(k) or "" for k in ("family_name", "given_name", "middle_name", "name_prefix",
                                  "name_suffix")]  # fmt: skip
    lines.append("N:" + ";".join(escape(x) for x in n))
    if c.get("nickname"):
        lines.append(f"NICKNAME:{escape(c['nickname'])}")
    for e in c.get("emails", []):
        lines.append(f"EMAIL:{escape(e)}")
    written = c.get("phones_as_written") or {}
    for p in c.get("phones", []):
        raw = written.get(p, "").replace('"', "")
        param = f';{AS_WRITTEN}="{raw}"' if raw else ""
        lines.append(f"TEL{param}:{escape(p)}")
    for u in c.get("urls", []):
        lines.append(f"URL:{u}")
    if c.get("org"):
        lines.append(f"ORG:{escape(c['org'])}")
    if c.get("title"):
        lines.append(f"TITLE:{escape(c['title'])}")
    if c.get("birthday"):
        lines.append(f"BDAY:{bday(c['birthday'])}")
    if c.get("tags"):
        lines.append("CATEGORIES:" + ",".join(escape(t) for t in c["tags"]))
    if c.get("location"):
        lines.append(f"ADR:;;;{escape(c['location'])};;;")
    if c.get("notes"):
        lines.append(f"NOTE:{escape(c['notes'])}")
    if c.get("photo") and str(c["photo"]).startswith("data:"):
        lines.append(f"PHOTO:{c['photo']}")
    if c.get("time_zone"):
        lines.append(f"TZ;VALUE=text:{escape(c['time_zone'])}")
    if c.get("connected_on"):
        lines.append(f"X-KITHKIN-CONNECTED-ON:{c['connected_on']}")
    for prop, column in EXTRA.items():
        value = c.get(column)
        if column == "time_zone" or value is None or value is False or value == "":
            continue
        text = "true" if value is True else str(value)
        lines.append(f"X-KITHKIN-{prop}:{escape(text)}")
    lines.append("END:VCARD")
    return "".join(fold(line) for line in lines)
