"""The rule index (core/rules.py) names a real home for every rule of the spec."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kithkin.core import rules

ROOT = Path(__file__).resolve().parent.parent


def _spec() -> Path | None:
    """``shared/PRODUCT.md`` beside the repository (or one of its parent folders)."""
    for folder in ROOT.parents:
        candidate = folder / "shared" / "PRODUCT.md"
        if candidate.is_file():
            return candidate
    return None


def test_every_rule_of_the_spec_has_an_entry() -> None:
    spec = _spec()
    if spec is None:
        pytest.skip("shared/PRODUCT.md is not beside this checkout: nothing to compare with")
    ids = re.findall(r"^\|\s*(R\d+)\s*\|", spec.read_text(encoding="utf-8"), re.M)
    assert ids, f"no rule rows found in {spec}"
    missing = [r for r in ids if r not in rules.RULES]
    assert not missing, f"rules of {spec.name} with no entry in core/rules.py: {missing}"
    stale = [r for r in rules.RULES if r not in ids]
    assert not stale, f"entries in core/rules.py for rules the spec does not have: {stale}"


def test_every_entry_points_at_something_in_its_home() -> None:
    assert list(rules.RULES) == [f"R{n}" for n in range(1, len(rules.RULES) + 1)]
    for rule in rules.RULES.values():
        assert rule.parts[0].startswith(rule.home + ":"), f"{rule.id}: home first"
        for part, obj in zip(rule.parts, rule.resolve(), strict=True):
            assert obj is not None, f"{rule.id}: {part} is None"


def test_docs_rules_md_is_generated_from_the_index() -> None:
    doc = ROOT / "docs" / "rules.md"
    assert doc.read_text(encoding="utf-8") == rules.markdown(), (
        "docs/rules.md is stale: run `python -m kithkin.core.rules > docs/rules.md`"
    )
