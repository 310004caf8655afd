"""One contact's facts from that contact's own links, in Python.

:mod:`kithkin.core.agenda.facts` reads the facts of a whole network with a few
set-based queries, which is what the agenda needs; ``kith show`` needs one contact's,
before the application loads (:mod:`kithkin.cli.quickshow`, no SQLAlchemy). A contact
has a few dozen links (a few thousand at most), so here they are read whole and the
same conditions are applied to them in Python, in the order :func:`facts.load` applies
them: the last touch each way, the recent gives and asks (R4), a two-way conversation
they started (R7/R8), the year's health counts, the next planned meeting, the R7 and
R10 follow-ups and the channel of an unanswered message (R8).

``tests/test_quick_show.py`` holds these facts equal to :func:`facts.load`'s on
generated networks and on the days either side of each rule's boundary.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from kithkin.core.agenda.factrecord import HEAVY_CHANNELS, YEAR_DAYS, Facts
from kithkin.core.agenda.reciprocity import RECENT_DAYS
from kithkin.core.agenda.replies import awaiting_reply, oldest_waiting
from kithkin.core.vocabulary import TWO_WAY_CHANNELS, Direction, Nature

# A link as stored: (day, direction, light, nature, channel, interaction id).
Link = tuple[date, str, bool, str, str, int]

_IN, _OUT = Direction.INBOUND.value, Direction.OUTBOUND.value


def facts_of(f: Facts, links: Iterable[Link], meetings: Iterable[date], today: date) -> Facts:
    """``f`` (the contact's own columns) with everything its ``links`` and planned
    ``meetings`` say as of ``today``: :func:`facts.load` with ``health``,
    ``follow_ups`` and ``reply_channels``."""
    seen = sorted((link for link in links if link[0] <= today), key=lambda k: (k[0], k[5]))
    talks = [k for k in seen if not k[2]]  # conversations, not likes or comments
    f.last_in = max((k[0] for k in talks if k[1] == _IN), default=None)
    f.last_out = max((k[0] for k in talks if k[1] == _OUT), default=None)
    recent = today - timedelta(days=RECENT_DAYS)
    mine = [k[3] for k in seen if k[1] == _OUT and k[0] >= recent]
    f.gives, f.asks = mine.count(Nature.GIVE.value), mine.count(Nature.ASK.value)
    if awaiting_reply(f, today):
        _talked_back(f, talks, today)
    _health(f, seen, today)
    f.next_meeting = min((day for day in meetings if day >= today), default=None)
    _follow_ups(f, seen, talks)
    if awaiting_reply(f, today):
        first = oldest_waiting(today)
        for day, way, _, _, channel, _ in talks:  # in the order of day, then interaction
            if way == _IN and day >= first and day == f.last_in:
                f.last_in_channel = channel
    return f


def _talked_back(f: Facts, talks: Sequence[Link], today: date) -> None:
    """R8/R7: a call, a video call, a meeting or an event they started is a conversation
    both ways: you spoke too, that day."""
    first = oldest_waiting(today)
    days = [k[0] for k in talks if k[1] == _IN and k[0] >= first and k[4] in TWO_WAY_CHANNELS]
    if days and f.last_in is not None and max(days) >= f.last_in:
        f.last_out = max(days)


def _health(f: Facts, seen: Sequence[Link], today: date) -> None:
    """A year of touches by depth and direction."""
    year = [k for k in seen if k[0] >= today - timedelta(days=YEAR_DAYS)]
    talks = [k for k in year if not k[2]]
    f.year_heavy = sum(1 for k in talks if k[4] in HEAVY_CHANNELS)
    f.year_medium = len(talks) - f.year_heavy
    f.year_light = len(year) - len(talks)
    f.year_in = sum(1 for k in talks if k[1] == _IN)
    f.year_out = sum(1 for k in talks if k[1] == _OUT)


def _follow_ups(f: Facts, seen: Sequence[Link], talks: Sequence[Link]) -> None:
    """R10's likes and comments since the last conversation, and R7's outreach since
    their last answer or a reset that no two-way conversation has answered since."""
    f.followed_up = True
    since_talk = f.last_conv or date.min
    since_answer = max(f.last_in or date.min, f.reset_on or date.min)
    light = [k[0] for k in seen if k[2] and k[0] > since_talk]
    f.last_light = max(light, default=None)
    f.light_after = len(light)
    two_way = max((k[0] for k in talks if k[4] in TWO_WAY_CHANNELS), default=None)
    f.unanswered = sum(
        1
        for day, way, _, _, channel, _ in talks
        if way == _OUT
        and day > since_answer
        and channel not in TWO_WAY_CHANNELS
        and (two_way is None or two_way < day)
    )
