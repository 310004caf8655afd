"""kith import KIND PATH, kith dupes, kith merge, kith distinct: bring a network in, one
person per person."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer

from kithkin.cli import importview
from kithkin.cli.app import app
from kithkin.cli.common import JSON_OPT, console, err_console, print_json, session, state
from kithkin.cli.jsonout import print_list
from kithkin.cli.tables import print_lines
from kithkin.core.exchange.incoming import Batch
from kithkin.core.exchange.summary import Summary
from kithkin.core.userinput import normalize_email, parse_choice
from kithkin.core.vocabulary import Tier
from kithkin.errors import BadInput

import_app = typer.Typer(
    name="import", help="Import contacts and history from other tools.", no_args_is_help=True
)
app.add_typer(import_app, name="import")

DRY_OPT = typer.Option(False, "--dry-run", help="Show what would change; write nothing.")
TIER_OPT = typer.Option(
    "none",
    "--tier",
    help="Tier of new contacts (default none: not in the agenda until you promote them).",
)
PATH_ARG = typer.Argument(..., help="File or folder to import.")
ME_OPT = typer.Option([], "--me", help="One of your own addresses (repeatable).")
ENC_OPT = typer.Option(
    None,
    "--encoding",
    help="Text encoding of the file (default: UTF-8, or UTF-16 when the file starts with its"
    " byte-order mark).",
)

PROGRESS_MIN = 2000  # records; smaller imports finish before a bar would help


@contextmanager
def _progress(total_hint: int) -> Iterator[Callable[[int, int], None] | None]:
    if not err_console.is_terminal or total_hint < PROGRESS_MIN:
        yield None
        return
    from rich.progress import Progress

    with Progress(console=err_console, transient=True) as bar:
        task = bar.add_task("importing", total=total_hint)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def run_import(
    kind: str,
    path: Path,
    batch: Batch,
    *,
    dry_run: bool,
    as_json: bool,
    tier: str = "none",
    list_unknown: bool = False,
    **kw: Any,
) -> Summary:
    from kithkin.core.exchange import importer

    tier = parse_choice(tier, Tier, "tier").value
    total = len(batch.people) + len(batch.interactions)
    if dry_run:
        try:
            with _progress(total) as progress, session() as s:
                importer.run(s, batch, kind, str(path), dry_run=True, tier=tier, **kw)
        except importer.Preview as preview:
            summary = preview.summary
    else:  # bounded transactions, so other writers are not locked out (resumable)
        from kithkin.core.exchange import batched

        with _progress(total) as progress:
            summary = batched.run(
                state.database().session, batch, kind, str(path), tier=tier, progress=progress, **kw
            )
    if as_json:
        print_json(summary.as_dict(list_unknown=list_unknown))
    else:
        importview.print_summary(console, summary, list_unknown)
    return summary


@import_app.command("linkedin")
def import_linkedin(
    path: Path = PATH_ARG,
    dry_run: bool = DRY_OPT,
    tier: str = TIER_OPT,
    encoding: str | None = ENC_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """LinkedIn data export: the zip, its folder, or one CSV (Connections, messages...)."""
    from kithkin.formats import readers
    from kithkin.formats.readers import ReadOptions

    batch = readers.read("linkedin", path, ReadOptions(encoding=encoding))
    run_import("linkedin", path, batch, dry_run=dry_run, as_json=as_json, tier=tier)


@import_app.command("vcard")
def import_vcard(
    path: Path = PATH_ARG,
    dry_run: bool = DRY_OPT,
    tier: str = TIER_OPT,
    encoding: str | None = ENC_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """vCard 2.1/3.0/4.0: one file with many cards, or a folder of .vcf files."""
    from kithkin.formats import readers
    from kithkin.formats.readers import ReadOptions

    batch = readers.read("vcard", path, ReadOptions(encoding=encoding))
    run_import("vcard", path, batch, dry_run=dry_run, as_json=as_json, tier=tier)


@import_app.command("google")
def import_google(
    path: Path = PATH_ARG,
    dry_run: bool = DRY_OPT,
    tier: str = TIER_OPT,
    encoding: str | None = ENC_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """Google Contacts CSV (the current "Google CSV" layout or the legacy one)."""
    from kithkin.formats import readers
    from kithkin.formats.readers import ReadOptions

    batch = readers.read("google", path, ReadOptions(encoding=encoding))
    run_import("google", path, batch, dry_run=dry_run, as_json=as_json, tier=tier)


@import_app.command("outlook")
def import_outlook(
    path: Path = PATH_ARG,
    dry_run: bool = DRY_OPT,
    tier: str = TIER_OPT,
    encoding: str | None = ENC_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """Outlook CSV (Outlook.com, desktop Outlook, or Google's "Outlook CSV" export)."""
    from kithkin.formats import readers
    from kithkin.formats.readers import ReadOptions

    batch = readers.read("outlook", path, ReadOptions(encoding=encoding))
    run_import("outlook", path, batch, dry_run=dry_run, as_json=as_json, tier=tier)


def _my_addresses(given: list[str]) -> set[str]:
    """The addresses given with --me, else the ones a previous import stored on `me`."""
    from kithkin.core.book import contacts

    if given:
        return {normalize_email(a, found=True) for a in given}
    with session() as s:
        known = {e.email for e in contacts.me(s).emails}
        if not known:  # raised inside: the `me` row just created is rolled back
            raise BadInput("say which addresses are yours: --me ADDRESS (repeatable)")
    return known


def _mine(path: Path, me: list[str], kind: str) -> set[str]:
    """Your addresses, once the file (or a folder of calendars) is known to be there
    (that error comes first)."""
    if not path.is_file() and not (kind == "ics" and path.is_dir()):
        raise BadInput(f"{path}: not a file")
    return _my_addresses(me)


@import_app.command("mbox")
def import_mbox(
    path: Path = PATH_ARG,
    me: list[str] = ME_OPT,
    list_unknown: bool = typer.Option(
        False, "--list-unknown", help="List the correspondents nobody knows."
    ),
    add_unknown: bool = typer.Option(
        False, "--add-unknown", help="Add unknown correspondents as contacts."
    ),
    with_body: bool = typer.Option(
        False, "--with-body", help="Keep the text of each message as the note."
    ),
    dry_run: bool = DRY_OPT,
    tier: str = TIER_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """Email (an mbox file, e.g. Gmail Takeout): messages with people you know."""
    from kithkin.formats import readers
    from kithkin.formats.readers import ReadOptions

    mine = _mine(path, me, "mbox")
    batch = readers.read("mbox", path, ReadOptions(me=frozenset(mine), with_body=with_body))
    run_import(
        "mbox",
        path,
        batch,
        dry_run=dry_run,
        as_json=as_json,
        tier=tier,
        list_unknown=list_unknown,
        me_emails=sorted(mine),
        add_unknown=add_unknown,
    )


@import_app.command("ics")
def import_ics(
    path: Path = PATH_ARG,
    me: list[str] = ME_OPT,
    list_unknown: bool = typer.Option(
        False, "--list-unknown", help="List the attendees nobody knows."
    ),
    dry_run: bool = DRY_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """Calendar (an .ics file, Google's .ical.zip export or a folder): past meetings
    with people you know."""
    from kithkin.formats import readers
    from kithkin.formats.readers import ReadOptions

    mine = _mine(path, me, "ics")
    batch = readers.read("ics", path, ReadOptions(me=frozenset(mine)))
    run_import(
        "ics",
        path,
        batch,
        dry_run=dry_run,
        as_json=as_json,
        list_unknown=list_unknown,
        me_emails=sorted(mine),
    )


@app.command()
def dupes(as_json: bool = JSON_OPT) -> None:
    """Pairs of contacts that may be one person (similar names); merge with `kith merge`."""
    from kithkin.cli.listviews import dupe_lines
    from kithkin.core import keptlists

    with session() as s:
        found = keptlists.dupes_answer(s)
    if as_json:
        print_list(found.encoded(), found.rows)
        return
    pairs = found.rows()
    if not pairs:
        console.print("no likely duplicates")
        return
    print_lines(dupe_lines(pairs))


@app.command()
def distinct(
    first: str = typer.Argument(..., help="One contact (id, email, name)."),
    second: str = typer.Argument(..., help="The other: a different person of a similar name."),
    as_json: bool = JSON_OPT,
) -> None:
    """Two people, not one: `kith dupes` stops listing them as a pair."""
    from kithkin.core.book import contacts
    from kithkin.core.exchange import merging

    with session() as s:
        out = merging.distinct(s, contacts.resolve(s, first), contacts.resolve(s, second))
    if as_json:
        print_json(out)
    else:
        a, b = out["a"], out["b"]
        console.print(
            f"#{a['id']} {a['name']} and #{b['id']} {b['name']} are two people"
            + ("" if out["new"] else " (already noted)")
            + ": kith dupes will not pair them"
        )


@app.command()
def merge(
    keep: str = typer.Argument(..., help="The contact to keep (id, email, name)."),
    other: str = typer.Argument(..., help="The contact merged into it and then removed."),
    as_json: bool = JSON_OPT,
) -> None:
    """Merge two records of one person: everything of both is kept on the first."""
    from kithkin.core.book import contacts
    from kithkin.core.exchange import merging

    with session() as s:
        a = contacts.resolve(s, keep)
        b = contacts.resolve(s, other)
        out = merging.merge(s, a, b)
    if as_json:
        print_json(out)
    else:
        console.print(f"merged #{out['removed']} into #{out['id']} {out['name']}")
