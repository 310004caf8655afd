"""An IMAP mailbox, read-only: ``EXAMINE`` and ``BODY.PEEK``, headers only.

The standard library's ``imaplib`` over TLS (``imaps://``, or ``imap://`` with a
mandatory STARTTLS: a password never crosses the network in the clear) logs in
and lists; the headers themselves come from one ``UID FETCH first:*`` per folder,
read straight off the connection (:meth:`Imap.headers`): ``imaplib``'s general
response parser costs more than everything kithkin does with a message. Only the
headers the rules read are fetched (:data:`kithkin.core.exchange.mailheaders.HEADERS`),
plus the start of the text with ``--with-snippets``. Nothing is ever marked read.

Folder names travel in IMAP's modified UTF-7 (RFC 3501 5.1.3: ``Éléments envoyés``
is ``&AMk-l&AOk-ments envoy&AOk-s``); kithkin shows, stores and takes them as text.
"""

from __future__ import annotations

import base64
import contextlib
import imaplib
import itertools
import queue
import re
import ssl
import threading
from collections.abc import Iterator

from kithkin.core.exchange.mailheaders import HEADERS
from kithkin.core.sync.config import SourceConfig
from kithkin.core.sync.ports import Folder, FolderState
from kithkin.errors import BadInput, Unreachable
from kithkin.remote.http import tls_context, tls_error, unreachable

TIMEOUT = 60.0
BATCH = 2000  # messages handed over at a time by the reading thread
AHEAD = 8  # batches read ahead of the caller at most
SNIPPET = 2048  # bytes of text kept with --with-snippets
_FIELDS = " ".join(h.upper() for h in HEADERS)
_MIME = "CONTENT-TYPE CONTENT-TRANSFER-ENCODING MIME-VERSION"
_LIST = re.compile(rb'^\((?P<flags>[^)]*)\) (?P<sep>"(?:[^"\\]|\\.)*"|NIL) (?P<name>.+)$')
_UID = re.compile(rb"[( ]UID (\d+)")
# A draft, never sent: the \Draft flag, or Gmail's \Draft label (Gmail's All Mail holds
# the drafts and flags none of them; X-GM-LABELS writes the label bare or quoted).
_DRAFT = re.compile(rb'(?i)[( ](?:FLAGS|X-GM-LABELS) \((?:[^)]* )?"?\\{1,2}Draft"?[ )]')
_NOT_TLS = ("WRONG_VERSION_NUMBER", "UNKNOWN_PROTOCOL", "HTTP_REQUEST")
_UTF7_RUN = re.compile(r"&([A-Za-z0-9+,]*)-")
_tags = itertools.count(1)


def decode_name(raw: str) -> str:
    """A folder name as the server sends it (modified UTF-7) as text."""
    if "&" not in raw:
        return raw

    def run(m: re.Match[str]) -> str:
        if not m[1]:
            return "&"
        data = m[1].replace(",", "/")
        try:
            return base64.b64decode(data + "=" * (-len(data) % 4)).decode("utf-16-be")
        except (ValueError, UnicodeDecodeError):
            return m[0]  # not modified UTF-7 after all: shown as sent

    return _UTF7_RUN.sub(run, raw)


def encode_name(name: str) -> str:
    """A folder name as the server wants it (modified UTF-7)."""
    out: list[str] = []
    wide: list[str] = []

    def flush() -> None:
        if wide:
            data = base64.b64encode("".join(wide).encode("utf-16-be")).decode("ascii")
            out.append("&" + data.rstrip("=").replace("/", ",") + "-")
            wide.clear()

    for ch in name:
        if "\x20" <= ch <= "\x7e":
            flush()
            out.append("&-" if ch == "&" else ch)
        else:
            wide.append(ch)
    flush()
    return "".join(out)


def _unquote(raw: bytes) -> str:
    raw = raw.strip()
    if raw.startswith(b'"') and raw.endswith(b'"'):
        raw = re.sub(rb"\\(.)", rb"\1", raw[1:-1])
    return decode_name(raw.decode("utf-8", "replace"))


