"""Answers of expensive reads, kept while the data and the day stay what they were.

The Network page summarises every contact's history and ``/who`` ranks everyone
who ever worked at an organization: seconds on a 50,000-person network, for an
answer that changes only when something is written (by this server or a ``kith``
command in a terminal) or the day turns. The web face keeps the last few answers
keyed on :class:`kithkin.store.version.DataVersion`, ``clock.today()`` and the
server's own count of writes, as :mod:`kithkin.web.agenda_cache` does for the
agenda, so a second look, the next page or a reload costs a version probe.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from kithkin import clock
from kithkin.store.db import Database
from kithkin.store.version import DataVersion

T = TypeVar("T")
SIZE = 32  # answers kept (a few organizations looked up, the network page)


class Memo:
    def __init__(self, db: Database) -> None:
        self.version = DataVersion(db)
        self._lock = threading.Lock()
        self._kept: OrderedDict[Hashable, tuple[Any, Any]] = OrderedDict()

    def get(self, key: Hashable, generation: int, compute: Callable[[], T]) -> T:
        """The answer for ``key``, computed again only if anything changed since."""
        stamp = (self.version(), clock.today(), generation)
        if stamp[0] is None:  # cannot tell (an in-memory database): never keep
            return compute()
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None and kept[0] == stamp:
                self._kept.move_to_end(key)
                return kept[1]  # type: ignore[no-any-return]
        # Stamped before computing: a write meanwhile makes the next read compute again.
        value = compute()
        with self._lock:
            self._kept[key] = (stamp, value)
            self._kept.move_to_end(key)
            while len(self._kept) > SIZE:
                self._kept.popitem(last=False)
        return value

    def close(self) -> None:
        self.version.close()
