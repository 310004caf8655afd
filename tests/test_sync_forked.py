"""A mailbox read in a forked child while the parent writes (kithkin.remote.forked):
the same rows as in one process, the child's errors raised in the parent in order,
and no child left behind."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from datetime import date, time

import pytest

import sync_servers
from conftest import Kith, dump
from kithkin.core.exchange.incoming import InteractionRecord, Party
from kithkin.core.sync import mailread
from kithkin.core.vocabulary import Channel, Direction
from kithkin.errors import BadInput
from kithkin.remote import forked
from test_sync_imap import INBOX, SENT, TODAY, _setup

dovecot = sync_servers.dovecot  # the fixture

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="forks on Linux only")


def _gone(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True  # reaped already
    return False


def test_items_come_in_order_then_the_childs_error_with_its_hint() -> None:
    def produce() -> Iterator[tuple[int, str]]:
        yield (1, "one")
        yield (2, "two")
        raise BadInput("imap work: no folder 'X'", hint="kith source test work")

    stream = forked.Stream(produce)
    pid = stream.pid
    got = []
    with pytest.raises(BadInput) as raised:
        for item in stream:
            got.append(item)
    assert got == [(1, "one"), (2, "two")]
    assert str(raised.value) == "imap work: no folder 'X'"
    assert raised.value.hint == "kith source test work"
    assert pid is not None and _gone(pid)


def test_an_error_that_cannot_travel_comes_as_its_text() -> None:
    class Odd(Exception):
        def __init__(self, a: int, b: int) -> None:  # pickles, but does not unpickle
            super().__init__(f"{a}-{b}")

    def produce() -> Iterator[int]:
        yield 1
        raise Odd(1, 2)

    with pytest.raises(RuntimeError, match="Odd: 1-2"):
        list(forked.Stream(produce))


def test_a_reading_stopped_early_ends_its_child() -> None:
    def produce() -> Iterator[int]:
        n = 0
        while True:
            n += 1
            yield n

    stream = forked.Stream(produce, lambda n: n * 10)
    pid = stream.pid
    seen = []
    for item in stream:
        seen.append(item)
        if len(seen) == 3:
            break
    stream.close()
    assert seen == [10, 20, 30]
    assert pid is not None and _gone(pid)


def test_records_travel_as_plain_values_and_come_back_equal() -> None:
    import marshal

    records = [
        InteractionRecord(1, "imap", "m1@example.org", date(2026, 3, 2), Channel.EMAIL,
                          Direction.INBOUND, [Party("Ann", "ann@example.com")],
                          time(9, 1), "hello", None, "checkin"),
        InteractionRecord(2, "imap", "m2@example.org#cc", date(1999, 12, 31), Channel.EMAIL,
                          Direction.OUTBOUND, [Party(None, "b@x.org", "https://x.org/b"),
                                               Party("Zed", None)],
                          None, None, "a note", "cc"),
    ]  # fmt: skip
    event = ("chunk", 3, 7, {"no date in the message": 1}, records, None)
    sent = marshal.loads(marshal.dumps(mailread.pack(event)))
    back = mailread.unpack(sent)
    assert back == event
    assert type(back[4][0].direction) is Direction and type(back[4][0].channel) is Channel


def test_read_in_a_child_or_in_one_process_the_same_rows(dovecot, fresh_url, tmp_path,
                                                         monkeypatch):  # fmt: skip
    dovecot.deliver(INBOX)
    dovecot.deliver(SENT, "Sent")
    dumps, lines = [], []
    for fork in (True, False):
        monkeypatch.setattr(forked, "available", lambda fork=fork: fork)
        kith = Kith(fresh_url())
        _setup(kith, dovecot, tmp_path)
        lines.append(kith.ok("sync", as_of=TODAY).stdout)
        d = dump(kith.url)
        d["sources"] = [r[:6] for r in d["sources"]]  # not when it ran
        d["kith_touched"] = [r[:1] for r in d["kith_touched"]]  # the data version goes on
        dumps.append(d)
    assert lines[0] == lines[1]
    assert "3 interactions logged" in lines[0]
    assert dumps[0] == dumps[1]
