"""GitLab Code Quality JSON: findings appear in merge request widgets and diffs.

A JSON array of issues: ``description``, ``check_name``, ``fingerprint`` (unique in the
report, stable across edits elsewhere in the file), ``severity`` (``info``, ``minor``,
``major``, ``critical``, ``blocker``) and ``location`` with ``path`` and ``lines``, as in
Code Climate's format.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from mtcheck.baseline import unique_fingerprints
from mtcheck.formatters import RenderOptions, Report
from mtcheck.locate import LineIndex
from mtcheck.model import Severity

_SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def render(report: Report, options: RenderOptions) -> str:
    issues: list[dict[str, Any]] = []
    for file in report.files:
        index = LineIndex(file.text)
        fingerprints = unique_fingerprints(file.path, file.text, file.findings)
        for finding, fingerprint in zip(file.findings, fingerprints, strict=True):
            line, _ = index.position(finding.start)
            end_line, _ = index.position(finding.end)
            issues.append({
                "type": "issue",
                "description": f"{finding.code} {finding.message}",
                "check_name": finding.code,
                "categories": ["Style"],
                "fingerprint": fingerprint,
                "severity": _SEVERITIES[finding.severity],
                "location": {
                    "path": file.path,
                    "lines": {"begin": line, "end": end_line},
                },
            })
    for error in report.errors:  # a file that could not be read: a blocker on the file
        issues.append({
            "type": "issue",
            "description": f"mtcheck could not read the file: {error.reason}",
            "check_name": "mtcheck.input",
            "categories": ["Bug Risk"],
            "fingerprint": hashlib.sha256(str(error).encode("utf-8", "replace")).hexdigest(),
            "severity": "blocker",
            "location": {"path": error.path, "lines": {"begin": 1, "end": 1}},
        })
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
