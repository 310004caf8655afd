"""kith serve: the web UI and JSON API on this machine."""

from __future__ import annotations

import sys
from typing import Any

import typer

from kithkin.cli.app import app
from kithkin.cli.common import console, state, warn
from kithkin.config import resolve_db
from kithkin.errors import BadInput


def _check_host(host: str) -> None:
    """An IP address, or a name this machine resolves, before anything starts."""
    import ipaddress
    import socket

    try:
        ipaddress.ip_address(host)
        return
    except ValueError:
        pass
    if not host or any(c in host for c in "/ \t\n") or host.replace(".", "").isdigit():
        raise BadInput(f"--host {host!r}: not an address or a host name")
    try:
        socket.getaddrinfo(host, None)
    except (OSError, UnicodeError):
        raise BadInput(f"--host {host!r}: this machine cannot resolve that name") from None


def _beyond_loopback(host: str) -> bool:
    """Loopback is the server's only lock (it has no login): any other address opens
    the whole network to whoever reaches it, which the operator must hear at start."""
    import ipaddress

    if host == "localhost":
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    allow_host: list[str] = typer.Option(
        [],
        "--allow-host",
        help="Another name the browser may use for this server "
        "(repeatable; needed with --host 0.0.0.0).",
    ),
    max_upload_mb: float | None = typer.Option(
        None,
        "--max-upload-mb",
        min=0.001,
        max=100_000,
        envvar="KITH_MAX_UPLOAD_MB",
        help="Refuse uploads larger than this (default 64).",
    ),
    hosted: bool = typer.Option(
        False,
        "--hosted",
        help="Serve every user of `kith hosted`, each their own network, behind a login "
        "(PostgreSQL only).",
    ),
) -> None:
    """Serve the web UI and the JSON API (http://127.0.0.1:8000 by default)."""
    _check_host(host)
    db_url = resolve_db(state.db)
    if hosted:
        from kithkin.store.accounts import require_postgresql

        require_postgresql(db_url)
    import uvicorn

    from kithkin.web.app import create_app

    web = create_app(
        db_url,
        host=host,
        port=port,
        extra_hosts=allow_host,
        max_upload=int(max_upload_mb * 1_000_000) if max_upload_mb else None,
        background=True,
        hosted=hosted,
    )
    shown = f"[{host}]" if ":" in host else host
    where = f"kithkin is at http://{shown}:{port}/  (Ctrl+C stops it)"

    class Announced(uvicorn.Server):
        """Says where the web UI is once it listens, not before (nor if it cannot)."""

        async def startup(self, sockets: Any = None) -> None:
            await super().startup(sockets)
            if self.started:
                console.print(where)
                sys.stdout.flush()

    config = uvicorn.Config(web, host=host, port=port, log_level="warning", server_header=False)
    if hosted:
        for name in web.state.hosted.dropped:
            warn(f"{name} is ignored in hosted mode: every user would share it")
        if not web.state.hosted.accounts.users():
            warn("no users yet: add one with kith hosted adduser EMAIL")
        if _beyond_loopback(host):
            warn(
                f"serve {shown}:{port} to others through https only (a TLS proxy): "
                "passwords and session cookies would otherwise cross the network in clear"
            )
    if not hosted and _beyond_loopback(host):
        warn(
            f"the server has no login: whoever reaches {shown}:{port} reads and changes "
            "your whole network (see docs/web.md, Security model)"
        )
    Announced(config).run()
