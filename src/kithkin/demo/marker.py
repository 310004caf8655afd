"""Which databases the demo may write: only one it made itself.

``kith demo`` marks the database it fills (a row in ``settings``, outside the
user's preferences); ``--force`` rebuilds only a marked one. Anything else that
holds data is the user's and is refused, with no flag that overrides it.
"""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.orm import Session

from kithkin import clock
from kithkin.store.tables import Base, Setting

MARK = "kithkin.demo"


def is_demo(s: Session) -> bool:
    return s.get(Setting, MARK) is not None


def mark(s: Session) -> None:
    if not is_demo(s):
        s.add(Setting(key=MARK, value=clock.today().isoformat()))
        s.flush()


def clear(s: Session) -> None:
    """Empty a demo database (every table, children first), in the caller's transaction."""
    if not is_demo(s):  # the one guard: nothing but a marked demo is ever cleared
        raise RuntimeError("refusing to clear a database that is not a demo")
    s.flush()
    for table in reversed(Base.metadata.sorted_tables):
        if not table.info.get("cache"):  # the data version goes on counting
            s.execute(delete(table))
    s.expire_all()
