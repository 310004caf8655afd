"""The reading half of a mailbox's sync: what the server holds past the checkpoints,
turned into interaction records by the rules every mail source shares, with no
database in sight.

:func:`read` talks to the :class:`~kithkin.core.sync.ports.MailServer` and yields
:data:`Event` tuples in the order :mod:`kithkin.core.sync.mail` writes them: the
plan, then for each folder read its start and its chunks of :data:`CHUNK` messages,
the last one with the UID the next sync starts after. It is a function of the
configuration, the checkpoints and the server alone, so it can run in another
process than the writing (:mod:`kithkin.remote.forked`): the events are plain
tuples, and each chunk's records are made as tuples of strings and numbers
(:func:`read_packed`), which :func:`unpack` turns into records after the trip.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import date, time
from email.parser import BytesParser
from email.policy import compat32
from typing import Any

from kithkin.core.exchange import mail as rules
from kithkin.core.exchange.incoming import InteractionRecord, Party
from kithkin.core.sync.config import SourceConfig
from kithkin.core.sync.ports import (
    Folder,
    FolderState,
    MailServer,
    folders_checkpoint,
    status_names,
)
from kithkin.core.vocabulary import CC_KIND, Channel, Direction
from kithkin.errors import BadInput

CHUNK = 10_000  # messages written per transaction, each with its checkpoint
MALFORMED = ("no date in the message",)  # reasons that mean a broken message, counted

# ("plan", the folders the last sync found, the checkpoint FOLDERS to remember, or None
#  when the folders were not listed: named, or remembered and listed today already)
# ("folder", name, UIDVALIDITY, last UID read, read from the start, read again, total)
# ("chunk", messages, highest UID, skipped by reason, records, UID to go on after or
#  None while the folder goes on): written with the folder's checkpoint in one go
Event = tuple[Any, ...]


# The sent folder's usual names, for a server that flags none \Sent (no SPECIAL-USE,
# RFC 6154): compared in lower case with the name's last part ("INBOX.Sent").
SENT_NAMES = frozenset((
    "sent", "sent items", "sent messages", "sent mail", "gesendet", "gesendete objekte",
    "gesendete elemente", "envoyés", "éléments envoyés", "messages envoyés", "enviados",
    "elementos enviados", "posta inviata", "inviata", "verzonden", "verzonden items",
))  # fmt: skip


def _named_sent(found: list[Folder]) -> list[str]:
    return [
        f.name for f in found
        if re.split(r"[/.]", f.name)[-1].strip().lower() in SENT_NAMES
        and "\\noselect" not in f.flags
    ]  # fmt: skip


def folders(cfg: SourceConfig, found: list[Folder]) -> list[str]:
    """The folders to read: the ones named, else ``\\All``, else the inbox, ``\\Sent``
    (on a server that flags none, the folders by the sent folder's usual names) and
    every folder flagged ``\\Archive``.

    Fastmail, Outlook and Apple Mail archive from the inbox into ``\\Archive``: mail
    the user archived is history too, and one moved there after a sync read it in the
    inbox is the same Message-ID, one interaction. Only the flag finds it: a folder
    merely named "Archive" may be a hierarchy of years (Thunderbird's), or anything.
    Gmail's archive is All Mail (``\\All``), read alone.

    A change of what this chooses bumps :data:`~kithkin.core.sync.ports.FOLDER_RULE`,
    so the lists remembered by the old rule are found again."""
    by_name = {f.name: f for f in found}
    if cfg.folders:
        missing = [n for n in cfg.folders if n not in by_name]
        if missing:
            have = ", ".join(sorted(by_name)) or "none"
            raise BadInput(f"{cfg.label}: no folder {missing[0]!r} on the server (folders: {have})")
        return cfg.folders
    every = [f.name for f in found if "\\all" in f.flags]
    if every:
        return every[:1]
    inbox = next((f.name for f in found if f.name.upper() == "INBOX"), None)
    flagged = [f.name for f in found if "\\sent" in f.flags]
    # By name, every one ("Sent" and "Sent Items", each client its own): a message in
    # two of them is still one interaction.
    sent = flagged[:1] or _named_sent(found)
    archive = [
        f.name for f in found
        if "\\archive" in f.flags and f.name != inbox and f.name not in sent
    ]  # fmt: skip
    out = ([inbox] if inbox else []) + sent + archive
    if not out:
        raise BadInput(f"{cfg.label}: no inbox, sent or all-mail folder found; name folders "
                       "with --folder")  # fmt: skip
    return out


def _plan(
    cfg: SourceConfig, box: MailServer, remembered: list[str]
) -> tuple[list[tuple[str, FolderState | None]], bool]:
    """The folders to read, each with its state when ``STATUS`` answered, and whether
    they were listed.

    Named folders, or the ones remembered (:func:`~kithkin.core.sync.ports.status_names`),
    are asked with ``STATUS`` alone: with nothing new, nothing is listed or opened.
    Otherwise (a first sync, the first of the day, or a remembered folder that
    vanished) they are found again with ``LIST``, then asked with ``STATUS``.
    """
    names = cfg.folders or remembered
    if names:
        states = [(n, box.status(n)) for n in names]
        if all(st is not None for _, st in states):
            return states, False
    listed = folders(cfg, box.folders())  # a named folder that is not there: BadInput
    return [(n, box.status(n)) for n in listed], True


def read(
    cfg: SourceConfig, box: MailServer, saved: dict[str, dict[str, Any]], today: date
) -> Iterator[Event]:
    """The events of one sync of ``box`` on ``today`` past the checkpoints ``saved``
    (none: read all)."""
    return map(unpack, read_packed(cfg, box, saved, today))


def read_packed(
    cfg: SourceConfig, box: MailServer, saved: dict[str, dict[str, Any]], today: date
) -> Iterator[Event]:
    """The events of :func:`read` with their records packed (:func:`pack`), as they
    are made: what a child process sends (:mod:`kithkin.remote.forked`)."""
    remembered = [] if cfg.folders else status_names([], saved, today)
    plan, listed = _plan(cfg, box, remembered)
    remember = None
    if listed and not cfg.folders:
        remember = folders_checkpoint([n for n, _ in plan], today)
    yield ("plan", remembered, remember)
    parse = _Parser(cfg, today)
    for folder, status in plan:
        cp = saved.get(folder, {})
        last = int(cp.get("last_uid", 0))
        if status is not None and status.adds_nothing_to(cp):
            continue  # nothing new: the folder is not even opened
        state = box.examine(folder)
        fresh = cp.get("uidvalidity") != state.uidvalidity
        last = 0 if fresh else last
        if not fresh and state.uidnext <= last + 1:
            continue  # nothing new: no FETCH at all
        total = state.exists if fresh else max(0, state.uidnext - last - 1)
        yield ("folder", folder, state.uidvalidity, last, fresh, fresh and bool(cp), total)
        chunk: list[tuple[int, bytes]] = []
        for uid, raw in box.headers(folder, last + 1, cfg.with_snippets):
            chunk.append((uid, raw))
            if len(chunk) >= CHUNK:
                yield ("chunk", *parse(chunk), None)
                chunk = []
        # Every message below UIDNEXT has been seen: the next sync starts there,
        # even when the last ones were deleted before this one fetched them.
        upto = state.uidnext - 1 if state.uidnext < 1 << 62 else 0
        yield ("chunk", *parse(chunk), upto)


class _Parser:
    """A chunk of (UID, header block) as (messages, highest UID, skipped by reason,
    interaction records :data:`Packed`)."""

    def __init__(self, cfg: SourceConfig, today: date | None = None) -> None:
        self.source = cfg.interaction_source
        self.today = today  # the sync's day: mail dated after it counts on it (rules.dated)
        self.mine = frozenset(rules.my_addresses(cfg.me))  # hashed once, not per message
        self.snippets = cfg.with_snippets

    def __call__(
        self, chunk: list[tuple[int, bytes]]
    ) -> tuple[int, int, dict[str, int], list[Packed]]:
        records: list[Packed] = []
        skipped: Counter[str] = Counter()
        if self.snippets:
            self._full(chunk, records, skipped)
        else:
            self._quick(chunk, records, skipped)
        top = max((uid for uid, _ in chunk), default=0)
        return len(chunk), top, dict(skipped), records

    def _quick(self, chunk: list[tuple[int, bytes]], records: list[Packed],
               skipped: Counter[str]) -> None:  # fmt: skip
        """The header blocks alone: read into plain values straight from the rules'
        :func:`~kithkin.core.exchange.mail.found`, with no record in between."""
        source, mine, read, today = self.source, self.mine, rules.found_in_block, self.today
        copied, cc_key, cc = rules.copied_in, rules.cc_key, CC_KIND
        email, ways, add = _EMAIL, _WAYS, records.append
        for uid, raw in chunk:
            try:
                got, copies = read(raw, mine, today)
            except Exception:  # the parser is lenient; anything it raises is a broken message
                skipped["unreadable message"] += 1
                continue
            if isinstance(got, str):
                if got in MALFORMED:
                    skipped[got] += 1
                continue
            key, (on, at), direction, parties, subject, kind = got
            day, clock, way = (
                on.toordinal(),
                None if at is None else at.isoformat(),
                ways[direction],
            )
            add((uid, source, key, day, clock, email, way, parties, subject, None, kind))
            people = copied(copies, mine, direction, parties) if copies else None
            if people:
                add((uid, source, cc_key(key), day, clock, email, way, people, subject, None, cc))

    def _full(self, chunk: list[tuple[int, bytes]], records: list[Packed],
              skipped: Counter[str]) -> None:  # fmt: skip
        """Whole messages (``--with-snippets``): the email package's parser, and records
        with their text."""
        source, mine, parse = self.source, self.mine, BytesParser(policy=compat32).parsebytes
        interaction, cc_touch = rules.interaction, rules.cc_touch
        for uid, raw in chunk:
            try:
                msg = parse(raw)
            except Exception:  # the parser is lenient; anything it raises is a broken message
                skipped["unreadable message"] += 1
                continue
            rec = interaction(msg, mine, source, line=uid, with_body=True, today=self.today)
            if type(rec) is str:
                if rec in MALFORMED:
                    skipped[rec] += 1
                continue
            records.append(_pack(rec))  # type: ignore[arg-type]
            copied = cc_touch(msg, mine, rec)  # type: ignore[arg-type]
            if copied is not None:
                records.append(_pack(copied))


# An interaction record as plain values: (line, source, key, day as an ordinal, time
# as ISO text or None, channel, direction, parties as (name, email[, url]), subject,
# note, kind).
Packed = tuple[Any, ...]
_CHANNELS = {c.value: c for c in Channel}
_DIRECTIONS = {d.value: d for d in Direction}
_EMAIL = str(Channel.EMAIL)
_WAYS = {d: str(d) for d in Direction}


def pack(event: Event) -> Event:
    """An event whose records are :class:`InteractionRecord` as plain values (strings,
    numbers, tuples, lists, dicts: what :mod:`marshal` carries); :func:`unpack` gives
    its records back. :func:`read_packed` yields events packed already."""
    if event[0] != "chunk":
        return event
    return (*event[:4], [_pack(r) for r in event[4]], event[5])


def _pack(r: InteractionRecord) -> Packed:
    return (
        r.line,
        r.source,
        r.source_key,
        r.occurred_on.toordinal(),
        None if r.occurred_at is None else r.occurred_at.isoformat(),
        str(r.channel),
        str(r.direction),
        [(p.name, p.email) if p.url is None else (p.name, p.email, p.url) for p in r.parties],
        r.subject,
        r.note,
        r.kind,
    )


def unpack(event: Event) -> Event:
    """A packed event (:func:`pack`, :func:`read_packed`) with its records as
    :class:`InteractionRecord` again."""
    if event[0] != "chunk":
        return event
    record, party = InteractionRecord, Party
    channels, directions = _CHANNELS, _DIRECTIONS
    # Days, times and people come back again and again in a chunk: each is made once
    # (all three are values nothing changes).
    days: dict[int, date] = {}
    clocks: dict[str | None, time | None] = {None: None}
    people: dict[tuple[Any, ...], Party] = {}
    records = []
    for line, source, key, on, at, channel, direction, parties, subject, note, kind in event[4]:
        day = days.get(on)
        if day is None:
            days[on] = day = date.fromordinal(on)
        clock = clocks.get(at)
        if clock is None and at is not None:
            clocks[at] = clock = time.fromisoformat(at)
        who = []
        for p in parties:
            one = people.get(p)
            if one is None:
                people[p] = one = party(*p)
            who.append(one)
        records.append(
            record(
                line,
                source,
                key,
                day,
                channels.get(channel, channel),
                directions.get(direction, direction),
                who,
                clock,
                subject,
                note,
                kind,
            )
        )
    return (*event[:4], records, event[5])
