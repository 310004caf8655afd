"""Where kithkin keeps its data and settings.

Local-first: the default database is one SQLite file in the user's data
directory; ``--db`` or ``KITH_DB`` points elsewhere, including a
``postgresql://`` URL for the hosted mode.
"""

from __future__ import annotations

import os
from pathlib import Path

APP = "kithkin"


def data_dir() -> Path:
    """Directory for the default database (``KITH_HOME`` overrides it)."""
    home = os.environ.get("KITH_HOME")
    if home:
        return Path(home)
    from platformdirs import user_data_dir  # not loaded when KITH_HOME says where

    return Path(user_data_dir(APP, appauthor=False))


def config_dir() -> Path:
    """Directory for user overrides such as draft templates (``KITH_HOME`` overrides it)."""
    home = os.environ.get("KITH_HOME")
    if home:
        return Path(home) / "config"
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP, appauthor=False))


def cache_dir() -> Path:
    """Directory for what kithkin can always compute again, such as the table a TAB
    completion answers from (``KITH_HOME`` overrides it)."""
    home = os.environ.get("KITH_HOME")
    if home:
        return Path(home) / "cache"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / "kithkin.db"


def resolve_db(db: str | None) -> str:
    """Turn ``--db``/``KITH_DB``/the default into a SQLAlchemy URL."""
    target = db or os.environ.get("KITH_DB")
    if not target:
        # Only kithkin's own data folder is created; a --db folder must already exist.
        default = default_db_path()
        default.parent.mkdir(parents=True, exist_ok=True)
        target = str(default)
    if "://" in target:
        if target.startswith(("postgresql://", "postgres://")):
            return "postgresql+psycopg://" + target.split("://", 1)[1]
        return target
    return "sqlite:///" + str(Path(target).expanduser().resolve())
