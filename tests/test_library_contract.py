"""The library as a developer embeds it: arguments checked where they are given, enums that
print as their values, and findings that a combining mark or a leftover cannot mislead."""

from __future__ import annotations

from pathlib import Path

import pytest

import mtcheck
from mtcheck.engine import CheckOptions, _without_capitals_in_leftovers
from mtcheck.model import Finding, Severity, Span

CAPITAL = "Iraq needs foreign forces Including the American.\n"


@pytest.mark.parametrize("unsafe", ["no", 1, None])
def test_fix_takes_unsafe_as_a_bool_only(unsafe):
    with pytest.raises(TypeError, match="unsafe must be True or False"):
        mtcheck.fix("the terrorist organization ISIS In a historical position.", unsafe=unsafe)


@pytest.mark.parametrize(("options", "message"), [
    (lambda: CheckOptions(filters=None), "filters must be a tuple of callables"),
    (lambda: CheckOptions(filters=[1]), "filters must be callables"),
    (lambda: CheckOptions(verifier=5), "verifier must be callable"),
])
def test_options_of_the_wrong_type_fail_when_built(options, message):
    with pytest.raises(TypeError, match=message):
        options()


def test_filters_may_be_a_list():
    options = CheckOptions(filters=[])
    assert options.filters == ()
    assert [f.code for f in mtcheck.check(CAPITAL, options=options)] == ["MT101"]


@pytest.mark.parametrize(("call", "message"), [
    (lambda: mtcheck.parse(b"x"), "text must be a str, not bytes; decode it first"),
    (lambda: mtcheck.parse(None), "text must be a str, not NoneType"),
    (lambda: mtcheck.check("x", path=3), "path must be a str, not int"),
])
def test_wrong_arguments_are_type_errors_that_say_what_was_expected(call, message):
    with pytest.raises(TypeError, match=message):
        call()


def test_a_path_may_be_a_path_object():
    assert mtcheck.parse("Text.", path=Path("docs/a.md")).path == "docs/a.md"


def test_severity_and_applicability_print_as_their_values():
    finding = mtcheck.check(CAPITAL)[0]
    assert f"{finding.severity} {finding.fixes[0].applicability}" == "warning safe"
    assert finding.severity == "warning" and Severity("error") is Severity.ERROR


def test_a_combining_mark_makes_another_word_not_a_repeat():
    # "the the\u0301" is "the thé" written with a combining accent: deleting "the " moved the
    # accent onto the word left.
    text = "We saw the the\u0301 fronts."
    assert [f.code for f in mtcheck.check(text)] == []
    assert mtcheck.fix(text).text == text
    assert [f.code for f in mtcheck.check("We saw the the fronts.")] == ["MT401"]


def _finding(code: str, start: int, end: int) -> Finding:
    return Finding(code, "name", "message", Span(start, end), Severity.WARNING, 0.9)


def test_a_capital_inside_any_leftover_is_the_leftovers():
    leftovers = [_finding("MT201", 0, 50), _finding("MT201", 10, 20), _finding("MT201", 60, 70)]
    capitals = [_finding("MT101", 5, 9), _finding("MT101", 40, 48), _finding("MT101", 48, 55),
                _finding("MT101", 61, 65), _finding("MT101", 75, 80)]
    kept = _without_capitals_in_leftovers([*leftovers, *capitals])
    assert [(f.code, f.span.start) for f in kept if f.code == "MT101"] == [
        ("MT101", 48), ("MT101", 75)]
    assert len([f for f in kept if f.code == "MT201"]) == 3


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: mtcheck.check_file(""), mtcheck.InputError, "not a valid path"),
    (lambda: mtcheck.check_file("a.txt", max_size=float("nan")), ValueError, "max_size"),
    (lambda: mtcheck.check_file("a.txt", max_size=-1), ValueError, "max_size"),
])
def test_a_file_argument_that_cannot_be_right_is_said_so(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_an_edit_that_ends_before_it_starts_is_refused():
    from mtcheck.model import Edit

    with pytest.raises(ValueError, match="bad edit range"):
        Edit(3, 1, "x")
