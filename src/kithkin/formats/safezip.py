"""Reading members of an uploaded zip without trusting what it says about itself.

A zip declares each member's size, and a hostile one lies or compresses a
gigabyte of zeros into one megabyte: ``ZipFile.read`` would then hold the whole
expansion in memory (twice, while it is joined). Here each member is streamed in
blocks, its actual size counted against both its declared size and a cap, the
total expanded size of the members read is capped too, and so is the number of
members listed. Anything beyond is refused in one line before it is in memory.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from kithkin.errors import BadInput

MAX_MEMBERS = 10_000
MAX_MEMBER_BYTES = 256 * 1024 * 1024
MAX_TOTAL_BYTES = 512 * 1024 * 1024
_BLOCK = 1024 * 1024


def read(
    path: Path,
    want: Callable[[str], str | None],
    *,
    max_members: int = MAX_MEMBERS,
    max_member: int = MAX_MEMBER_BYTES,
    max_total: int = MAX_TOTAL_BYTES,
    shown: str | None = None,
) -> dict[str, tuple[str, bytes]]:
    """key -> (``path:member``, bytes) for each member ``want(name)`` gives a key to
    (the first member per key wins). ``shown`` names the zip in those names and in
    messages instead of ``path`` (an upload's name, not its temporary copy)."""
    label = shown or str(path)
    found: dict[str, tuple[str, bytes]] = {}
    total = 0
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > max_members:
                raise BadInput(
                    f"{label}: the zip lists {len(infos)} files, more than the "
                    f"{max_members} an export can have"
                )
            for info in infos:
                key = want(info.filename)
                if key is None or key in found or info.is_dir():
                    continue
                where = f"{label}:{info.filename}"
                if info.file_size > max_member or total + info.file_size > max_total:
                    raise _too_big(where, max_member, max_total)
                data = _stream(zf, info, where, min(max_member, max_total - total))
                total += len(data)
                found[key] = (where, data)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise BadInput(f"{label}: not a readable zip file ({exc})") from None
    except NotImplementedError as exc:  # an unsupported compression method
        raise BadInput(f"{label}: not a readable zip file ({exc})") from None
    return found


def _stream(zf: zipfile.ZipFile, info: zipfile.ZipInfo, where: str, cap: int) -> bytes:
    parts: list[bytes] = []
    size = 0
    with zf.open(info) as fh:
        while block := fh.read(_BLOCK):
            size += len(block)
            if size > info.file_size:
                raise BadInput(f"{where}: larger than the zip declares (refused, a zip bomb?)")
            if size > cap:
                raise _too_big(where, cap, cap)
            parts.append(block)
    return b"".join(parts)


def _too_big(where: str, member: int, total: int) -> BadInput:
    return BadInput(
        f"{where}: expands past {member // 2**20} MB a file or {total // 2**20} MB in all; "
        "kithkin will not unpack it (a zip bomb?)"
    )
