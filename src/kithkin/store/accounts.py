"""Hosted mode's accounts: users, their sessions, their feeds, on PostgreSQL.

Each user's network is a PostgreSQL schema of its own (``<accounts>_u<id>``),
made and migrated by the same Alembic migrations as any kithkin database and
opened with that schema alone as the connection's ``search_path`` (a URL's
``options=-csearch_path=...``), so the core and its queries run unchanged and
cannot name another user's tables. One small schema (``kith_hosted`` unless
``KITH_HOSTED_SCHEMA`` names another) holds what is not anyone's network:

- ``users``: the email (lowercased), an argon2id hash of the password, the
  schema, and the count of failed logins in a row with the time before which
  no password is even checked (it doubles from 15 s after 5 failures, up to
  15 minutes; an email with no account is counted alike, in memory);
- ``sessions``: the SHA-256 of each session's random token (the cookie holds
  the token; a stolen database opens no session), with its expiry;
- ``server_keys``: the key that signs the forms' CSRF tokens (open forms survive a
  restart);
- ``api_tokens``: the hashes of the tokens a user's scripts send
  (:mod:`kithkin.store.apitokens`);
- ``feeds``: which schema a calendar feed token's hash belongs to. A trigger on
  each user's ``feed_tokens`` fills it, whichever face made the token (the web's
  settings, ``kith feed rotate`` run against that user), so the feed's address
  keeps working by its token alone; whether the token is still valid is then
  asked of the user's own network, as in single-user mode.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from kithkin.errors import BadInput, Conflict, NotFound
from kithkin.store import apitokens
from kithkin.store.db import Database, open_db

DEFAULT_SCHEMA = "kith_hosted"
_IDENT = re.compile(r"[a-z_][a-z0-9_]{0,40}")

SESSION_DAYS = 14
FREE_TRIES = 5  # failed logins in a row before the wait starts
FIRST_WAIT = 15.0  # seconds, doubled at each further failure
LONGEST_WAIT = 900.0
MIN_PASSWORD = 10
# Each user's network has its own pool (a connection never changes schema): a few
# connections kept open, a few more while busy.
USER_POOL = {"pool_size": 2, "max_overflow": 3}


def schema_name() -> str:
    """The accounts schema: ``KITH_HOSTED_SCHEMA``, else ``kith_hosted``."""
    name = os.environ.get("KITH_HOSTED_SCHEMA") or DEFAULT_SCHEMA
    if not _IDENT.fullmatch(name):
        raise BadInput(f"KITH_HOSTED_SCHEMA {name!r}: lowercase letters, digits and _ only")
    return name


def require_postgresql(url: str) -> None:
    if not url.startswith("postgresql"):
        raise BadInput("hosted mode needs PostgreSQL (--db postgresql://...), not SQLite")


def with_search_path(url: str, schema: str) -> str:
    """``url`` with ``schema`` alone as the connection's search_path."""
    u = make_url(url)
    options = str(u.query.get("options", ""))
    kept = [o for o in options.split() if not o.replace(" ", "").startswith("-csearch_path=")]
    kept.append(f"-csearch_path={schema}")
    return u.update_query_dict({"options": " ".join(kept)}).render_as_string(hide_password=False)


def normal_email(email: str) -> str:
    e = email.strip().lower()
    if not e or len(e) > 254 or "@" not in e or any(c.isspace() for c in e):
        raise BadInput(f"{email!r}: not an email address")
    return e


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise BadInput(f"the password must have at least {MIN_PASSWORD} characters")


