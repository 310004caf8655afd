"""One source as the sync reads it, without the database: what the command line's
quick path (:mod:`kithkin.cli.quicksync`) and the protocol adapters need, loaded
without SQLAlchemy. :mod:`.sources` keeps the sources themselves."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import SplitResult, urlsplit

# Which interactions a kind writes (kithkin.core.exchange.incoming.FAMILY names their family).
INTERACTION_SOURCE = {"imap": "imap", "caldav": "caldav", "carddav": "carddav", "ics": "ics-url"}
_DEFAULT_PORTS = {"imaps": 993, "imap": 143, "https": 443, "http": 80}


def checkpoint_state(text: str | None) -> dict[str, Any]:
    """A checkpoint's stored JSON as a dict; anything unreadable is no checkpoint."""
    try:
        state = json.loads(text or "")
    except ValueError:
        return {}
    return state if isinstance(state, dict) else {}


def config_of(id: int, name: str, kind: str, url: str, options: str | None) -> SourceConfig:
    """A stored source row (its options as JSON text) as the sync reads it."""
    try:
        opts = json.loads(options or "{}")
    except ValueError:
        opts = {}
    return SourceConfig(id, name, kind, url, opts)


@dataclass
class SourceConfig:
    """One source as the sync reads it."""

    id: int
    name: str
    kind: str
    url: str  # without user or password
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def user(self) -> str | None:
        return self.options.get("user")

    @property
    def me(self) -> list[str]:
        return list(self.options.get("me", []))

    @property
    def folders(self) -> list[str]:
        return list(self.options.get("folders", []))

    @property
    def calendars(self) -> list[str]:
        return list(self.options.get("calendars", []))

    @property
    def with_snippets(self) -> bool:
        return bool(self.options.get("with_snippets", False))

    @property
    def parts(self) -> SplitResult:
        return urlsplit(self.url)

    @property
    def host(self) -> str:
        return self.parts.hostname or ""

    @property
    def port(self) -> int:
        p = self.parts
        return p.port or _DEFAULT_PORTS.get(p.scheme, 443)

    @property
    def interaction_source(self) -> str:
        return INTERACTION_SOURCE[self.kind]

    @property
    def label(self) -> str:
        """How messages name it: ``imap work``."""
        return f"{self.kind} {self.name}"
