"""Where the real-world sample files live (``../shared/fixtures`` from the repo root).

``KITH_FIXTURES`` points elsewhere (a helper's worktree sits one level deeper);
tests that need the files skip cleanly when they are absent.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("KITH_FIXTURES") or ROOT.parent / "shared" / "fixtures")
LOCAL = Path(__file__).resolve().parent / "fixtures"


def shared(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared fixture {path} not present")
    return path
