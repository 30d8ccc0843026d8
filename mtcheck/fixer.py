"""Apply fixes safely: back to front, never overlapping, re-checking until nothing changes.

For Markdown, every pass re-parses the result and refuses edits that would change the
document's structure (mdformat's equality check), so a fix can never turn prose into a
heading, a list or code.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial

from mtcheck.model import Applicability, Edit, Finding, Fix

MAX_PASSES = 10

# Which fix, if any, to apply to a finding of a text: ``mtcheck fix`` takes each finding's
# first fix if it is safe (see by_safety); ``fix --interactive`` asks.
Chooser = Callable[[str, Finding], "Fix | None"]


@dataclass(frozen=True)
class FixResult:
    """The fixed text, the findings whose fix was applied (their offsets point into the
    text of the pass that applied them), the findings left that still offer a fix (unsafe,
    or refused), and those left with no fix at all (``manual``: only a person can mend
    them, "Kalzeraih", an unclosed quote)."""

    text: str
    applied: tuple[Finding, ...]
    remaining: tuple[Finding, ...]
    manual: tuple[Finding, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.applied)


def chosen_fix(finding: Finding, unsafe: bool) -> Fix | None:
    """The first fix of a finding that may be applied at this safety level."""
    for fix in finding.fixes[:1]:
        if fix.applicability is Applicability.SAFE or unsafe:
            return fix
    return None


def by_safety(unsafe: bool) -> Chooser:
    """The chooser that takes each finding's first fix if it is safe (or ``unsafe``)."""
    return lambda text, finding: chosen_fix(finding, unsafe)


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits, back to front so earlier offsets stay valid."""
    pieces = []
    position = len(text)
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        pieces.append(text[edit.end : position])
        pieces.append(edit.replacement)
        position = edit.start
    pieces.append(text[:position])
    return "".join(reversed(pieces))


def select_edits(findings: Sequence[Finding], pick: Callable[[Finding], Fix | None]
                 ) -> tuple[list[Edit], list[Finding]]:
    """The edits to apply in one pass (``pick`` says which fix of a finding, if any); a fix
    that overlaps an earlier one waits.

    The ranges taken so far are kept in order, and overlap no other, so a range is compared
    only with its neighbours there: comparing it with every one taken was quadratic in the
    number of fixes (128 million comparisons for a 470 KB file).
    """
    edits: list[Edit] = []
    applied: list[Finding] = []
    taken: list[tuple[int, int]] = []
    taken_fixes: set[tuple[Edit, ...]] = set()
    for finding in sorted(findings, key=lambda f: (f.span.start, f.code)):
        fix = pick(finding)
        if fix is None:
            continue
        if fix.edits in taken_fixes:
            applied.append(finding)  # two findings, one repair: both are fixed by it
            continue
        ranges = [(e.start, e.end) for e in fix.edits]
        if any(_overlaps_taken(r, taken) for r in ranges):
            continue
        for r in ranges:
            insort(taken, r)
        taken_fixes.add(fix.edits)
        edits.extend(fix.edits)
        applied.append(finding)
    return edits, applied


def _overlaps_taken(r: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    """Whether ``r`` overlaps a range of ``taken`` (sorted, none overlapping another): only
    the one that starts before it and those that start within it can."""
    index = max(0, bisect_left(taken, (r[0], r[0])) - 1)
    while index < len(taken) and taken[index][0] <= r[1]:
        if _overlap(r, taken[index]):
            return True
        index += 1
    return False


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    # Two insertions at one point also conflict: their order would be a guess.
    return a[0] < b[1] and b[0] < a[1] or a == b or (a[0] == a[1] and b[0] <= a[0] <= b[1]) or (
        b[0] == b[1] and a[0] <= b[0] <= a[1])


def fix_text(
    text: str,
    check: Callable[[str], list[Finding]],
    unsafe: bool = False,
    structure: Callable[[str], object] | None = None,
    removal: Callable[[str, Sequence[Edit]], object | None] | None = None,
    choose: Chooser | None = None,
    on_pass: Callable[[str, list[Edit]], None] | None = None,
) -> FixResult:
    """Fix ``text`` until a check finds nothing more to fix (at most ``MAX_PASSES`` passes).

    ``check`` returns the findings of a text; ``structure``, when given, returns a value that
    must not change (the Markdown block structure): edits that change it are refused, except
    where ``removal(text, edits)`` returns the structure that those edits may leave (whole
    paragraphs, list items or quotes deleted: structure.markdown_blocks_removed).
    ``choose(text, finding)`` picks the fix to apply to each finding (None: none); by default
    the first fix, if it is safe or ``unsafe``. ``on_pass(text, edits)`` is told, after each
    pass, the text it read and the edits it made there.
    """
    choose = choose or by_safety(unsafe)
    applied: list[Finding] = []
    expected = structure(text) if structure else None
    for _ in range(MAX_PASSES):
        findings = check(text)
        pick = partial(choose, text)
        edits, chosen = select_edits(findings, pick)
        if not edits:
            break
        candidate = apply_edits(text, edits)
        if structure and structure(candidate) != expected:
            candidate, chosen, expected = _apply_preserving(text, chosen, pick, structure,
                                                            expected, removal)
            if not chosen:
                break
            edits = list(dict.fromkeys(e for f in chosen if (fix := pick(f)) for e in fix.edits))
        if candidate == text:
            break
        if on_pass is not None:
            on_pass(text, edits)
        text = candidate
        applied.extend(chosen)
    left = check(text)
    return FixResult(text, tuple(applied), tuple(f for f in left if f.fixes),
                     tuple(f for f in left if not f.fixes))


def _apply_preserving(
    text: str, findings: list[Finding], pick: Callable[[Finding], Fix | None],
    structure: Callable[[str], object], expected: object,
    removal: Callable[[str, Sequence[Edit]], object | None] | None,
) -> tuple[str, list[Finding], object]:
    """Apply the fixes that keep the structure (or remove whole blocks, see fix_text),
    and only those; return the text, the fixes applied and the structure now expected.

    Halves at a time: a group whose fixes together keep the structure, or only delete whole
    blocks, is applied in one parse; one that does not is split in two. One fix that would
    change the structure (a "Read more" paragraph among 1,000 others) costs a few dozen
    parses, not one per fix, and 1,000 leftover list items go in one.
    The later half is applied first, so that the earlier half's offsets stay valid.
    """
    fixes = [(finding, fix) for finding in sorted(findings, key=lambda f: f.span.start)
             if (fix := pick(finding)) is not None]
    kept: list[Finding] = []

    def apply_group(current: str, group: list[tuple[Finding, Fix]]) -> str:
        nonlocal expected
        if not group:
            return current
        edits = [edit for _, fix in group for edit in fix.edits]
        trial = apply_edits(current, edits)
        shape = structure(trial)
        if shape == expected or removal is not None and shape == removal(current, edits):
            kept.extend(finding for finding, _ in group)
            expected = shape
            return trial
        if len(group) == 1:
            return current
        middle = len(group) // 2
        return apply_group(apply_group(current, group[middle:]), group[:middle])

    text = apply_group(text, fixes)
    return text, kept, expected
