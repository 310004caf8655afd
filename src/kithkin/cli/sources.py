"""kith source add|list|rm|test|password|suggestions, kith sync: the history fills itself."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import typer

from kithkin.cli.app import app, one_line
from kithkin.cli.common import JSON_OPT, console, err_console, print_json, session, state
from kithkin.core.bounds import MAX_COUNT
from kithkin.errors import KithError, Unreachable

source_app = typer.Typer(
    name="source",
    help="Mailboxes, calendars and address books that kith sync reads (IMAP, CalDAV, ICS URLs, "
    "CardDAV).",
    no_args_is_help=True,
)
app.add_typer(source_app, name="source")

PROGRESS_MIN = 2000  # messages; a shorter first sync ends before a bar would help
# Names of folders, calendars and people come from servers and other people's mail
# programs: "[ext]" or ":thumbs_up:" in them is text, never Rich markup or an emoji code.
AS_WRITTEN: dict[str, bool] = {"markup": False, "emoji": False}


@source_app.command("add")
def add(
    kind: str = typer.Argument(
        ..., help="imap, caldav, carddav or ics.", metavar="imap|caldav|carddav|ics"
    ),
    url: str = typer.Argument(
        ...,
        help="imaps://USER@host[:port]/, https://host/path/ (CalDAV, CardDAV) or the "
        "calendar's ICS URL.",
    ),
    name: str | None = typer.Option(None, "--name", help="What to call it (default: the host)."),
    me: list[str] = typer.Option([], "--me", help="One of your own addresses (repeatable)."),
    user: str | None = typer.Option(None, "--user", help="Log in as (if not in the URL)."),
    folder: list[str] = typer.Option(
        [], "--folder", help="IMAP folder to read (repeatable; default: inbox and sent)."
    ),
    calendar: list[str] = typer.Option(
        [], "--calendar", help="CalDAV calendar to read (repeatable; default: all)."
    ),
    addressbook: list[str] = typer.Option(
        [], "--addressbook", help="CardDAV address book to sync (repeatable; default: all)."
    ),
    push_tier: list[str] = typer.Option(
        [],
        "--push-tier",
        help="CardDAV: also give contacts of this tier a card (repeatable; close, regular, "
        "wide; default: none is pushed).",
    ),
    with_snippets: bool = typer.Option(
        False, "--with-snippets", help="Keep the start of each message (default: headers only)."
    ),
    password_env: str | None = typer.Option(
        None, "--password-env", help="Environment variable that holds the password."
    ),
    password_file: str | None = typer.Option(
        None, "--password-file", help="File (mode 0600) that holds the password."
    ),
    ca_file: str | None = typer.Option(
        None, "--ca-file", help="Certificate to trust for this server (self-hosted)."
    ),
    as_json: bool = JSON_OPT,
) -> None:
    """Add a mailbox, calendar or address book; `kith sync` reads it from then on."""
    from kithkin.core.sync import sources

    with session() as s:
        cfg = sources.add(
            s,
            kind,
            url,
            name=name,
            user=user,
            me=me,
            folders=folder,
            calendars=calendar,
            with_snippets=with_snippets,
            password_env=password_env,
            password_file=password_file,
            ca_file=ca_file,
            addressbooks=addressbook,
            push_tiers=push_tier,
        )
        if cfg.options.get("ca_file"):
            from kithkin.remote.http import tls_context

            tls_context(cfg.options["ca_file"])  # no certificate: refused, nothing written
        shown = sources.view(s, cfg)
    if as_json:
        print_json(shown)
        return
    console.print(f"added {cfg.label} ({shown['url']})", soft_wrap=True, **AS_WRITTEN)
    secret = shown["password"] or {}
    if "keyring" in secret:
        console.print(f"  password: from the system keyring; store it with "
                      f"`kith source password {cfg.name}`")  # fmt: skip
    console.print(f"  check it with `kith source test {cfg.name}`, then `kith sync {cfg.name}`")


@source_app.command("list")
def list_sources(as_json: bool = JSON_OPT) -> None:
    """The sources, where each password comes from, and the last sync."""
    from kithkin.core.sync import sources

    with session() as s:
        shown = [sources.view(s, c) for c in sources.every(s)]
    if as_json:
        print_json(shown)
        return
    if not shown:
        console.print("no sources yet: kith source add imap|caldav|carddav|ics URL")
    for v in shown:
        last = v["last_result"] or "not synced yet"
        when = f" ({v['synced_at']})" if v["synced_at"] else ""
        console.print(f"{v['kind']} {v['name']}  {v['url']}  {last}{when}", soft_wrap=True,
                      **AS_WRITTEN)  # fmt: skip


@source_app.command("rm")
def rm(
    name: str = typer.Argument(..., help="The source's name."), as_json: bool = JSON_OPT
) -> None:
    """Forget a source and how far it was read (what it logged stays)."""
    from kithkin.core.sync import sources
    from kithkin.remote import secrets

    with session() as s:
        cfg = sources.remove(s, name)
    secrets.forget(cfg.name)
    if as_json:
        print_json({"removed": cfg.name})
    else:
        console.print(f"removed {cfg.label}; what it logged stays in the history")


@source_app.command("test")
def test(
    name: str = typer.Argument(..., help="The source's name."), as_json: bool = JSON_OPT
) -> None:
    """Connect and list the folders, calendars or address books; writes nothing."""
    import kithkin.remote as remote
    from kithkin.core.sync import sources

    with session() as s:
        cfg = sources.get(s, name)
    tested = remote.test(cfg)
    if as_json:
        reads = {} if tested.reads is None else {"reads": tested.reads}
        print_json({"name": cfg.name, "kind": cfg.kind, "found": tested.found, **reads})
    else:
        console.print(f"{cfg.label}: connected", soft_wrap=True)
        for line in tested.found:
            console.print(f"  {line}", soft_wrap=True, **AS_WRITTEN)
        if tested.why is not None:
            console.print(f"  reads nothing: {tested.why}", soft_wrap=True, **AS_WRITTEN)
        elif tested.reads is not None:
            console.print(f"  reads {', '.join(tested.reads)}", soft_wrap=True, **AS_WRITTEN)
    if tested.why is not None:  # what kith sync would refuse: a configuration error (2)
        from kithkin.errors import BadInput

        raise BadInput(f"{cfg.label}: kith sync would read nothing: {tested.why}")


@source_app.command("password")
def password(name: str = typer.Argument(..., help="The source's name.")) -> None:
    """Store the source's password in the system keyring (asked, never shown)."""
    from kithkin.core.sync import sources
    from kithkin.remote import secrets

    with session() as s:
        cfg = sources.get(s, name)
    secrets.require_keyring()
    value = typer.prompt(f"password for {cfg.label}", hide_input=True)
    secrets.store(cfg.name, value)
    console.print(f"stored in the system keyring for {cfg.label}")


