"""Errors a user can fix: every face turns them into a one-line message.

The CLI maps :class:`BadInput` to exit status 2 and the API to a 4xx answer; any
other exception is a bug and is reported as such.
"""

from __future__ import annotations


class KithError(Exception):
    """Base of every error kithkin reports to the user in one line.

    The message names no face's syntax, since the web shows it as it is; ``hint`` is
    what to type in the terminal to fix it, which only the CLI adds (in parentheses).
    """

    def __init__(self, message: str = "", *, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


class BadInput(KithError):
    """The user's input cannot be used (bad date, unknown channel, duplicate email...)."""


class NotFound(BadInput):
    """The named contact, organization or record does not exist."""


class Ambiguous(BadInput):
    """A name fragment matches several records; the message lists them."""


class Conflict(BadInput):
    """The input would contradict what is stored (e.g. an email already taken)."""


class Busy(KithError):
    """Another kithkin command holds the write lock past the busy timeout.

    Not the user's mistake, and not a bug: the CLI exits 1 with the one-line
    message, the web answers 503 with ``Retry-After``.
    """


class Unreachable(KithError):
    """A server the user configured did not answer as it should (down, timed out,
    a fault on its side): not the user's input, so the CLI exits 1, in one line
    naming the source, and nothing is written."""


def one_line(message: str) -> str:
    """A message as one line of stderr: a newline inside a name is shown, not printed."""
    return message.strip().replace("\r", "\\r").replace("\n", "\\n")
