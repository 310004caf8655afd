"""A CalDAV server (Nextcloud, Fastmail, Radicale, iCloud...): WebDAV requests over
:mod:`kithkin.remote.http`.

- The calendars: the URL itself when it is a calendar, else its calendar children,
  else the ones found from the user's principal (``current-user-principal`` ->
  ``calendar-home-set``), so a server's root URL works too. The home may be on
  another host (iCloud: ``caldav.icloud.com`` names ``p42-caldav.icloud.com``); the
  password goes there too, the server the user named having said so, but never
  from TLS to plain HTTP. A calendar is known by its path on the source's host (as
  always), by its whole URL on another.
- What changed: ``sync-collection`` (RFC 6578) from the stored sync-token; a server
  without it is listed with ``getetag`` and compared with the stored ETags. A token
  the server no longer knows (pruned after weeks) means a whole listing, which no
  longer names what was deleted meanwhile: what it does not name is gone.
- The objects: ``calendar-multiget``, then the shared expansion
  (:mod:`kithkin.remote.expand`). Nothing is ever written to the server.
- Who the user is: the ``mailto:`` addresses of the principal's
  ``calendar-user-address-set``, asked only by a sync with objects to read (an event
  none of the user's addresses attends is someone else's meeting).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from urllib.parse import quote, unquote, urljoin, urlsplit

from kithkin.core.sync.config import SourceConfig
from kithkin.core.sync.ports import CalendarItem, Delta
from kithkin.errors import BadInput, Unreachable
from kithkin.remote import expand
from kithkin.remote.davstate import SAFE
from kithkin.remote.http import Client, Response, origin_of

DAV = "DAV:"
CAL = "urn:ietf:params:xml:ns:caldav"
_XML = {"Content-Type": 'application/xml; charset="utf-8"'}
_SAFE = SAFE
_NO_DAV = (405, 501)  # PROPFIND not allowed, or unknown: no WebDAV at this URL


def _path(href: str) -> str:
    """An href as one key: its path, percent-decoded (servers quote differently)."""
    return unquote(urlsplit(href).path)


def _text(el: ET.Element | None) -> str | None:
    return el.text.strip() if el is not None and el.text else None


class CalDav:
    # What differs between CalDAV and CardDAV (:mod:`kithkin.remote.carddav`): the
    # namespace, the collection's resource type, the home's property, the words.
    NS = CAL
    COLLECTION = "calendar"
    HOME = "calendar-home-set"
    THINGS = "calendars"
    PROTOCOL = "CalDAV"
    EXAMPLE = "https://HOST/remote.php/dav/calendars/USER/"

    def __init__(self, cfg: SourceConfig, password: str | None) -> None:
        self.cfg = cfg
        self.http = Client(cfg, password)
        p = urlsplit(cfg.url)
        self.origin = f"{p.scheme}://{p.netloc}"

    def _url(self, where: str) -> str:
        """The URL of a path on the source's host, or of a whole URL (another host's)."""
        p = urlsplit(where)
        if p.scheme:
            return f"{p.scheme}://{p.netloc}{quote(p.path, safe=_SAFE)}"
        return urljoin(self.origin, quote(where, safe=_SAFE))

    @property
    def xmlns(self) -> str:
        return f'xmlns:d="{DAV}" xmlns:c="{self.NS}"'

    def _where(self, base: str, href: str) -> str:
        """An href of an answer to a request at ``base`` (a path or a whole URL) as a
        calendar or home is known: its path on the source's host, else its whole URL,
        decoded. The password follows it to another host, but not from TLS to plain HTTP."""
        url = urljoin(self._url(base), href)
        p = urlsplit(url)
        if origin_of(url) == origin_of(self.origin):
            return unquote(p.path)
        if p.scheme != "https" and urlsplit(self.origin).scheme == "https":
            raise BadInput(f"{self.cfg.label}: the server puts your {self.THINGS} at {url}, "
                           "without TLS; kithkin sends your password there only if you give "
                           "that URL as the source's")  # fmt: skip
        self.http.trust(url)
        return f"{p.scheme}://{p.netloc}{unquote(p.path)}"

    def _dav(self, method: str, path: str, body: str, depth: str,
             allow: tuple[int, ...] = ()) -> Response:  # fmt: skip
        headers = {**_XML, "Depth": depth}
        return self.http.request(method, self._url(path), body.encode(), headers, allow)

    def _multistatus(self, resp: Response) -> list[ET.Element]:
        if resp.status in _NO_DAV or (resp.status < 300 and resp.status != 207):
            raise BadInput(f"{self.cfg.label}: this URL is no {self.PROTOCOL} address (the "
                           f"server answered HTTP {resp.status} to PROPFIND); give the "
                           f"{self.COLLECTION}'s or the {self.COLLECTION} home's URL (Nextcloud: "
                           f"{self.EXAMPLE})")  # fmt: skip
        if resp.status != 207:
            raise Unreachable(f"{self.cfg.label}: the server answered HTTP {resp.status} where "
                              "WebDAV answers 207")  # fmt: skip
        try:
            root = ET.fromstring(resp.body)
        except ET.ParseError:
            raise Unreachable(f"{self.cfg.label}: the server's answer is not XML") from None
        return root.findall(f"{{{DAV}}}response")

    # ------------------------------------------------------------ calendars

    def calendars(self) -> list[tuple[str, str]]:
        start = _path(self.cfg.url) or "/"
        found = self._calendars_at(start)
        if found:
            return found
        for home in self._homes(start):
            found.extend(c for c in self._calendars_at(home) if c not in found)
        if not found:
            raise BadInput(f"{self.cfg.label}: no {self.COLLECTION} at this URL (give the "
                           f"{self.COLLECTION}'s or the {self.COLLECTION} home's URL)")  # fmt: skip
        return found

    def _calendars_at(self, path: str) -> list[tuple[str, str]]:
        body = (f'<?xml version="1.0" encoding="utf-8"?><d:propfind {self.xmlns}><d:prop>'
                "<d:resourcetype/><d:displayname/></d:prop></d:propfind>")  # fmt: skip
        resp = self._dav("PROPFIND", path, body, "1", allow=(404, *_NO_DAV))
        if resp.status in (404, *_NO_DAV):
            return []
        out = []
        for r in self._multistatus(resp):
            if r.find(f".//{{{DAV}}}resourcetype/{{{self.NS}}}{self.COLLECTION}") is None:
                continue
            href = self._where(path, _text(r.find(f"{{{DAV}}}href")) or "")
            name = _text(r.find(f".//{{{DAV}}}displayname")) or ""
            out.append((href, name))
        return out

    def _principal(self, path: str, allow: tuple[int, ...] = ()) -> str | None:
        """The user's principal (``current-user-principal``), asked at ``path``."""
        body = (f'<?xml version="1.0" encoding="utf-8"?><d:propfind {self.xmlns}><d:prop>'
                "<d:current-user-principal/></d:prop></d:propfind>")  # fmt: skip
        resp = self._dav("PROPFIND", path, body, "0", allow=(*allow, *_NO_DAV))
        if resp.status in allow:
            return None
        rs = self._multistatus(resp)
        return next(
            (_text(r.find(f".//{{{DAV}}}current-user-principal/{{{DAV}}}href")) for r in rs), None
        )

    def addresses(self) -> list[str]:
        """The user's addresses as the server knows them: the ``mailto:`` ones of the
        principal's ``calendar-user-address-set`` (RFC 4791 6.2.1), none when the
        server tells none (or names the user by a path alone, as Radicale does)."""
        quiet = (403, 404, *_NO_DAV)  # not told: the sync goes on with the --me addresses
        start = _path(self.cfg.url) or "/"
        principal = self._principal(start, quiet)
        if not principal:
            return []
        body = (f'<?xml version="1.0" encoding="utf-8"?><d:propfind {self.xmlns}><d:prop>'
                "<c:calendar-user-address-set/></d:prop></d:propfind>")  # fmt: skip
        resp = self._dav("PROPFIND", self._where(start, principal), body, "0", allow=quiet)
        if resp.status != 207:
            return []
        return mailtos(self._multistatus(resp))

    def _homes(self, path: str) -> list[str]:
        principal = self._principal(path)
        if not principal:
            return []
        principal = self._where(path, principal)
        body = (f'<?xml version="1.0" encoding="utf-8"?><d:propfind {self.xmlns}><d:prop>'
                f"<c:{self.HOME}/></d:prop></d:propfind>")  # fmt: skip
        rs = self._multistatus(self._dav("PROPFIND", principal, body, "0"))
        return [
            self._where(principal, h.text.strip())
            for r in rs
            for h in r.findall(f".//{{{self.NS}}}{self.HOME}/{{{DAV}}}href")
            if h.text and h.text.strip()
        ]

    # ------------------------------------------------------------ changes

    def delta(self, calendar: str, token: str | None, known: dict[str, str | None]) -> Delta:
        body = (f'<?xml version="1.0" encoding="utf-8"?><d:sync-collection {self.xmlns}>'
                f"<d:sync-token>{_escape(token or '')}</d:sync-token>"
                "<d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop>"
                "</d:sync-collection>")  # fmt: skip
        resp = self._dav("REPORT", calendar, body, "0", allow=(400, 403, 409, 412, 415, 501))
        if resp.status != 207:  # no sync-collection, or a token it no longer knows
            if token:
                return self.delta(calendar, None, known)
            return self._by_etag(calendar, known)
        try:
            root = ET.fromstring(resp.body)
        except ET.ParseError:
            raise Unreachable(f"{self.cfg.label}: the server's answer is not XML") from None
        changed, gone, listed = [], [], set()
        for r in root.findall(f"{{{DAV}}}response"):
            href = _path(_text(r.find(f"{{{DAV}}}href")) or "")
            if not href or href.rstrip("/") == _path(calendar).rstrip("/"):
                continue
            status = _text(r.find(f"{{{DAV}}}status")) or ""
            if " 404" in status:
                gone.append(href)
                continue
            listed.add(href)
            etag = _text(r.find(f".//{{{DAV}}}getetag"))
            if etag is None or known.get(href) != etag:
                changed.append(href)
        if not token:  # the whole calendar: what it does not name was deleted
            gone.extend(h for h in known if h not in listed and h not in gone)
        new_token = _text(root.find(f"{{{DAV}}}sync-token"))
        return Delta(new_token, changed, gone)

    def _by_etag(self, calendar: str, known: dict[str, str | None]) -> Delta:
        body = (f'<?xml version="1.0" encoding="utf-8"?><d:propfind {self.xmlns}><d:prop>'
                "<d:getetag/><d:resourcetype/></d:prop></d:propfind>")  # fmt: skip
        listed: dict[str, str | None] = {}
        for r in self._multistatus(self._dav("PROPFIND", calendar, body, "1")):
            href = _path(_text(r.find(f"{{{DAV}}}href")) or "")
            if not href or href.rstrip("/") == _path(calendar).rstrip("/"):
                continue
            if r.find(f".//{{{DAV}}}resourcetype/{{{DAV}}}collection") is not None:
                continue
            listed[href] = _text(r.find(f".//{{{DAV}}}getetag"))
        changed = [h for h, e in listed.items() if e is None or known.get(h) != e]
        return Delta(None, changed, [h for h in known if h not in listed])

    # ------------------------------------------------------------ objects

    def fetch(self, calendar: str, hrefs: list[str], until: date) -> list[CalendarItem]:
        out = []
        for href, etag, text in self._multiget(calendar, "calendar", hrefs):
            name = f"{self.cfg.label} {href.rsplit('/', 1)[-1]}"
            out.append(expand.item(href, etag, text.encode(), until, name))
        return out

    def _multiget(
        self, collection: str, kind: str, hrefs: list[str]
    ) -> list[tuple[str, str | None, str]]:
        """(href, ETag, text) of each object named, in one ``{kind}-multiget`` REPORT
        (calendar-data, address-data: RFC 4791 and 6352 say it alike); an object gone
        since it was listed is left out."""
        if not hrefs:
            return []
        data = "address-data" if kind == "addressbook" else f"{kind}-data"
        wanted = "".join(f"<d:href>{_escape(quote(h, safe=_SAFE))}</d:href>" for h in hrefs)
        body = (f'<?xml version="1.0" encoding="utf-8"?><c:{kind}-multiget {self.xmlns}>'
                f"<d:prop><d:getetag/><c:{data}/></d:prop>{wanted}"
                f"</c:{kind}-multiget>")  # fmt: skip
        out = []
        for r in self._multistatus(self._dav("REPORT", collection, body, "1")):
            href = _path(_text(r.find(f"{{{DAV}}}href")) or "")
            found = r.find(f".//{{{self.NS}}}{data}")
            if not href or found is None or not found.text:
                continue  # gone since it was listed
            out.append((href, _text(r.find(f".//{{{DAV}}}getetag")), found.text))
        return out

    def close(self) -> None:
        self.http.close()


def mailtos(responses: list[ET.Element]) -> list[str]:
    """The ``mailto:`` addresses of a ``calendar-user-address-set`` answer."""
    return [
        h.text.strip()[7:]
        for r in responses
        for h in r.findall(f".//{{{CAL}}}calendar-user-address-set/{{{DAV}}}href")
        if h.text and h.text.strip().lower().startswith("mailto:")
    ]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
