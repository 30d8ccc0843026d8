"""The result cache: a file whose content, settings and model have not changed costs nothing.

Entries live under ``$MTCHECK_CACHE_DIR/results`` (default: the platform's user cache dir for
mtcheck), one small JSON file each, named by a digest of the file's path and content, the
settings fingerprint, the mtcheck version, the model and the installed mtcheck code itself (so
an edited rule in a development checkout never serves stale results). Entries are written
atomically; an unreadable or corrupt entry is a miss, and a cache that cannot be written is
simply not used.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from mtcheck import __version__
from mtcheck.model import Applicability, Edit, Finding, Fix, Severity, Span
from mtcheck.parallel import FileOutcome
from mtcheck.paths import cache_root, write_cache_file
from mtcheck.rules import get_rule

CACHE_FORMAT = 1


def results_dir() -> Path:
    return cache_root() / "results" / f"v{CACHE_FORMAT}"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A digest of the installed mtcheck package's files (names, sizes, modification times)."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".txt", ".toml", ".json") and "__pycache__" not in path.parts:
            try:
                status = path.stat()
            except OSError:
                continue
            digest.update(f"{path.relative_to(package)}:{status.st_size}:"
                          f"{status.st_mtime_ns}\n".encode())
    return digest.hexdigest()


class ResultCache:
    """Cached results for one run's settings (``settings_key``: config + model digest)."""

    def __init__(self, settings_key: str, directory: Path | None = None) -> None:
        self.directory = directory or results_dir()
        self.settings_key = settings_key
        self.hits = 0
        self.misses = 0
        self.writable = True
        # How the cached files were checked (the model's stats, or why it was unavailable),
        # as the first hit recorded it: a run served wholly from the cache reports it.
        self.checked_with: dict[str, Any] = {}

    def _entry(self, path: str, text: str) -> Path:
        content = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        key = hashlib.sha256("\x1f".join(
            [self.settings_key, code_fingerprint(), os.path.abspath(path), content]
        ).encode("utf-8", "surrogatepass")).hexdigest()
        return self.directory / key[:2] / f"{key}.json"

    def get(self, path: str, text: str) -> FileOutcome | None:
        entry = self._entry(path, text)
        try:
            data = json.loads(entry.read_text(encoding="utf-8"))
            result, checked_with = _outcome_from_dict(data, len(text))
        except Exception:
            # Anything wrong with an entry (unreadable, not JSON, nested too deep for the
            # parser, a field of the wrong type or out of range) is a miss: check afresh.
            self.misses += 1
            return None
        self.hits += 1
        if self.hits == 1:
            self.checked_with = checked_with
        return result

    def put(self, path: str, text: str, result: FileOutcome,
            checked_with: dict[str, Any] | None = None) -> None:
        """Store ``result``; ``checked_with`` says how it was checked (see ``checked_with``)."""
        if not self.writable:
            return
        entry = self._entry(path, text)
        data = {"findings": [_finding_to_dict(f) for f in result.findings],
                "words": result.words, "warnings": list(result.warnings),
                "checked_with": checked_with or {}}
        if not write_cache_file(entry, json.dumps(data, ensure_ascii=False).encode("utf-8")):
            self.writable = False  # read-only or full: run without the cache


def _finding_to_dict(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code, "name": finding.name, "message": finding.message,
        "start": finding.start, "end": finding.end, "severity": finding.severity.value,
        "confidence": finding.confidence,
        "fixes": [{"title": fix.title, "applicability": fix.applicability.value,
                   "edits": [[e.start, e.end, e.replacement] for e in fix.edits]}
                  for fix in finding.fixes],
    }


class _BadEntry(ValueError):
    """A cache entry that does not rebuild into valid findings for its text."""


def _field(data: dict[str, Any], key: str, kind: type | tuple[type, ...]) -> Any:
    value = data[key]
    # bool is an int to isinstance, but no field of an entry is ever a bool.
    if isinstance(value, bool) or not isinstance(value, kind):
        raise _BadEntry(f"{key}: {value!r}")
    return value


def _offsets(start: object, end: object, length: int) -> tuple[int, int]:
    """A ``[start, end)`` range that lies within a text of ``length`` characters."""
    if not (type(start) is int and type(end) is int and 0 <= start <= end <= length):
        raise _BadEntry(f"offsets {start!r}, {end!r} outside [0, {length}]")
    return start, end


def _outcome_from_dict(data: Any, length: int) -> tuple[FileOutcome, dict[str, Any]]:
    """The outcome stored by ``put`` and how it was checked, for a text of ``length``
    characters; _BadEntry if the entry is not exactly what ``put`` could have written (a
    truncated, edited or foreign file must never be served as findings)."""
    if not isinstance(data, dict):
        raise _BadEntry("not an object")
    findings = tuple(_finding_from_dict(f, length) for f in _field(data, "findings", list))
    words = _field(data, "words", int)
    warnings = _field(data, "warnings", list)
    checked_with = _field(data, "checked_with", dict)
    if words < 0 or not all(isinstance(warning, str) for warning in warnings):
        raise _BadEntry("words or warnings")
    # Only the model's facts (lm, lm_*) are recorded, and a run served from the cache copies
    # them into its stats: anything else would overwrite its other stats.
    if not all((key == "lm" or key.startswith("lm_"))
               and (value is None or isinstance(value, (str, int, float)))
               for key, value in checked_with.items()):
        raise _BadEntry("checked_with")
    return FileOutcome(findings, words, tuple(warnings)), checked_with


def _finding_from_dict(data: Any, length: int) -> Finding:
    if not isinstance(data, dict):
        raise _BadEntry("finding is not an object")
    code = _field(data, "code", str)
    rule = get_rule(code)
    if rule is None or (rule.code, rule.name) != (code, _field(data, "name", str)):
        raise _BadEntry(f"unknown rule {code!r}")
    confidence = float(_field(data, "confidence", (int, float)))
    if not 0.0 <= confidence <= 1.0:  # also refuses NaN, which json.loads accepts
        raise _BadEntry(f"confidence {confidence!r}")
    return Finding(
        code=code, name=rule.name, message=_field(data, "message", str),
        span=Span(*_offsets(data["start"], data["end"], length)),
        severity=Severity(_field(data, "severity", str)), confidence=confidence,
        fixes=tuple(_fix_from_dict(fix, length) for fix in _field(data, "fixes", list)),
    )


def _fix_from_dict(data: Any, length: int) -> Fix:
    if not isinstance(data, dict):
        raise _BadEntry("fix is not an object")
    edits = []
    for edit in _field(data, "edits", list):
        if not (isinstance(edit, list) and len(edit) == 3 and isinstance(edit[2], str)):
            raise _BadEntry(f"edit {edit!r}")
        edits.append(Edit(*_offsets(edit[0], edit[1], length), edit[2]))
    return Fix(_field(data, "title", str), tuple(edits),
               Applicability(_field(data, "applicability", str)))
