"""The schema revision this kithkin writes, in a module that imports nothing.

:mod:`kithkin.store.quickread` answers ``kith today`` from the memo without
loading SQLAlchemy, and must know the schema it can read; ``store/db.py`` and
the backups take the constant from here too. ``tests/test_migrations.py``
checks that it is Alembic's head.
"""

SCHEMA_HEAD = "0018"
