"""Import: upload a vCard, a LinkedIn CSV or zip, see the summary; previews write nothing."""

from __future__ import annotations

import io
import re
import zipfile

from conftest import dump
from webclient import Web

VCARD = b"""BEGIN:VCARD\r
VERSION:3.0\r
FN:Rosalind Franklin\r
N:Franklin;Rosalind;;;\r
EMAIL;TYPE=INTERNET:rosalind@kings.example\r
ORG:King's College\r
TITLE:Researcher\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
FN:Maurice Wilkins\r
N:Wilkins;Maurice;;;\r
EMAIL:maurice@kings.example\r
END:VCARD\r
"""

CONNECTIONS = (
    b"Notes:\n"
    b'"When exporting your connection data, you may notice that some of the email addresses '
    b'are missing."\n\n'
    b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    b"Ada,Lovelace,https://www.linkedin.com/in/ada-l,,Analytical Engines,Countess,09 Oct 2024\n"
    b",,,,,,12 Jan 2023\n"
)


def _upload(web: Web, name: str, data: bytes, **form: str):  # type: ignore[no-untyped-def]
    return web.post(
        "/import",
        data={"csrf_token": web.token(), **form},
        files={"file": (name, data)},
        headers={"accept": "text/html"},
    )


def test_import_page_and_vcard_upload(web: Web, kith) -> None:
    page = web.page("/import")
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.text
    r = _upload(web, "people.vcf", VCARD)
    assert r.status_code == 200
    assert "Imported people.vcf" in r.text and "<strong>2</strong> new" in r.text
    found = kith.ok("search", "Rosalind", "--json").json()
    assert found and found[0]["name"] == "Rosalind Franklin"
    shown = kith.ok("show", "rosalind@kings.example", "--json").json()
    assert shown["org"] == "King's College" and shown["tier"] == "none"
    again = _upload(web, "people.vcf", VCARD)
    assert "<strong>0</strong> new" in again.text and "<strong>2</strong> unchanged" in again.text


def test_preview_writes_nothing(web: Web, db_url: str) -> None:
    web.token()
    before = dump(db_url)
    r = _upload(web, "people.vcf", VCARD, dry_run="1", tier="close")
    assert r.status_code == 200 and "Preview of people.vcf" in r.text
    assert "<strong>2</strong> new" in r.text and "nothing was written" in r.text
    assert dump(db_url) == before


def test_linkedin_csv_and_zip_with_skips(web: Web, kith) -> None:
    r = _upload(web, "Connections.csv", CONNECTIONS, kind="linkedin", tier="regular")
    assert r.status_code == 200, r.text
    assert "<strong>1</strong> new" in r.text and "<strong>1</strong> skipped" in r.text
    assert "line 6" in r.text
    assert kith.ok("show", "Ada Lovelace", "--json").json()["tier"] == "regular"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("Basic_LinkedInDataExport/Connections.csv", CONNECTIONS)
    r = _upload(web, "export.zip", buf.getvalue())  # recognised by its extension
    assert "Imported export.zip" in r.text and "<strong>1</strong> unchanged" in r.text


def test_bad_uploads_are_explained(web: Web, db_url: str) -> None:
    web.token()
    before = dump(db_url)
    r = _upload(web, "contacts.csv", b"a,b\n1,2\n")
    assert r.status_code == 400 and "choose what this file is" in r.text
    r = _upload(web, "export.zip", b"not a zip at all")
    assert r.status_code == 400 and "not a readable zip file" in r.text
    r = _upload(web, "empty.vcf", b"")
    assert r.status_code == 400 and "the file is empty" in r.text
    r = _upload(web, "x.csv", b"foo,bar\n1,2\n", kind="google")
    assert r.status_code == 400
    assert dump(db_url) == before


def test_import_api(web: Web, kith) -> None:
    token = web.token()
    r = web.post(
        "/api/import/vcard", files={"file": ("people.vcf", VCARD)}, headers={"x-csrf-token": token}
    )
    assert r.status_code == 200
    body = r.json()
    assert body["contacts"]["new"] == 2 and body["kind"] == "vcard" and body["skipped"] == []
    r = web.post("/api/import/vcard", files={"file": ("people.vcf", VCARD)})
    assert r.status_code == 403  # a form post needs the token
    r = web.post(
        "/api/import/pigeon", files={"file": ("x.vcf", VCARD)}, headers={"x-csrf-token": token}
    )
    assert r.status_code == 400 and "unknown import kind" in r.json()["error"]["message"]
    assert "/api/import/{kind}" in web.get("/openapi.json").json()["paths"]