def _fingerprint(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def _feed_fingerprint(token: str) -> str:
    from kithkin.core.reach.tokens import fingerprint

    return fingerprint(token)  # the hash the user's feed_tokens hold


def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher()


@dataclass(frozen=True)
class User:
    id: int
    email: str
    schema: str
    created: datetime | None = None


@dataclass(frozen=True)
class Refused:
    """A login refused: wrong email or password, or ``wait`` seconds to go first."""

    wait: float | None = None


class Accounts:
    """The accounts schema of one PostgreSQL database (see the module's docstring)."""

    def __init__(self, url: str, schema: str | None = None) -> None:
        require_postgresql(url)
        self.url = url
        self.schema = schema or schema_name()
        if not _IDENT.fullmatch(self.schema):
            raise BadInput(f"{self.schema!r}: not a schema name kithkin makes")
        # Not a kithkin Database: nothing here is a network, nor counts as its writes.
        self.engine = create_engine(url, pool_pre_ping=True)
        self._dummy: str | None = None
        # Failed logins to emails with no account (this process): they wait like the others.
        self._unknown: dict[str, tuple[int, datetime | None]] = {}

    # ---- the schema --------------------------------------------------------------------

    def ensure(self) -> None:
        """Create the accounts schema and its tables if they are not there."""
        a = self.schema
        with self.engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:a))"), {"a": a})
            conn.exec_driver_sql(f"""
                CREATE SCHEMA IF NOT EXISTS {a};
                CREATE TABLE IF NOT EXISTS {a}.users (
                    id bigserial PRIMARY KEY,
                    email text NOT NULL UNIQUE,
                    password_hash text NOT NULL,
                    schema_name text NOT NULL UNIQUE,
                    created_at timestamptz NOT NULL DEFAULT now(),
                    failures integer NOT NULL DEFAULT 0,
                    wait_until timestamptz
                );
                CREATE TABLE IF NOT EXISTS {a}.sessions (
                    token_hash text PRIMARY KEY,
                    user_id bigint NOT NULL REFERENCES {a}.users(id) ON DELETE CASCADE,
                    created_at timestamptz NOT NULL DEFAULT now(),
                    expires_at timestamptz NOT NULL
                );
                CREATE INDEX IF NOT EXISTS sessions_user ON {a}.sessions(user_id);
                CREATE TABLE IF NOT EXISTS {a}.feeds (
                    token_hash text PRIMARY KEY,
                    schema_name text NOT NULL
                        REFERENCES {a}.users(schema_name) ON DELETE CASCADE
                );
                CREATE TABLE IF NOT EXISTS {a}.server_keys (
                    name text PRIMARY KEY,
                    secret bytea NOT NULL
                );
                {apitokens.ddl(a)}
                CREATE OR REPLACE FUNCTION {a}.note_feed_token() RETURNS trigger
                LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO {a}.feeds(token_hash, schema_name)
                    VALUES (NEW.token_hash, TG_TABLE_SCHEMA) ON CONFLICT DO NOTHING;
                    RETURN NEW;
                END $$;
            """)

    def form_key(self) -> bytes:
        """The key that signs the forms' CSRF tokens, made once and kept here, so that a
        form open across a restart (or sent to another server process) still goes through."""
        with self.engine.begin() as conn:
            conn.execute(
                text(f"INSERT INTO {self.schema}.server_keys (name, secret) VALUES ('forms', :k)"
                     " ON CONFLICT DO NOTHING"),
                {"k": secrets.token_bytes(32)},
            )  # fmt: skip
            key = conn.execute(
                text(f"SELECT secret FROM {self.schema}.server_keys WHERE name = 'forms'")
            ).scalar_one()
        return bytes(key)

    def user_url(self, user: User) -> str:
        return with_search_path(self.url, user.schema)

    def open_network(self, user: User) -> Database:
        """The user's network, migrated, its feed tokens noted for the feed's address."""
        db = open_db(self.user_url(user), pool=USER_POOL)
        a, u = self.schema, user.schema
        try:
            with self.engine.begin() as conn:
                conn.exec_driver_sql(f"""
                    DROP TRIGGER IF EXISTS kith_hosted_feed ON {u}.feed_tokens;
                    CREATE TRIGGER kith_hosted_feed AFTER INSERT ON {u}.feed_tokens
                        FOR EACH ROW EXECUTE FUNCTION {a}.note_feed_token();
                    INSERT INTO {a}.feeds(token_hash, schema_name)
                        SELECT token_hash, '{u}' FROM {u}.feed_tokens ON CONFLICT DO NOTHING;
                """)
        except BaseException:
            db.dispose()  # a network that cannot be served keeps no connection open
            raise
        return db

    # ---- users -------------------------------------------------------------------------

    def add(self, email: str, password: str) -> User:
        """A new user with an empty network of their own."""
        e = normal_email(email)
        check_password(password)
        digest = _hasher().hash(password)
        with self.engine.begin() as conn:
            if conn.execute(text(f"SELECT 1 FROM {self.schema}.users WHERE email = :e"),
                            {"e": e}).first():  # fmt: skip
                raise Conflict(f"{e}: already has an account")
            uid = int(
                conn.execute(text(f"SELECT nextval('{self.schema}.users_id_seq')")).scalar_one()
            )
            schema = f"{self.schema}_u{uid}"
            conn.execute(
                text(f"INSERT INTO {self.schema}.users (id, email, password_hash, schema_name)"
                     " VALUES (:i, :e, :p, :s)"),
                {"i": uid, "e": e, "p": digest, "s": schema},
            )  # fmt: skip
            conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
        user = User(uid, e, schema)
        try:
            self.open_network(user).dispose()
        except BaseException:
            self._drop(user)
            raise
        return user

    def users(self) -> list[User]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                text(f"SELECT id, email, schema_name, created_at FROM {self.schema}.users"
                     " ORDER BY email")
            ).all()  # fmt: skip
        return [User(int(r[0]), r[1], r[2], r[3]) for r in rows]

    def find(self, email: str) -> User:
        e = normal_email(email)
        for u in self.users():
            if u.email == e:
                return u
        raise NotFound(f"{e}: no such user")

    def exists(self, user: User) -> bool:
        with self.engine.connect() as conn:
            return (
                conn.execute(
                    text(f"SELECT 1 FROM {self.schema}.users WHERE id = :i AND schema_name = :s"),
                    {"i": user.id, "s": user.schema},
                ).first()
                is not None
            )

    def remove(self, email: str) -> User:
        """Delete the user, their sessions and their whole network."""
        user = self.find(email)
        self._drop(user)
        return user

    def _drop(self, user: User) -> None:
        from kithkin.core.reach import tokens

        with self.engine.begin() as conn:
            hashes = conn.execute(
                text(f"SELECT token_hash FROM {self.schema}.feeds WHERE schema_name = :s"),
                {"s": user.schema},
            ).scalars()
            for h in hashes:
                tokens._forget(h)  # the address's kept copy (named by its hash)
            conn.execute(text(f"DELETE FROM {self.schema}.users WHERE id = :i"), {"i": user.id})
            conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {user.schema} CASCADE")

    # ---- logging in --------------------------------------------------------------------

    def log_in(self, email: str, password: str) -> User | Refused:
        """The user if the password is theirs; else why not (a wait, after many failures).

        An unknown email costs the same hash as a known one, and gets the same answer.
        """
        from argon2.exceptions import InvalidHashError, VerificationError

        hasher = _hasher()
        try:
            e = normal_email(email)
        except BadInput:
            e = ""
        with self.engine.begin() as conn:
            now = conn.execute(text("SELECT now()")).scalar_one()
            row = conn.execute(
                text(f"SELECT id, email, schema_name, password_hash, failures, wait_until"
                     f" FROM {self.schema}.users WHERE email = :e FOR UPDATE"),
                {"e": e},
            ).first()  # fmt: skip
            failures, wait_until = (
                (int(row.failures), row.wait_until) if row is not None
                else self._unknown.get(e, (0, None))
            )  # fmt: skip
            if wait_until is not None and wait_until > now:
                return Refused(wait=(wait_until - now).total_seconds())
            stored = row.password_hash if row is not None else self._dummy_hash(hasher)
            try:
                ok = hasher.verify(stored, password) and row is not None
            except (VerificationError, InvalidHashError):
                ok = False
            if not ok:
                failures += 1
                wait = None
                if failures >= FREE_TRIES:
                    seconds = min(LONGEST_WAIT, FIRST_WAIT * 2 ** (failures - FREE_TRIES))
                    wait = now + timedelta(seconds=seconds)
                if row is None:  # remembered alike, so that waiting tells no account apart
                    if len(self._unknown) > 10_000:
                        self._unknown.clear()
                    self._unknown[e] = (failures, wait)
                    return Refused()
                conn.execute(
                    text(f"UPDATE {self.schema}.users SET failures = :f, wait_until = :w"
                         " WHERE id = :i"),
                    {"f": failures, "w": wait, "i": row.id},
                )  # fmt: skip
                return Refused()
            assert row is not None  # ok needs a row
            new_hash = hasher.hash(password) if hasher.check_needs_rehash(stored) else stored
            conn.execute(
                text(f"UPDATE {self.schema}.users SET failures = 0, wait_until = NULL,"
                     " password_hash = :p WHERE id = :i"),
                {"p": new_hash, "i": row.id},
            )  # fmt: skip
            return User(int(row.id), row.email, row.schema_name)

    def _dummy_hash(self, hasher: Any) -> str:
        if self._dummy is None:
            self._dummy = hasher.hash(secrets.token_urlsafe(16))
        return self._dummy

    def set_password(self, email: str, password: str, keep: str | None = None) -> None:
        """A new password; every session of the user ends but ``keep`` (the token of the
        one that asked, on the web)."""
        check_password(password)
        user = self.find(email)
        with self.engine.begin() as conn:
            conn.execute(
                text(f"UPDATE {self.schema}.users SET password_hash = :p, failures = 0,"
                     " wait_until = NULL WHERE id = :i"),
                {"p": _hasher().hash(password), "i": user.id},
            )  # fmt: skip
            conn.execute(
                text(f"DELETE FROM {self.schema}.sessions WHERE user_id = :i"
                     " AND token_hash <> :k"),
                {"i": user.id, "k": _fingerprint(keep) if keep else ""},
            )  # fmt: skip

    # ---- sessions ----------------------------------------------------------------------

    def new_session(self, user: User) -> str:
        """A new session's token (for the cookie; only its hash is stored)."""
        token = secrets.token_urlsafe(32)
        with self.engine.begin() as conn:
            conn.execute(
                text(f"INSERT INTO {self.schema}.sessions (token_hash, user_id, expires_at)"
                     " VALUES (:h, :u, now() + make_interval(days => :d))"),
                {"h": _fingerprint(token), "u": user.id, "d": SESSION_DAYS},
            )  # fmt: skip
            conn.execute(text(f"DELETE FROM {self.schema}.sessions WHERE expires_at < now()"))
        return token

    def session_user(self, token: str | None) -> User | None:
        if not token or len(token) > 100:
            return None
        return self._user_by(
            f"{self.schema}.sessions s", "u.id = s.user_id",
            "s.token_hash = :h AND s.expires_at > now()", _fingerprint(token),
        )  # fmt: skip

    def end_session(self, token: str | None) -> None:
        if not token:
            return
        with self.engine.begin() as conn:
            conn.execute(
                text(f"DELETE FROM {self.schema}.sessions WHERE token_hash = :h"),
                {"h": _fingerprint(token)},
            )

    # ---- the feed ----------------------------------------------------------------------

    def feed_owner(self, token: str) -> User | None:
        """The user whose network made this feed token (valid or not: their network says)."""
        return self._user_by(f"{self.schema}.feeds f", "u.schema_name = f.schema_name",
                             "f.token_hash = :h", _feed_fingerprint(token))  # fmt: skip

    def _user_by(self, table: str, on: str, where: str, token_hash: str) -> User | None:
        """The user a row of ``table`` (a session, a feed token) found by its hash names."""
        with self.engine.connect() as conn:
            row = conn.execute(
                text(f"SELECT u.id, u.email, u.schema_name FROM {table}"
                     f" JOIN {self.schema}.users u ON {on} WHERE {where}"),
                {"h": token_hash},
            ).first()  # fmt: skip
        return None if row is None else User(int(row[0]), row[1], row[2])

    def close(self) -> None:
        self.engine.dispose()
