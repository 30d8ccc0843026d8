"""JSON output, schema version 1 (JSON Schema: mtcheck/report.schema.json; README "JSON report").

    {"version": 1, "mtcheck": "0.1.0",
     "files": [{"path": "...", "findings": [FINDING, ...]}],
     "errors": [{"path": "...", "message": "..."}],   (files that could not be read)
     "stats": {...}, "signature": {...}}

FINDING = {"code", "name", "message", "severity", "start", "end", "line", "column",
           "end_line", "end_column", "confidence", "fixes": [{"title", "applicability",
           "edits": [{"start", "end", "text"}]}]}
"""

from __future__ import annotations

import json
from typing import Any

from mtcheck import __version__
from mtcheck.formatters import RenderOptions, Report
from mtcheck.locate import LineIndex
from mtcheck.model import Finding

SCHEMA_VERSION = 1


def finding_to_dict(finding: Finding, index: LineIndex) -> dict[str, Any]:
    line, column = index.position(finding.start)
    end_line, end_column = index.position(finding.end)
    return {
        "code": finding.code,
        "name": finding.name,
        "message": finding.message,
        "severity": finding.severity.value,
        "start": finding.start,
        "end": finding.end,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "confidence": round(finding.confidence, 4),
        "fixes": [
            {
                "title": fix.title,
                "applicability": fix.applicability.value,
                "edits": [{"start": e.start, "end": e.end, "text": e.replacement}
                          for e in fix.edits],
            }
            for fix in finding.fixes
        ],
    }


def report_to_dict(report: Report) -> dict[str, Any]:
    return {
        "version": SCHEMA_VERSION,
        "mtcheck": __version__,
        "files": [
            {"path": file.path, "findings": _findings(file.text, file.findings)}
            for file in report.files
        ],
        "errors": [{"path": error.path, "message": error.reason} for error in report.errors],
        "stats": report.stats,
        "signature": report.signature,
    }


def _findings(text: str, findings: tuple[Finding, ...]) -> list[dict[str, Any]]:
    index = LineIndex(text)
    return [finding_to_dict(f, index) for f in findings]


def render(report: Report, options: RenderOptions) -> str:
    return json.dumps(report_to_dict(report), indent=2, ensure_ascii=False) + "\n"
