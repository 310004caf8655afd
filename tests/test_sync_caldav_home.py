"""A CalDAV account whose calendars live on another host than the one the user names.

iCloud is the common case: the user gives ``https://caldav.icloud.com/``, which knows
the principal, and the principal's ``calendar-home-set`` is an absolute URL on a
partition host (``https://p42-caldav.icloud.com/1234/calendars/``). Here a small
front server on ``localhost`` plays caldav.icloud.com and a real Radicale on
``127.0.0.1`` holds the calendars: another host, as far as a client can tell.
"""

from __future__ import annotations

import base64
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import sync_servers
from test_sync_ics_url import ME, WEEKLY, _meetings, _people, calendar

radicale = sync_servers.radicale  # the fixture


class _Front(BaseHTTPRequestHandler):
    """caldav.icloud.com: knows the principal and names the calendar home elsewhere."""

    home = ""  # set per server
    seen: list[tuple[str, bool]]

    def log_message(self, *args: object) -> None:  # quiet
        pass

    def do_PROPFIND(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        want = "Basic " + base64.b64encode(b"me:secret").decode()
        authorised = self.headers.get("Authorization") == want
        self.server.seen.append((self.path, authorised))  # type: ignore[attr-defined]
        if not authorised:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="front"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path == "/":
            prop = ("<d:resourcetype><d:collection/></d:resourcetype><d:current-user-principal>"
                    "<d:href>/1234/principal/</d:href></d:current-user-principal>")  # fmt: skip
        elif self.path == "/1234/principal/":
            home = self.server.home  # type: ignore[attr-defined]
            prop = f"<c:calendar-home-set><d:href>{home}</d:href></c:calendar-home-set>"
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = (
            '<?xml version="1.0"?><d:multistatus xmlns:d="DAV:" '
            f'xmlns:c="urn:ietf:params:xml:ns:caldav"><d:response><d:href>{self.path}</d:href>'
            f"<d:propstat><d:prop>{prop}</d:prop><d:status>HTTP/1.1 200 OK</d:status>"
            "</d:propstat></d:response></d:multistatus>"
        ).encode()
        self.send_response(207)
        self.send_header("Content-Type", 'application/xml; charset="utf-8"')
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _front(home: str, tls: ssl.SSLContext | None = None):  # type: ignore[no-untyped-def]
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Front)
    server.home, server.seen = home, []  # type: ignore[attr-defined]
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _add(kith, url: str, tmp_path, *extra: str) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "dav-password"
    secret.write_text("secret")
    secret.chmod(0o600)
    kith.ok("source", "add", "caldav", url, "--me", ME, "--user", "me", "--name", "icloud",
            "--password-file", str(secret), *extra)  # fmt: skip


def test_calendars_on_the_host_the_principal_names_are_read(kith, radicale, tmp_path):
    work = radicale.calendar("work", "Work")
    radicale.put(f"{work}one-on-one.ics", calendar(WEEKLY))
    home = f"http://127.0.0.1:{radicale.port}/me/"
    front = _front(home)
    try:
        _people(kith)
        _add(kith, f"http://localhost:{front.server_address[1]}/", tmp_path)
        tested = kith.ok("source", "test", "icloud")
        assert f"calendar Work (http://127.0.0.1:{radicale.port}{work})" in tested.stdout
        first = kith.ok("sync", as_of="2026-03-20")
        assert first.stdout.strip() == "caldav icloud: 1 event read, 9 meetings logged, 0 upcoming"
        assert len(_meetings(kith, "ann@example.com")) == 9
        # the next sync finds the calendar the same way and reads nothing again
        again = kith.ok("sync", as_of="2026-03-20")
        assert again.stdout.strip() == "caldav icloud: 0 events read, 0 meetings logged, 0 upcoming"
        assert all(authorised for _, authorised in front.seen)
    finally:
        front.shutdown()
        front.server_close()


def test_a_home_named_without_tls_gets_no_password_from_a_tls_source(kith, radicale, tmp_path):
    """The source speaks TLS; a home it names over plain HTTP would carry the password
    in the clear: refused, with the URL to give if the user trusts it."""
    radicale.calendar("work", "Work")
    cert, key = sync_servers.self_signed(tmp_path)
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)
    home = f"http://127.0.0.1:{radicale.port}/me/"
    front = _front(home, tls)
    try:
        _people(kith)
        _add(kith, f"https://localhost:{front.server_address[1]}/", tmp_path,
             "--ca-file", str(cert))  # fmt: skip
        run = kith.bad("sync", as_of="2026-03-20")
        assert run.stderr.strip() == (
            f"error: caldav icloud: the server puts your calendars at {home}, without TLS; "
            "kithkin sends your password there only if you give that URL as the source's"
        )
    finally:
        front.shutdown()
        front.server_close()


def test_a_home_on_the_same_host_is_read_as_before(kith, radicale, tmp_path):
    """Radicale's root URL: its home is on its own host, and the calendars are keyed by
    their path, as a sync before this change kept them."""
    work = radicale.calendar("work", "Work")
    radicale.put(f"{work}one-on-one.ics", calendar(WEEKLY))
    _people(kith)
    _add(kith, f"{radicale.base}/", tmp_path)
    tested = kith.ok("source", "test", "icloud")
    assert f"calendar Work ({work})" in tested.stdout
    first = kith.ok("sync", as_of="2026-03-20")
    assert first.stdout.strip() == "caldav icloud: 1 event read, 9 meetings logged, 0 upcoming"
