"""MT901 awkward-sentence: sentences the language model finds far less fluent than edited
English.

The statistic is a trimmed mean of per-token surprisal (nats): the most surprising quarter of
the tokens is dropped, so one rare name or number does not make a sentence "awkward", while
machine translation's word salad, which is moderately surprising almost everywhere, does. The
first token (a sentence opening is always hard to predict) and very short sentences are left
out. The finding points at the most surprising few-word stretch of the sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mtcheck.lm.scoring import ScoringModel, TokenSurprisal, as_read
from mtcheck.model import Finding, Severity, Span

CODE = "MT901"
NAME = "awkward-sentence"
# Calibrated with Gemma 3 270M on clean edited English (GUM + WikiText-2, 180 sentences,
# 4k words): median 2.2 nats/token, 90th percentile 3.3, maximum 5.8, so 6.0 flags about one
# sentence per 5,000 words or fewer. WMT20 MLQE-PE ne-en/si-en machine translations: median
# 3.2, and 6.0 flags ~2% of them (5.0: ~8%, but one clean flag per ~1,300 words).
DEFAULT_THRESHOLD = 6.0
TRIM_FRACTION = 0.25
MIN_TOKENS = 8
WINDOW_TOKENS = 4


@dataclass(frozen=True)
class SentenceFluency:
    """How surprising a sentence is, and its most surprising stretch (sentence offsets)."""

    score: float  # trimmed mean surprisal, nats per token
    tokens: int
    worst: tuple[int, int]  # [start, end) of the most surprising window


def fluency(tokens: Sequence[TokenSurprisal]) -> SentenceFluency | None:
    """The trimmed-mean statistic for one sentence's tokens; None when too short to judge."""
    body = list(tokens[1:])
    if len(body) < MIN_TOKENS:
        return None
    values = sorted(t.nats for t in body)
    keep = values[: max(1, round(len(values) * (1.0 - TRIM_FRACTION)))]
    score = sum(keep) / len(keep)
    width = min(WINDOW_TOKENS, len(body))
    best = max(range(len(body) - width + 1),
               key=lambda i: sum(t.nats for t in body[i: i + width]))
    return SentenceFluency(score, len(body), (body[best].start, body[best + width - 1].end))


def find_awkward_sentences(text: str, sentences: Sequence[tuple[Span, str]],
                           model: ScoringModel,
                           threshold: float = DEFAULT_THRESHOLD) -> list[Finding]:
    """An MT901 finding for each sentence whose trimmed mean surprisal exceeds ``threshold``.

    ``sentences`` are (span in ``text``, sentence text) pairs; the sentence text should be
    ``text[span.start:span.end]`` so token offsets map back into the document. The model reads
    each sentence with its runs of whitespace as one space (see ``scoring.as_read``).
    """
    findings: list[Finding] = []
    read = [as_read(sentence) for _, sentence in sentences]
    surprisals = model.surprisal([text for text, _ in read])
    for (span, sentence), (_, positions), tokens in zip(sentences, read, surprisals,
                                                        strict=True):
        result = fluency(tokens)
        if result is None or result.score < threshold:
            continue
        worst_start, worst_end = result.worst
        start, end = _word_bounds(sentence, positions[worst_start],
                                  positions[max(worst_end - 1, worst_start)] + 1)
        where = Span(min(span.start + start, span.end), min(span.start + end, span.end))
        excerpt = " ".join(sentence[start:end].split())
        findings.append(Finding(
            code=CODE, name=NAME,
            message=(f"sentence reads as unusually awkward ({result.score:.1f} nats/token;"
                     f" edited English stays below {threshold:.1f}); most surprising:"
                     f" '{excerpt}'"),
            span=where, severity=Severity.INFO,
            confidence=round(min(0.99, 0.5 + (result.score - threshold) / 4.0), 3),
            fixes=(), context=span))
    return findings


def _word_bounds(sentence: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to whole words and strip surrounding spaces."""
    while start < end and sentence[start].isspace():
        start += 1
    while start > 0 and not sentence[start - 1].isspace():
        start -= 1
    while end < len(sentence) and sentence[end - 1:end].isalnum() and sentence[end].isalnum():
        end += 1
    return start, max(start, end)


__all__ = ["CODE", "DEFAULT_THRESHOLD", "NAME", "SentenceFluency", "find_awkward_sentences",
           "fluency"]
