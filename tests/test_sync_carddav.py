"""kith source add carddav + kith sync, two ways, against a real Radicale on loopback
(and Xandikos, when installed): what a user sees in kithkin and on the phone's cards."""

from __future__ import annotations

import sync_servers
from conftest import dump

radicale = sync_servers.radicale  # the fixtures
xandikos = sync_servers.xandikos

DAY = "2026-03-20"

# A card as an iPhone writes it: grouped labels, a photo, an address, X- properties.
ANN = (
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "PRODID:-//Apple Inc.//iPhone OS 18.1//EN\r\n"
    "N:Lee;Ann;;;\r\n"
    "FN:Ann Lee\r\n"
    "ORG:Acme;\r\n"
    "TITLE:Engineer\r\n"
    "item1.EMAIL;type=INTERNET;type=pref:ann@example.com\r\n"
    "item1.X-ABLabel:_$!<Other>!$_\r\n"
    "TEL;type=CELL;type=VOICE;type=pref:+1 415 555 0100\r\n"
    "item2.ADR;type=HOME;type=pref:;;1 Main St;Springfield;IL;62701;USA\r\n"
    "item2.X-ABADR:us\r\n"
    "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkS\r\n"
    " Ew8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/wAALCAABAAEBAREA\r\n"
    "X-SOCIALPROFILE;type=twitter:https://twitter.com/annlee\r\n"
    "X-ACME-UNKNOWN;x-param=1:kept as it is\r\n"
    "UID:ann-0001\r\n"
    "END:VCARD\r\n"
)
BEN = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Ng;Ben;;;\r\nFN:Ben Ng\r\n"
    "EMAIL;TYPE=INTERNET:ben@example.org\r\nUID:ben-0002\r\nEND:VCARD\r\n"
)
# A card with nothing to know the person by: no name, no email, no organization.
NOBODY = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:\r\nNOTE:call back\r\nUID:x-3\r\nEND:VCARD\r\n"


def _add(kith, server, tmp_path, *extra: str) -> None:
    secret = tmp_path / "dav-password"
    secret.write_text(server.password)
    secret.chmod(0o600)
    kith.ok("source", "add", "carddav", f"{server.base}/{server.user}/", "--user", server.user,
            "--name", "phone", "--password-file", str(secret), *extra)  # fmt: skip


def _line(run) -> str:
    return run.stdout.strip()


def _show(kith, ref: str) -> dict:
    return kith.ok("show", ref, "--json").json()


