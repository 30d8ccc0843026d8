"""Every rule's own good and bad examples, run as tests (heuristics alone)."""

from __future__ import annotations

import re

import pytest

import mtcheck
from mtcheck.engine import CheckOptions
from mtcheck.rules import all_rules

HEURISTIC = [
    pytest.param(rule, example, id=f"{rule.code}-bad-{i}")
    for rule in all_rules()
    for i, example in enumerate(rule.bad)
    if not example.needs_lm
]
GOOD = [
    pytest.param(rule, text, id=f"{rule.code}-good-{i}")
    for rule in all_rules()
    for i, text in enumerate(rule.good)
]


@pytest.mark.parametrize(("rule", "example"), HEURISTIC)
def test_bad_example_is_flagged_and_fixed(rule, example):
    options = CheckOptions(select=(rule.code,))
    findings = mtcheck.check(example.text, options=options)
    assert [f.code for f in findings] and all(f.code == rule.code for f in findings)
    if example.fixed is not None:
        assert mtcheck.fix(example.text, options=options, unsafe=True).text == example.fixed


@pytest.mark.parametrize(("rule", "text"), GOOD)
def test_good_example_is_not_flagged(rule, text):
    findings = mtcheck.check(text, options=CheckOptions(select=(rule.code,)))
    assert findings == []


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_rule_is_documented(rule):
    assert re.fullmatch(r"MT\d{3}", rule.code)
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name)
    assert rule.summary.endswith(".") and len(rule.explanation) > 80
    assert rule.bad and rule.good, "every rule needs good and bad examples"


def test_codes_and_names_are_unique():
    rules = all_rules()
    assert len({r.code for r in rules}) == len(rules)
    assert len({r.name for r in rules}) == len(rules)
