"""Hostile text never hangs mtcheck: no regular expression backtracks catastrophically and
checking stays linear in the size of the input.

Three guards, each at sizes that run fast:

* every regular expression in the package (found in the source, as ``grep re.compile``
  would: module-level ``re.compile`` and literal patterns passed to ``re.search`` & co.) is
  run over long runs built from its own characters, the shape that makes a pattern rescan
  from every position or split a run in exponentially many ways;
* every case of ``benchmarks/bench_hostile.py`` (long runs, CommonMark's pathological inputs)
  is checked, as text and as Markdown, at two sizes: four times the text may take about four
  times as long, not sixteen;
* the patterns fixed for this are guarded by name, with the input that used to hang them.

``python benchmarks/bench_hostile.py`` shows the same up to 1 MB.
"""

from __future__ import annotations

import ast
import gc
import importlib
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pytest

import mtcheck
from benchmarks.bench_hostile import HOSTILE

PACKAGE = Path(mtcheck.__file__).resolve().parent
_SCANNING = {"search", "finditer", "findall", "sub", "subn", "split"}
_ANCHORED = {"match", "fullmatch"}
# Long enough that rescanning from every position (n²/2 steps) takes a second or more, short
# enough that a linear pass takes well under a millisecond.
RUN = 10_000
RUN_BUDGET_S = 0.2
# Short enough that exponential backtracking still ends (2**24 steps), long enough to see it.
SHORT = 24
SHORT_BUDGET_S = 0.05


@dataclass(frozen=True)
class FoundPattern:
    where: str  # module:NAME or module:line
    pattern: re.Pattern[str]
    scanning: bool  # used with search/finditer/sub (tried at every position) or only anchored

    def __str__(self) -> str:
        return self.where


def _module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_re_call(node: ast.AST, names: set[str]) -> str | None:
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
            and node.func.attr in names):
        return node.func.attr
    return None


def _uses(tree: ast.Module, name: str) -> set[str]:
    """The methods called on the module-level pattern ``name`` in its module."""
    methods = set()
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id == name):
            methods.add(node.attr)
    return methods


def _flags(call: ast.Call) -> int:
    flags = 0
    for node in call.args[1:] + [k.value for k in call.keywords if k.arg == "flags"]:
        for part in ast.walk(node):
            if isinstance(part, ast.Attribute) and isinstance(part.value, ast.Name) and (
                    part.value.id == "re"):
                flags |= int(getattr(re, part.attr, 0))
    return flags


