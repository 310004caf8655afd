"""A new interaction as it is stored: its validated columns, its links and topics.

Kept apart from :mod:`kithkin.core.book.interactions` (and free of SQLAlchemy) because
two writers store a logged interaction: :func:`kithkin.core.book.interactions.log`
through the session, and ``kith log``'s quick path (:mod:`kithkin.cli.quicklog`)
through ``sqlite3`` before the application loads. Both take every value from here,
so what a logged interaction is cannot differ between them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from kithkin import clock
from kithkin.core.userinput import parse_choice
from kithkin.core.vocabulary import KINDS, LIGHT_KINDS, Channel, Direction
from kithkin.errors import BadInput


@dataclass
class InteractionInput:
    contact_ids: list[int]
    channel: str = Channel.EMAIL
    kind: str = "checkin"
    direction: str = Direction.OUTBOUND
    occurred_on: date | None = None
    occurred_at: time | None = None
    note: str | None = None
    subject: str | None = None
    topics: list[str] = field(default_factory=list)
    source: str = "manual"
    source_key: str | None = None
    planned: bool = False  # a date in the future is meant (see :func:`check_not_future`)


def validate_kind(kind: str) -> str:
    k = kind.strip().lower()
    if k not in KINDS:
        raise BadInput(f"unknown kind {kind!r}: expected one of {', '.join(KINDS)}")
    return k


def link_rows(row: Mapping[str, Any], contact_ids: Iterable[int]) -> list[dict[str, Any]]:
    """The links of one stored interaction (a row with its ``id``) to its contacts.

    Every writer of ``interaction_contacts`` goes through here (or :func:`link_values`,
    the same links as tuples), so that the copies of the interaction's date,
    direction, nature, lightness and channel that the agenda reads (see
    :class:`~kithkin.store.tables.InteractionContact`) always match the interaction.
    """
    values = link_values(row["id"], row, contact_ids)
    return [dict(zip(LINK_COLUMNS, v, strict=True)) for v in values]


LINK_COLUMNS = ("interaction_id", "contact_id", "occurred_on", "direction", "nature", "light",
                "channel")  # fmt: skip


def link_values(
    interaction_id: int, row: Mapping[str, Any] | Sequence[Any], contact_ids: Iterable[int]
) -> list[tuple[Any, ...]]:
    """:func:`link_rows` as tuples of :data:`LINK_COLUMNS`; ``row`` is a mapping, or a
    tuple of :data:`VALUE_COLUMNS` (an import's rows, built without a dict each)."""
    if not isinstance(row, tuple) and isinstance(row, Mapping):  # a tuple: at C speed
        on, direction, nature = row["occurred_on"], row["direction"], row["nature"]
        kind, channel = row["kind"], row["channel"]
    else:
        on, _, channel, direction, kind, nature = row[:6]
    light = kind in LIGHT_KINDS
    return [
        (interaction_id, cid, on, direction, nature, light, channel)
        for cid in dict.fromkeys(contact_ids)
    ]


# The columns of an interaction as an import builds its rows (its id comes apart).
VALUE_COLUMNS = ("occurred_on", "occurred_at", "channel", "direction", "kind", "nature",
                 "subject", "note", "source", "source_key")  # fmt: skip


def check_not_future(day: date | None, planned: bool) -> None:
    """What the user logs has happened: a future date is a typo unless it is planned.

    A planned interaction is stored and counts from its day on (every rule reads
    the history up to today only).
    """
    if day is not None and day > clock.today() and not planned:
        raise BadInput(
            f"date {day.isoformat()} is in the future; log what happened, or say it is planned",
            hint="--planned",
        )


def columns(inp: InteractionInput) -> dict[str, Any]:
    """The interaction's stored columns (all but its id), each value validated."""
    if not inp.contact_ids:
        raise BadInput("an interaction involves at least one contact")
    if inp.source == "manual":
        check_not_future(inp.occurred_on, inp.planned)
    channel = parse_choice(inp.channel, Channel, "channel").value
    direction = parse_choice(inp.direction, Direction, "direction").value
    kind = validate_kind(inp.kind)
    return {
        "occurred_on": inp.occurred_on or clock.today(),
        "occurred_at": inp.occurred_at,
        "channel": channel,
        "direction": direction,
        "kind": kind,
        "nature": KINDS[kind].value,
        "note": inp.note,
        "subject": inp.subject,
        "source": inp.source,
        "source_key": inp.source_key,
    }


def topic_list(topics: Iterable[str]) -> list[str]:
    """The topics as stored: trimmed, lower-cased, each once, in the order given."""
    return list(dict.fromkeys(t.strip().lower() for t in topics if t.strip()))
