"""Standard output whose reader may stop early: ``kith list | head -1``.

When the reader goes, writing to the pipe fails (``EPIPE``). Left alone, the failure
stopped the command wherever it was printing: Rich and click then left with status
1, the quick answers with 0, so one command line gave either status depending on
which path answered it, and a command that prints while its transaction is open
would have rolled its work back. Here the first failed write sends standard output
to ``/dev/null`` instead: the command runs to its end, its work is done or not as
it would have been, and its status says so. The reader has what it wanted.

Standard library only: the console script installs it before anything else loads.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Any, TextIO


class ReaderMayStop:
    """``sys.stdout`` as it is, except that a reader gone sends the rest to ``/dev/null``."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            self._gone()
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._gone()

    def _gone(self) -> None:
        """What the stream still holds, and all that follows, goes to ``/dev/null``."""
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, self._stream.fileno())
        os.close(devnull)
        with contextlib.suppress(BrokenPipeError, ValueError):
            self._stream.flush()  # the buffered rest, now to /dev/null

    def __getattr__(self, name: str) -> Any:  # encoding, isatty, fileno, buffer...
        return getattr(self._stream, name)


def guard_stdout() -> None:
    """Install :class:`ReaderMayStop` over ``sys.stdout`` (once)."""
    if sys.stdout is not None and not isinstance(sys.stdout, ReaderMayStop):
        sys.stdout = ReaderMayStop(sys.stdout)