@source_app.command("suggestions")
def suggestions(
    limit: int = typer.Option(20, "--limit", min=1, max=MAX_COUNT, help="How many to list."),
    as_json: bool = JSON_OPT,
) -> None:
    """People your mail sources saw who are not contacts, by how often you wrote to them."""
    from kithkin.core.sync import suggestions as sugg

    with session() as s:
        found = sugg.ranked(s, limit)
    if as_json:
        print_json(found)
        return
    if not found:
        console.print("no suggestions: everyone your mail sources saw is a contact")
    for p in found:
        who = f"{p['name']} <{p['email']}>" if p["name"] else p["email"]
        console.print(
            f"{who}  you wrote {p['written']}, they wrote {p['received']}, last {p['last_on']}"
            f"  kith add {_quoted(p['name'] or p['email'])} --email {p['email']}",
            soft_wrap=True,
            **AS_WRITTEN,
        )
    if found:
        console.print("added someone? `kith sync NAME --rescan` logs your past mail with them")


def _quoted(text: str) -> str:
    import shlex

    return shlex.quote(text)


@contextmanager
def _bar(label: str) -> Iterator[Callable[[int, int], None] | None]:
    if not err_console.is_terminal:
        yield None
        return
    from rich.progress import Progress

    with Progress(console=err_console, transient=True) as bar:
        task = None

        def update(done: int, total: int) -> None:
            nonlocal task
            if task is None:
                if total < PROGRESS_MIN:
                    return
                task = bar.add_task(f"syncing {label}", total=total)
            bar.update(task, completed=done, total=total)

        yield update


@app.command()
def sync(
    name: str | None = typer.Argument(None, help="One source (default: every source)."),
    rescan: bool = typer.Option(
        False, "--rescan", help="Read everything again (nothing is logged twice)."
    ),
    as_json: bool = JSON_OPT,
) -> None:
    """Read what is new in your mailboxes, calendars and address books and log it."""
    import kithkin.remote as remote
    from kithkin.core.sync import sources

    with session() as s:
        chosen = [sources.get(s, name)] if name else sources.every(s)
    if not chosen:
        raise_bad("no sources yet: add one with `kith source add imap|caldav|carddav|ics URL`")
    db = state.database()
    done, failed = [], []
    for cfg in chosen:
        try:
            with _bar(cfg.label) as progress:
                out = remote.sync(db, cfg, rescan=rescan, progress=progress)
        except KithError as exc:
            if len(chosen) == 1:
                raise
            failed.append(exc)
            err_console.print(f"error: {one_line(str(exc))}", soft_wrap=True, markup=False)
            continue
        done.append(out)
        if not as_json:
            console.print(out.line(), soft_wrap=True, markup=False)
    if as_json:
        print_json([o.as_dict() for o in done])
    if failed:
        sys.exit(1 if all(isinstance(e, Unreachable) for e in failed) else 2)


def raise_bad(message: str) -> None:
    from kithkin.errors import BadInput

    raise BadInput(message)
