"""The pages: what a person sees, and what each form does to the database."""

from __future__ import annotations

from conftest import dump
from webclient import Web


def test_home_goes_to_the_first_page(web: Web) -> None:
    r = web.get("/", follow_redirects=False)
    assert r.status_code == 302


def test_contacts_list_filters_and_sorts(web: Web, kith) -> None:
    kith.ok("add", "Zoe Zed", "--org", "Acme", "--tier", "close", "--tag", "design")
    kith.ok("add", "Adam Alpha", "--org", "Zenith", "--tier", "wide")
    kith.ok("add", "Mia Mid", "--org", "Acme")
    page = web.page("/contacts")
    assert page.status_code == 200
    assert "3 contacts" in page.text
    assert page.text.index("Adam Alpha") < page.text.index("Mia Mid") < page.text.index("Zoe Zed")
    by_org = web.page("/contacts?sort=org").text
    assert by_org.index("Mia Mid") < by_org.index("Zoe Zed") < by_org.index("Adam Alpha")
    by_tier = web.page("/contacts?sort=tier").text
    assert by_tier.index("Zoe Zed") < by_tier.index("Mia Mid") < by_tier.index("Adam Alpha")
    close = web.page("/contacts?tier=close").text
    assert "Zoe Zed" in close and "Adam Alpha" not in close
    acme = web.page("/contacts?org=acme").text
    assert "Zoe Zed" in acme and "Mia Mid" in acme and "Adam Alpha" not in acme
    tagged = web.page("/contacts?tag=design").text
    assert "1 contact" in tagged and "Zoe Zed" in tagged
    bad = web.page("/contacts?tier=royal")
    assert bad.status_code == 400 and "unknown tier" in bad.text


def test_search_as_you_type_returns_the_rows(web: Web, kith) -> None:
    kith.ok("add", "Ada Lovelace", "--note", "loves analytical engines")
    kith.ok("add", "Charles Babbage")
    r = web.page("/contacts?q=analyt&partial=1")
    assert r.status_code == 200
    assert "<html" not in r.text  # a fragment for the script to swap in
    assert "Ada Lovelace" in r.text and "Babbage" not in r.text
    assert "analytical" in r.text  # the snippet says why it matched
    full = web.page("/contacts?q=char")
    assert "Charles Babbage" in full.text and "Ada Lovelace" not in full.text
    assert 'value="char"' in full.text


def test_search_as_you_type_finds_a_company(web: Web, kith) -> None:
    kith.ok("add", "Monica Hall", "--org", "Raviga Capital", "--title", "Partner")
    kith.ok("add", "Jared Dunn")
    r = web.page("/contacts?q=ravig&partial=1")
    assert "Monica Hall" in r.text and "Jared Dunn" not in r.text
    assert "Partner at <mark>Raviga</mark> Capital" in r.text  # the snippet says why


def test_contact_page_shows_everything(web: Web, kith) -> None:
    kith.ok("job", "add", "me", "--org", "Initech", "--start", "2019-01-01", "--end", "2024-06-30")
    cid = kith.ok(
        "add",
        "Peter Gibbons",
        "--email",
        "peter@example.com",
        "--tag",
        "tps",
        "--org",
        "Initech",
        "--title",
        "Engineer",
    ).stdout.strip()
    kith.ok(
        "job",
        "add",
        cid,
        "--org",
        "Initech",
        "--title",
        "Analyst",
        "--start",
        "2018-01-01",
        "--end",
        "2023-01-01",
    )
    kith.ok("detail", cid, "hobby", "fishing")
    kith.ok("log", cid, "--kind", "thanks", "--date", "2026-01-10", "--note", "first note")
    kith.ok("log", cid, "--kind", "advice_ask", "--date", "2026-02-10", "--note", "second note")
    page = web.page(f"/contacts/{cid}")
    assert page.status_code == 200
    t = page.text
    assert "<h1>Peter Gibbons</h1>" in t
    assert "peter@example.com" in t and "#tps" in t and "fishing" in t
    assert "worked with you" in t
    assert t.index("second note") < t.index("first note")  # newest first
    assert "1 given · 1 asked · 0 neutral" in t
    assert 'action="/contacts/' + cid + '/log"' in t
    assert web.page("/contacts/999").status_code == 404


def test_log_form_adds_to_the_timeline(web: Web, kith) -> None:
    cid = kith.ok("add", "Ada Lovelace").stdout.strip()
    r = web.form(
        f"/contacts/{cid}/log",
        {
            "kind": "congrats",
            "channel": "call",
            "direction": "inbound",
            "date": "2026-05-04",
            "note": "new job!",
            "topics": "career, chess",
        },
    )
    assert r.status_code == 303
    assert r.headers["location"] == f"/contacts/{cid}?saved=log#timeline"
    page = web.page(r.headers["location"])
    assert "Logged. It is on the timeline." in page.text and "new job!" in page.text
    [i] = kith.ok("show", cid, "--json").json()["interactions"]
    assert (i["kind"], i["channel"], i["direction"], i["date"], i["topics"]) == (
        "congrats",
        "call",
        "inbound",
        "2026-05-04",
        ["career", "chess"],
    )


