"""The project vocabulary: words and names that are never wrong capitals or untranslated.

A content repository knows its own names ("Shafaq News", "Peshmerga", "iPhone"). Findings of
the capital rules (MT1xx), glued words (MT402) and untranslated fragments (MT403) whose text is
a vocabulary entry, or lies inside an occurrence of a multi-word entry, are dropped. Entries
match case-sensitively, as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from mtcheck.documents import Document
from mtcheck.model import Finding, Span
from mtcheck.rules import matches

VOCABULARY_CODES = ("MT1", "MT402", "MT403")
_EDGE_PUNCTUATION = "\"'“”‘’«»()[]{}.,;:!?"


@dataclass(frozen=True)
class VocabularyFilter:
    """A CheckOptions filter that drops findings on vocabulary words."""

    words: frozenset[str]

    @cached_property
    def _single(self) -> frozenset[str]:
        return frozenset(w for w in self.words if not any(ch.isspace() for ch in w))

    @cached_property
    def _phrases(self) -> re.Pattern[str] | None:
        phrases = sorted((w for w in self.words if any(ch.isspace() for ch in w)),
                         key=len, reverse=True)
        if not phrases:
            return None
        alternatives = "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases)
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")

    def _phrase_spans(self, text: str) -> list[Span]:
        pattern = self._phrases
        if pattern is None:
            return []
        return [Span(m.start(), m.end()) for m in pattern.finditer(text)]

    def __call__(self, document: Document, findings: list[Finding]) -> list[Finding]:
        candidates = [f for f in findings if matches(f.code, VOCABULARY_CODES)]
        if not candidates:
            return findings
        phrases = self._phrase_spans(document.text)
        dropped = {id(f) for f in candidates if self._covers(document.text, f.span, phrases)}
        return [f for f in findings if id(f) not in dropped]

    def _covers(self, text: str, span: Span, phrases: list[Span]) -> bool:
        word = text[span.start : span.end].strip().strip(_EDGE_PUNCTUATION)
        if word in self._single or word in self.words:
            return True
        return any(phrase.contains(span) for phrase in phrases)
