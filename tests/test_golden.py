"""Whole documents against reviewed expectations (heuristics alone).

Each ``fixtures/<case>.txt`` or ``.md`` has ``<case>.expected.json`` (the findings) and
``<case>.fixed.<ext>`` (the text after ``mtcheck fix``). Regenerate after an intended change
with ``MTCHECK_UPDATE_GOLDEN=1 pytest tests/test_golden.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import mtcheck
from mtcheck.documents import format_for_path
from mtcheck.locate import LineIndex

from .conftest import FIXTURES, SEED

UPDATE = os.environ.get("MTCHECK_UPDATE_GOLDEN") == "1"
CASES = sorted(
    p for p in FIXTURES.glob("*.*")
    if p.suffix in (".txt", ".md") and ".fixed." not in p.name and ".expected" not in p.name
    and not p.name.startswith("README")
) + [SEED]


def _summary(path: Path, text: str) -> list[dict[str, object]]:
    index = LineIndex(text)
    result = []
    for finding in mtcheck.check(text, format=format_for_path(path)):
        line, column = index.position(finding.start)
        result.append({
            "code": finding.code, "text": text[finding.start:finding.end],
            "start": finding.start, "end": finding.end, "line": line, "column": column,
            "fix": finding.fixes[0].title if finding.fixes else None,
        })
    return result


def _expected_paths(path: Path) -> tuple[Path, Path]:
    home = FIXTURES if path == SEED else path.parent
    stem = "seed" if path == SEED else path.stem
    return home / f"{stem}.expected.json", home / f"{stem}.fixed{path.suffix}"


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_golden(path):
    text = path.read_text(encoding="utf-8")
    findings = _summary(path, text)
    fixed = mtcheck.fix(text, format=format_for_path(path)).text
    expected_json, expected_fixed = _expected_paths(path)
    if UPDATE:
        expected_json.write_text(json.dumps(findings, indent=1, ensure_ascii=False) + "\n",
                                 encoding="utf-8")
        expected_fixed.write_text(fixed, encoding="utf-8")
    assert findings == json.loads(expected_json.read_text(encoding="utf-8"))
    assert fixed == expected_fixed.read_text(encoding="utf-8")
    # Fixing is idempotent: a second pass finds nothing more to fix.
    assert mtcheck.fix(fixed, format=format_for_path(path)).text == fixed
