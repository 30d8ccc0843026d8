"""Suppression comments: findings the author has looked at and chosen to keep.

Markdown (HTML comments, never shown when the page is rendered)::

    <!-- mtcheck-disable MT101 -->   ... <!-- mtcheck-enable -->        a stretch of the file
    <!-- mtcheck-disable-next-line MT102 -->                              the next line
    <!-- mtcheck-disable-line -->                                         the line it is on

Plain text (a line of its own, optionally behind ``#`` or ``//``)::

    mtcheck: ignore[MT101]          the next line
    mtcheck: disable[MT1] ... mtcheck: enable

Codes are separated by commas or spaces and match by prefix (``MT1`` covers MT101..MT199);
no codes means every rule. A code that names no rule is reported as a warning, not an error,
so that a file written for a newer mtcheck still checks. Readers collect the directives
(``Document.directives``); this module only interprets them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mtcheck.documents import Document
from mtcheck.locate import LineIndex
from mtcheck.model import Finding, Span
from mtcheck.rules import known_code, matches, rule_named

DISABLE = "disable"
ENABLE = "enable"
NEXT_LINE = "disable-next-line"
THIS_LINE = "disable-line"

_DASHED = re.compile(r"mtcheck-(disable-next-line|disable-line|disable|enable)\b(.*)", re.DOTALL)
_COLON = re.compile(r"mtcheck:\s*(ignore|disable|enable)(?:\s*\[([^\]]*)\]|((?:[\s,]+\w+)*))\s*",
                    re.IGNORECASE)
_LOOKS_LIKE_DIRECTIVE = re.compile(r"^\s*+(?:#|//)?\s*+mtcheck(?:-|\s*:)", re.IGNORECASE)
_COLON_KINDS = {"ignore": NEXT_LINE, "disable": DISABLE, "enable": ENABLE}
_CODE_SPLIT = re.compile(r"[\s,]+")


@dataclass(frozen=True)
class Directive:
    """One suppression comment: what it does, the codes it names (empty: all) and where."""

    kind: str
    codes: tuple[str, ...]
    span: Span


@dataclass(frozen=True)
class DirectiveProblem:
    """A directive that was not understood or names an unknown rule code."""

    offset: int
    message: str


def parse_directives(document: Document) -> tuple[list[Directive], list[DirectiveProblem]]:
    """The suppression directives of a document, in order, and the problems found in them."""
    directives: list[Directive] = []
    problems: list[DirectiveProblem] = []
    for span, text in document.directives:
        if "<!--" in text:
            for start, end in _comments(text):
                body_span = Span(span.start + start, span.start + end)
                _parse_body(text[start + 4:end - 3], body_span, directives, problems)
        else:
            _parse_body(text, span, directives, problems)
    for directive in directives:
        for code in directive.codes:
            if not known_code(code):
                rule = rule_named(code)
                message = (f"'{rule.name}' in mtcheck directive is a rule's name; give its"
                           f" code, {rule.code}" if rule is not None
                           else f"unknown rule code '{code}' in mtcheck directive")
                problems.append(DirectiveProblem(directive.span.start, message))
    return directives, sorted(problems, key=lambda problem: problem.offset)  # in line order


def _comments(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each ``<!-- ... -->`` in ``text``. A scan, not a lazy regex: with an
    unclosed ``<!--`` a regex search looks for ``-->`` to the end of the text from every
    ``<!--`` after it (50,000 of them: 35 s)."""
    found = []
    start = text.find("<!--")
    while start >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break
        found.append((start, end + 3))
        start = text.find("<!--", end + 3)
    return found


def _parse_body(body: str, span: Span, directives: list[Directive],
                problems: list[DirectiveProblem]) -> None:
    stripped = body.strip().lstrip("#/").strip()
    if not _LOOKS_LIKE_DIRECTIVE.match(stripped):
        return  # an ordinary comment
    dashed = _DASHED.fullmatch(stripped)
    if dashed:
        directives.append(Directive(dashed.group(1), _codes(dashed.group(2)), span))
        return
    colon = _COLON.fullmatch(stripped)
    if colon and colon.group(2) is not None and not colon.group(2).strip():
        # "mtcheck: ignore[]": brackets name the rules; empty ones are a slip, not "all rules"
        # (that is written without brackets), so the directive suppresses nothing.
        problems.append(DirectiveProblem(span.start, f"no rule codes between the brackets of "
                                                     f"mtcheck directive {stripped[:60]!r}"))
        return
    if colon:
        directives.append(Directive(_COLON_KINDS[colon.group(1).lower()],
                                    _codes(colon.group(2) or colon.group(3) or ""), span))
        return
    problems.append(DirectiveProblem(span.start, f"unrecognised mtcheck directive "
                                                 f"{stripped[:60]!r}"))


