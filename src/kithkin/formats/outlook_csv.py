"""Outlook CSV (Outlook.com, desktop Outlook, and Google's "Outlook CSV" option).

Headers are mapped by name, never by position: versions differ in order and in
spelling (``Business Country/Region`` or ``Business Country``). Desktop Outlook
writes ``0/0/00`` for an empty birthday and ``;``-separated categories. A German or
French Outlook's headers (``Vorname``, ``Prénom``, ``Adresse de messagerie``...) are read
as the English ones they translate; German's ``0.0.00`` is no birthday either, and a
French export's dates are day first.
"""

from __future__ import annotations

import hashlib
import re

from kithkin.core import phones as phone_rules
from kithkin.core.exchange.incoming import Batch, PersonRecord, Skip
from kithkin.formats import dates, textio

SOURCE = "outlook"
EMAILS = ("E-mail Address", "E-mail 2 Address", "E-mail 3 Address")


# A localized Outlook writes every header in its language (and Windows-1252): the
# columns read, under their English names. Faxes are left out as in English. German:
LOCALIZED = {
    "Anrede": "Title", "Vorname": "First Name", "Weitere Vornamen": "Middle Name",
    "Nachname": "Last Name", "Suffix": "Suffix", "Firma": "Company", "Position": "Job Title",
    "Ort geschäftlich": "Business City", "Land/Region geschäftlich": "Business Country/Region",
    "Land geschäftlich": "Business Country", "Ort privat": "Home City",
    "Land/Region privat": "Home Country/Region", "Land privat": "Home Country",
    "Telefon Assistent": "Assistant's Phone", "Telefon geschäftlich": "Business Phone",
    "Telefon geschäftlich 2": "Business Phone 2", "Rückmeldung": "Callback",
    "Autotelefon": "Car Phone", "Telefon Firma": "Company Main Phone",
    "Telefon privat": "Home Phone", "Telefon privat 2": "Home Phone 2",
    "Mobiltelefon": "Mobile Phone", "Mobiltelefon 2": "Mobile Phone 2",
    "Weiteres Telefon": "Other Phone", "Haupttelefon": "Primary Phone",
    "E-Mail-Adresse": "E-mail Address", "E-Mail 2: Adresse": "E-mail 2 Address",
    "E-Mail 3: Adresse": "E-mail 3 Address", "Geburtstag": "Birthday",
    "Kategorien": "Categories", "Notizen": "Notes", "Webseite": "Web Page",
    # French: "Titre" is the name's prefix (M., Mme), "Fonction" the job title; the
    # "Profession" column is not read, as English's "Profession" is not.
    "Titre": "Title", "Prénom": "First Name", "Deuxième prénom": "Middle Name",
    "Nom": "Last Name", "Suffixe": "Suffix", "Société": "Company", "Fonction": "Job Title",
    "Ville (bureau)": "Business City", "Pays/Région (bureau)": "Business Country/Region",
    "Ville (domicile)": "Home City", "Pays/Région (domicile)": "Home Country/Region",
    "Téléphone de l'assistant(e)": "Assistant's Phone", "Téléphone (bureau)": "Business Phone",
    "Téléphone 2 (bureau)": "Business Phone 2", "Rappel": "Callback",
    "Téléphone (voiture)": "Car Phone", "Téléphone société": "Company Main Phone",
    "Téléphone (domicile)": "Home Phone", "Téléphone 2 (domicile)": "Home Phone 2",
    "Tél. mobile": "Mobile Phone", "Téléphone (autre)": "Other Phone",
    "Téléphone principal": "Primary Phone", "Adresse de messagerie": "E-mail Address",
    "Adresse de messagerie 2": "E-mail 2 Address", "Adresse de messagerie 3": "E-mail 3 Address",
    "Anniversaire": "Birthday", "Catégories": "Categories", "Page Web": "Web Page",
}  # fmt: skip
DAY_FIRST = ("Anniversaire",)  # the birthday column of a language whose d/m/y is day first
NO_BIRTHDAY = ("", "0/0/00", "0/0/0000", "0.0.00", "0.0.0000")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})$")


def is_header(cells: list[str]) -> bool:
    s = {LOCALIZED.get(c, c) for c in cells}
    return "E-mail Address" in s and ("First Name" in s or "Last Name" in s)


def _phones(row: textio.Row, header: list[str]) -> list[str]:
    names = [LOCALIZED.get(h, h) for h in header]
    cols = [h for h in names if ("Phone" in h or h in ("Callback", "Pager", "ISDN"))
            and "Fax" not in h]  # fmt: skip
    return [row.get(h) for h in cols if row.get(h)]


def _country(row: textio.Row, prefix: str) -> str:
    return row.get(f"{prefix} Country/Region") or row.get(f"{prefix} Country")


def _birthday(value: str, header: list[str]) -> str | None:
    m = _SLASHED.match(value.strip())
    if m and any(h in DAY_FIRST for h in header):
        value = f"{m[2]}/{m[1]}/{m[3]}"  # the reader's slashes are month first
    return dates.parse_birthday(value)


def parse(data: bytes, name: str, batch: Batch | None = None, encoding: str | None = None) -> Batch:
    batch = batch or Batch(source=SOURCE)
    text = textio.decode(data, name, encoding)
    header, rows = textio.rows(text, name, is_header, "an Outlook contacts CSV", LOCALIZED)
    for row in rows:
        given, family = row.get("First Name"), row.get("Last Name")
        middle = row.get("Middle Name")
        display = " ".join(x for x in (given, middle, family) if x)
        emails = [row.get(h) for h in EMAILS if "@" in row.get(h)]
        phones = _phones(row, header)
        org = row.get("Company")
        if not (display or emails or phones or org):
            batch.skipped.append(Skip(row.line, "empty contact (no name, email or phone)", name))
            continue
        bday = row.get("Birthday")
        birthday = None if bday in NO_BIRTHDAY else _birthday(bday, header)
        city = row.get("Business City") or row.get("Home City")
        country = _country(row, "Business") or _country(row, "Home")
        cats = [c.strip() for c in row.get("Categories").replace(",", ";").split(";")]
        urls = [row.get(h) for h in ("Web Page", "Personal Web Page") if row.get(h)]
        batch.people.append(
            PersonRecord(
                line=row.line,
                display_name=display or None,
                given_name=given or None,
                family_name=family or None,
                middle_name=middle or None,
                name_prefix=row.get("Title") or None,
                name_suffix=row.get("Suffix") or None,
                nickname=row.get("Nickname") or None,
                emails=emails,
                phones=phones,
                urls=urls,
                org=org or None,
                title=row.get("Job Title") or None,
                birthday=birthday,
                categories=[c for c in cats if c and c.lower() not in ("mycontacts", "starred")],
                notes=row.get("Notes") or None,
                location=", ".join(x for x in (city, country) if x) or None,
                phone_region=phone_rules.region_of_country(country),
                uid="outlook:" + hashlib.sha1("|".join(row.values).encode()).hexdigest()[:20],
                file=name,
            )
        )
    return batch
