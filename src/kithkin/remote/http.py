"""A small HTTP(S) client for CalDAV and ICS URLs, with kithkin's errors.

The standard library's ``http.client``: TLS verified against the system's
certificates (or the source's ``--ca-file``), Basic authentication, a timeout,
a few redirects followed on the same scheme (the password only to the server the
source names, or one that server names as where the account lives). Failures become one line naming
the source: :class:`~kithkin.errors.BadInput` when the user can fix it (a wrong
password, an untrusted certificate, a URL that is not there),
:class:`~kithkin.errors.Unreachable` when the server is at fault. Neither the
password nor an ICS URL's secret path ever appears in a message.
"""

from __future__ import annotations

import base64
import http.client
import socket
import ssl
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from kithkin.core.sync.config import SourceConfig
from kithkin.errors import BadInput, Unreachable

TIMEOUT = 30.0
MAX_REDIRECTS = 5
MAX_BODY = 256 * 1024 * 1024  # a calendar larger than this is not a calendar
MAX_CERT = 1024 * 1024  # a certificate file larger than this is no certificate


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


def tls_context(ca_file: str | None, label: str = "", option: str = "--ca-file") -> ssl.SSLContext:
    """The system's certificates, or only the one the source names (``--ca-file``): PEM,
    or DER as a browser or Windows saves one (``.crt``, ``.cer``). A file that is gone
    or is no certificate is :class:`BadInput` naming ``label`` and the ``option``."""
    if not ca_file:
        return ssl.create_default_context()
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # hostname checked, certificate required
    where = f"{label}: {option} {ca_file}" if label else f"{option} {ca_file}"
    try:
        ctx.load_verify_locations(cafile=ca_file)
        return ctx
    except ssl.SSLError:  # no PEM certificate in it: DER, perhaps
        pass
    except OSError as exc:
        raise BadInput(f"{where}: {exc.strerror or type(exc).__name__}") from None
    try:
        with Path(ca_file).open("rb") as f:
            ctx.load_verify_locations(cadata=f.read(MAX_CERT))
    except (OSError, ValueError):  # ssl.SSLError is an OSError
        raise BadInput(f"{where}: not a certificate (PEM or DER)") from None
    return ctx


def tls_error(cfg: SourceConfig, exc: BaseException) -> BadInput:
    reason = getattr(exc, "verify_message", None) or getattr(exc, "reason", None) or "TLS failed"
    return BadInput(f"{cfg.label}: {cfg.host} failed the TLS check ({reason}); if you trust "
                    "its certificate, name it with --ca-file")  # fmt: skip


def origin_of(url: str) -> tuple[str, str, int]:
    """(scheme, host, port): what a password is bound to."""
    p = urlsplit(url)
    return p.scheme, (p.hostname or "").lower(), p.port or (443 if p.scheme == "https" else 80)


def unreachable(cfg: SourceConfig, host: str, port: int, exc: OSError) -> BadInput | Unreachable:
    """A connection that failed: a host name that does not exist is a typo to fix
    (:class:`BadInput`); anything else (refused, no network, a name server that does
    not answer) is the server's or the network's fault, to try again later."""
    if isinstance(exc, socket.gaierror) and exc.errno in _NO_SUCH_HOST:
        return BadInput(f"{cfg.label}: no host named {host} (a typo in the URL?)")
    why = exc.strerror or type(exc).__name__
    return Unreachable(f"{cfg.label}: cannot reach {host}:{port} ({why})")


_NO_SUCH_HOST = {getattr(socket, n) for n in ("EAI_NONAME", "EAI_NODATA") if hasattr(socket, n)}