def _codes(text: str) -> tuple[str, ...]:
    return tuple(code.upper() for code in _CODE_SPLIT.split(text.strip()) if code)


def apply_suppressions(document: Document, findings: list[Finding]) -> list[Finding]:
    """The findings that no directive in ``document`` suppresses (a CheckOptions filter)."""
    if not document.directives or not findings:
        return findings
    directives, _ = parse_directives(document)
    if not directives:
        return findings
    index = LineIndex(document.text)
    line_rules = _line_rules(directives, index)
    ranges = [d for d in directives if d.kind in (DISABLE, ENABLE)]
    return [f for f in findings
            if not _suppressed_on_line(f, line_rules, index) and not _disabled(f, ranges)]


def _line_rules(directives: list[Directive],
                index: LineIndex) -> dict[int, list[tuple[str, ...]]]:
    """Line number -> the code lists of the line directives that cover it."""
    rules: dict[int, list[tuple[str, ...]]] = {}
    found: dict[int, int | None] = {}  # line -> the next line a directive above it means
    for directive in directives:
        if directive.kind == THIS_LINE:
            first, _ = index.position(directive.span.start)
            last, _ = index.position(max(directive.span.start, directive.span.end - 1))
            for line in range(first, last + 1):
                rules.setdefault(line, []).append(directive.codes)
        elif directive.kind == NEXT_LINE:
            target = _next_nonblank_line(index, directive.span, found)
            if target is not None:
                rules.setdefault(target, []).append(directive.codes)
    return rules


def _next_nonblank_line(index: LineIndex, span: Span,
                        found: dict[int, int | None]) -> int | None:
    """The first line after the directive's last line that holds anything but spaces, quote
    markers (a Markdown quote's blank line is "> ") and other directives: stacked directives
    ("<!-- mtcheck-disable-next-line MT401 -->" over "<!-- ...-next-line MT101 -->") all
    mean the line below them. ``found`` remembers the answer for each line passed over, so
    that a long stack of directives is read once, not once per directive."""
    last, _ = index.position(max(span.start, span.end - 1))
    passed: list[int] = []
    answer: int | None = None
    for line in range(last + 1, len(index.starts) + 1):
        if line in found:
            answer = found[line]
            break
        passed.append(line)
        text = _QUOTE_MARKERS.sub("", index.line_text(line)).strip()
        if text and not _is_a_directive_line(text):
            answer = line
            break
    for line in passed:
        found[line] = answer
    return answer


_QUOTE_MARKERS = re.compile(r"^[ \t>]*+")
_DIRECTIVE_COMMENTS = re.compile(r"(?:<!--\s*+mtcheck-[^<>]*-->\s*+)+")


def _is_a_directive_line(text: str) -> bool:
    """Whether a line (stripped, quote markers gone) is nothing but suppression comments."""
    if text.startswith("<!--"):
        return bool(_DIRECTIVE_COMMENTS.fullmatch(text))
    return bool(_LOOKS_LIKE_DIRECTIVE.match(text))


def _suppressed_on_line(finding: Finding, rules: dict[int, list[tuple[str, ...]]],
                        index: LineIndex) -> bool:
    line, _ = index.position(finding.start)
    return any(not codes or matches(finding.code, codes) for codes in rules.get(line, ()))


def _disabled(finding: Finding, ranges: list[Directive]) -> bool:
    """Replay disable/enable directives before the finding: is its code switched off?"""
    disabled = False
    for directive in ranges:
        if directive.span.start >= finding.start:
            break
        if directive.codes and not matches(finding.code, directive.codes):
            continue
        disabled = directive.kind == DISABLE
    return disabled
