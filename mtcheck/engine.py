"""Run the rules over a document: propose, verify, filter, sort."""

from __future__ import annotations

import numbers
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate

from mtcheck.documents import Document
from mtcheck.documents.markdown import document_tokens
from mtcheck.model import Finding, Span
from mtcheck.rules import Rule, known_code, select_rules, unknown_code
from mtcheck.structure import without_refused_fixes
from mtcheck.suppressions import apply_suppressions

# A verifier (the language model) takes the document, the heuristic findings and the codes
# of the selected rules, and returns the findings it keeps (with new confidences and fix
# orders) plus any it finds itself (MT901, when selected).
Verifier = Callable[[Document, list[Finding], frozenset[str]], list[Finding]]

DEFAULT_MIN_CONFIDENCE = 0.5


@dataclass(frozen=True)
class CheckOptions:
    """What to check and how sure a finding must be to be reported.

    ``select`` and ``ignore`` are rule codes or prefixes ("MT101", "MT1", "ALL"): a tuple or
    list of them, or a single code as a string (``ignore="MT901"``); an empty ``select``
    means every rule. ``min_confidence`` is a number in [0, 1]. ``filters`` run after the
    rules; the default honours suppression comments in the text. ``filters=()`` turns them
    off; filters of your own replace the default, so list
    ``mtcheck.suppressions.apply_suppressions`` with them to keep it. A code that names no
    rule raises ValueError, a value of the wrong type TypeError.
    """

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    verifier: Verifier | None = field(default=None, compare=False)
    # Filters applied after the rules (suppressions, per-file ignores, vocabulary).
    filters: tuple[Callable[[Document, list[Finding]], list[Finding]], ...] = field(
        default=(apply_suppressions,), compare=False)

    def __post_init__(self) -> None:
        # Checked here, once: a wrong value would otherwise select or drop rules silently
        # (a string is iterated letter by letter, and the prefix "M" matches every rule).
        object.__setattr__(self, "select", _codes("select", self.select))
        object.__setattr__(self, "ignore", _codes("ignore", self.ignore))
        confidence = self.min_confidence
        if not isinstance(confidence, numbers.Real) or isinstance(confidence, bool):
            raise TypeError(f"min_confidence must be a number, not "
                            f"{type(confidence).__name__}")
        if not 0 <= confidence <= 1:
            raise ValueError(f"min_confidence must be between 0 and 1, not {confidence!r}")
        if self.verifier is not None and not callable(self.verifier):
            raise TypeError(f"verifier must be callable, not {type(self.verifier).__name__}")
        if not isinstance(self.filters, Iterable) or isinstance(self.filters, (str, bytes)):
            raise TypeError(f"filters must be a tuple of callables, not "
                            f"{type(self.filters).__name__}")
        object.__setattr__(self, "filters", tuple(self.filters))
        for check in self.filters:
            if not callable(check):
                raise TypeError(f"filters must be callables, not {type(check).__name__}")

    def rules(self) -> list[Rule]:
        return select_rules(self.select, self.ignore)


def _codes(name: str, codes: str | Iterable[str]) -> tuple[str, ...]:
    """``codes`` as a tuple of known rule codes or prefixes; a single string is one code."""
    if isinstance(codes, str):
        codes = (codes,)
    elif not isinstance(codes, Iterable) or isinstance(codes, (bytes, bytearray)):
        raise TypeError(f"{name} must be a rule code or a tuple of them, not "
                        f"{type(codes).__name__}")
    codes = tuple(codes)
    for code in codes:
        if not isinstance(code, str):
            raise TypeError(f"{name}: rule codes must be strings, not {type(code).__name__}")
        # "" is a prefix of every code: it would select or ignore every rule.
        if not code or not known_code(code):
            raise ValueError(f"{name}: {unknown_code(code)}")
    return codes


def check_document(document: Document, options: CheckOptions | None = None) -> list[Finding]:
    """Every finding in ``document``, sorted by position then code."""
    return check_documents([document], options)[0]


def check_documents(documents: Sequence[Document], options: CheckOptions | None = None
                    ) -> list[list[Finding]]:
    """The findings of each document, as :func:`check_document` gives them.

    A verifier with a ``prefetch(items, selected_codes)`` method (the language model's) is
    first handed every document's candidates at once, so that it can score them in large
    batches: a model scores a batch of many sentences far faster per sentence than one small
    document at a time.
    """
    options = options or CheckOptions()
    rules = options.rules()
    codes = frozenset(rule.code for rule in rules)
    proposed = [_propose(document, rules) for document in documents]
    prefetch = getattr(options.verifier, "prefetch", None)
    if prefetch is not None and len(documents) > 1:
        prefetch(list(zip(documents, proposed, strict=True)), codes)
    return [_finish(document, findings, options, codes)
            for document, findings in zip(documents, proposed, strict=True)]


def _propose(document: Document, rules: Sequence[Rule]) -> list[Finding]:
    """The rules' own findings, before any verification."""
    findings: list[Finding] = []
    for rule in rules:
        findings.extend(rule.check(document))
    return findings


def _finish(document: Document, findings: list[Finding], options: CheckOptions,
            codes: frozenset[str]) -> list[Finding]:
    """Verify, filter and sort the rules' findings."""
    if options.verifier is not None:
        findings = options.verifier(document, findings, codes)
    findings = [f for f in findings if f.confidence >= options.min_confidence]
    for apply_filter in options.filters:
        findings = apply_filter(document, findings)
    findings = _without_capitals_in_leftovers(_drop_duplicates(findings))
    if document.format == "markdown":
        findings = without_refused_fixes(document.text, findings, document_tokens(document))
    return sorted(findings, key=lambda f: (f.span.start, f.span.end, f.code))


def _without_capitals_in_leftovers(findings: list[Finding]) -> list[Finding]:
    """A capital inside a web leftover ("the city Click to share on Twitter") is the
    leftover's: lowercasing it (a safe fix) would only hide the leftover from MT201."""
    leftovers = sorted((f.span.start, f.span.end) for f in findings if f.code == "MT201")
    if not leftovers:
        return findings
    # The farthest end among the leftovers that start at or before each one: a capital lies
    # inside a leftover when the last leftover starting before it reaches that far (a search,
    # not a comparison with every leftover, which was quadratic on a long scraped file).
    starts = [start for start, _ in leftovers]
    reach = list(accumulate((end for _, end in leftovers), max))

    def inside(span: Span) -> bool:
        index = bisect_right(starts, span.start) - 1
        return index >= 0 and reach[index] >= span.end

    return [f for f in findings if not (f.code.startswith("MT1") and inside(f.span))]


def _drop_duplicates(findings: Sequence[Finding]) -> list[Finding]:
    seen: set[tuple[str, int, int]] = set()
    unique = []
    for finding in findings:
        key = (finding.code, finding.span.start, finding.span.end)
        if key not in seen:
            seen.add(key)
            unique.append(finding)
    return unique
