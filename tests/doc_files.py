"""The files a doc imports, put where the doc says they are (in its own sandbox).

A doc that shows ``kith import linkedin Basic_LinkedInDataExport_04-06-2026.zip`` needs
that export; these are small, made-up ones in the real formats, written by the test
before the doc's commands run. The doc's own output is what checks them.
"""

from __future__ import annotations

import io
import zipfile

from tests.doc_console import Sandbox

IN = "https://www.linkedin.com/in/"
CONNECTIONS = f"""Notes:
"When exporting your connection data, you may notice that some of the email addresses are missing."

First Name,Last Name,URL,Email Address,Company,Position,Connected On
Ann,Lee,{IN}ann-lee,ann@acme.example,Acme,Staff Engineer,12 Mar 2022
Tom,Okafor,{IN}tom-okafor,,Globex,Designer,01 Feb 2023
Lena,Fischer,{IN}lena-fischer,lena@initech.example,Initech,Data Engineer,20 Jun 2021
,,,,,,05 May 2024
"""

NEWER_CONNECTIONS = CONNECTIONS.replace("Initech,Data Engineer", "Initech,Head of Data")

MESSAGES = (
    "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,"
    "DATE,SUBJECT,CONTENT,FOLDER\n"
    "c-1,,Ann Lee,https://www.linkedin.com/in/ann-lee,Alex Morgan,"
    "https://www.linkedin.com/in/alex-morgan,2026-05-12 09:30:00 UTC,,"
    '"Coffee next week?",INBOX\n'
    "c-1,,Alex Morgan,https://www.linkedin.com/in/alex-morgan,Ann Lee,"
    "https://www.linkedin.com/in/ann-lee,2026-05-12 18:02:00 UTC,,"
    '"Gladly, Tuesday?",INBOX\n'
)

PROFILE = (
    "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,"
    "Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers\n"
    "Alex,Morgan,,,Jun 20,Engineer,,,,,,,\n"
)

POSITIONS = (
    "Company Name,Title,Description,Location,Started On,Finished On\n"
    "Acme,Engineer,,Berlin,Mar 2021,\n"
    "Initech,Junior Engineer,,Berlin,Jan 2019,Feb 2021\n"
)

CARDS = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nN:Lee;Ann;;;\r\n"
    "EMAIL:ann.lee@gmail.example\r\nBDAY:--0415\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nN:Hopper;Grace;;;\r\n"
    "EMAIL:grace@navy.example\r\nTEL;TYPE=CELL:+1 202 555 0143\r\nEND:VCARD\r\n"
)

ONE_CARD = (
    "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1\r\n"
    "FN:Tom Okafor\r\nN:Okafor;Tom;;;\r\nORG:Hooli\r\nEMAIL:tom@hooli.example\r\n"
    "END:VCARD\r\n"
)

GOOGLE = (
    "First Name,Last Name,Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,"
    "Phone 1 - Value,Organization Name,Organization Title\n"
    "Ravi,Kumar,Mentors ::: * myContacts,* Work,ravi@globex.example ::: ravi@home.example,"
    "Mobile,+91 98765 43210,Globex,Principal Engineer\n"
)

OUTLOOK = (
    "First Name,Last Name,E-mail Address,Business Phone,Business Fax,Company,Job Title,"
    "Business City,Business Country/Region,Birthday\n"
    "José,Núñez,jose@initrode.example,030 1234567,030 1234568,Initrode,CTO,Berlin,"
    "Deutschland,0/0/00\n"
)

MBOX = """From ann@acme.example Tue May 19 08:00:00 2026
From: Ann Lee <ann@acme.example>
To: Alex Morgan <me@example.org>
Cc: Lena Fischer <lena@initech.example>
Subject: the Berlin meetup
Date: Tue, 19 May 2026 08:00:00 +0000
Message-ID: <m1@acme.example>

Are you coming?

From me@work.example Tue May 19 09:00:00 2026
From: Alex Morgan <me@work.example>
To: Ann Lee <ann@acme.example>
Subject: Re: the Berlin meetup
Date: Tue, 19 May 2026 09:00:00 +0000
Message-ID: <m2@work.example>
In-Reply-To: <m1@acme.example>

Yes!

From news@shop.example Wed May 20 07:00:00 2026
From: Shop <news@shop.example>
To: me@example.org
Subject: Deals
Date: Wed, 20 May 2026 07:00:00 +0000
Message-ID: <n1@shop.example>

Deals.
"""

