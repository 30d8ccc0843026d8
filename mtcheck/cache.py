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
            result = FileOutcome(
                findings=tuple(_finding_from_dict(f) for f in data["findings"]),
                words=int(data["words"]), warnings=tuple(data.get("warnings", ())))
            checked_with = dict(data.get("checked_with", {}))
        except (OSError, ValueError, KeyError, TypeError):
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


def _finding_from_dict(data: dict[str, Any]) -> Finding:
    return Finding(
        code=data["code"], name=data["name"], message=data["message"],
        span=Span(data["start"], data["end"]), severity=Severity(data["severity"]),
        confidence=float(data["confidence"]),
        fixes=tuple(Fix(fix["title"], tuple(Edit(s, e, r) for s, e, r in fix["edits"]),
                        Applicability(fix["applicability"]))
                    for fix in data["fixes"]),
    )
