"""A published calendar (an ICS URL, as Google and Outlook give them): one GET with
``If-None-Match``, so an unchanged calendar costs one short answer."""

from __future__ import annotations

from datetime import date

from kithkin.core.sync.config import SourceConfig
from kithkin.core.sync.ports import CalendarItem
from kithkin.errors import BadInput
from kithkin.remote import expand
from kithkin.remote.http import Client


class IcsFeed:
    def __init__(self, cfg: SourceConfig, password: str | None) -> None:
        self.cfg = cfg
        self.http = Client(cfg, password)

    def fetch(self, etag: str | None, until: date) -> CalendarItem | None:
        headers = {"Accept": "text/calendar, */*;q=0.5"}
        if etag:
            headers["If-None-Match"] = etag
        resp = self.http.request("GET", self.cfg.url, headers=headers, allow=(304,))
        if resp.status == 304:
            return None
        if resp.status != 200:
            raise BadInput(f"{self.cfg.label}: the server answered HTTP {resp.status}")
        if b"BEGIN:VCALENDAR" not in resp.body[:4096].upper():
            raise BadInput(f"{self.cfg.label}: the URL gives no calendar (no BEGIN:VCALENDAR; "
                           "is it the secret address in iCal format?)")  # fmt: skip
        return expand.item("", resp.headers.get("etag"), resp.body, until, self.cfg.label)

    def test(self) -> str:
        """What ``kith source test`` prints: the calendar is there and readable."""
        resp = self.http.request("GET", self.cfg.url, headers={"Accept": "text/calendar"})
        if b"BEGIN:VCALENDAR" not in resp.body[:4096].upper():
            raise BadInput(f"{self.cfg.label}: the URL does not give a calendar")
        events = resp.body.upper().count(b"BEGIN:VEVENT")
        return f"a calendar of {events:,} event{'s' if events != 1 else ''}"

    def close(self) -> None:
        self.http.close()
