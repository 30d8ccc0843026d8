"""mtcheck: find and fix the marks machine translation leaves in English text."""

from __future__ import annotations

__version__ = "0.1.0"

from mtcheck.api import FileReport, check, check_file, fix, read_source  # noqa: E402
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
    "InputError", "Severity", "Span", "__version__", "check", "check_file", "fix", "parse",
    "read_source",
]
