"""SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

One run; the driver lists every rule with its summary, explanation, examples (as help text and
Markdown) and default level. Each result has a region with both line/column and character
offsets (``columnKind`` is ``unicodeCodePoints``: mtcheck counts code points, as its JSON
report does), ``partialFingerprints`` that survive edits elsewhere in the file (the baseline's
fingerprints), and every fix as a SARIF fix: an artifact change whose replacement deletes a
region and inserts the new text. Paths relative to the working directory use the
``%SRCROOT%`` base, which ``originalUriBaseIds`` maps to the working directory.
"""

from __future__ import annotations

import json
import os
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from mtcheck import __version__
from mtcheck.baseline import unique_fingerprints
from mtcheck.formatters import RenderOptions, Report
from mtcheck.locate import LineIndex
from mtcheck.model import Edit, Finding, Fix, Severity
from mtcheck.rules import Rule, all_rules

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/mtcheck/mtcheck"
SRCROOT = "%SRCROOT%"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render(report: Report, options: RenderOptions) -> str:
    return json.dumps(sarif_log(report, options), indent=2, ensure_ascii=False) + "\n"


def sarif_log(report: Report, options: RenderOptions) -> dict[str, Any]:
    rules = list(all_rules())
    rule_index = {rule.code: index for index, rule in enumerate(rules)}
    results: list[dict[str, Any]] = []
    for file in report.files:
        index = LineIndex(file.text)
        location = _artifact_location(file.path)
        fingerprints = unique_fingerprints(file.path, file.text, file.findings)
        for finding, fingerprint in zip(file.findings, fingerprints, strict=True):
            results.append(_result(finding, index, location, rule_index, fingerprint))
    cwd = options.cwd or os.getcwd()
    run: dict[str, Any] = {
        "tool": {"driver": _driver(rules)},
        "originalUriBaseIds": {SRCROOT: {"uri": Path(cwd).resolve().as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": results,
        "invocations": [_invocation(report)],
        "properties": {"signature": report.signature, "stats": report.stats},
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _driver(rules: list[Rule]) -> dict[str, Any]:
    return {
        "name": "mtcheck",
        "version": __version__,
        "semanticVersion": __version__,
        "informationUri": INFORMATION_URI,
        "rules": [_rule_descriptor(rule) for rule in rules],
    }


def _rule_descriptor(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.explanation},
        "help": {"text": _help_text(rule), "markdown": _help_markdown(rule)},
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
        "properties": {"tags": ["machine-translation", *rule.tags],
                       "verifiedByLanguageModel": rule.verified_by_lm},
    }


def _help_text(rule: Rule) -> str:
    lines = [rule.explanation, ""]
    for example in rule.bad[:2]:
        lines.append(f"Flagged: {example.text}")
        if example.fixed:
            lines.append(f"Fixed:   {example.fixed}")
    for good in rule.good[:1]:
        lines.append(f"Not flagged: {good}")
    lines += ["", f"Fix: {rule.fix}", f"Explain: mtcheck rules --explain {rule.code}"]
    return "\n".join(lines)


def _help_markdown(rule: Rule) -> str:
    lines = [f"**{rule.code} {rule.name}**: {rule.summary}", "", rule.explanation, ""]
    for example in rule.bad[:2]:
        lines.append(f"- Flagged: `{_code(example.text)}`")
        if example.fixed:
            lines.append(f"  Fixed: `{_code(example.fixed)}`")
    for good in rule.good[:1]:
        lines.append(f"- Not flagged: `{_code(good)}`")
    lines += ["", f"Fix: {rule.fix}"]
    return "\n".join(lines)


def _code(text: str) -> str:
    return text.replace("`", "'")


def _artifact_location(path: str) -> dict[str, Any]:
    pure = PurePath(path)
    if pure.is_absolute():
        return {"uri": Path(path).as_uri()}
    return {"uri": quote(pure.as_posix()), "uriBaseId": SRCROOT}


def _region(index: LineIndex, start: int, end: int) -> dict[str, Any]:
    line, column = index.position(start)
    end_line, end_column = index.position(end)
    return {"startLine": line, "startColumn": column, "endLine": end_line,
            "endColumn": end_column, "charOffset": start, "charLength": end - start}


def _result(finding: Finding, index: LineIndex, location: dict[str, Any],
            rule_index: dict[str, int], fingerprint: str) -> dict[str, Any]:
    region = _region(index, finding.start, finding.end)
    region["snippet"] = {"text": index.text[finding.start : finding.end]}
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "level": _LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": {"artifactLocation": location, "region": region}}],
        "partialFingerprints": {"mtcheck/v1": fingerprint},
        "properties": {"name": finding.name, "confidence": round(finding.confidence, 4)},
    }
    if finding.code in rule_index:
        result["ruleIndex"] = rule_index[finding.code]
    if finding.fixes:
        result["fixes"] = [_fix(fix, index, location) for fix in finding.fixes]
    return result


def _fix(fix: Fix, index: LineIndex, location: dict[str, Any]) -> dict[str, Any]:
    return {
        "description": {"text": f"{fix.title} ({fix.applicability.value})"},
        "artifactChanges": [{
            "artifactLocation": location,
            "replacements": [_replacement(edit, index) for edit in fix.edits],
        }],
        "properties": {"applicability": fix.applicability.value},
    }


def _replacement(edit: Edit, index: LineIndex) -> dict[str, Any]:
    return {"deletedRegion": _region(index, edit.start, edit.end),
            "insertedContent": {"text": edit.replacement}}


def _invocation(report: Report) -> dict[str, Any]:
    invocation: dict[str, Any] = {"executionSuccessful": not report.errors}
    if report.errors:
        invocation["toolExecutionNotifications"] = [
            {"level": "error", "message": {"text": str(error)}} for error in report.errors
        ]
    return invocation
