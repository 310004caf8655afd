"""``messages.csv`` and ``Invitations.csv``: conversations become interactions.

Three shapes of messages: 2018 ``From,To,Date,Subject,Content,Direction,Folder``;
2023 ten columns (``CONVERSATION ID ... FOLDER``); 2026 the same, every field
quoted, plus ``ATTACHMENTS``. The user ("me") is the party present in every
conversation: the profile URL seen most often, or the name from ``Profile.csv``.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections import Counter
from collections.abc import Callable
from html.parser import HTMLParser

from kithkin.core.exchange.incoming import Batch, InteractionRecord, MeRecord, Party, Skip
from kithkin.core.vocabulary import Channel, Direction
from kithkin.formats import dates, textio
from kithkin.formats.linkedin.connections import clean

MESSAGES = "linkedin-messages"
INVITATIONS = "linkedin-invitations"


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in ("br", "p", "div", "li"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(value: str) -> str:
    """HTML message bodies as plain text; plain bodies keep their line breaks."""
    if re.search(r"<[a-zA-Z/][^>]*>", value):
        p = _Text()
        p.feed(value)
        p.close()
        value = "".join(p.parts)
    else:
        value = html.unescape(value)
    value = value.replace("\r\n", "\n").replace("\xa0", " ")
    return re.sub(r"\n{3,}", "\n\n", value).strip()


def _key(*parts: str) -> str:
    return hashlib.sha1("|".join(parts).encode()).hexdigest()


def is_header(cells: list[str]) -> bool:
    s = {c.lower() for c in cells}
    return {"from", "to", "date"} <= s and ("content" in s or "subject" in s)


def _split_urls(value: str) -> list[str]:
    return [u.strip() for u in value.split(",") if u.strip()]


def parse(data: bytes, name: str, batch: Batch) -> None:
    text = textio.decode(data, name)
    header, rows_it = textio.rows(text, name, is_header, "a LinkedIn messages.csv")
    cols = {h.lower(): h for h in header}
    rows = list(rows_it)

    def col(row: textio.Row, key: str) -> str:
        h = cols.get(key)
        return row.get(h) if h else ""

    legacy = "conversation id" not in cols
    with_urls = "recipient profile urls" in cols
    me = batch.me or MeRecord()
    if not legacy:
        _find_me(rows, col, me, with_urls)
    batch.me = me
    others = _others_by_conversation(rows, col, me) if not (legacy or with_urls) else {}
    for row in rows:
        when = dates.parse_datetime(col(row, "date"))
        sender = clean(col(row, "from"))
        if when is None:
            batch.skipped.append(Skip(row.line, "no readable date", name))
            continue
        body = plain_text(col(row, "content"))
        subject = clean(col(row, "subject")) or clean(col(row, "conversation title")) or None
        if legacy:
            outgoing = col(row, "direction").upper() == "OUTGOING" or sender in me.names
            other = clean(col(row, "to") if outgoing else sender)
            if not other:
                batch.skipped.append(Skip(row.line, "system message (no other party)", name))
                continue
            parties = [Party(name=other)]
            key = _key(sender, col(row, "to"), col(row, "date"), body[:200])
        else:
            sender_url = col(row, "sender profile url")
            title = col(row, "conversation title").lower()
            if not (sender_url or (sender and "sender profile url" not in cols)) or (
                "sponsored" in title
            ):
                batch.skipped.append(
                    Skip(row.line, "sponsored or system message (no sender profile)", name)
                )
                continue
            outgoing = sender_url == me.url if sender_url and me.url else sender in me.names
            if outgoing and with_urls:
                names = [clean(n) for n in col(row, "to").split(",")]
                urls = _split_urls(col(row, "recipient profile urls"))
                parties = [
                    Party(name=names[i] if len(names) == len(urls) else None, url=u)
                    for i, u in enumerate(urls)
                    if u != me.url
                ]
            elif outgoing:
                # No recipient URLs (2021-2022): the names in To, else the people who
                # wrote in this conversation; matched by full name when it is unique.
                to = [n for n in (clean(x) for x in col(row, "to").split(",")) if n]
                names = [n for n in to if n not in me.names]
                if not to:
                    names = others.get(col(row, "conversation id"), [])
                parties = [Party(name=n) for n in names]
            else:
                parties = [Party(name=sender, url=sender_url or None)]
            if not parties:
                batch.skipped.append(Skip(row.line, "message to nobody but me", name))
                continue
            key = f"{col(row, 'conversation id')}|{col(row, 'date')}"
        batch.interactions.append(
            InteractionRecord(
                line=row.line,
                source=MESSAGES,
                source_key=key,
                occurred_on=when[0],
                occurred_at=when[1],
                channel=Channel.LINKEDIN,
                direction=Direction.OUTBOUND if outgoing else Direction.INBOUND,
                parties=parties,
                subject=subject,
                note=body or None,
            )
        )


Col = Callable[[textio.Row, str], str]


def _find_me(rows: list[textio.Row], col: Col, me: MeRecord, with_urls: bool) -> None:
    """The user: the party present in every conversation.

    With recipient URLs, the profile URL of the messages sent under the name
    ``Profile.csv`` gives, else the one seen most often, when one is (in a single
    thread of two, both URLs are in every message: a tie names nobody, rather than
    whichever a set lists first). Without them (2021-2022 exports), the name found in
    the most conversations (unless ``Profile.csv`` named the user), and the profile URL
    of the messages sent under that name.
    """
    if with_urls:
        if me.url:
            return
        if me.names:
            mine = Counter(
                u for row in rows if clean(col(row, "from")) in me.names
                if (u := col(row, "sender profile url"))
            )  # fmt: skip
            for row in rows:
                urls = _split_urls(col(row, "recipient profile urls"))
                if len(urls) == 1 and clean(col(row, "to")) in me.names:
                    mine[urls[0]] += 1
            if mine:
                me.url = _the_most_common(mine)
                return
        seen: Counter[str] = Counter()
        for row in rows:
            seen.update(
                {
                    u
                    for u in [
                        col(row, "sender profile url"),
                        *_split_urls(col(row, "recipient profile urls")),
                    ]
                    if u
                }
            )
        me.url = _the_most_common(seen)
        return
    if not me.names:
        talks: dict[str, set[str]] = {}
        for row in rows:
            people = talks.setdefault(col(row, "conversation id"), set())
            people.add(clean(col(row, "from")))
            people.update(clean(n) for n in col(row, "to").split(","))
        counts = Counter(n for people in talks.values() for n in people if n)
        if counts:
            me.names.add(counts.most_common(1)[0][0])
    if not me.url:
        mine = Counter(
            u for row in rows if clean(col(row, "from")) in me.names
            if (u := col(row, "sender profile url"))
        )  # fmt: skip
        if mine:
            me.url = mine.most_common(1)[0][0]


def _the_most_common(counts: Counter[str]) -> str | None:
    """The one value counted more often than any other, or None (nothing, or a tie)."""
    top = counts.most_common(2)
    if not top or (len(top) == 2 and top[0][1] == top[1][1]):
        return None
    return top[0][0]


def _others_by_conversation(rows: list[textio.Row], col: Col, me: MeRecord) -> dict[str, list[str]]:
    """Conversation id -> the names of the others who wrote in it, in order of appearance."""
    out: dict[str, list[str]] = {}
    for row in rows:
        sender = clean(col(row, "from"))
        names = out.setdefault(col(row, "conversation id"), [])
        if sender and sender not in me.names and sender not in names:
            names.append(sender)
    return out


def _is_inv_header(cells: list[str]) -> bool:
    s = {c.lower() for c in cells}
    return {"from", "to", "sent at", "direction"} <= s


def parse_invitations(data: bytes, name: str, batch: Batch) -> None:
    """Each invitation sent or received is a touch on LinkedIn with that person."""
    text = textio.decode(data, name)
    header, rows = textio.rows(text, name, _is_inv_header, "a LinkedIn Invitations.csv")
    cols = {h.lower(): h for h in header}

    def col(row: textio.Row, key: str) -> str:
        h = cols.get(key)
        return row.get(h) if h else ""

    for row in rows:
        when = dates.parse_datetime(col(row, "sent at"))
        if when is None:
            batch.skipped.append(Skip(row.line, "no readable date", name))
            continue
        outgoing = col(row, "direction").upper() == "OUTGOING"
        other = clean(col(row, "to") if outgoing else col(row, "from"))
        url = col(row, "inviteeprofileurl" if outgoing else "inviterprofileurl")
        if not other and not url:
            batch.skipped.append(Skip(row.line, "invitation without the other party", name))
            continue
        note = plain_text(col(row, "message")) or None
        batch.interactions.append(
            InteractionRecord(
                line=row.line,
                source=INVITATIONS,
                source_key=_key(col(row, "direction"), url or other, col(row, "sent at")),
                occurred_on=when[0],
                occurred_at=when[1],
                channel=Channel.LINKEDIN,
                direction=Direction.OUTBOUND if outgoing else Direction.INBOUND,
                parties=[Party(name=other or None, url=url or None)],
                subject="LinkedIn invitation",
                note=note,
            )
        )
