"""The small language model: loading, scoring, verification of findings, awkward sentences.

Importing this package is cheap: torch and transformers load only when a model is loaded.

Typical use (the CLI does this)::

    model = ScoringModel.load(path_or_None, device="cpu", progress=callback)
    verifier = make_verifier(model)            # engine.Verifier: (Document, findings) -> findings
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mtcheck.lm.awkward import DEFAULT_THRESHOLD as AWKWARD_THRESHOLD
from mtcheck.lm.awkward import find_awkward_sentences
from mtcheck.lm.loading import (
    DEFAULT_LICENCE,
    DEFAULT_MODEL_NAME,
    BadSetting,
    ModelInfo,
    ModelUnavailable,
    ProgressCallback,
    cache_root,
    compute_dtype,
    load_model,
    model_info,
    needs_conversion,
    prepare,
)
from mtcheck.lm.scoring import Comparison, ScoringModel, TokenSurprisal, model_prose
from mtcheck.lm.verify import (
    DEFAULT_THRESHOLD,
    VERIFIED_CODES,
    Decision,
    decide,
    deciding_comparisons,
    ordering_comparisons,
    required_margin,
    verify_findings,
)
from mtcheck.model import Finding
from mtcheck.rules.capitals import (
    find_missing_sentence_breaks,
    may_open_sentence,
    written_in_lower_case,
)


class ModelVerifier:
    """An ``engine.Verifier`` backed by a :class:`ScoringModel`: ``verify(document, findings,
    selected_codes)``.

    MT101/102/103 findings are verified with the model (kept ones re-scored, fixes ordered
    best first; an MT101 capital whose best fix is a full stop becomes MT102, kept only when
    MT102 is selected); other findings pass through. When "MT901" is among the selected codes
    and ``awkward_threshold`` is not None, MT901 findings for the document's sentences are
    added (a full pass over every sentence, hence opt-in). :meth:`prefetch` scores many
    documents' candidates in one batch ahead (``engine.check_documents`` calls it).
    """

    def __init__(self, model: ScoringModel, threshold: float = DEFAULT_THRESHOLD, *,
                 awkward_threshold: float | None = AWKWARD_THRESHOLD) -> None:
        self.model = model
        self.threshold = threshold
        self.awkward_threshold = awkward_threshold

    def __call__(self, document: Any, findings: list[Finding],
                 selected: frozenset[str] = frozenset()) -> list[Finding]:
        text = _model_prose(document)
        codes = selected or None
        findings = _to_verify(document, findings, codes)
        kept = verify_findings(
            text, findings, self.model, self.threshold, selected=codes,
            in_lower_case_elsewhere=written_in_lower_case(document)) if findings else []
        if self.awkward_threshold is not None and "MT901" in selected:
            sentences = [(s.span, text[s.span.start:s.span.end]) for s in document.sentences
                         if s.segment_kind != "heading"]
            kept.extend(find_awkward_sentences(text, sentences, self.model,
                                               self.awkward_threshold))
        return kept

    def prefetch(self, items: Sequence[tuple[Any, list[Finding]]],
                 selected: frozenset[str] = frozenset()) -> None:
        """Score the candidates of every ``(document, findings)`` pair in one batch (and the
        fix orders that need a second look in another), so that verifying each document
        afterwards finds its scores cached.

        Documents are taken in order while their comparisons surely fit the score cache (up
        to three scores each, and up to three more for a second look); the rest are scored when
        they are verified.
        """
        limit = self.model.cache_size // 6
        planned: list[tuple[list[Finding], list[tuple[int, Comparison]]]] = []
        total = 0
        for document, findings in items:
            findings = _to_verify(document, findings, selected or None)
            deciding = deciding_comparisons(_model_prose(document), findings)
            total += len(deciding)
            if total > limit:
                break
            planned.append((findings, deciding))
        scores = iter(self.model.score([c for _, deciding in planned for _, c in deciding]))
        ordering: list[Comparison] = []
        for findings, deciding in planned:
            done = [next(scores) for _ in deciding]
            ordering.extend(c for _, c in ordering_comparisons(findings, deciding, done))
        self.model.score(ordering)


def _model_prose(document: Any) -> str:
    """The document's prose as the model reads it (blanked markup marked; see
    scoring.model_prose), computed once per document."""
    view = document.memo.get("model-prose")
    if view is None:
        view = document.memo["model-prose"] = model_prose(document.text, document.prose)
    return view  # type: ignore[no-any-return]


def _to_verify(document: Any, findings: list[Finding], codes: frozenset[str] | None
               ) -> list[Finding]:
    if codes is None or ("MT101" in codes) == ("MT102" in codes):
        return findings
    # The model turns some MT101 candidates into MT102 findings and some MT102 candidates
    # into MT101 findings: with only one of the two codes selected, look at the others too.
    if "MT102" in codes:
        return [*findings, *may_open_sentence(document)]
    return [*findings, *find_missing_sentence_breaks(document)]


def make_verifier(model: ScoringModel, threshold: float = DEFAULT_THRESHOLD, *,
                  awkward_threshold: float | None = AWKWARD_THRESHOLD) -> ModelVerifier:
    """An ``engine.Verifier`` for ``CheckOptions`` (see :class:`ModelVerifier`)."""
    return ModelVerifier(model, threshold, awkward_threshold=awkward_threshold)


def default_verifier(threshold: float = DEFAULT_THRESHOLD, *, device: str = "cpu",
                     model: str | None = None) -> ModelVerifier:
    """Load the default model (or ``model``) and return a verifier for ``CheckOptions``.

        options = mtcheck.CheckOptions(verifier=mtcheck.lm.default_verifier())

    Raises :class:`ModelUnavailable` when the model package or runtime is missing.
    """
    return make_verifier(ScoringModel.load(model, device=device), threshold)


__all__ = [
    "AWKWARD_THRESHOLD",
    "BadSetting",
    "DEFAULT_LICENCE",
    "DEFAULT_MODEL_NAME",
    "DEFAULT_THRESHOLD",
    "VERIFIED_CODES",
    "Comparison",
    "Decision",
    "ModelInfo",
    "ModelUnavailable",
    "ModelVerifier",
    "ProgressCallback",
    "ScoringModel",
    "TokenSurprisal",
    "cache_root",
    "compute_dtype",
    "decide",
    "default_verifier",
    "find_awkward_sentences",
    "load_model",
    "make_verifier",
    "model_info",
    "needs_conversion",
    "prepare",
    "required_margin",
    "verify_findings",
]