def test_first_pull_then_edits_both_ways(kith, radicale, tmp_path):
    book = radicale.addressbook("contacts", "Contacts")
    radicale.put_card(f"{book}ann.vcf", ANN)
    radicale.put_card(f"{book}ben.vcf", BEN)
    kith.ok("add", "Ben Ng", "--email", "ben@example.org", "--org", "Initech")
    _add(kith, radicale, tmp_path)
    assert f"address book Contacts ({book})" in kith.ok("source", "test", "phone").stdout

    first = kith.ok("sync", as_of=DAY)
    assert _line(first) == (
        "carddav phone: 2 cards read, 1 contact added, 0 updated, 1 unchanged, 0 cards written, "
        "0 conflicts"
    )
    ann = _show(kith, "ann@example.com")
    assert ann["name"] == "Ann Lee"
    # Ben was known by his address: one contact, nothing written to his card
    assert len(kith.ok("list", "--json", "--tier", "regular").json()) == 1

    same = kith.ok("sync", as_of=DAY)
    assert _line(same) == (
        "carddav phone: 0 cards read, 0 contacts added, 0 updated, 0 cards written, 0 conflicts"
    )

    # edited on the phone: a new title, a second address
    radicale.put_card(f"{book}ann.vcf", ANN.replace("TITLE:Engineer", "TITLE:Staff Engineer")
                      .replace("UID:", "EMAIL:ann@home.example\r\nUID:"))  # fmt: skip
    pulled = kith.ok("sync", as_of=DAY)
    assert _line(pulled) == (
        "carddav phone: 1 card read, 0 contacts added, 1 updated, 0 cards written, 0 conflicts"
    )
    ann = _show(kith, "ann@example.com")
    assert ann["title"] == "Staff Engineer"
    assert sorted(ann["emails"]) == ["ann@example.com", "ann@home.example"]

    # edited in kithkin: a new phone number and a new organization go to her card,
    # and everything kithkin does not manage stays on it as the phone wrote it
    kith.ok("edit", "ann@example.com", "--phone", "+44 20 7946 0000", "--org", "Globex",
            "--title", "CTO")  # fmt: skip
    pushed = kith.ok("sync", as_of=DAY)
    assert _line(pushed) == (
        "carddav phone: 0 cards read, 0 contacts added, 0 updated, 1 card written, 0 conflicts"
    )
    card = radicale.get(f"{book}ann.vcf")  # as Radicale keeps it (it writes cards anew)
    for kept in ("ORG:Globex\r\n", "TITLE:CTO\r\n", "TEL:+44 20 7946 0000\r\n",
                 "TEL;TYPE=CELL,VOICE,pref:+1 415 555 0100\r\n",
                 "item1.EMAIL;TYPE=INTERNET,pref:ann@example.com\r\n",
                 "item1.X-ABLABEL:_$!<Other>!$_\r\n", "item2.X-ABADR:us\r\n",
                 "item2.ADR;TYPE=HOME,pref:;;1 Main St;Springfield;IL;62701;USA\r\n",
                 "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkS",
                 "X-SOCIALPROFILE;TYPE=twitter:https://twitter.com/annlee\r\n",
                 "X-ACME-UNKNOWN;X-PARAM=1:kept as it is\r\n", "UID:ann-0001\r\n"):  # fmt: skip
        assert kept in card
    assert "Engineer" not in card and "Acme" not in card
    # what kithkin wrote, it does not read back as a change
    again = kith.ok("sync", as_of=DAY)
    assert _line(again).startswith(
        "carddav phone: 0 cards read, 0 contacts added, 0 updated, 0 cards"
    )


def test_a_field_changed_on_both_sides_the_address_book_wins(kith, radicale, tmp_path):
    book = radicale.addressbook("contacts", "Contacts")
    radicale.put_card(f"{book}ann.vcf", ANN)
    _add(kith, radicale, tmp_path)
    kith.ok("sync", as_of=DAY)
    radicale.put_card(f"{book}ann.vcf", ANN.replace("TITLE:Engineer", "TITLE:Principal"))
    kith.ok("edit", "ann@example.com", "--org", "Acme", "--title", "Manager", "--phone",
            "+44 20 7946 0000")  # fmt: skip
    both = kith.ok("sync", as_of=DAY)
    assert _line(both) == (
        "carddav phone: 1 card read, 0 contacts added, 1 updated, 1 card written, 1 conflict"
    )
    assert _show(kith, "ann@example.com")["title"] == "Principal"
    card = radicale.get(f"{book}ann.vcf")
    assert "TITLE:Principal\r\n" in card  # the phone's title stays
    assert "TEL:+44 20 7946 0000\r\n" in card  # kithkin's new number joins it


def test_deleted_on_either_side(kith, radicale, tmp_path):
    book = radicale.addressbook("contacts", "Contacts")
    radicale.put_card(f"{book}ann.vcf", ANN)
    radicale.put_card(f"{book}ben.vcf", BEN)
    _add(kith, radicale, tmp_path)
    kith.ok("sync", as_of=DAY)
    kith.ok("log", "ann@example.com", "--channel", "call", "--note", "caught up", as_of=DAY)

    # deleted on the phone: the contact and its history stay, unlinked
    radicale.delete(f"{book}ann.vcf")
    gone = kith.ok("sync", as_of=DAY)
    assert _line(gone) == (
        "carddav phone: 0 cards read, 0 contacts added, 0 updated, 0 cards written, "
        "0 conflicts, 1 card deleted on the server (unlinked)"
    )
    assert len(_show(kith, "ann@example.com")["interactions"]) == 1

    # deleted in kithkin: the card stays on the phone, and kithkin stops following it
    kith.ok("rm", "ben@example.org", "--yes")
    kith.ok("sync", as_of=DAY)
    assert "FN:Ben Ng" in radicale.get(f"{book}ben.vcf")
    radicale.put_card(f"{book}ben.vcf", BEN.replace("FN:Ben Ng", "FN:Benjamin Ng"))
    after = kith.ok("sync", as_of=DAY)
    assert " 0 contacts added" in _line(after)
    assert kith("show", "ben@example.org").exit_code != 0


