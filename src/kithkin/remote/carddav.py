"""A CardDAV server (Nextcloud, Fastmail, iCloud, Radicale, Xandikos...): the WebDAV of
:mod:`kithkin.remote.caldav` with CardDAV's words (RFC 6352).

- The address books: the URL itself when it is one, else its address book children,
  else the ones found from the user's principal (``current-user-principal`` ->
  ``addressbook-home-set``), on another host too (iCloud's ``pNN-contacts.icloud.com``).
- What changed: ``sync-collection`` from the stored sync-token, else ETags compared
  (the same code as calendars).
- The cards: ``addressbook-multiget``, a batch of hrefs per request, never one GET
  per card; each read by the vCard importer's reader (:mod:`kithkin.formats.vcard`).
- Writing: ``PUT`` of the card as read with the changed fields edited in
  (:mod:`kithkin.formats.vcard_edit`), with ``If-Match`` of the ETag it was read with
  (``If-None-Match: *`` for a new card), so a card changed on the phone meanwhile is
  never overwritten: the server answers 412 and the next sync reads it again.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urljoin

from kithkin.core.sync import cardfields as rules
from kithkin.core.sync.ports import CardItem, Written
from kithkin.formats import vcard, vcard_edit
from kithkin.remote import davstate
from kithkin.remote.caldav import _SAFE, CalDav, _path

CARD = "urn:ietf:params:xml:ns:carddav"


class CardDav(CalDav):
    NS = CARD
    COLLECTION = "addressbook"
    HOME = "addressbook-home-set"
    THINGS = "address books"
    PROTOCOL = "CardDAV"
    EXAMPLE = "https://HOST/remote.php/dav/addressbooks/users/USER/"

    def addressbooks(self) -> list[tuple[str, str]]:
        return self.calendars()

    def state(self, book: str) -> str | None:
        """The address book's ``sync-token`` and CTag as one text (:mod:`.davstate`)."""
        return davstate.state(self.http, self._url(book))

    def cards(self, book: str, hrefs: list[str]) -> list[CardItem]:
        return [self._item(*found) for found in self._multiget(book, "addressbook", hrefs)]

    def _item(self, href: str, etag: str | None, text: str) -> CardItem:
        name = f"{self.cfg.label} {href.rsplit('/', 1)[-1]}"
        try:
            found = vcard.split_cards(text, name)
            if (group := vcard.group_name(found[0].text)) is not None:  # as a file import
                return CardItem(href, etag, text, problem=f"contact group ({group}), not a person")
            record = vcard.card_record(found[0], name, [])
        except Exception as exc:  # vobject raises many types on broken cards
            reason = str(exc).split(": ")[-1] if str(exc) else type(exc).__name__
            return CardItem(href, etag, text, problem=f"unreadable card ({reason})"[:120])
        return CardItem(href, etag, text, record)

    def write(self, book: str, base: CardItem, changes: dict[str, Any], region: str | None,
              new_uid: str | None = None) -> Written:  # fmt: skip
        def same_phone(raw: str) -> str | None:
            return rules.phone_key(raw, region)

        if new_uid is not None:
            text = vcard_edit.new_card(new_uid, changes, rules.email_key_of, same_phone)
            headers = {"If-None-Match": "*"}
        else:
            text = vcard_edit.edit(base.text, changes, rules.email_key_of, same_phone)
            headers = {"If-Match": base.etag} if base.etag else {}
        headers["Content-Type"] = "text/vcard; charset=utf-8"
        url = urljoin(self._url(book), quote(base.href, safe=_SAFE))
        resp = self.http.request("PUT", url, text.encode(), headers, allow=(400, 409, 412, 415))
        if not 200 <= resp.status < 300:
            return Written(resp.status)
        etag = resp.headers.get("etag")
        return Written(resp.status, etag, self._item(base.href, etag, text))

    def card_href(self, book: str, uid: str) -> str:
        name = "".join(c if c.isalnum() or c in "-_." else "-" for c in uid)[:200]
        return f"{_path(book).rstrip('/')}/{name}.vcf"
