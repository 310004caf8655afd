"""The JSON backup file: one document, keys sorted, so equal data gives equal bytes."""

from __future__ import annotations

import json
from typing import Any

from kithkin.errors import BadInput


def dumps(doc: dict[str, Any]) -> bytes:
    return (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def loads(data: bytes, name: str) -> dict[str, Any]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BadInput(f"{name}: line {line}: undecodable byte (not UTF-8)") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadInput(f"{name}: line {exc.lineno}: not valid JSON ({exc.msg})") from None
    except RecursionError:  # a backup is a few levels deep; thousands are not one
        raise BadInput(f"{name}: nested too deeply to be a kithkin backup") from None
    if not isinstance(doc, dict):
        raise BadInput(f"{name}: not a kithkin backup")
    return doc
