"""Files kithkin writes about other people are readable by their owner alone.

An export or a backup holds a whole network: names, addresses, notes of other
people. Under the usual umask (022) a new file is readable by every account on
the machine; these are made with mode 0600 instead. A file that already exists
keeps the mode its owner gave it (overwriting is not the moment to change it).
"""

from __future__ import annotations

import os
from pathlib import Path

MODE = 0o600


def write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``, a new file being made with :data:`MODE`."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, MODE)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def create(path: Path) -> None:
    """Make ``path`` as an empty file of :data:`MODE` (for a writer that opens it
    itself, as SQLite's backup does); an existing file is left as it is."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, MODE))