def test_an_email_removed_on_the_phone_goes_and_one_added_in_kithkin_stays(
    kith, radicale, tmp_path
):
    book = radicale.addressbook("contacts", "Contacts")
    radicale.put_card(f"{book}ann.vcf", ANN.replace("UID:", "EMAIL:ann@old.example\r\nUID:"))
    _add(kith, radicale, tmp_path)
    kith.ok("sync", as_of=DAY)
    kith.ok("log", "ann@old.example", "--channel", "email", "--note", "old thread", as_of=DAY)
    radicale.put_card(f"{book}ann.vcf", ANN)  # the old address removed on the phone
    kith.ok("edit", "ann@example.com", "--email", "ann@work.example")  # one added here
    run = kith.ok("sync", "--json", as_of=DAY)
    (out,) = run.json()
    assert (out["read"], out["updated"], out["written"], out["conflicts"]) == (1, 1, 1, 0)
    assert out["summary"] == (
        "carddav phone: 1 card read, 0 contacts added, 1 updated, 1 card written, 0 conflicts"
    )
    ann = _show(kith, "ann@example.com")
    assert sorted(ann["emails"]) == ["ann@example.com", "ann@work.example"]
    assert len(ann["interactions"]) == 1  # the history stays
    card = radicale.get(f"{book}ann.vcf")
    assert "EMAIL:ann@work.example" in card and "ann@old.example" not in card


