"""The result cache: what it writes it reads back, and an entry that is not exactly what it
could have written (truncated, edited, hostile) is a miss, never a traceback or wrong findings."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from mtcheck.api import check
from mtcheck.cache import ResultCache
from mtcheck.cli import main
from mtcheck.parallel import FileOutcome
from mtcheck.rules import all_rules

# One finding on each line: MT101 (two fixes) and MT401 (one fix, a deletion).
TEXT = "Iraq needs foreign forces Including the American.\nHe left the the city.\n"


@pytest.fixture(autouse=True)
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    return tmp_path / "cache"


def run(capsys, fmt: str, *extra: str) -> tuple[int, str]:
    code = main(["check", "--no-lm", "--isolated", "--format", fmt, *extra, "a.txt"])
    return code, capsys.readouterr().out


def tamper(cache_dir, change: Callable[[dict[str, Any]], object]) -> None:
    """Rewrite every entry: ``change`` edits the entry in place, or returns its new text."""
    entries = list(cache_dir.rglob("*.json"))
    assert entries
    for entry in entries:
        data = json.loads(entry.read_text(encoding="utf-8"))
        text = change(data)
        entry.write_text(text if isinstance(text, str) else json.dumps(data), encoding="utf-8")


def first(data: dict[str, Any]) -> dict[str, Any]:
    return data["findings"][0]


def set_first(**fields: object) -> Callable[[dict[str, Any]], None]:
    return lambda data: first(data).update(fields)


CORRUPTIONS: dict[str, Callable[[dict[str, Any]], object]] = {
    "nested too deep": lambda data: "[" * 100_000 + "]" * 100_000,
    "not an object": lambda data: "[]",
    "findings not a list": lambda data: data.update(findings={}),
    "finding not an object": lambda data: data.update(findings=[1]),
    "code null": set_first(code=None),
    "unknown code": set_first(code="MT999"),
    "lower-case code": set_first(code="mt101"),
    "another rule's name": set_first(name="repeated-word"),
    "message not a string": set_first(message=7),
    "span past the text": set_first(start=100_000, end=100_005),
    "span reversed": set_first(start=30, end=20),
    "span negative": set_first(start=-1),
    "span a float": set_first(start=26.0),
    "span a bool": set_first(start=True),
    "severity unknown": set_first(severity="fatal"),
    "confidence above 1": set_first(confidence=2.0),
    "confidence NaN": set_first(confidence=float("nan")),  # json writes and reads NaN
    "confidence a string": set_first(confidence="0.9"),
    "fixes not a list": set_first(fixes="x"),
    "fix title null": lambda data: first(data)["fixes"][0].update(title=None),
    "applicability unknown": lambda data: first(data)["fixes"][0].update(applicability="maybe"),
    "edit past the text": lambda data: first(data)["fixes"][0].update(
        edits=[[100_000, 100_001, "x"]]),
    "edit reversed": lambda data: first(data)["fixes"][0].update(edits=[[30, 20, "x"]]),
    "edit a string": lambda data: first(data)["fixes"][0].update(edits=["abc"]),
    "edit replacement null": lambda data: first(data)["fixes"][0].update(
        edits=[[26, 35, None]]),
    "words a bool": lambda data: data.update(words=True),
    "words negative": lambda data: data.update(words=-1),
    "warnings a string": lambda data: data.update(warnings="oops"),
    "warnings missing": lambda data: data.pop("warnings"),
    "checked_with a list": lambda data: data.update(checked_with=[["lm", "off"]]),
    "checked_with overwrites other stats": lambda data: data["checked_with"].update(
        cache_hits="many"),
    "checked_with nested": lambda data: data["checked_with"].update(lm={"x": 1}),
}


@pytest.mark.parametrize("corruption", CORRUPTIONS, ids=list(CORRUPTIONS))
def test_a_corrupt_entry_is_checked_afresh(capsys, cache_dir, corruption):
    change = CORRUPTIONS[corruption]
    expected = {fmt: run(capsys, fmt, "--no-cache") for fmt in ("text", "json", "sarif")}
    run(capsys, "json")
    for fmt in ("text", "json", "sarif"):  # each broke a different way before
        tamper(cache_dir, change)
        code, out = run(capsys, fmt)
        assert code == expected[fmt][0] == 1
        if fmt == "text":
            assert out == expected[fmt][1]
        else:
            report = json.loads(out)
            fresh = json.loads(expected[fmt][1])
            if fmt == "json":
                assert report["files"] == fresh["files"]
                assert report["stats"]["cache_hits"] == 0
            else:
                assert report["runs"][0]["results"] == fresh["runs"][0]["results"]


def test_an_intact_entry_is_still_a_hit(capsys):
    fresh = json.loads(run(capsys, "json")[1])
    cached = json.loads(run(capsys, "json")[1])
    assert cached["files"] == fresh["files"] and cached["stats"]["cache_hits"] == 1


def test_everything_put_writes_is_read_back(tmp_path):
    # Every rule's own bad examples, with fixes of both kinds: none may be refused as invalid.
    cache = ResultCache("settings", tmp_path)
    codes = set()
    for rule in all_rules():
        for example in rule.bad:
            findings = tuple(check(example.text))
            codes.update(finding.code for finding in findings)
            outcome = FileOutcome(findings, 9, ("x.md:1: a warning",))
            cache.put("x.md", example.text, outcome, {"lm": "off", "lm_threshold": 6.0})
            assert cache.get("x.md", example.text) == outcome, example.text
    assert cache.misses == 0 and cache.checked_with == {"lm": "off", "lm_threshold": 6.0}
    assert len(codes) > 10
