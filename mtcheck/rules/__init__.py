"""The rule registry: every rule has a stable code, a name, an explanation and examples.

Rules live one family per module; each module registers its rules with :func:`register`.
Codes are never reused. Select and ignore match codes by prefix ("MT1" selects MT101..MT199).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from mtcheck.documents import Document
from mtcheck.model import Finding, Severity

# The rule families, imported in this order. Adding a family means adding its module here.
RULE_MODULES = ("capitals", "sentence_start", "boilerplate", "punctuation", "words", "awkward")

CheckFunction = Callable[[Document], Iterable[Finding]]


@dataclass(frozen=True)
class Example:
    """A text a rule must flag (``bad``) with the text after its first fix, if it has one."""

    text: str
    fixed: str | None = None
    # Some cases only the language model can decide; their tests run with the model.
    needs_lm: bool = False


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    summary: str
    explanation: str
    check: CheckFunction
    bad: tuple[Example, ...]
    good: tuple[str, ...]
    severity: Severity = Severity.WARNING
    fix: str = "No automatic fix."
    # Whether the language model verifies and re-ranks this rule's findings.
    verified_by_lm: bool = False
    # Opt-in rules run only when selected by their own code or family ("MT9", "MT901"),
    # never through "ALL" or an empty selection (ruff's preview rules work the same way).
    default_enabled: bool = True
    tags: tuple[str, ...] = field(default=())


_REGISTRY: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    if rule.code in _REGISTRY:
        raise ValueError(f"rule code {rule.code} registered twice")
    _REGISTRY[rule.code] = rule
    return rule


@lru_cache(maxsize=1)
def all_rules() -> tuple[Rule, ...]:
    """Every registered rule, sorted by code."""
    for module in RULE_MODULES:
        importlib.import_module(f"mtcheck.rules.{module}")
    return tuple(sorted(_REGISTRY.values(), key=lambda rule: rule.code))


def known_code(code: str) -> bool:
    """Whether ``code`` is ALL or the prefix of at least one registered rule's code."""
    code = code.upper()
    return code == "ALL" or any(rule.code.startswith(code) for rule in all_rules())


def unknown_code(code: str) -> str:
    """What to say of ``code``, which names no rule: a rule's name given for its code is
    pointed to the code ("'mid-sentence-capital' is a rule's name; give its code, MT101")."""
    rule = rule_named(code)
    if rule is not None:
        return f"'{rule.name}' is a rule's name; give its code, {rule.code}"
    return f"unknown rule code '{code}'; `mtcheck rules` lists them"


def rule_named(name: str) -> Rule | None:
    """The rule whose name (not code) this is, in any case: "mid-sentence-capital"."""
    wanted = name.strip().lower()
    return next((rule for rule in all_rules() if rule.name == wanted), None)


def get_rule(code: str) -> Rule | None:
    """The rule with this code ("MT101", any case) or name ("mid-sentence-capital")."""
    wanted = code.strip().upper()
    return next((rule for rule in all_rules() if rule.code == wanted), None) or rule_named(code)


def matches(code: str, prefixes: Iterable[str]) -> bool:
    """Whether ``code`` starts with any of the prefixes ("ALL" matches everything)."""
    return any(p.upper() == "ALL" or code.startswith(p.upper()) for p in prefixes)


def select_rules(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Rule]:
    """The rules chosen by code prefixes; an empty ``select`` means all rules.

    As in ruff, the more specific prefix wins: ``ignore=["MT1"]`` with ``select=["MT101"]``
    (say a configuration's ignore and an ``--extend-select``) keeps MT101, and
    ``select=["MT1"]`` with ``ignore=["MT101"]`` drops it; on a tie, ignore wins.
    """
    select, ignore = tuple(select), tuple(ignore)
    return [
        rule
        for rule in all_rules()
        if _selected(rule, select)
        and _specificity(rule.code, ignore) < _specificity(rule.code, select or ("ALL",))
    ]


def _specificity(code: str, prefixes: tuple[str, ...]) -> int:
    """The length of the longest of ``prefixes`` that ``code`` matches ("ALL": 0), -1 if
    none does."""
    return max((0 if p.upper() == "ALL" else len(p) for p in prefixes
                if matches(code, (p,))), default=-1)


def _selected(rule: Rule, select: tuple[str, ...]) -> bool:
    if rule.default_enabled:
        return not select or matches(rule.code, select)
    return any(len(p) >= 3 and p.upper() != "ALL" and rule.code.startswith(p.upper())
               for p in select)
