"""kith hosted: the accounts of ``kith serve --hosted`` (PostgreSQL only).

Each user's network is a schema of its own in the database ``--db`` names; see
:mod:`kithkin.store.accounts`. ``kith hosted url EMAIL`` prints the URL of one
user's network, which every other command takes as ``--db``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from kithkin.cli.app import app
from kithkin.cli.common import JSON_OPT, console, err_console, print_json, state
from kithkin.config import resolve_db
from kithkin.errors import BadInput

if TYPE_CHECKING:  # SQLAlchemy loads when a command runs
    from kithkin.store.accounts import Accounts

hosted_app = typer.Typer(
    help="The users of the hosted, multi-user server (PostgreSQL).", no_args_is_help=True
)
app.add_typer(hosted_app, name="hosted")


def _accounts() -> Accounts:
    from kithkin.store.accounts import Accounts

    accounts = Accounts(resolve_db(state.db))
    accounts.ensure()
    return accounts


def _password(password_file: Path | None) -> str:
    if password_file is None:
        value: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
        return value
    try:
        lines = password_file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        raise BadInput(f"{password_file}: cannot be read") from None
    if not lines or not lines[0]:
        raise BadInput(f"{password_file}: its first line (the password) is empty")
    return lines[0]


PASSWORD_FILE = typer.Option(
    None,
    "--password-file",
    help="Read the password from the first line of this file instead of asking.",
)


@hosted_app.command("adduser")
def adduser(
    email: str = typer.Argument(..., help="The user's email, which they log in with."),
    password_file: Path | None = PASSWORD_FILE,
) -> None:
    """Add a user, with an empty network of their own."""
    accounts = _accounts()
    try:
        user = accounts.add(email, _password(password_file))
    finally:
        accounts.close()
    console.print(f"added {user.email} (their network: schema {user.schema})")


@hosted_app.command("passwd")
def passwd(
    email: str = typer.Argument(..., help="The user's email."),
    password_file: Path | None = PASSWORD_FILE,
) -> None:
    """Set a user's password (their open sessions end)."""
    accounts = _accounts()
    try:
        accounts.set_password(email, _password(password_file))
    finally:
        accounts.close()
    console.print(f"new password for {email.strip().lower()}")


@hosted_app.command("users")
def users(as_json: bool = JSON_OPT) -> None:
    """List the users, with the schema that holds each one's network."""
    accounts = _accounts()
    try:
        found = accounts.users()
    finally:
        accounts.close()
    rows = [
        {"email": u.email, "schema": u.schema,
         "created": u.created.date().isoformat() if u.created else None}
        for u in found
    ]  # fmt: skip
    if as_json:
        print_json(rows)
        return
    if not rows:
        console.print("no users yet: add one with kith hosted adduser EMAIL")
        return
    from kithkin.cli.tables import print_rows
    from kithkin.core.wording import count

    cells = [[str(r["email"]), str(r["schema"]), str(r["created"] or "")] for r in rows]
    print_rows(count(len(rows), "user"), ("email", "schema", "created"), cells)


@hosted_app.command("rmuser")
def rmuser(
    email: str = typer.Argument(..., help="The user's email."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
) -> None:
    """Delete a user and their whole network (it cannot be undone)."""
    accounts = _accounts()
    try:
        user = accounts.find(email)
        if not yes and not typer.confirm(f"Delete {user.email} and their whole network?"):
            raise typer.Exit(1)
        accounts.remove(user.email)
    finally:
        accounts.close()
    console.print(f"removed {user.email} and their network")


@hosted_app.command("url")
def url(email: str = typer.Argument(..., help="The user's email.")) -> None:
    """Print the --db URL of one user's network (never with a password)."""
    from sqlalchemy.engine import make_url

    accounts = _accounts()
    try:
        user = accounts.find(email)
        target = make_url(accounts.user_url(user)).set(drivername="postgresql", password=None)
    finally:
        accounts.close()
    print(target.render_as_string(hide_password=False))


token_app = typer.Typer(
    help="The API tokens of a user's scripts (Authorization: Bearer on /api).",
    no_args_is_help=True,
)
hosted_app.add_typer(token_app, name="token")


@token_app.command("add")
def token_add(
    email: str = typer.Argument(..., help="The user's email."),
    label: str = typer.Option(..., "--label", metavar="NAME", help="What will use it."),
) -> None:
    """Make an API token for a user and print it (once: only its hash is kept)."""
    from kithkin.store import apitokens

    accounts = _accounts()
    try:
        made, token = apitokens.add(accounts, accounts.find(email), label)
    finally:
        accounts.close()
    print(token, flush=True)  # alone on standard output: TOKEN=$(kith hosted token add ...)
    err_console.print(f"token #{made.id} {made.label!r}: it is not shown again")


@token_app.command("list")
def token_list(
    email: str = typer.Argument(..., help="The user's email."), as_json: bool = JSON_OPT
) -> None:
    """List a user's API tokens (their names, never the tokens)."""
    from kithkin.store import apitokens

    accounts = _accounts()
    try:
        found = apitokens.listing(accounts, accounts.find(email))
    finally:
        accounts.close()
    rows = [
        {"id": t.id, "label": t.label, "created": t.created.date().isoformat(),
         "last_used": t.last_used.isoformat() if t.last_used else None}
        for t in found
    ]  # fmt: skip
    if as_json:
        print_json(rows)
        return
    if not rows:
        console.print(f"no API tokens for {email.strip().lower()}")
        return
    from kithkin.cli.tables import print_rows
    from kithkin.core.wording import count

    cells = [[str(r["id"]), str(r["label"]), str(r["created"]), str(r["last_used"] or "never")]
             for r in rows]  # fmt: skip
    print_rows(count(len(rows), "token"), ("id", "name", "made", "last used"), cells)


@token_app.command("rm")
def token_rm(
    email: str = typer.Argument(..., help="The user's email."),
    token_id: int = typer.Argument(
        ..., metavar="ID", help="The token's id (kith hosted token list)."
    ),
) -> None:
    """Revoke one of a user's API tokens: the scripts using it are refused at once."""
    from kithkin.store import apitokens

    accounts = _accounts()
    try:
        user = accounts.find(email)
        apitokens.revoke(accounts, user, token_id)
    finally:
        accounts.close()
    console.print(f"revoked token #{token_id} of {user.email}")
