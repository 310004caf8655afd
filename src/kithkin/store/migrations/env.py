"""Alembic environment: runs on the connection kithkin hands it (see store/db.py)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from kithkin.store.tables import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        # `alembic` run by hand by a developer: sqlalchemy.url from the ini or -x db=...
        url = context.get_x_argument(as_dictionary=True).get("db") or config.get_main_option(
            "sqlalchemy.url", ""
        )
        engine = create_engine(url)
        with engine.begin() as conn:
            context.configure(
                connection=conn, target_metadata=target_metadata, render_as_batch=True
            )
            context.run_migrations()
        return
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    context.run_migrations()


run()
