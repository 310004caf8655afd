"""The declarative base every table shares, and its constraint naming convention
(migrations name constraints the same way on SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import cast

from sqlalchemy import MetaData, Table
from sqlalchemy.orm import DeclarativeBase

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def table_of(cls: type[Base]) -> Table:
    """The Core table behind a mapped class, for executemany bulk paths."""
    return cast(Table, cls.__table__)