def test_refused_form_keeps_what_was_typed_and_writes_nothing(web: Web, kith, db_url: str) -> None:
    cid = kith.ok("add", "Ada Lovelace").stdout.strip()
    before = dump(db_url)
    r = web.form(
        f"/contacts/{cid}/log", {"kind": "checkin", "date": "31/12/2026", "note": "keep me"}
    )
    assert r.status_code == 400
    assert "invalid date" in r.text and "keep me" in r.text
    r = web.form(f"/contacts/{cid}/edit", {"name": "Ada", "add_email": "nope", "tier": "close"})
    assert r.status_code == 400 and "invalid email" in r.text
    r = web.form(
        f"/contacts/{cid}/positions", {"org": "Acme", "start": "2020-01-01", "end": "2019-01-01"}
    )
    assert r.status_code == 400 and "before start date" in r.text
    assert dump(db_url) == before


def test_edit_form(web: Web, kith) -> None:
    cid = kith.ok("add", "Ada Lovelace").stdout.strip()
    r = web.form(
        f"/contacts/{cid}/edit",
        {
            "name": "Ada King",
            "tier": "close",
            "cadence": "45",
            "channel": "call",
            "org": "Analytical Society",
            "title": "Countess",
            "add_email": "ada@example.com",
            "add_tags": "math, poetry",
            "notes": "met at a salon",
            "min_interval": "14",
            "professional_only": "1",
        },
    )
    assert r.status_code == 303
    d = kith.ok("show", cid, "--json").json()
    assert d["name"] == "Ada King" and d["tier"] == "close" and d["cadence_days"] == 45
    assert d["emails"] == ["ada@example.com"] and d["tags"] == ["math", "poetry"]
    assert d["org"] == "Analytical Society" and d["title"] == "Countess"
    assert d["boundaries"]["min_interval_days"] == 14
    assert d["boundaries"]["professional_only"] is True
    assert d["boundaries"]["do_not_contact"] is False
    assert d["notes"] == "met at a salon"


def test_edit_form_refusal_names_fields_not_cli_flags(web: Web, kith) -> None:
    """A refusal is in words the form uses, not `--cadence`; a title without an
    organization is no refusal (a title held at none is kept)."""
    cid = kith.ok("add", "Ada Lovelace").stdout.strip()
    r = web.form(f"/contacts/{cid}/edit", {"name": "Ada Lovelace", "cadence": "-3"})
    assert r.status_code == 400
    alert = r.text.split('role="alert"')[1].split("</p>")[0]
    assert "cadence" in alert and "--" not in alert
    assert 'value="-3"' in r.text  # what was typed is kept
    r = web.form(f"/contacts/{cid}/edit", {"name": "Ada Lovelace", "title": "Countess"})
    assert r.status_code == 303
    assert kith.ok("show", cid, "--json").json()["title"] == "Countess"


def test_add_contact_page(web: Web, kith, db_url: str) -> None:
    assert "Add a contact" in web.page("/contacts/new").text
    r = web.form(
        "/contacts",
        {
            "name": "Grace Hopper",
            "email": "grace@example.com",
            "org": "Navy",
            "title": "Admiral",
            "tier": "close",
            "tags": "mentor",
        },
    )
    assert r.status_code == 303
    cid = r.headers["location"].split("/")[2].split("?")[0]
    d = kith.ok("show", cid, "--json").json()
    assert (d["name"], d["org"], d["tier"], d["tags"]) == (
        "Grace Hopper",
        "Navy",
        "close",
        ["mentor"],
    )
    before = dump(db_url)
    r = web.form("/contacts", {"name": "Other", "email": "grace@example.com"})
    assert r.status_code == 409 and "already belongs to Grace Hopper" in r.text
    assert 'value="Other"' in r.text
    assert dump(db_url) == before


def test_detail_position_tie_and_delete(web: Web, kith) -> None:
    cid = kith.ok("add", "Ada Lovelace").stdout.strip()
    assert (
        web.form(
            f"/contacts/{cid}/details", {"category": "family", "fact": "daughter Annabella"}
        ).status_code
        == 303
    )
    assert (
        web.form(
            f"/contacts/{cid}/positions", {"org": "Acme", "title": "CTO", "start": "2020-01-01"}
        ).status_code
        == 303
    )
    assert web.form(f"/contacts/{cid}/tie", {"type": "mentor"}).status_code == 303
    d = kith.ok("show", cid, "--json").json()
    assert d["personal_details"][0]["fact"] == "daughter Annabella"
    assert d["positions"][0]["org"] == "Acme"
    assert d["relationships"][0]["type"] == "mentor"
    r = web.form(f"/contacts/{cid}/delete", {})
    assert r.status_code == 303 and r.headers["location"] == "/contacts?saved=removed"
    assert kith("show", cid).exit_code == 2


def test_pages_are_accessible_basics(web: Web, kith) -> None:
    """Every control has a label, the page has a language, a main landmark and one h1."""
    import re

    cid = kith.ok("add", "Ada Lovelace").stdout.strip()
    for url in ("/contacts", f"/contacts/{cid}", "/contacts/new"):
        html = web.page(url).text
        assert '<html lang="en">' in html and '<main id="main"' in html
        assert html.count("<h1") == 1, url
        ids = set(re.findall(r'<label for="([^"]+)"', html))
        for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", html):
            if 'type="hidden"' in tag or 'type="radio"' in tag or 'type="checkbox"' in tag:
                continue
            found = re.search(r'id="([^"]+)"', tag)
            assert found and found.group(1) in ids, (url, tag)
