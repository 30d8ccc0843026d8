"""Plain values that flow through mtcheck: spans, edits, fixes and findings.

Offsets are always character offsets (Unicode code points) into the decoded text of the
document, so a finding can be located, reported and fixed without re-reading anything.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace


class Severity(enum.StrEnum):
    """How much a finding matters; ``error`` fails CI by default, ``info`` never does."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Applicability(enum.StrEnum):
    """Whether a fix may be applied without a human looking at it (ruff's model)."""

    SAFE = "safe"
    UNSAFE = "unsafe"


@dataclass(frozen=True, order=True)
class Span:
    """A half-open range ``[start, end)`` of character offsets."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement``."""

    start: int
    end: int
    replacement: str

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad edit range [{self.start}, {self.end})")

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


@dataclass(frozen=True)
class Fix:
    """One way to repair a finding: a title for people and the edits that do it."""

    title: str
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE


@dataclass(frozen=True)
class Finding:
    """A problem a rule found at ``span``.

    ``fixes`` are ordered best first; ``confidence`` in [0, 1] is how sure mtcheck is that
    this is a real problem (heuristics alone, or after the language model has looked).
    """

    code: str
    name: str
    message: str
    span: Span
    severity: Severity = Severity.WARNING
    confidence: float = 1.0
    fixes: tuple[Fix, ...] = ()
    # Extra facts a later stage may need (e.g. the sentence the finding sits in); never
    # part of any report.
    context: Span | None = field(default=None, compare=False)

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def end(self) -> int:
        return self.span.end

    def with_changes(self, **changes: object) -> Finding:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Segment:
    """A piece of prose in a document, located by its offsets into the source text.

    ``kind`` says where it came from (``paragraph``, ``heading``, ``list_item``, ``table_cell``,
    ``blockquote``, ``text``); headings are treated more leniently because of Title Case.
    """

    span: Span
    kind: str = "paragraph"


@dataclass(frozen=True)
class Sentence:
    """A sentence inside a segment: its span in the source text and its text."""

    span: Span
    text: str
    segment_kind: str = "paragraph"
