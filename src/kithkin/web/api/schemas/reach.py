"""The calendar feed's and the digest's shapes over HTTP (issue 15)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from kithkin.web.api.schemas.agenda import AgendaItem


class FeedState(BaseModel):
    on: bool
    url: str | None = None  # the address to subscribe to, when it can be shown here
    problem: str | None = None  # why it cannot (made on another machine)


class DigestItem(AgendaItem):
    summary: str
    link: str
    draft: str | None = None

    model_config = ConfigDict(extra="allow")


class Digest(BaseModel):
    date: str
    subject: str
    empty: bool
    today: list[DigestItem]
    week_ahead: list[DigestItem]


class DigestSent(BaseModel):
    sent: bool  # false: nobody due, and digest.empty is skip
    to: list[str]
