"""The README works as written: every console block runs and prints what it shows."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from tests.doc_console import Sandbox, run_doc, steps

README = Path(__file__).parents[1] / "README.md"

CONNECTIONS = """Notes:
"When exporting your connection data, you may notice that some of the email addresses are missing."

First Name,Last Name,URL,Email Address,Company,Position,Connected On
Tom,Okafor,https://www.linkedin.com/in/tom-o,tom@acme.example,Acme,Staff Engineer,12 Mar 2022
Lena,Fischer,https://www.linkedin.com/in/lena-fischer,,Globex,Designer,01 Feb 2023
"""

VCARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nN:Hopper;Grace;;;\r\n"
    "EMAIL:grace@navy.example\r\nEND:VCARD\r\n"
)

MBOX = """From tom@acme.example Mon Nov 02 10:00:00 2026
From: Tom Okafor <tom@acme.example>
To: me@example.org
Subject: lunch?
Date: Mon, 02 Nov 2026 10:00:00 +0000
Message-ID: <1@acme.example>

Lunch next week?
"""


def give_the_readme_its_files(box: Sandbox) -> None:
    """The exports the README imports, where it says they are."""
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as z:
        z.writestr("Connections.csv", CONNECTIONS)
    (box.home / "Downloads" / "Basic_LinkedInDataExport.zip").write_bytes(data.getvalue())
    (box.home / "Downloads" / "contacts.vcf").write_bytes(VCARD.encode())
    mail = box.home / "Takeout" / "Mail"
    mail.mkdir(parents=True)
    (mail / "All mail.mbox").write_text(MBOX)


def test_the_readme_runs_as_written(tmp_path: Path) -> None:
    run_doc(README, tmp_path, setup=give_the_readme_its_files)


def test_the_tour_is_long_enough() -> None:
    assert len([st for st in steps(README) if st.text.startswith("kith ")]) >= 10
