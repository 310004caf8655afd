"""Where a source's password comes from: never the database, never a URL.

In order: the environment variable the source names (``--password-env``), the
file it names (``--password-file``, which must be readable by its owner only),
else the system keyring (service ``kithkin``, user name = the source's name), when
one is available. The password is returned to the protocol adapter and nowhere
else: no message, log line or exception carries it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from kithkin.core.sync.config import SourceConfig
from kithkin.errors import BadInput

SERVICE = "kithkin"


def password(cfg: SourceConfig) -> str | None:
    """The source's password, ``None`` when it logs in as nobody (a public ICS URL)."""
    opts = cfg.options
    if "password_env" in opts:
        value = os.environ.get(opts["password_env"])
        if not value:
            raise BadInput(f"{cfg.label}: the environment variable {opts['password_env']} "
                           "that holds its password is not set")  # fmt: skip
        return value
    if "password_file" in opts:
        return _from_file(cfg, Path(opts["password_file"]))
    if not cfg.user:
        return None
    value = _keyring_get(cfg.name)
    if value is None:
        raise BadInput(
            f"{cfg.label}: no password: store it with `kith source password {cfg.name}` "
            "(system keyring), or name one with --password-env or --password-file"
        )
    return value


def _from_file(cfg: SourceConfig, path: Path) -> str:
    try:
        st = path.stat()
    except OSError:
        raise BadInput(f"{cfg.label}: password file {path} is missing") from None
    if os.name == "posix" and st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise BadInput(f"{cfg.label}: password file {path} may be read by others: "
                       f"chmod 600 {path}")  # fmt: skip
    try:
        value = path.read_text(encoding="utf-8").strip("\r\n")
    except (OSError, UnicodeDecodeError):
        raise BadInput(f"{cfg.label}: password file {path} cannot be read") from None
    if not value:
        raise BadInput(f"{cfg.label}: password file {path} is empty")
    return value


def _keyring_get(name: str) -> str | None:
    try:
        import keyring
        from keyring.errors import KeyringError

        try:
            found = keyring.get_password(SERVICE, name)
            return str(found) if found is not None else None
        except KeyringError:
            return None
    except Exception:  # no usable backend (a server without a desktop session)
        return None


def require_keyring() -> None:
    """Refuse in one line (:func:`store`'s) when there is no usable system keyring:
    asked before a password is typed for nothing."""
    try:
        import keyring
        from keyring.backends import fail

        if isinstance(keyring.get_keyring(), fail.Keyring):
            from keyring.errors import NoKeyringError

            raise NoKeyringError
    except Exception as exc:
        raise _no_keyring(exc) from None


def _no_keyring(exc: Exception) -> BadInput:
    return BadInput(
        f"no system keyring here ({type(exc).__name__}): name the password with "
        "--password-env or --password-file instead"
    )


def store(name: str, value: str) -> None:
    """Put a password in the system keyring; refused in one line when there is none."""
    try:
        import keyring

        keyring.set_password(SERVICE, name, value)
    except Exception as exc:
        raise _no_keyring(exc) from None


def forget(name: str) -> None:
    try:
        import keyring

        keyring.delete_password(SERVICE, name)
    except Exception:
        pass  # nothing stored, or no keyring: nothing to forget