GOOGLE = (
    b"First Name,Middle Name,Last Name,Organization Name,E-mail 1 - Label,E-mail 1 - Value\n"
    b"Grace,,Hopper,US Navy,* Work,grace@navy.example\n"
)
# Outlook.com's export, as Excel in much of Europe saves it: semicolons.
OUTLOOK = (
    "First Name;Middle Name;Last Name;Company;E-mail Address\n"
    "Alan;;Turing;Bletchley Park;alan@bletchley.example\n"
).encode("utf-8-sig")


def test_recognise_it_reads_a_csv_by_its_header_whatever_its_name(web: Web, kith) -> None:
    """LinkedIn's Connections.csv, Google's and Outlook's CSVs are all .csv: "Recognise
    it" tells them apart by their header row, as the readers find it."""
    for name, data, who in (
        ("Connections.csv", CONNECTIONS, "Ada Lovelace"),
        ("contacts.csv", GOOGLE, "Grace Hopper"),
        ("export (1).CSV", OUTLOOK, "Alan Turing"),
    ):
        r = _upload(web, name, data, kind="auto")
        assert r.status_code == 200, r.text
        assert f"Imported {name}" in r.text and "<strong>1</strong> new" in r.text
        assert kith.ok("show", who, "--json").json()["name"] == who
    assert kith.ok("show", "Grace Hopper", "--json").json()["org"] == "US Navy"
    assert kith.ok("show", "Alan Turing", "--json").json()["emails"] == ["alan@bletchley.example"]


def test_a_linkedin_upload_is_named_as_uploaded_never_by_the_servers_temp_path(web: Web) -> None:
    """The skips and refusals of a LinkedIn upload name the file the user sent (and the
    zip's member), like every other format: the server's temporary folder means nothing
    to the user, is gone once the import ends, and is not the client's business."""
    r = _upload(web, "Connections.csv", CONNECTIONS, kind="linkedin")
    assert r.status_code == 200 and "Connections.csv" in r.text and "line 6" in r.text
    assert "kith-upload" not in r.text
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("Basic_LinkedInDataExport/Connections.csv", CONNECTIONS)
    api = web.post(
        "/api/import/linkedin",
        files={"file": ("export.zip", buf.getvalue())},
        headers={"x-csrf-token": web.token()},
    )
    assert api.status_code == 200, api.text
    assert [s["file"] for s in api.json()["skipped"]] == [
        "export.zip:Basic_LinkedInDataExport/Connections.csv"
    ]
    for name, data in (("export.zip", b"not a zip at all"), ("notes.csv", b"a,b\n1,2\n")):
        r = _upload(web, name, data, kind="linkedin")
        assert r.status_code == 400 and name in r.text and "kith-upload" not in r.text


ADA_ELSEWHERE = b"""BEGIN:VCARD\r
VERSION:3.0\r
FN:Ada Lovelace\r
N:Lovelace;Ada;;;\r
EMAIL:ada@home.example\r
ORG:Babbage Ltd\r
END:VCARD\r
"""


def test_the_summary_links_its_possible_duplicates_to_the_page_that_merges_them(
    web: Web, kith
) -> None:  # type: ignore[no-untyped-def]
    _upload(web, "Connections.csv", CONNECTIONS)
    r = _upload(web, "ada.vcf", ADA_ELSEWHERE)
    assert "1 possible duplicate kept apart" in r.text
    assert re.search(r'<a href="/dupes">[^<]+</a>', r.text)
    assert "Ada Lovelace" in web.page("/dupes").text
    # A preview's possible duplicates are not in the database: nothing to link to.
    third = ADA_ELSEWHERE.replace(b"Babbage", b"Other").replace(b"home", b"work")
    preview = _upload(web, "ada.vcf", third, dry_run="1")
    summary = preview.text.split('id="summary"')[1].split("</section>")[0]
    assert "possible duplicate" in summary and 'href="/dupes"' not in summary
