"""An IMAP mailbox, read-only: ``EXAMINE`` and ``BODY.PEEK``, headers only.

The standard library's ``imaplib`` over TLS (``imaps://``, or ``imap://`` with a
mandatory STARTTLS: a password never crosses the network in the clear). Folders
come with their SPECIAL-USE flags (``\\Sent``, ``\\All``); messages are fetched
by UID in batches of :data:`BATCH` (the UIDs from ``UID SEARCH``), only the
headers the rules read (:data:`kithkin.core.exchange.mail.HEADERS`), plus the
start of the text with ``--with-snippets``. Nothing is ever marked read.
"""

from __future__ import annotations

import contextlib
import imaplib
import queue
import re
import ssl
import threading
from collections.abc import Iterator

from kithkin.core.exchange.mail import HEADERS
from kithkin.core.sync.ports import Folder, FolderState
from kithkin.core.sync.sources import SourceConfig
from kithkin.errors import BadInput, Unreachable
from kithkin.remote.http import tls_context, tls_error

TIMEOUT = 60.0
BATCH = 1000  # UIDs per FETCH
SNIPPET = 2048  # bytes of text kept with --with-snippets
_FIELDS = " ".join(h.upper() for h in HEADERS)
_MIME = "CONTENT-TYPE CONTENT-TRANSFER-ENCODING MIME-VERSION"
_LIST = re.compile(rb'^\((?P<flags>[^)]*)\) (?P<sep>"(?:[^"\\]|\\.)*"|NIL) (?P<name>.+)$')
_START = re.compile(rb"^(\d+) \(")
_UID = re.compile(rb"UID (\d+)")


def _unquote(raw: bytes) -> str:
    raw = raw.strip()
    if raw.startswith(b'"') and raw.endswith(b'"'):
        raw = re.sub(rb"\\(.)", rb"\1", raw[1:-1])
    return raw.decode("utf-8", "replace")


