"""Shell completion of what a user types most: contact names, channels, kinds, occasions.

:func:`attach` walks the command tree once (from :func:`kithkin.cli.helptext.polish`)
and gives each parameter that names a contact, a channel, a kind of interaction, an
occasion, a tier, a tie or a detail category its completer. Contact names come from
the database the command line names (``--db``, ``KITH_DB`` or the default), read
without migrating it and never created: a prefix query on the names, at most
:data:`MAX_NAMES` of them, so a TAB answers at once on any network.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the TAB answered before Typer loads (quickcomplete.py) reads this module
    from typer import _click as click

MAX_NAMES = 50
CONTACT_PARAMS = frozenset({"contact", "first", "second", "keep", "other"})

Completer = Callable[["click.Context", Any, str], list[str]]


def matching(values: Iterable[str], incomplete: str) -> list[str]:
    """The values that start with what was typed, in any case."""
    low = incomplete.lower()
    return [v for v in values if v.lower().startswith(low)]


class Fixed:
    """Completes from a fixed vocabulary; :attr:`values` says which."""

    def __init__(self, values: Callable[[], Iterable[str]]) -> None:
        self.values = values

    def __call__(self, ctx: click.Context, param: Any, incomplete: str) -> list[str]:
        return matching(self.values(), incomplete)


def _channels() -> list[str]:
    from kithkin.core.vocabulary import Channel

    return [c.value for c in Channel]


def _kinds() -> list[str]:
    from kithkin.core.vocabulary import KINDS

    return list(KINDS)


def _occasion_kinds() -> list[str]:
    from kithkin.core.vocabulary import OccasionKind

    return [k.value for k in OccasionKind]


def _draft_occasions() -> list[str]:
    from kithkin.core.career.drafts import OCCASIONS

    return list(OCCASIONS)


def _tiers() -> list[str]:
    from kithkin.core.vocabulary import Tier

    return [t.value for t in Tier]


def _ties() -> list[str]:
    from kithkin.core.vocabulary import Tie

    return [t.value for t in Tie]


def _categories() -> list[str]:
    from kithkin.core.vocabulary import DetailCategory

    return [c.value for c in DetailCategory]


def contact_names(ctx: click.Context, param: Any, incomplete: str) -> list[str]:
    """Names of contacts starting with what was typed (or with a word of it: ``lee``)."""
    return names_for(ctx.find_root().params.get("db"), incomplete)


def names_for(db: str | None, incomplete: str) -> list[str]:
    """:func:`contact_names` for the database ``--db`` names (else ``KITH_DB``, the default)."""
    from kithkin.config import resolve_db
    from kithkin.store import quickread

    try:
        url = resolve_db(db)
        if url.startswith("sqlite:///"):
            path = Path(url.removeprefix("sqlite:///"))
            if not path.is_file():
                return []  # nothing to complete from; never create a database for a TAB
            names = quickread.contact_names(path, incomplete, MAX_NAMES)
        else:
            names = _server_names(url, incomplete)
    except Exception:  # a completion never prints an error into the shell
        return []
    if names is None:
        return []
    names = list(dict.fromkeys(names))
    return ["me", *names] if "me".startswith(incomplete.lower()) else names


def _server_names(url: str, incomplete: str) -> list[str] | None:
    from sqlalchemy import text

    from kithkin.store.db import open_db
    from kithkin.store.quickread import NAMES_SQL, names_params

    try:
        database = open_db(url, migrate=False)
    except Exception:
        return None
    try:
        with database.session() as s:
            return list(s.scalars(text(NAMES_SQL), names_params(incomplete, MAX_NAMES)))
    except Exception:
        return None
    finally:
        database.dispose()


def completer_for(path: tuple[str, ...], name: str) -> Completer | None:
    """The completer of parameter ``name`` of command ``path`` (``("occasion", "add")``)."""
    if name in CONTACT_PARAMS:
        return contact_names
    if name == "channel":
        return Fixed(_channels)
    if name == "kind":
        return Fixed(_occasion_kinds if path[:1] == ("occasion",) else _kinds)
    if name == "occasion" and path[:1] == ("draft",):
        return Fixed(_draft_occasions)
    if name == "tier":
        return Fixed(_tiers)
    if name == "type_" and path[:1] == ("tie",):
        return Fixed(_ties)
    if name == "category":
        return Fixed(_categories)
    return None


def attach(command: Any, path: tuple[str, ...] = ()) -> None:
    """Give every parameter of the tree its completer, where it has one."""
    for param in getattr(command, "params", []):
        if param.name and getattr(param, "_custom_shell_complete", None) is None:
            found = completer_for(path, param.name)
            if found is not None:
                param._custom_shell_complete = found
    for name, sub in getattr(command, "commands", {}).items():
        attach(sub, (*path, name))