def test_a_card_changed_on_the_phone_while_kithkin_writes_is_never_overwritten(
    kith, radicale, tmp_path, monkeypatch
):
    """The phone saves the card between kithkin's read and its PUT: the server answers
    412, kithkin writes nothing over it, and the next sync merges the phone's edit."""
    from kithkin.remote.carddav import CardDav

    book = radicale.addressbook("contacts", "Contacts")
    radicale.put_card(f"{book}ann.vcf", ANN)
    _add(kith, radicale, tmp_path)
    kith.ok("sync", as_of=DAY)
    kith.ok("edit", "ann@example.com", "--phone", "+44 20 7946 0000")
    write = CardDav.write

    def phone_saves_first(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        radicale.put_card(f"{book}ann.vcf", ANN.replace("FN:Ann Lee", "FN:Annie Lee"))
        return write(self, *args, **kwargs)

    monkeypatch.setattr(CardDav, "write", phone_saves_first)
    raced = kith.ok("sync", as_of=DAY)
    assert _line(raced) == (
        "carddav phone: 0 cards read, 0 contacts added, 0 updated, 0 cards written, "
        "0 conflicts, 1 card changed on the server meanwhile (merged again next sync)"
    )
    assert "FN:Annie Lee" in radicale.get(f"{book}ann.vcf")
    monkeypatch.setattr(CardDav, "write", write)
    merged = kith.ok("sync", as_of=DAY)
    assert _line(merged) == (
        "carddav phone: 1 card read, 0 contacts added, 1 updated, 1 card written, 0 conflicts"
    )
    card = radicale.get(f"{book}ann.vcf")
    assert "FN:Annie Lee" in card and "TEL:+44 20 7946 0000" in card
    assert _show(kith, "ann@example.com")["name"] == "Annie Lee"


def test_malformed_card_skipped_wrong_password_and_dead_server_write_nothing(
    kith, radicale, tmp_path, monkeypatch
):
    book = radicale.addressbook("contacts", "Contacts")
    radicale.put_card(f"{book}ann.vcf", ANN)
    radicale.put_card(f"{book}nobody.vcf", NOBODY)
    _add(kith, radicale, tmp_path)
    skipped = kith.ok("sync", as_of=DAY)
    assert _line(skipped) == (
        "carddav phone: 2 cards read, 1 contact added, 0 updated, 0 cards written, "
        "0 conflicts, 1 skipped (no name, email or organization)"
    )
    kith.ok("edit", "ann@example.com", "--title", "CTO", "--org", "Acme")
    monkeypatch.setenv("KITH_TEST_DAV_PW", "nope")
    kith.ok("source", "add", "carddav", f"{radicale.base}/me/", "--user", "me", "--name", "typo",
            "--password-env", "KITH_TEST_DAV_PW")  # fmt: skip
    before = dump(kith.url)
    wrong = kith.bad("sync", "typo", as_of=DAY)
    assert wrong.stderr.strip() == (
        "error: carddav typo: the server refused the user name or password (HTTP 401)"
    )
    radicale.stop()
    dead = kith("sync", "phone", as_of=DAY)
    assert dead.exit_code == 1
    assert dead.stderr.strip().startswith("error: carddav phone: cannot reach 127.0.0.1")
    assert dump(kith.url) == before


def test_an_untrusted_certificate_is_one_line_and_ca_file_trusts_it(kith, tmp_path):
    server = sync_servers.Radicale(tmp_path, tls=True)
    try:
        _add(kith, server, tmp_path)
        kith.ok("source", "add", "carddav", f"{server.base}/me/", "--user", "me", "--name",
                "trusted", "--password-file", str(tmp_path / "dav-password"), "--ca-file",
                str(server.cert))  # fmt: skip
        before = dump(kith.url)
        refused = kith.bad("sync", "phone", as_of=DAY)
        assert refused.stderr.strip().startswith(
            "error: carddav phone: localhost failed the TLS check ("
        )
        assert refused.stderr.strip().endswith(
            "if you trust its certificate, name it with --ca-file"
        )
        assert dump(kith.url) == before
        book = server.addressbook("contacts", "Contacts")
        server.put_card(f"{book}ann.vcf", ANN)
        trusted = kith.ok("sync", "trusted", as_of=DAY)
        assert _line(trusted) == (
            "carddav trusted: 1 card read, 1 contact added, 0 updated, 0 cards written, 0 conflicts"
        )
    finally:
        server.stop()


def test_push_tier_gives_close_contacts_a_card_and_nobody_else(kith, radicale, tmp_path):
    book = radicale.addressbook("contacts", "Contacts")
    kith.ok("add", "Cara Diaz", "--email", "cara@example.com", "--tier", "close",
            "--phone", "+1 415 555 0199")  # fmt: skip
    kith.ok("add", "Dan Wu", "--email", "dan@example.com", "--tier", "wide")
    refused = kith.bad("source", "add", "carddav", f"{radicale.base}/me/", "--user", "me",
                       "--push-tier", "none")  # fmt: skip
    assert "--push-tier none would put everyone kithkin does not track" in refused.stderr
    _add(kith, radicale, tmp_path, "--push-tier", "close")
    first = kith.ok("sync", as_of=DAY)
    assert _line(first) == (
        "carddav phone: 0 cards read, 0 contacts added, 0 updated, 1 card written, 0 conflicts"
    )
    (href,) = radicale_listing(radicale, book)
    card = radicale.get(href)
    assert "FN:Cara Diaz" in card and "EMAIL:cara@example.com" in card
    assert "TEL:+1 415 555 0199" in card
    again = kith.ok("sync", as_of=DAY)
    assert " 0 cards written" in _line(again)


def radicale_listing(server, book: str) -> list[str]:
    """The hrefs of the cards in ``book``."""
    import re

    from kithkin.core.sync.config import SourceConfig
    from kithkin.remote.carddav import CardDav

    dav = CardDav(SourceConfig(0, "t", "carddav", server.base + book,
                               {"user": server.user}), server.password)  # fmt: skip
    try:
        listed = dav.delta(book, None, {})
    finally:
        dav.close()
    return [h for h in listed.changed if re.search(r"\.vcf$", h)]


def test_xandikos_keeps_what_kithkin_does_not_manage_byte_for_byte(kith, xandikos):
    """Xandikos stores a card as it was sent: every line kithkin does not manage is the
    phone's own, folds, parameters and order included."""
    book = xandikos.book
    xandikos.put_card(f"{book}ann.vcf", ANN)
    kith.ok("source", "add", "carddav", f"{xandikos.base}/", "--name", "phone")
    first = kith.ok("sync", as_of=DAY)
    assert _line(first) == (
        "carddav phone: 1 card read, 1 contact added, 0 updated, 0 cards written, 0 conflicts"
    )
    kith.ok("edit", "ann@example.com", "--org", "Globex", "--title", "CTO")
    pushed = kith.ok("sync", as_of=DAY)
    assert _line(pushed) == (
        "carddav phone: 0 cards read, 0 contacts added, 0 updated, 1 card written, 0 conflicts"
    )
    card = xandikos.get(f"{book}ann.vcf")
    assert card == ANN.replace("ORG:Acme;\r\n", "ORG:Globex\r\n").replace(
        "TITLE:Engineer", "TITLE:CTO"
    )
    # the phone edits the card; kithkin reads its change through the sync-token
    xandikos.put_card(f"{book}ann.vcf", card.replace("FN:Ann Lee", "FN:Ann B. Lee"))
    pulled = kith.ok("sync", as_of=DAY)
    assert _line(pulled) == (
        "carddav phone: 1 card read, 0 contacts added, 1 updated, 0 cards written, 0 conflicts"
    )
    assert _show(kith, "ann@example.com")["name"] == "Ann B. Lee"


def test_the_card_editor_changes_only_the_changed_fields():
    from kithkin.core.sync.cardfields import email_key_of, phone_key
    from kithkin.formats.vcard_edit import edit

    def phone(raw: str) -> str | None:
        return phone_key(raw, None)

    changes = {
        "given": "Anne",
        "emails": {"ann@example.com": "ann@example.com", "a@new.example": "a@new.example"},
        "phones": {"+442079460000": "+44 20 7946 0000"},
        "birthday": "--04-15",
    }
    out = edit(ANN, changes, email_key_of, phone)
    assert out == ANN.replace("N:Lee;Ann;;;", "N:Lee;Anne;;;").replace(
        "TEL;type=CELL;type=VOICE;type=pref:+1 415 555 0100\r\n", ""
    ).replace(
        "END:VCARD", "BDAY:--04-15\r\nEMAIL:a@new.example\r\nTEL:+44 20 7946 0000\r\nEND:VCARD"
    )
    # an email that goes takes its Apple label (same group) with it
    gone = edit(ANN, {"emails": {}}, email_key_of, phone)
    assert "item1." not in gone and "item2.X-ABADR:us" in gone


def test_a_card_vobject_cannot_read_is_a_skip_with_its_reason_not_a_failure():
    from kithkin.core.sync.config import SourceConfig
    from kithkin.remote.carddav import CardDav

    dav = CardDav(SourceConfig(1, "phone", "carddav", "https://dav.example.org/me/", {}), None)
    broken = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:X\r\nBEGIN:VEVENT\r\nEND:VCARD\r\n"
    item = dav._item("/me/contacts/x.vcf", '"1"', broken)
    assert item.record is None
    assert item.problem == "unreadable card (VEVENT component wasn't closed)"
    assert dav._item("/me/contacts/b.vcf", '"2"', BEN).record is not None


def test_a_title_without_an_organization_goes_both_ways(kith, radicale, tmp_path):
    """A freelancer's card (a title, no ORG) keeps its title in kithkin, and a title
    held at no organization in kithkin reaches the card without an ORG."""
    book = radicale.addressbook("contacts", "Contacts")
    solo = BEN.replace("UID:", "TITLE:Independent Consultant\r\nUID:")
    radicale.put_card(f"{book}ben.vcf", solo)
    _add(kith, radicale, tmp_path)
    kith.ok("sync", as_of=DAY)
    ben = _show(kith, "ben@example.org")
    assert (ben["org"], ben["title"]) == (None, "Independent Consultant")
    kith.ok("edit", "ben@example.org", "--title", "Fractional CTO")
    assert _line(kith.ok("sync", as_of=DAY)) == (
        "carddav phone: 0 cards read, 0 contacts added, 0 updated, 1 card written, 0 conflicts"
    )
    card = radicale.get(f"{book}ben.vcf")
    assert "TITLE:Fractional CTO\r\n" in card
    assert "ORG" not in card


def test_a_contact_renamed_in_kithkin_keeps_its_cards_nickname(kith, radicale, tmp_path):
    # The trial's 3,000 cards: José renamed in kithkin lost the NICKNAME his phone
    # card had, on the card too (a rename re-split the name and emptied the nickname).
    book = radicale.addressbook("contacts", "Contacts")
    radicale.put_card(f"{book}ben.vcf", BEN.replace("UID:", "NICKNAME:Benny\r\nUID:"))
    _add(kith, radicale, tmp_path)
    kith.ok("sync", as_of=DAY)
    kith.ok("edit", "ben@example.org", "--name", "Benjamin Ng")
    pushed = kith.ok("sync", as_of=DAY)
    assert _line(pushed) == (
        "carddav phone: 0 cards read, 0 contacts added, 0 updated, 1 card written, 0 conflicts"
    )
    card = radicale.get(f"{book}ben.vcf")
    assert "FN:Benjamin Ng\r\n" in card and "NICKNAME:Benny\r\n" in card
    again = kith.ok("sync", as_of=DAY)  # both sides agree: nothing to write
    assert _line(again) == (
        "carddav phone: 0 cards read, 0 contacts added, 0 updated, 0 cards written, 0 conflicts"
    )
    # a new name that says a nickname of its own still sets it
    kith.ok("edit", "ben@example.org", "--name", 'Benjamin "Benji" Ng')
    kith.ok("sync", as_of=DAY)
    assert "NICKNAME:Benji\r\n" in radicale.get(f"{book}ben.vcf")


def test_an_organization_and_its_title_travel_together(kith, radicale, tmp_path):
    # The trial: a card saying CEO at Globex met a LinkedIn contact, Director at
    # LinkedCo (nothing is overwritten at a first meeting). A new title typed in
    # kithkin then reached the card alone: the phone said 'VP Sales at Globex', a job
    # nobody held; a title changed on the phone landed at LinkedCo the same way.
    book = radicale.addressbook("contacts", "Contacts")
    radicale.put_card(f"{book}ann.vcf", ANN)  # Engineer at Acme
    radicale.put_card(f"{book}ben.vcf", BEN.replace("UID:", "ORG:Acme;\r\nTITLE:Engineer\r\nUID:"))
    kith.ok(
        "add", "Ann Lee", "--email", "ann@example.com", "--org", "Initech", "--title", "Director"
    )
    kith.ok(
        "add", "Ben Ng", "--email", "ben@example.org", "--org", "Initech", "--title", "Director"
    )
    _add(kith, radicale, tmp_path)
    kith.ok("sync", as_of=DAY)

    kith.ok("edit", "ben@example.org", "--title", "VP Sales")
    radicale.put_card(f"{book}ann.vcf", ANN.replace("TITLE:Engineer", "TITLE:Staff Engineer"))
    synced = kith.ok("sync", as_of=DAY)
    assert _line(synced) == (
        "carddav phone: 1 card read, 0 contacts added, 1 updated, 1 card written, 0 conflicts"
    )
    ben = radicale.get(f"{book}ben.vcf")
    assert "ORG:Initech\r\n" in ben and "TITLE:VP Sales\r\n" in ben and "Acme" not in ben
    ann = _show(kith, "ann@example.com")
    assert (ann["org"], ann["title"]) == ("Acme", "Staff Engineer")
    found = kith.ok("search", "staff engineer acme", "--json", as_of=DAY).json()
    assert [(h["name"], h["kind"]) for h in found] == [("Ann Lee", "position")]  # as synced
    again = kith.ok("sync", as_of=DAY)
    assert _line(again) == (
        "carddav phone: 0 cards read, 0 contacts added, 0 updated, 0 cards written, 0 conflicts"
    )


def test_the_duplicate_card_left_after_the_other_is_deleted_is_followed(kith, radicale, tmp_path):
    # The trial's duplicates: two cards of one person (same address) are one contact,
    # followed through the first card. The user deletes that one on the phone and keeps
    # the other: it was left alone for ever, as if the contact had been deleted.
    book = radicale.addressbook("contacts", "Contacts")
    radicale.put_card(f"{book}ben.vcf", BEN)
    radicale.put_card(f"{book}ben2.vcf", BEN.replace("ben-0002", "ben-copy"))
    _add(kith, radicale, tmp_path)
    kith.ok("sync", as_of=DAY)
    radicale.delete(f"{book}ben.vcf")
    kith.ok("sync", as_of=DAY)
    kith.ok("edit", "ben@example.org", "--title", "Pilot")
    kith.ok("sync", as_of=DAY)
    assert "TITLE:Pilot\r\n" in radicale.get(f"{book}ben2.vcf")
    radicale.put_card(f"{book}ben2.vcf", BEN.replace("ben-0002", "ben-copy").replace(
        "UID:", "TITLE:Captain\r\nUID:"))  # fmt: skip
    kith.ok("sync", as_of=DAY)
    assert _show(kith, "ben@example.org")["title"] == "Captain"
    assert len(kith.ok("list", "--json").json()) == 1
    # the contact deleted in kithkin: neither card brings it back, changed or not
    kith.ok("rm", "ben@example.org", "--yes")
    radicale.put_card(f"{book}ben2.vcf", BEN.replace("ben-0002", "ben-copy"))
    kith.ok("sync", as_of=DAY)
    assert kith.ok("list", "--json").json() == []


# What a phone's address book is full of: a name and a number, no email.
MUM = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:;Mum;;;\r\nFN:Mum\r\n"
    "TEL;TYPE=CELL:+44 7700 900123\r\nUID:mum-0004\r\nEND:VCARD\r\n"
)