def _quote(name: str) -> str:
    wire = encode_name(name)
    return '"' + wire.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Imap:
    """One logged-in connection to a source's mailbox."""

    def __init__(self, cfg: SourceConfig, conn: imaplib.IMAP4, password: str) -> None:
        self.cfg = cfg
        self.conn = conn
        self.selected: str | None = None
        self._password = password
        self._listed = False
        self._dead = False  # dropped mid-FETCH: nothing more is said on it
        self._worker: threading.Thread | None = None
        self._stop = threading.Event()
        self._results: queue.Queue[tuple[list[tuple[int, bytes]] | None, BaseException | None]]
        self._results = queue.Queue()

    @classmethod
    def connect(cls, cfg: SourceConfig, password: str | None) -> Imap:
        box = cls(cfg, cls._open(cfg), password or "")
        box._login()
        return box

    @staticmethod
    def _open(cfg: SourceConfig) -> imaplib.IMAP4:
        label, host, port = cfg.label, cfg.host, cfg.port
        ctx = tls_context(cfg.options.get("ca_file"), label)
        try:
            if cfg.parts.scheme == "imaps":
                return imaplib.IMAP4_SSL(host, port, ssl_context=ctx, timeout=TIMEOUT)
            conn = imaplib.IMAP4(host, port, timeout=TIMEOUT)
            try:
                conn.starttls(ssl_context=ctx)
            except imaplib.IMAP4.error:
                conn.shutdown()
                raise BadInput(f"{label}: {host} offers no STARTTLS; kithkin never sends a "
                               "password in the clear (use imaps://)") from None  # fmt: skip
            return conn
        except ssl.SSLCertVerificationError as exc:
            raise tls_error(cfg, exc) from None
        except ssl.SSLError as exc:
            if exc.reason in _NOT_TLS:  # the answer was plain text: a port or scheme mistake
                raise BadInput(f"{label}: {host}:{port} does not speak TLS; is it the IMAP "
                               "server's TLS port (imaps://, usually 993)?") from None  # fmt: skip
            raise Unreachable(f"{label}: TLS with {host}:{port} failed "
                              f"({exc.reason or 'error'})") from None  # fmt: skip
        except TimeoutError:
            raise Unreachable(f"{label}: {host}:{port} did not answer within "
                              f"{TIMEOUT:.0f} s") from None  # fmt: skip
        except OSError as exc:
            raise unreachable(cfg, host, port, exc) from None
        except imaplib.IMAP4.abort:
            raise Unreachable(f"{label}: cannot reach {host}:{port} (abort)") from None

    def _login(self) -> None:
        user, password = self.cfg.user or "", self._password
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
        except OSError as exc:
            self.close()
            why = exc.strerror or type(exc).__name__
            raise Unreachable(f"{self.cfg.label}: the connection was lost ({why})") from None

    def _capabilities(self) -> tuple[str, ...]:
        return tuple(str(c).upper() for c in getattr(self.conn, "capabilities", ()))

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
        self._listed = True
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

    def status(self, folder: str) -> FolderState | None:
        """The folder's UIDVALIDITY and UIDNEXT without opening it (``STATUS``), or
        ``None`` when the server has no such folder."""
        try:
            typ, data = self.conn.status(_quote(folder), "(UIDVALIDITY UIDNEXT MESSAGES)")
        except imaplib.IMAP4.abort:
            raise Unreachable(f"{self.cfg.label}: the connection was lost (STATUS)") from None
        except (OSError, imaplib.IMAP4.error):
            return None
        if typ != "OK":
            return None
        raw = b" ".join(d for d in data if isinstance(d, bytes))
        found = dict(re.findall(rb"(UIDVALIDITY|UIDNEXT|MESSAGES) (\d+)", raw))
        if b"UIDVALIDITY" not in found:
            return None
        return FolderState(int(found[b"UIDVALIDITY"]), int(found.get(b"UIDNEXT", 1 << 62)),
                           int(found.get(b"MESSAGES", 0)))  # fmt: skip

    def examine(self, folder: str) -> FolderState:
        if self._listed:
            # Dovecot (2.3) reads a maildir's whole UID list again at every SELECT on a
            # connection that has run LIST: half a second per folder at 25,000
            # messages. A fresh connection costs a TLS handshake.
            self._listed = False
            self._reconnect()
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

    def _reconnect(self) -> None:
        old = self.conn
        self.conn = self._open(self.cfg)
        self.selected = None
        self._login()
        with contextlib.suppress(Exception):
            old.logout()

    def _number(self, key: str) -> int | None:
        _, values = self.conn.response(key)
        try:
            return int(values[0]) if values and values[0] else None
        except (TypeError, ValueError):
            return None

    def headers(self, folder: str, first_uid: int, snippets: bool) -> Iterator[tuple[int, bytes]]:
        """Every message from ``first_uid`` on, in one ``UID FETCH first:*``: a thread
        reads the answer off the connection while the caller works on what came."""
        if self.selected != folder:
            self.examine(folder)
        labels = " X-GM-LABELS" if "X-GM-EXT-1" in self._capabilities() else ""
        items = f"(UID FLAGS{labels} BODY.PEEK[HEADER.FIELDS ({_FIELDS}"
        items += f"{' ' + _MIME if snippets else ''})]"
        items += f" BODY.PEEK[TEXT]<0.{SNIPPET}>)" if snippets else ")"
        tag = f"KITH{next(_tags)}".encode()
        results: queue.Queue[tuple[list[tuple[int, bytes]] | None, BaseException | None]]
        results = queue.Queue(AHEAD)
        stop = threading.Event()
        try:
            self.conn.send(tag + f" UID FETCH {first_uid}:* {items}\r\n".encode())
        except OSError:
            raise Unreachable(f"{self.cfg.label}: the connection was lost (FETCH)") from None

        def read_all() -> None:
            try:
                batch: list[tuple[int, bytes]] = []
                for msg in self._answer(tag, first_uid):
                    if stop.is_set():
                        return
                    batch.append(msg)
                    if len(batch) >= BATCH:
                        results.put((batch, None))
                        batch = []
                results.put((batch, None))
                results.put((None, None))
            except BaseException as exc:
                results.put((None, exc))

        self._worker = threading.Thread(target=read_all, name="kith-imap-fetch", daemon=True)
        self._stop, self._results = stop, results
        self._worker.start()
        finished = False
        try:
            while True:
                data, exc = results.get()
                if exc is not None:
                    raise exc
                if data is None:
                    finished = True
                    return
                data.sort()
                yield from data
        finally:
            if not finished:
                self._abandon()
            self._worker = None

    def _answer(self, tag: bytes, first_uid: int) -> Iterator[tuple[int, bytes]]:
        """(UID, header block + text) of each FETCH response up to the tagged end."""
        readline, read = self.conn.readline, self.conn.read
        done = tag + b" "
        label = self.cfg.label
        try:
            while True:
                line = readline()
                if not line:
                    raise Unreachable(f"{label}: the server closed the connection (FETCH)")
                if line.startswith(done):
                    if line[len(done) : len(done) + 2].upper() == b"OK":
                        return
                    raise Unreachable(f"{label}: the server refused FETCH")
                if not line.endswith(b"}\r\n"):
                    continue  # "* 3 EXISTS", a FETCH without a literal (NIL)...
                texts = [line]
                parts = []
                while line.endswith(b"}\r\n"):
                    parts.append(read(int(line[line.rindex(b"{") + 1 : -3])))
                    line = readline()
                    texts.append(line)
                head = b"".join(texts)
                m = _UID.search(head)
                if m and b" FETCH " in texts[0]:
                    uid = int(m[1])
                    # "n:*" answers the last message even below n; a draft was never sent
                    if uid >= first_uid and not _DRAFT.search(head):
                        yield uid, b"".join(parts)
        except ValueError:  # a literal's length that is not a number
            raise Unreachable(f"{label}: an answer to FETCH could not be read") from None
        except (OSError, imaplib.IMAP4.error):  # lost, or a line past imaplib's limit
            raise Unreachable(f"{label}: the connection was lost (FETCH)") from None

    def _abandon(self) -> None:
        """The caller stopped before the end: the rest of the answer is dropped with
        the connection (nothing more is asked of it)."""
        self._stop.set()
        with contextlib.suppress(Exception):
            self.conn.shutdown()
        worker = self._worker
        while worker is not None and worker.is_alive():
            with contextlib.suppress(queue.Empty):
                self._results.get(timeout=0.1)
        self.selected = None
        self._dead = True

    def close(self) -> None:
        if self._dead:
            return
        try:
            if self.selected is not None:
                self.conn.close()
            self.conn.logout()
        except Exception:
            pass  # already gone: nothing left to release
