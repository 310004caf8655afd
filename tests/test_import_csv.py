"""kith import google / outlook: contact CSVs mapped by header name."""

from __future__ import annotations

from pathlib import Path

from conftest import dump
from importing_support import LOCAL, shared
from kithkin.formats import google_csv, outlook_csv


def test_google_current_layout():
    path = shared("google_outlook", "google_contacts_new_format_sample.csv")
    [rec] = google_csv.parse(path.read_bytes(), path.name).people
    assert rec.display_name == "(CPA) David M. Cole"
    assert rec.org == "David M. Cole CPA" and rec.title == "CPA"
    assert rec.phones == ["(407) 536-2033"]
    assert rec.location == "Orlando, US"  # from a multi-line quoted address group
    assert rec.notes == "$250 for 2017 taxes"
    assert rec.categories == []  # "* myContacts ::: * starred" are system labels


def test_google_legacy_layout_with_multi_value_cells():
    path = shared("google_outlook", "google_contacts_legacy_format_sample.csv")
    people = google_csv.parse(path.read_bytes(), path.name).people
    assert [p.display_name for p in people] == ["Имя Фамилия", "Name Surname"]
    cyr, latin = people
    assert cyr.birthday == "1990-01-01"
    assert latin.emails == ["email1@example.com", "email2@example.com"]
    assert latin.categories == ["Group name 1", "Group name 2"]


def test_google_values_joined_by_three_colons(tmp_path: Path):
    path = tmp_path / "g.csv"
    path.write_text(
        "First Name,Last Name,Labels,E-mail 1 - Label,E-mail 1 - Value,Birthday\n"
        'Ada,Lovelace,Friends ::: * starred,* Home,"ada@a.org ::: ada@b.org",--12-10\n'
    )
    [rec] = google_csv.parse(path.read_bytes(), "g.csv").people
    assert rec.emails == ["ada@a.org", "ada@b.org"]
    assert rec.categories == ["Friends"]
    assert rec.birthday == "--12-10"


def test_google_import_is_idempotent(kith):
    path = shared("google_outlook", "google_contacts_legacy_format_sample.csv")
    out = kith.ok("import", "google", str(path), "--json").json()
    assert out["contacts"]["new"] == 2
    before = dump(kith.url)
    again = kith.ok("import", "google", str(path), "--json").json()
    assert again["contacts"]["unchanged"] == 2
    assert dump(kith.url) == before


def test_outlook_desktop(kith):
    path = LOCAL / "outlook_desktop_country_region.csv"
    batch = outlook_csv.parse(path.read_bytes(), path.name)
    grace, alan = batch.people
    assert grace.name_prefix == "Dr." and grace.display_name == "Grace Hopper"
    assert grace.location == "Arlington, United States"
    assert grace.phones == ["+1 202 555 0143"]  # the fax is not a phone to call
    assert grace.emails == ["grace@example.org"]  # the Exchange address is not an email
    assert grace.birthday == "1906-12-09"
    assert grace.categories == ["Mentors", "VIP"]
    assert alan.birthday is None  # Outlook's "0/0/00"
    assert batch.skipped == []  # an all-blank row is no contact at all
    out = kith.ok("import", "outlook", str(path), "--json").json()
    assert out["contacts"]["new"] == 2
    shown = kith.ok("show", "grace@example.org", "--json").json()
    assert shown["org"] == "Navy Labs"
    assert shown["urls"][0]["kind"] == "linkedin"


def test_outlook_com_old_country_header_and_bom():
    path = LOCAL / "outlook_com_business_country.csv"
    [rec] = outlook_csv.parse(path.read_bytes(), path.name).people
    assert rec.location == "Hampton, USA"
    assert rec.org == "NASA" and rec.phones == ["(757) 555-0100"]


def test_wrong_kind_is_refused(kith):
    kith.ok("list")
    before = dump(kith.url)
    google = shared("google_outlook", "google_contacts_new_format_sample.csv")
    assert "not an Outlook contacts CSV" in kith.bad("import", "outlook", str(google)).stderr
    outlook = LOCAL / "outlook_desktop_country_region.csv"
    assert "not a Google Contacts CSV" in kith.bad("import", "google", str(outlook)).stderr
    assert dump(kith.url) == before


