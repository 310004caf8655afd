"""Real servers on loopback for the sync tests: an HTTP server publishing an ICS URL
(with ETags and optional Basic auth), Radicale for CalDAV, Dovecot for IMAP over TLS
with a self-signed certificate the test makes. Each one is started in a temporary
folder and stopped by its fixture; none is a mock."""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import socket
import ssl
import subprocess
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_port(port: int, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


# ---------------------------------------------------------------- an ICS URL


@dataclass
class Published:
    """What the HTTP server publishes, and what it was asked."""

    body: bytes = b""
    user: str | None = None
    password: str | None = None
    requests: list[dict[str, str]] = field(default_factory=list)

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'


class _IcsHandler(BaseHTTPRequestHandler):
    server: _IcsServer

    def log_message(self, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        pub = self.server.published
        pub.requests.append({k.lower(): v for k, v in self.headers.items()} | {"path": self.path})
        if pub.user is not None:
            want = base64.b64encode(f"{pub.user}:{pub.password}".encode()).decode()
            if self.headers.get("Authorization") != f"Basic {want}":
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="cal"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
        if self.path != "/private-s3cr3t/basic.ics":
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.headers.get("If-None-Match") == pub.etag:
            self.send_response(304)
            self.send_header("ETag", pub.etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/calendar")
        self.send_header("ETag", pub.etag)
        self.send_header("Content-Length", str(len(pub.body)))
        self.end_headers()
        self.wfile.write(pub.body)


class _IcsServer(ThreadingHTTPServer):
    published: Published


@pytest.fixture
def ics_url():
    """(URL, Published) of a calendar served on loopback; set ``.body`` to publish."""
    server = _IcsServer(("127.0.0.1", 0), _IcsHandler)
    server.published = Published()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_address[1]
    yield f"http://127.0.0.1:{port}/private-s3cr3t/basic.ics", server.published
    server.shutdown()
    server.server_close()


# ---------------------------------------------------------------- TLS


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost, and its key."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    key.chmod(0o600)
    return cert, key


def tls_ok(cert: Path) -> ssl.SSLContext:
    ctx = ssl.create_default_context()
    ctx.load_verify_locations(cafile=str(cert))
    return ctx


DOVECOT = shutil.which("dovecot") or next(
    (p for p in ("/usr/sbin/dovecot",) if Path(p).exists()), None
)


# ---------------------------------------------------------------- Dovecot (IMAP)

DOVECOT_CONF = """\
protocols = imap
listen = 127.0.0.1
base_dir = {d}/run
state_dir = {d}/state
log_path = {d}/dovecot.log
ssl = required
ssl_cert = <{d}/cert.pem
ssl_key = <{d}/key.pem
default_internal_user = {internal}
default_internal_group = {internal_group}
default_login_user = {login}
first_valid_uid = {uid}
last_valid_uid = 0
mail_location = maildir:{d}/mail/%u
auth_mechanisms = plain
mail_fsync = never
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {d}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={d}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    port = {port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Sent {{
    special_use = \\Sent
    auto = create
  }}
  mailbox Archive {{
    auto = create
  }}
}}
"""


class Dovecot:
    """A Dovecot serving user ``me`` (password ``secret``) over TLS on loopback."""

    user = "me"
    password = "secret"

    def __init__(self, root: Path) -> None:
        import pwd

        self.root = root
        self.port = free_port()
        self.cert, _ = self_signed(root)
        if os.getuid() == 0:  # Dovecot runs no mail process as root: its own users then
            mail = pwd.getpwnam("dovecot")
            login = "dovenull"
            internal = "dovecot"
        else:
            mail = pwd.getpwuid(os.getuid())
            login = internal = mail.pw_name
        self.uid, self.gid = mail.pw_uid, mail.pw_gid
        import grp

        (root / "dovecot.conf").write_text(
            DOVECOT_CONF.format(
                d=root, port=self.port, uid=self.uid, gid=self.gid, login=login,
                internal=internal, internal_group=grp.getgrgid(self.gid).gr_name,
            )
        )  # fmt: skip
        (root / "passwd").write_text(f"{self.user}:{{PLAIN}}{self.password}::::::\n")
        self.maildir = root / "mail" / self.user
        for sub in ("cur", "new", "tmp"):
            (self.maildir / sub).mkdir(parents=True, exist_ok=True)
            (self.maildir / ".Sent" / sub).mkdir(parents=True, exist_ok=True)
        self._n = 0
        self._own()
        self.proc = subprocess.Popen(
            [DOVECOT or "dovecot", "-F", "-c", str(root / "dovecot.conf")],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        try:
            wait_port(self.port)
        except RuntimeError:
            self.stop()
            log = (root / "dovecot.log").read_text() if (root / "dovecot.log").exists() else ""
            raise RuntimeError(f"dovecot did not start: {log[-2000:]}") from None

    def _own(self) -> None:
        if os.getuid() == 0:
            for path in [self.root / "mail", *(self.root / "mail").rglob("*")]:
                os.chown(path, self.uid, self.gid)

    def deliver(self, messages: list[bytes], folder: str = "INBOX") -> None:
        """Put messages in a folder as a mail client would (they arrive as new)."""
        box = self.maildir if folder == "INBOX" else self.maildir / f".{folder}"
        for raw in messages:
            self._n += 1
            name = f"{1_700_000_000 + self._n}.M{self._n}P1.kith"
            (box / "tmp" / name).write_bytes(raw)
            (box / "tmp" / name).rename(box / "new" / name)
        self._own()

    def restart(self) -> None:
        """Start it again after :meth:`stop` (its configuration changed meanwhile)."""
        self._own()
        self.proc = subprocess.Popen(
            [DOVECOT or "dovecot", "-F", "-c", str(self.root / "dovecot.conf")],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        wait_port(self.port)

    def doveadm(self, *args: str) -> None:
        subprocess.run(["doveadm", "-c", str(self.root / "dovecot.conf"), *args], check=True,
                       capture_output=True)  # fmt: skip

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture
def dovecot():
    import tempfile

    if DOVECOT is None:
        pytest.skip("Debian's dovecot-imapd is not installed (make test installs it)")
    root = Path(tempfile.mkdtemp(prefix="kith-dovecot-"))
    root.chmod(0o755)
    server = Dovecot(root)
    yield server
    server.stop()
    shutil.rmtree(root, ignore_errors=True)


# ---------------------------------------------------------------- Radicale (CalDAV)

RADICALE_CONF = """\
[server]
hosts = 127.0.0.1:{port}
[auth]
type = htpasswd
htpasswd_filename = {d}/users
htpasswd_encryption = plain
[storage]
filesystem_folder = {d}/collections
[rights]
type = owner_only
[logging]
level = warning
"""


class Radicale:
    """Radicale serving user ``me`` (password ``secret``) on loopback."""

    user = "me"
    password = "secret"

    def __init__(self, root: Path, tls: bool = False) -> None:
        """``tls``: over HTTPS, with a self-signed certificate (``self.cert``)."""
        import sys

        self.root = root
        self.port = free_port()
        conf = RADICALE_CONF.format(d=root, port=self.port)
        self.tls = tls
        if tls:
            self.cert, key = self_signed(root)
            conf = conf.replace(
                "[auth]", f"ssl = True\ncertificate = {self.cert}\nkey = {key}\n[auth]"
            )
        (root / "config").write_text(conf)
        (root / "users").write_text(f"{self.user}:{self.password}\n")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--config", str(root / "config")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_port(self.port)
        self.base = f"{'https://localhost' if tls else 'http://127.0.0.1'}:{self.port}"

    def request(self, method: str, path: str, body: bytes = b"",
                headers: dict[str, str] | None = None) -> int:  # fmt: skip

        conn = self._connection()
        auth = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
        conn.request(method, path, body=body,
                     headers={"Authorization": f"Basic {auth}", **(headers or {})})  # fmt: skip
        status = conn.getresponse().status
        conn.close()
        return status

    def calendar(self, name: str, display: str) -> str:
        body = (
            '<?xml version="1.0"?><c:mkcalendar xmlns:d="DAV:" '
            'xmlns:c="urn:ietf:params:xml:ns:caldav"><d:set><d:prop>'
            f"<d:displayname>{display}</d:displayname></d:prop></d:set></c:mkcalendar>"
        )
        path = f"/{self.user}/{name}/"
        assert self.request("MKCALENDAR", path, body.encode()) == 201
        return path

    def put(self, path: str, ics: bytes) -> None:
        status = self.request("PUT", path, ics, {"Content-Type": "text/calendar"})
        assert status in (201, 204), status

    def _connection(self):  # type: ignore[no-untyped-def]
        import http.client

        if getattr(self, "tls", False):
            return http.client.HTTPSConnection("localhost", self.port, timeout=10,
                                               context=tls_ok(self.cert))  # fmt: skip
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)

    def addressbook(self, name: str, display: str) -> str:
        """A new address book (extended MKCOL, RFC 5689), as a phone's account has one."""
        body = (
            '<?xml version="1.0"?><d:mkcol xmlns:d="DAV:" '
            'xmlns:c="urn:ietf:params:xml:ns:carddav"><d:set><d:prop>'
            "<d:resourcetype><d:collection/><c:addressbook/></d:resourcetype>"
            f"<d:displayname>{display}</d:displayname></d:prop></d:set></d:mkcol>"
        )
        path = f"/{self.user}/{name}/"
        assert self.request("MKCOL", path, body.encode()) == 201
        return path

    def put_card(self, path: str, vcf: str) -> None:
        """A card written as a phone writes it."""
        status = self.request("PUT", path, vcf.encode(), {"Content-Type": "text/vcard"})
        assert status in (201, 204), status

    def get(self, path: str) -> str:

        conn = self._connection()
        auth = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
        conn.request("GET", path, headers={"Authorization": f"Basic {auth}"})
        resp = conn.getresponse()
        body = resp.read().decode()
        conn.close()
        assert resp.status == 200, resp.status
        return body

    def delete(self, path: str) -> None:
        assert self.request("DELETE", path) in (200, 204)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture
def radicale(tmp_path):
    server = Radicale(tmp_path)
    yield server
    server.stop()


# ---------------------------------------------------------------- Xandikos (CardDAV)


def xandikos_missing() -> bool:
    import importlib.util

    return importlib.util.find_spec("xandikos") is None


class Xandikos(Radicale):
    """Xandikos (a Git-backed CalDAV/CardDAV server) on loopback, with its default
    address book at ``/user/contacts/addressbook/``. It has no login of its own (it is
    meant behind a proxy that has one): the source logs in as nobody."""

    user = "user"
    password = ""

    def __init__(self, root: Path) -> None:
        import sys

        self.root = root
        self.port = free_port()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "xandikos.web", "--defaults", "-d", str(root / "dav"),
             "-l", "127.0.0.1", "-p", str(self.port), "--no-detect-systemd",
             "--current-user-principal", "/user/", "--state-dir", str(root / "state")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_port(self.port)
        self.base = f"http://127.0.0.1:{self.port}"
        self.book = "/user/contacts/addressbook/"


@pytest.fixture
def xandikos(tmp_path):
    if xandikos_missing():
        pytest.skip("xandikos is not installed (pip install -e '.[dev]' installs it)")
    server = Xandikos(tmp_path)
    yield server
    server.stop()