class Client:
    """Requests to one source's server (one connection, reused)."""

    def __init__(self, cfg: SourceConfig, password: str | None) -> None:
        self.cfg = cfg
        self.auth = None
        if cfg.user is not None and password is not None:
            token = base64.b64encode(f"{cfg.user}:{password}".encode()).decode()
            self.auth = f"Basic {token}"
        self._conn: http.client.HTTPConnection | None = None
        self._where: tuple[str, str, int] | None = None
        self._trusted = {origin_of(cfg.url)} if cfg.url else set()

    def trust(self, url: str) -> None:
        """Send the password to ``url``'s server too: one the source's own server named
        as where the account lives (a CalDAV calendar home on another host, as iCloud's)."""
        self._trusted.add(origin_of(url))

    def trusts(self, url: str) -> bool:
        return origin_of(url) in self._trusted

    def _connection(self, scheme: str, host: str, port: int) -> http.client.HTTPConnection:
        if self._conn is not None and self._where == (scheme, host, port):
            return self._conn
        self.close()
        if scheme == "https":
            ctx = tls_context(self.cfg.options.get("ca_file"), self.cfg.label)
            self._conn = http.client.HTTPSConnection(host, port, timeout=TIMEOUT, context=ctx)
        else:
            self._conn = http.client.HTTPConnection(host, port, timeout=TIMEOUT)
        self._where = (scheme, host, port)
        return self._conn

    def request(
        self,
        method: str,
        url: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        allow: tuple[int, ...] = (),
    ) -> Response:
        """The answer, following redirects; ``allow`` are error statuses the caller handles.

        The password goes to the server the request was made to only: a redirect to
        another one (host, port or scheme) is followed without it, as browsers do, unless
        the source's server named it (:meth:`trust`)."""
        for _ in range(MAX_REDIRECTS + 1):
            home = self.trusts(url)
            resp = self._once(method, url, body, headers or {}, home)
            if resp.status in (301, 302, 307, 308) and "location" in resp.headers:
                nxt = urljoin(url, resp.headers["location"])
                if urlsplit(nxt).scheme != urlsplit(url).scheme:
                    raise BadInput(f"{self.cfg.label}: the server redirects to another scheme; "
                                   "give the final URL")  # fmt: skip
                url = nxt
                continue
            if resp.status == 401 and not home and self.auth:
                raise BadInput(f"{self.cfg.label}: the server sends kithkin on to "
                               f"{urlsplit(url).hostname}, which asks for a password; kithkin "
                               "sends it only to the server the source names: give the URL it "
                               "leads to if you trust it")  # fmt: skip
            return resp if resp.status in allow else self._checked(resp)
        raise Unreachable(f"{self.cfg.label}: too many redirects")

    def _once(self, method: str, url: str, body: bytes | None, headers: dict[str, str],
              with_auth: bool = True) -> Response:  # fmt: skip
        p = urlsplit(url)
        scheme = p.scheme
        host = p.hostname or ""
        port = p.port or (443 if scheme == "https" else 80)
        path = (p.path or "/") + (f"?{p.query}" if p.query else "")
        sent = {"User-Agent": "kithkin", **headers}
        if self.auth and with_auth:
            sent["Authorization"] = self.auth
        for attempt in (1, 2):  # a kept-alive connection the server closed: once more
            conn = self._connection(scheme, host, port)
            try:
                conn.request(method, path, body=body, headers=sent)
                raw = conn.getresponse()
                data = raw.read(MAX_BODY + 1)
                if len(data) > MAX_BODY:
                    raise BadInput(f"{self.cfg.label}: the answer is larger than "
                                   f"{MAX_BODY // 2**20} MB")  # fmt: skip
                out = Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, data)
                if raw.will_close:
                    self.close()
                return out
            except ssl.SSLCertVerificationError as exc:
                self.close()
                raise tls_error(self.cfg, exc) from None
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.close()
                if attempt == 2:
                    raise Unreachable(f"{self.cfg.label}: {host} closed the connection") from None
            except TimeoutError:
                self.close()
                raise Unreachable(f"{self.cfg.label}: {host}:{port} did not answer within "
                                  f"{TIMEOUT:.0f} s") from None  # fmt: skip
            except ssl.SSLError as exc:
                self.close()
                raise Unreachable(f"{self.cfg.label}: TLS with {host}:{port} failed "
                                  f"({exc.reason or 'error'})") from None  # fmt: skip
            except OSError as exc:
                self.close()
                raise unreachable(self.cfg, host, port, exc) from None
        raise AssertionError("unreachable")

    def _checked(self, resp: Response) -> Response:
        label = self.cfg.label
        if resp.status == 401:
            raise BadInput(f"{label}: the server refused the user name or password (HTTP 401)")
        if resp.status == 403:  # a right password on a path that is not yours, mostly
            raise BadInput(f"{label}: the server does not let you read this URL (HTTP 403): "
                           "check its path, then the user name and password")  # fmt: skip
        if resp.status in (404, 410):
            raise BadInput(f"{label}: nothing at this URL (HTTP {resp.status})")
        if resp.status in (408, 429):  # polled too often, or too slow: try again later
            raise Unreachable(f"{label}: the server asks to wait (HTTP {resp.status})")
        if resp.status >= 500:
            raise Unreachable(f"{label}: the server failed (HTTP {resp.status})")
        return resp

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
        self._conn = None
        self._where = None