def _quote(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Imap:
    """One logged-in connection to a source's mailbox."""

    def __init__(self, cfg: SourceConfig, conn: imaplib.IMAP4) -> None:
        self.cfg = cfg
        self.conn = conn
        self.selected: str | None = None
        self._worker: threading.Thread | None = None
        self._stop = threading.Event()
        self._results: queue.Queue[tuple[list[object] | None, BaseException | None]] = queue.Queue()

    @classmethod
    def connect(cls, cfg: SourceConfig, password: str | None) -> Imap:
        label, host, port = cfg.label, cfg.host, cfg.port
        ctx = tls_context(cfg.options.get("ca_file"))
        try:
            if cfg.parts.scheme == "imaps":
                conn: imaplib.IMAP4 = imaplib.IMAP4_SSL(host, port, ssl_context=ctx,
                                                        timeout=TIMEOUT)  # fmt: skip
            else:
                conn = imaplib.IMAP4(host, port, timeout=TIMEOUT)
                try:
                    conn.starttls(ssl_context=ctx)
                except imaplib.IMAP4.error:
                    conn.shutdown()
                    raise BadInput(f"{label}: {host} offers no STARTTLS; kithkin never sends a "
                                   "password in the clear (use imaps://)") from None  # fmt: skip
        except ssl.SSLCertVerificationError as exc:
            raise tls_error(cfg, exc) from None
        except ssl.SSLError as exc:
            raise Unreachable(f"{label}: TLS with {host}:{port} failed "
                              f"({exc.reason or 'error'})") from None  # fmt: skip
        except TimeoutError:
            raise Unreachable(f"{label}: {host}:{port} did not answer within "
                              f"{TIMEOUT:.0f} s") from None  # fmt: skip
        except (OSError, imaplib.IMAP4.abort) as exc:
            why = getattr(exc, "strerror", None) or type(exc).__name__
            raise Unreachable(f"{label}: cannot reach {host}:{port} ({why})") from None
        box = cls(cfg, conn)
        box._login(password or "")
        return box

    def _login(self, password: str) -> None:
        user = self.cfg.user or ""
        try:
            try:
                self.conn.login(user, password)
            except UnicodeEncodeError:  # a non-ASCII password: SASL PLAIN carries UTF-8
                blob = f"\0{user}\0{password}".encode()
                self.conn.authenticate("PLAIN", lambda _: blob)
        except imaplib.IMAP4.abort:
            self.close()
            raise Unreachable(f"{self.cfg.label}: the server closed the connection") from None
        except imaplib.IMAP4.error:
            self.close()
            raise BadInput(f"{self.cfg.label}: the server refused the user name or "
                           "password") from None  # fmt: skip

    def _call(self, what: str, fn, *args):  # type: ignore[no-untyped-def]
        """An IMAP command; a lost connection is the server's fault, a NO or BAD too."""
        try:
            typ, data = fn(*args)
        except imaplib.IMAP4.abort:
            raise Unreachable(f"{self.cfg.label}: the connection was lost ({what})") from None
        except (OSError, imaplib.IMAP4.error) as exc:
            raise Unreachable(f"{self.cfg.label}: {what} failed ({type(exc).__name__})") from None
        if typ != "OK":
            raise Unreachable(f"{self.cfg.label}: the server refused {what}")
        return data

    def folders(self) -> list[Folder]:
        out = []
        for line in self._call("LIST", self.conn.list) or []:
            if not isinstance(line, bytes):
                continue
            m = _LIST.match(line)
            if not m:
                continue
            flags = frozenset(f.lower() for f in m["flags"].decode("ascii", "replace").split())
            if "\\noselect" in flags or "\\nonexistent" in flags:
                continue
            out.append(Folder(_unquote(m["name"]), flags))
        return out

    def examine(self, folder: str) -> FolderState:
        try:
            typ, data = self.conn.select(_quote(folder), readonly=True)
        except imaplib.IMAP4.abort:
            raise Unreachable(f"{self.cfg.label}: the connection was lost (EXAMINE)") from None
        if typ != "OK":
            raise BadInput(f"{self.cfg.label}: folder {folder!r} cannot be opened (gone, or "
                           "renamed? see `kith source test`)")  # fmt: skip
        self.selected = folder
        exists = int(data[0] or 0) if data and data[0] else 0
        validity = self._number("UIDVALIDITY")
        uidnext = self._number("UIDNEXT")
        if uidnext is None:
            status = self._call("STATUS", self.conn.status, _quote(folder), "(UIDNEXT)")
            m = re.search(rb"UIDNEXT (\d+)", status[0] if status else b"")
            uidnext = int(m[1]) if m else 1 << 62
        return FolderState(validity or 0, uidnext, exists)

    def _number(self, key: str) -> int | None:
        _, values = self.conn.response(key)
        try:
            return int(values[0]) if values and values[0] else None
        except (TypeError, ValueError):
            return None

    def headers(self, folder: str, first_uid: int, snippets: bool) -> Iterator[tuple[int, bytes]]:
        if self.selected != folder:
            self.examine(folder)
        found = self._call("UID SEARCH", self.conn.uid, "SEARCH", f"UID {first_uid}:*")
        uids = sorted(int(u) for u in (found[0] or b"").split() if int(u) >= first_uid)
        items = f"(UID BODY.PEEK[HEADER.FIELDS ({_FIELDS}{' ' + _MIME if snippets else ''})]"
        items += f" BODY.PEEK[TEXT]<0.{SNIPPET}>)" if snippets else ")"
        spans = [f"{uids[n]}:{uids[min(n + BATCH, len(uids)) - 1]}"
                 for n in range(0, len(uids), BATCH)]  # fmt: skip
        if len(spans) <= 1:
            for span in spans:
                yield from sorted(_messages(self._fetch(span, items), first_uid))
            return
        yield from self._ahead(spans, items, first_uid)

    def _fetch(self, span: str, items: str) -> list[object]:
        return list(self._call("UID FETCH", self.conn.uid, "FETCH", span, items))

    def _ahead(self, spans: list[str], items: str, first_uid: int) -> Iterator[tuple[int, bytes]]:
        """The next batches are fetched while the caller works on this one: the server
        and the TLS layer work while kithkin parses (one connection, one thread on it)."""
        results: queue.Queue[tuple[list[object] | None, BaseException | None]] = queue.Queue(2)
        stop = threading.Event()

        def fetch_all() -> None:
            for span in spans:
                if stop.is_set():
                    return
                try:
                    results.put((self._fetch(span, items), None))
                except BaseException as exc:
                    results.put((None, exc))
                    return
            results.put((None, None))

        self._worker = threading.Thread(target=fetch_all, name="kith-imap-fetch", daemon=True)
        self._stop, self._results = stop, results
        self._worker.start()
        try:
            while True:
                data, exc = results.get()
                if exc is not None:
                    raise exc
                if data is None:
                    return
                yield from sorted(_messages(data, first_uid))
        finally:
            self._settle()

    def _settle(self) -> None:
        """Stop fetching ahead and wait for the FETCH in flight: the connection is
        then the caller's alone again (before the next command, or the logout)."""
        worker = self._worker
        if worker is None:
            return
        self._stop.set()
        while worker.is_alive():
            with contextlib.suppress(queue.Empty):
                self._results.get(timeout=0.1)
        self._worker = None

    def close(self) -> None:
        self._settle()
        try:
            if self.selected is not None:
                self.conn.close()
            self.conn.logout()
        except Exception:
            pass  # already gone: nothing left to release


def _messages(data: list[object], first_uid: int) -> Iterator[tuple[int, bytes]]:
    """(UID, bytes) of each message of a FETCH answer: the header block, then the text."""
    uid: int | None = None
    parts: list[bytes] = []
    for item in data:
        meta = item[0] if isinstance(item, tuple) else item
        if not isinstance(meta, bytes):
            continue
        if _START.match(meta):
            if uid is not None and uid >= first_uid:
                yield uid, b"".join(parts)
            uid, parts = None, []
        m = _UID.search(meta)
        if m:
            uid = int(m[1])
        if isinstance(item, tuple) and isinstance(item[1], bytes):
            parts.append(item[1])
    if uid is not None and uid >= first_uid:
        yield uid, b"".join(parts)