def test_similar_names_at_one_organization_with_their_own_addresses_stay_two_people(
    kith, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """Jon and John Smith at Acme, each with an address: two people, listed as a
    possible pair; a re-import changes nothing."""
    csv = tmp_path / "similar_names_own_addresses.csv"
    csv.write_text(
        "First Name,Last Name,Organization Name,E-mail 1 - Value\n"
        "Jon,Smith,Acme,jon@acme.example\n"
        "John,Smith,Acme,john@acme.example\n"
        "Anne,Lee,Acme,\n"
        "Ann,Lee,Acme,\n"
    )
    first = kith.ok("import", "google", str(csv), "--json").json()
    assert first["contacts"]["new"] == 3  # Ann and Anne Lee, with no address, are one
    names = {r["name"] for r in kith.ok("list", "--json").json()}
    assert {"Jon Smith", "John Smith"} <= names
    pairs = kith.ok("dupes", "--json").json()
    assert {(p["a"]["name"], p["b"]["name"]) for p in pairs} == {("Jon Smith", "John Smith")}
    again = kith.ok("import", "google", str(csv), "--json").json()
    assert again["contacts"]["new"] == 0


def test_an_address_book_fills_the_title_a_known_job_lacked(kith, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Google Contacts knew Lena at Initech without a title; Outlook says she is its
    CTO: an empty field is filled, as every source fills them ("fills empty fields"),
    not dropped; a title she already has is never overwritten by a card."""
    google = tmp_path / "google.csv"
    google.write_text(
        "First Name,Last Name,Organization Name,Organization Title,E-mail 1 - Value\n"
        "Lena,Müller,Initech GmbH,,lena@example.de\n"
        "Tom,Baker,Globex,VP Sales,tom@globex.example\n"
    )
    outlook = tmp_path / "outlook.csv"
    outlook.write_text(
        "First Name,Last Name,E-mail Address,Company,Job Title\n"
        "Lena,Müller,lena@example.de,Initech,CTO\n"
        "Tom,Baker,tom@globex.example,Globex,Sales Intern\n"
    )
    kith.ok("import", "google", str(google))
    out = kith.ok("import", "outlook", str(outlook), "--json").json()
    assert out["contacts"]["merged"] + out["contacts"]["updated"] >= 1
    lena = kith.ok("show", "lena@example.de", "--json").json()
    assert (lena["org"], lena["title"]) == ("Initech GmbH", "CTO")
    assert len(lena["positions"]) == 1
    tom = kith.ok("show", "tom@globex.example", "--json").json()
    assert tom["title"] == "VP Sales" and len(tom["positions"]) == 1
    before = dump(kith.url)
    kith.ok("import", "outlook", str(outlook))
    assert dump(kith.url) == before


# German desktop Outlook's "Exportieren → CSV": every header in German, all quoted,
# Windows-1252 (as Outlook writes it) or UTF-8 with its mark, "0.0.00" for no birthday.
OUTLOOK_DE_HEADER = (
    '"Anrede","Vorname","Weitere Vornamen","Nachname","Suffix","Firma","Abteilung","Position",'
    '"Straße geschäftlich","Straße geschäftlich 2","Straße geschäftlich 3","Ort geschäftlich",'
    '"Region geschäftlich","Postleitzahl geschäftlich","Land/Region geschäftlich",'
    '"Straße privat","Straße privat 2","Straße privat 3","Ort privat","Bundesland/Kanton privat",'
    '"Postleitzahl privat","Land/Region privat","Weitere Straße","Weitere Straße 2",'
    '"Weitere Straße 3","Weiterer Ort","Weiteres/r Bundesland/Kanton","Weitere Postleitzahl",'
    '"Weiteres/e Land/Region","Telefon Assistent","Fax geschäftlich","Telefon geschäftlich",'
    '"Telefon geschäftlich 2","Rückmeldung","Autotelefon","Telefon Firma","Fax privat",'
    '"Telefon privat","Telefon privat 2","ISDN","Mobiltelefon","Weiteres Fax","Weiteres Telefon",'
    '"Pager","Haupttelefon","Mobiltelefon 2","Telefon für Hörbehinderte","Telex",'
    '"Abrechnungsinformation","Benutzer 1","Benutzer 2","Benutzer 3","Benutzer 4","Beruf","Büro",'
    '"E-Mail-Adresse","E-Mail-Typ","E-Mail: Angezeigter Name","E-Mail 2: Adresse","E-Mail 2: Typ",'
    '"E-Mail 2: Angezeigter Name","E-Mail 3: Adresse","E-Mail 3: Typ",'
    '"E-Mail 3: Angezeigter Name","Empfohlen von","Geburtstag","Geschlecht","Hobby","Initialen",'
    '"Internet-Frei/Gebucht","Jahrestag","Kategorien","Kinder","Konto","Name Assistent",'
    '"Name des/der Vorgesetzten","Notizen","Organisationsnr.","Ort","Partner",'
    '"Postfach geschäftlich","Postfach privat","Priorität","Privat","Regierungsnr.",'
    '"Reisekilometer","Sprache","Stichwörter","Vertraulichkeit","Verzeichnisserver","Webseite",'
    '"Weiteres Postfach"'
)


def _outlook_de_rows() -> str:
    import csv
    import io

    cols = [c.strip('"') for c in OUTLOOK_DE_HEADER.split('","')]
    people = [
        {
            "Vorname": "Jürgen",
            "Nachname": "Groß",
            "Firma": "Müller & Söhne GmbH",
            "Position": "Geschäftsführer",
            "Ort geschäftlich": "München",
            "Land/Region geschäftlich": "Deutschland",
            "Telefon geschäftlich": "089 1234567",
            "Fax geschäftlich": "089 1234568",
            "Mobiltelefon": "+49 171 2345678",
            "E-Mail-Adresse": "juergen.gross@mueller-soehne.example",
            "E-Mail-Typ": "SMTP",
            "E-Mail: Angezeigter Name": "Jürgen Groß (juergen.gross@mueller-soehne.example)",
            "E-Mail 2: Adresse": "jg@privat.example",
            "Geburtstag": "15.4.1975",
            "Kategorien": "Kunden;Messe",
            "Notizen": "Kennt sich mit Öfen aus",
            "Webseite": "https://mueller-soehne.example",
            "Geschlecht": "Männlich",
            "Priorität": "Normal",
            "Privat": "Aus",
            "Vertraulichkeit": "Normal",
        },
        {
            "Vorname": "Zoë",
            "Nachname": "Löwe",
            "E-Mail-Adresse": "zoe@example.de",
            "Geburtstag": "0.0.00",
            "Geschlecht": "Nicht angegeben",
            "Priorität": "Normal",
            "Privat": "Aus",
            "Vertraulichkeit": "Normal",
        },
    ]
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(cols)
    for person in people:
        writer.writerow([person.get(c, "") for c in cols])
    return out.getvalue()


def test_outlook_german_headers_cp1252_and_utf8_bom(kith, tmp_path: Path) -> None:
    cp1252 = tmp_path / "Kontakte.CSV"
    cp1252.write_bytes(_outlook_de_rows().encode("cp1252"))
    out = kith.ok("import", "outlook", str(cp1252), "--encoding", "cp1252", "--json").json()
    assert (out["contacts"]["new"], out["skipped"]) == (2, [])
    shown = kith.ok("show", "juergen.gross@mueller-soehne.example", "--json").json()
    assert shown["name"] == "Jürgen Groß"
    assert (shown["org"], shown["title"]) == ("Müller & Söhne GmbH", "Geschäftsführer")
    assert shown["emails"] == ["juergen.gross@mueller-soehne.example", "jg@privat.example"]
    assert shown["phones"] == ["+49891234567", "+491712345678"]  # the fax is left out
    assert shown["birthday"] == "1975-04-15"
    assert sorted(shown["tags"]) == ["kunden", "messe"]
    assert shown["notes"] == "Kennt sich mit Öfen aus"
    assert shown["location"] == "München, Deutschland"
    zoe = kith.ok("show", "zoe@example.de", "--json").json()
    assert zoe["name"] == "Zoë Löwe" and zoe["birthday"] is None
    before = dump(kith.url)
    utf8 = tmp_path / "Kontakte-utf8.csv"
    utf8.write_bytes(b"\xef\xbb\xbf" + _outlook_de_rows().encode("utf-8"))
    again = kith.ok("import", "outlook", str(utf8), "--json").json()
    assert again["contacts"]["unchanged"] == 2
    assert dump(kith.url) == before


# French desktop Outlook's export: "Titre" is the name prefix (M., Mme), "Fonction" the
# job title ("Profession" is another, unmapped, column); dates are day first.
OUTLOOK_FR_COLUMNS = [
    "Titre", "Prénom", "Deuxième prénom", "Nom", "Suffixe", "Société", "Service", "Fonction",
    "Rue (bureau)", "Ville (bureau)", "Code postal (bureau)", "Pays/Région (bureau)",
    "Ville (domicile)", "Pays/Région (domicile)", "Télécopie (bureau)", "Téléphone (bureau)",
    "Téléphone (domicile)", "Tél. mobile", "Adresse de messagerie", "Type de messagerie",
    "Nom complet de l'adresse de messagerie", "Adresse de messagerie 2", "Anniversaire",
    "Catégories", "Notes", "Page Web", "Profession", "Sexe",
]  # fmt: skip


def _outlook_fr_rows() -> str:
    import csv
    import io

    people = [
        {
            "Titre": "Mme",
            "Prénom": "Hélène",
            "Nom": "Lefèvre",
            "Société": "Crédit Agricole",
            "Fonction": "Directrice financière",
            "Profession": "Économiste",
            "Ville (bureau)": "Paris",
            "Pays/Région (bureau)": "France",
            "Télécopie (bureau)": "01 42 14 20 01",
            "Téléphone (bureau)": "01 42 14 20 00",
            "Tél. mobile": "06 12 34 56 78",
            "Adresse de messagerie": "helene.lefevre@exemple.fr",
            "Type de messagerie": "SMTP",
            "Adresse de messagerie 2": "helene@maison.exemple",
            "Anniversaire": "03/04/1975",
            "Catégories": "Clients;Salon",
            "Notes": "Préfère le thé",
            "Sexe": "Féminin",
        },
        {"Prénom": "Noël", "Nom": "Dupré", "Adresse de messagerie": "noel@exemple.fr",
         "Anniversaire": "0/0/00", "Sexe": "Non spécifié"},
    ]  # fmt: skip
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(OUTLOOK_FR_COLUMNS)
    for person in people:
        writer.writerow([person.get(c, "") for c in OUTLOOK_FR_COLUMNS])
    return out.getvalue()


def test_outlook_french_headers_cp1252_and_utf8_bom(kith, tmp_path: Path) -> None:
    cp1252 = tmp_path / "Contacts.CSV"
    cp1252.write_bytes(_outlook_fr_rows().encode("cp1252"))
    out = kith.ok("import", "outlook", str(cp1252), "--encoding", "cp1252", "--json").json()
    assert (out["contacts"]["new"], out["skipped"]) == (2, [])
    shown = kith.ok("show", "helene.lefevre@exemple.fr", "--json").json()
    assert shown["name"] == "Hélène Lefèvre"
    assert (shown["org"], shown["title"]) == ("Crédit Agricole", "Directrice financière")
    assert shown["emails"] == ["helene.lefevre@exemple.fr", "helene@maison.exemple"]
    assert shown["phones"] == ["+33142142000", "+33612345678"]  # the fax is left out
    assert shown["birthday"] == "1975-04-03"  # 3 April: day first, as French Outlook writes
    assert sorted(shown["tags"]) == ["clients", "salon"]
    assert shown["notes"] == "Préfère le thé"
    assert shown["location"] == "Paris, France"
    noel = kith.ok("show", "noel@exemple.fr", "--json").json()
    assert noel["name"] == "Noël Dupré" and noel["birthday"] is None
    before = dump(kith.url)
    utf8 = tmp_path / "Contacts-utf8.csv"
    utf8.write_bytes(b"\xef\xbb\xbf" + _outlook_fr_rows().encode("utf-8"))
    again = kith.ok("import", "outlook", str(utf8), "--json").json()
    assert again["contacts"]["unchanged"] == 2
    assert dump(kith.url) == before


def test_outlook_french_title_is_the_prefix_not_the_job() -> None:
    [rec, _] = outlook_csv.parse(_outlook_fr_rows().encode("utf-8"), "Contacts.CSV").people
    assert (rec.name_prefix, rec.title) == ("Mme", "Directrice financière")
