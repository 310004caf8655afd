"""An address book's ``sync-token`` and CTag in one PROPFIND, with the HTTP client alone.

:meth:`kithkin.remote.carddav.CardDav.state` is this; so is the quick path of a
``kith sync`` with nothing new (:mod:`kithkin.cli.quicksync`), which asks it before
the database layer, vObject and the rest of the CardDAV code are loaded.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import quote, urljoin, urlsplit

from kithkin.remote.http import Client

DAV = "DAV:"
CS = "http://calendarserver.org/ns/"  # getctag (Apple's, which most servers speak)
SAFE = "/:@!$&'()*+,;=-._~"  # what a path keeps unquoted in a request's URL
_BODY = (
    f'<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="{DAV}" xmlns:cs="{CS}">'
    "<d:prop><d:sync-token/><cs:getctag/></d:prop></d:propfind>"
)
_HEADERS = {"Content-Type": 'application/xml; charset="utf-8"', "Depth": "0"}


def url_of(source_url: str, path: str) -> str:
    """The URL of a path on the source's host."""
    p = urlsplit(source_url)
    return urljoin(f"{p.scheme}://{p.netloc}", quote(path, safe=SAFE))


def state(http: Client, url: str) -> str | None:
    """The sync-token and CTag of the collection at ``url`` as one text; ``None`` when the
    server tells neither (or has no such collection)."""
    resp = http.request("PROPFIND", url, _BODY.encode(), _HEADERS, (403, 404, 405, 501))
    if resp.status != 207:
        return None
    try:
        root = ET.fromstring(resp.body)
    except ET.ParseError:
        return None
    first = root.find(f"{{{DAV}}}response")
    if first is None:
        return None
    found = [_text(first.find(f".//{{{DAV}}}sync-token")), _text(first.find(f".//{{{CS}}}getctag"))]
    return "\n".join(f or "" for f in found) if any(found) else None


def _text(el: ET.Element | None) -> str | None:
    return el.text.strip() if el is not None and el.text else None
