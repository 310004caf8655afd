"""A long JSON list (``kith list --json`` of 50,000 people) is written one compact item
per line by one C encoder made once: exactly what ``json.dumps`` writes of each item."""

from __future__ import annotations

import json
from datetime import date

import pytest

from kithkin.cli import output


def _expected(items: list[object]) -> str:
    def default(v: object) -> str:
        assert isinstance(v, date)
        return v.isoformat()

    dump = json.JSONEncoder(ensure_ascii=False, default=default).encode
    return "[\n" + ",\n".join("  " + dump(i) for i in items) + "\n]\n"


ITEMS = [
    {"id": 1, "name": 'Zoë "Z" \\ O\'Neil\n\u2028', "emails": [], "org": None},
    {"id": 2, "day": date(2026, 12, 6), "score": 1.5, "ok": True, "big": float("inf")},
    {"nested": [{"a": [1, 2, {"b": None}]}], "ünï": "日本"},
]


def test_long_list_is_each_item_as_json_dumps_writes_it(capsys: pytest.CaptureFixture[str]) -> None:
    items = [ITEMS[n % len(ITEMS)] for n in range(output.LONG_JSON + 1)]
    output.print_json(items)
    written = capsys.readouterr().out
    assert written == _expected(items)
    assert len(json.loads(written)) == len(items)


def test_an_unknown_type_still_fails_loudly() -> None:
    with pytest.raises(TypeError):
        output.print_json([object()] * (output.LONG_JSON + 1))