CALENDAR = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//docs//EN
BEGIN:VEVENT
UID:weekly-sync@example.org
DTSTAMP:20260401T000000Z
DTSTART;TZID=Europe/Berlin:20260504T100000
DTEND;TZID=Europe/Berlin:20260504T103000
RRULE:FREQ=WEEKLY;COUNT=6
SUMMARY:Weekly sync
ORGANIZER:mailto:me@example.org
ATTENDEE;PARTSTAT=ACCEPTED:mailto:ann@acme.example
ATTENDEE;PARTSTAT=ACCEPTED:mailto:me@example.org
END:VEVENT
END:VCALENDAR
"""


def _export_files() -> dict[str, str]:
    return {
        "Connections.csv": CONNECTIONS,
        "messages.csv": MESSAGES,
        "Profile.csv": PROFILE,
        "Positions.csv": POSITIONS,
    }


def importing(box: Sandbox) -> None:
    """docs/importing.md: a LinkedIn export (zip, folder, one file), cards, CSVs, mail."""
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as z:
        for name, text in _export_files().items():
            z.writestr(name, text)
    (box.cwd / "Basic_LinkedInDataExport_04-06-2026.zip").write_bytes(data.getvalue())
    unpacked = box.home / "Downloads" / "unpacked-export"
    unpacked.mkdir(parents=True)
    for name, text in _export_files().items():
        (unpacked / name).write_text(text)
    (box.cwd / "Connections.csv").write_text(CONNECTIONS)
    (box.cwd / "Connections-2026-09.csv").write_text(NEWER_CONNECTIONS)
    (box.cwd / "contacts.vcf").write_bytes(CARDS.encode())
    cards = box.home / "exported-cards"
    cards.mkdir()
    (cards / "tom.vcf").write_bytes(ONE_CARD.encode())
    (box.cwd / "google.csv").write_text(GOOGLE)
    (box.cwd / "outlook.csv").write_bytes(OUTLOOK.encode("cp1252"))
    (box.cwd / "All mail Including Spam and Trash.mbox").write_text(MBOX)
    (box.cwd / "calendar.ics").write_text(CALENDAR.replace("\n", "\r\n"))


# The database docs/web.md's "Hosted mode" runs on, with kithkin's default schema names.
HOSTED_DOC_DB = "postgresql://postgres@127.0.0.1:5432/test"


def hosted(box: Sandbox) -> None:
    """web.md: the password files it names, and no hosted accounts left by an earlier run
    (its output shows the first schemas, kith_hosted_u1 and _u2)."""
    import pytest
    from sqlalchemy import create_engine, text
    from tests.conftest import PG_BASE, PG_OK

    if not PG_OK or PG_BASE != HOSTED_DOC_DB:
        pytest.skip(f"the hosted walkthrough runs on PostgreSQL at {HOSTED_DOC_DB}")
    engine = create_engine("postgresql+psycopg://" + HOSTED_DOC_DB.split("://", 1)[1])
    with engine.begin() as conn:
        conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('kith_hosted'))"))
        for name in conn.execute(
            text("SELECT nspname FROM pg_namespace"
                 " WHERE nspname = 'kith_hosted' OR nspname ~ '^kith_hosted_u[0-9]+$'")
        ).scalars().all():  # fmt: skip
            conn.exec_driver_sql(f'DROP SCHEMA "{name}" CASCADE')
    engine.dispose()
    (box.cwd / "ada.pw").write_text("correct horse battery staple\n")
    (box.cwd / "bob.pw").write_text("a different long password\n")


SETUP = {"importing.md": importing, "web.md": hosted}