def test_a_card_with_a_name_and_a_phone_but_no_email_syncs_both_ways(kith, radicale, tmp_path):
    book = radicale.addressbook("contacts", "Contacts")
    radicale.put_card(f"{book}mum.vcf", MUM)
    _add(kith, radicale, tmp_path)
    first = kith.ok("sync", as_of=DAY)
    assert "1 card read, 1 contact added" in _line(first)
    assert _show(kith, "Mum")["phones"] == ["+447700900123"]
    again = kith.ok("sync", as_of=DAY)
    assert _line(again).startswith("carddav phone: 0 cards read, 0 contacts added, 0 updated")
    # a second number typed in kithkin goes to her card; one added on the phone comes back
    kith.ok("edit", "Mum", "--phone", "+44 20 7946 0001")
    assert "1 card written" in _line(kith.ok("sync", as_of=DAY))
    card = radicale.get(f"{book}mum.vcf")
    assert "TEL:+44 20 7946 0001\r\n" in card and "+44 7700 900123" in card
    radicale.put_card(
        f"{book}mum.vcf", card.replace("END:VCARD", "TEL:+44 7700 900999\r\nEND:VCARD")
    )
    assert "1 updated" in _line(kith.ok("sync", as_of=DAY))
    assert "+447700900999" in _show(kith, "Mum")["phones"]
    assert len(kith.ok("list", "--json").json()) == 1