def discover_patterns() -> Iterator[FoundPattern]:
    """Every regular expression in the package that can be found in its source."""
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if "re." not in source:
            continue
        tree = ast.parse(source)
        module_name = _module_name(path)
        module = None
        for node in tree.body:
            if not (isinstance(node, ast.Assign) and len(node.targets) == 1
                    and isinstance(node.targets[0], ast.Name)
                    and _is_re_call(node.value, {"compile"})):
                continue
            name = node.targets[0].id
            if module is None:
                module = importlib.import_module(module_name)
            pattern = getattr(module, name)
            methods = _uses(tree, name)
            scanning = bool(methods & _SCANNING) or not methods & _ANCHORED
            yield FoundPattern(f"{module_name}:{name}", pattern, scanning)
        for node in ast.walk(tree):
            method = _is_re_call(node, _SCANNING | _ANCHORED)
            if method and isinstance(node, ast.Call) and node.args and isinstance(
                    node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                yield FoundPattern(f"{module_name}:{node.args[0].value}",
                                   re.compile(node.args[0].value, _flags(node)),
                                   method in _SCANNING)


def data_patterns() -> Iterator[FoundPattern]:
    """Patterns built from data files at run time (the web-leftover phrases)."""
    try:
        from mtcheck.rules.boilerplate import leftovers
    except ImportError:
        return
    for leftover in leftovers():
        # A whole-line pattern is only ever matched at the start of a line.
        yield FoundPattern(f"web_leftovers.toml:{leftover.kind}:{leftover.pattern.pattern[:40]}",
                           leftover.pattern, not leftover.whole_line)


PATTERNS = list(discover_patterns()) + list(data_patterns())
# Patterns that their callers only ever run on a short window of text, and the window: they
# are tested at that size (quadratic in 40 characters is nothing; exponential would not be).
BOUNDED_BY_CALLER = {
    "mtcheck.rules.sentence_start:_WORD_BEFORE": 40,  # search(prose, dot - 40, dot)
    "mtcheck.rules.words:([\\w'’-]+)[ \\t]+$": 40,   # prose[start - 40:start]
    "mtcheck.segment:_DATELINE": 80,                   # match(prose, start, start + 80)
    "mtcheck.rules.punctuation:_ENTITY_BEFORE": 40,  # search(prose, start - 40, start)
}


def adversarial_runs(pattern: re.Pattern[str], size: int) -> Iterator[str]:
    """Runs of the pattern's own characters (and of letters, digits and blanks), alone and
    in pairs, each ended by a character that makes the match fail."""
    characters = sorted({ch for ch in pattern.pattern if not ch.isalnum() or ch in "AaZz09"}
                        | set("aA1 \t\n.-'"))
    for ch in characters:
        for ending in ("", "\x01", "!"):
            yield ch * size + ending
    for first in "aA1 ":
        for second in characters:
            if first != second:
                for ending in ("", "\x01"):
                    yield (first + second) * (size // 2) + ending


def _run(found: FoundPattern, text: str) -> None:
    if found.scanning:
        for _ in found.pattern.finditer(text):
            pass
    else:
        found.pattern.match(text)
        found.pattern.fullmatch(text)


def _seconds(action: Callable[[], object], repeats: int = 1) -> float:
    # The objects the test run has made so far are frozen out of the garbage collector while
    # this is timed: a collection that scans them costs what the run holds, not what the input
    # does (after a few hundred tests, fixing 600 paragraphs took 10x the time of 150).
    # Freezing is a list splice; a full collection first would cost a second a call.
    gc.freeze()
    try:
        best = float("inf")
        for _ in range(repeats):
            started = time.perf_counter()
            action()
            best = min(best, time.perf_counter() - started)
        return best
    finally:
        gc.unfreeze()


def test_the_package_patterns_are_found():
    names = {str(found) for found in PATTERNS}
    assert set(BOUNDED_BY_CALLER) <= names, "a bounded pattern was renamed: update the table"
    # A sample that must be there: if discovery breaks, every other test here is vacuous.
    assert {"mtcheck.documents:_EMAIL", "mtcheck.segment:_BOUNDARY",
            "mtcheck.words:_WORD_SPLIT", "mtcheck.documents.plain:_DIRECTIVE"} <= names
    assert len(PATTERNS) >= 12


@pytest.mark.parametrize("found", PATTERNS, ids=str)
def test_pattern_has_no_exponential_backtracking(found):
    for text in adversarial_runs(found.pattern, SHORT):
        seconds = _seconds(partial(_run, found, text))
        assert seconds < SHORT_BUDGET_S, (
            f"{found} took {seconds:.3f}s on {text[:12]!r}... ({len(text)} chars)")


@pytest.mark.parametrize("found", PATTERNS, ids=str)
def test_pattern_is_linear_on_long_runs(found):
    for text in adversarial_runs(found.pattern, BOUNDED_BY_CALLER.get(str(found), RUN)):
        seconds = _seconds(partial(_run, found, text))
        if seconds >= RUN_BUDGET_S:  # a busy machine gets a second chance
            seconds = _seconds(partial(_run, found, text), repeats=2)
        assert seconds < RUN_BUDGET_S, (
            f"{found} took {seconds:.2f}s on {text[:12]!r}... ({len(text)} chars): it "
            "rescans the run from every position; anchor it where a run starts "
            "(a lookbehind) or make the run possessive")


# The inputs that used to take quadratic time, by pattern: regression guards.
KNOWN_ATTACKS = [
    ("mtcheck.documents:_EMAIL", "a" * RUN + "!"),   # an address with no "@"
    ("mtcheck.documents:_EMAIL", "a." * (RUN // 2) + "!"),
    ("mtcheck.segment:_BOUNDARY", "." * RUN + "x"),       # full stops, no space after
    ("mtcheck.segment:_NEWLINE", "a" + " " * RUN + "b"),  # blanks, no line break
    ("mtcheck.documents.plain:_DIRECTIVE", " " * RUN),     # fullmatch on a blank line
]


@pytest.mark.parametrize(("where", "text"), KNOWN_ATTACKS, ids=[w for w, _ in KNOWN_ATTACKS])
def test_known_attacks_stay_fast(where, text):
    found = next(f for f in PATTERNS if str(f) == where)
    seconds = _seconds(lambda: _run(found, text), repeats=2)
    assert seconds < RUN_BUDGET_S, f"{where} took {seconds:.2f}s"


# Checking a hostile document of 4n characters may take about 4 times as long as one of n
# characters (linear), not 16 (quadratic). The threshold leaves room for a busy machine.
SMALL, LARGE = 4_000, 16_000
MAX_RATIO = 8.0
# Below this, times are too small to compare: anything that fast is fine.
NOISE_S = 0.15


def _check_seconds(text: str, format: str) -> float:
    return _seconds(lambda: mtcheck.check(text, format=format), repeats=2)


@pytest.mark.parametrize("format", ["text", "markdown"])
@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_checking_hostile_text_is_linear(case, format):
    build = HOSTILE[case]
    mtcheck.check("Warm up Including the word lists.", format=format)
    small, large = build(SMALL), build(LARGE)
    # A shared machine can stall one measurement; quadratic code fails every attempt.
    for _attempt in range(3):
        large_seconds = _check_seconds(large, format)
        if large_seconds < NOISE_S:
            return
        small_seconds = max(_check_seconds(small, format), NOISE_S / MAX_RATIO)
        ratio = large_seconds / small_seconds
        if ratio < MAX_RATIO:
            return
    assert ratio < MAX_RATIO, (
        f"{case} ({format}): {len(small):,} chars {small_seconds:.3f}s, {len(large):,} chars "
        f"{large_seconds:.3f}s: {ratio:.0f}x for 4x the text (quadratic); "
        f"see python benchmarks/bench_hostile.py --case {case}")


def test_a_200k_character_line_without_punctuation_is_fast():
    # One lower-case "support", or the repeated capital would read as the author's choice.
    line = "the ministry is providing Support and training to the police " * 3300 + "support"
    assert len(line) > 200_000
    seconds = _seconds(lambda: mtcheck.check(line))
    assert seconds < 20, f"{seconds:.1f}s"
    assert mtcheck.check(line)  # and still finds "Support"


def _assert_linear(seconds: Callable[[int], float], small: int, large: int) -> None:
    """Four times the input may take about four times as long, not sixteen; a shared
    machine can stall one measurement, quadratic code fails every attempt."""
    for _attempt in range(3):
        small_seconds, large_seconds = seconds(small), seconds(large)
        if large_seconds < NOISE_S or large_seconds / max(
                small_seconds, NOISE_S / MAX_RATIO) < MAX_RATIO:
            return
    raise AssertionError(f"{small:,}: {small_seconds:.3f}s, {large:,}: {large_seconds:.3f}s")


def test_unclosed_html_comments_are_read_in_linear_time():
    # A lazy "<!--(.*?)-->" search ran to the end of the text from every unclosed "<!--"
    # (50,000 of them: 35 s); the comments are found in one scan.
    from mtcheck.documents import parse
    from mtcheck.suppressions import parse_directives

    def seconds(openers: int) -> float:
        document = parse("<!--" * openers + "\n", "markdown", "x.md")
        assert document.directives and parse_directives(document) == ([], [])
        return _seconds(lambda: parse_directives(document), repeats=2)

    _assert_linear(seconds, SMALL, LARGE)


def test_fixing_markdown_with_one_structure_changing_fix_is_linear():
    # A "Read more" paragraph (a fix the structure guard once refused) among many fixable
    # ones: the fixes that keep the structure were found with one parse per fix (quadratic).
    def seconds(paragraphs: int) -> float:
        text = "Read more\n\n" + "".join(f"Paragraph {i} said the the army left.\n\n"
                                          for i in range(paragraphs))
        return _seconds(lambda: mtcheck.fix(text, format="markdown"))

    _assert_linear(seconds, 150, 600)
