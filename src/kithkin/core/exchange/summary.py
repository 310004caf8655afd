"""What an import did, counted: the one-line report every face prints.

Kept apart from :mod:`kithkin.core.exchange.importer` so that the modules the
import service uses (``people``, ``me``) can count into it without importing the
service itself.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from kithkin.core.exchange.incoming import Skip

Progress = Callable[[int, int], None]


@dataclass
class Summary:
    kind: str
    path: str
    new: int = 0
    updated: int = 0
    merged: int = 0
    unchanged: int = 0
    possible_duplicates: int = 0
    new_roles: int = 0
    my_positions: int = 0
    interactions_new: int = 0
    interactions_known: int = 0
    interactions_unmatched: int = 0
    # Messages whose other party's name several contacts bear: linked to nobody.
    interactions_ambiguous: int = 0
    skipped: list[Skip] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unknown: Counter[str] = field(default_factory=Counter)
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        return bool(
            self.new
            or self.updated
            or self.merged
            or self.interactions_new
            or self.my_positions
            or self.new_roles
        )

    def as_dict(self, list_unknown: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "path": self.path,
            "dry_run": self.dry_run,
            "contacts": {
                "new": self.new,
                "updated": self.updated,
                "merged": self.merged,
                "unchanged": self.unchanged,
                "possible_duplicates": self.possible_duplicates,
            },
            "new_roles": self.new_roles,
            "my_positions": self.my_positions,
            "interactions": {
                "new": self.interactions_new,
                "known": self.interactions_known,
                "unmatched": self.interactions_unmatched,
            },
            "unknown_people": len(self.unknown),
            "skipped": [asdict(sk) for sk in self.skipped],
            "warnings": self.warnings,
        }
        if self.interactions_ambiguous:  # only LinkedIn's name-only messages have any
            out["interactions"]["ambiguous"] = self.interactions_ambiguous
        if list_unknown:
            out["unknown"] = [{"who": who, "count": n} for who, n in self.unknown.most_common()]
        return out
