"""mtcheck: find and fix the marks machine translation leaves in English text."""

from __future__ import annotations

__version__ = "0.1.0"

from mtcheck.api import (  # noqa: E402
    FileReport,
    SourceFile,
    check,
    check_file,
    configured_options,
    finding_dicts,
    fix,
    read_source,
)
from mtcheck.documents import InputError, parse  # noqa: E402
from mtcheck.engine import CheckOptions  # noqa: E402
from mtcheck.fixer import FixResult  # noqa: E402
from mtcheck.model import (  # noqa: E402
    Applicability,
    Edit,
    Finding,
    Fix,
    Severity,
    Span,
)

__all__ = [
    "Applicability", "CheckOptions", "Edit", "FileReport", "Finding", "Fix", "FixResult",
    "InputError", "Severity", "SourceFile", "Span", "__version__", "check", "check_file",
    "configured_options", "finding_dicts", "fix", "parse", "read_source",
]


def __getattr__(name: str) -> object:
    # ``mtcheck.lm`` (the language model) without importing it, and torch, for every user.
    if name == "lm":
        import importlib

        return importlib.import_module("mtcheck.lm")
    raise AttributeError(f"module 'mtcheck' has no attribute {name!r}")
