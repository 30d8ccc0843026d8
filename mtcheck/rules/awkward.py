"""MT901 awkward-sentence: a sentence the language model finds far less likely than edited
English. Only the model can find these, so the rule has no heuristic candidates: with the
model, ``mtcheck.lm.awkward`` scores every sentence's token surprisal and reports those far
above what clean edited English shows, pointing at the most surprising stretch.

Opt-in (``--select MT901``): it scores every sentence, which costs far more than verifying
the capital candidates.
"""

from __future__ import annotations

from collections.abc import Iterator

from mtcheck.documents import Document
from mtcheck.model import Finding, Severity
from mtcheck.rules import Example, Rule, register


def no_heuristic_candidates(document: Document) -> Iterator[Finding]:
    """MT901 findings come from the model's verifier, never from heuristics."""
    return iter(())


AWKWARD_SENTENCE = register(Rule(
    code="MT901",
    name="awkward-sentence",
    summary="A sentence reads far less like English than edited text does (model only).",
    explanation=(
        "Machine translation sometimes produces sentences that are grammatical-looking word "
        "salad: 'It is known from a recipe that is cooked in the paddy of Hanuman.' The "
        "language model measures how surprising each token of a sentence is; a sentence "
        "whose surprisal stands far above what professionally edited English shows (about "
        "one flag per 5,000 words or fewer on clean text) is reported with its most "
        "surprising stretch marked, for a human to rewrite. It needs the model and is "
        "opt-in: select it with --select MT901."
    ),
    fix="No automatic fix: rewrite the sentence.",
    check=no_heuristic_candidates,
    bad=(
        # Real MLQE-PE ne-en machine translation (CC0).
        Example("He made idols attracted from valuable and bright potteries.", needs_lm=True),
    ),
    good=("The parliament approved the budget on Monday after a long debate.",),
    severity=Severity.INFO,
    default_enabled=False,
))
