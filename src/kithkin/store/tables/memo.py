"""What lets a command skip work it has already done: the data version and the memo.

``kith_version`` holds one number that every committed write transaction raises
(:mod:`kithkin.store.version` does it at commit, for every face and every process).
``memos`` keeps an answer already computed (today's agenda) with the version, the
day and the parameters it was computed for; it is served only while all three
still match, so it is never older than the data.

Both are caches, not data: backups leave them out (``info["cache"]``) and a
restored database starts them afresh.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Date, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kithkin.store.tables.base import Base


class DataVersionRow(Base):
    __tablename__ = "kith_version"
    __table_args__ = ({"info": {"cache": True}},)
    id: Mapped[int] = mapped_column(primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger, default=0)


class Memo(Base):
    __tablename__ = "memos"
    __table_args__ = ({"info": {"cache": True}},)
    # What was computed ("today") and with which parameters ("budget=5").
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    params: Mapped[str] = mapped_column(String(200), primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    version: Mapped[int] = mapped_column(BigInteger)
    # The kithkin that computed it: another release may shape the answer otherwise.
    app: Mapped[str] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text)


class Touched(Base):
    """A contact some write changed the facts of, and the data version that write made
    (``None`` until its commit labels it). Filled by triggers (migration 0010) on the
    tables the agenda's facts are read from; read by :mod:`kithkin.core.agenda.keptfacts`.
    """

    __tablename__ = "kith_touched"
    __table_args__ = (
        Index("ix_kith_touched_version", "version"),
        {"info": {"cache": True}},
    )
    contact_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    version: Mapped[int | None] = mapped_column(BigInteger, default=None)
