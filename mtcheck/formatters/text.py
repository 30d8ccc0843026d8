"""Human-readable output: ``path:line:col: CODE message`` and the line with the word marked."""

from __future__ import annotations

import unicodedata
from collections import Counter

from mtcheck.formatters import RenderOptions, Report, printable
from mtcheck.locate import LineIndex
from mtcheck.model import Finding

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_RED = "\x1b[31m"
_CYAN = "\x1b[36m"
_DIM = "\x1b[2m"
_GREEN = "\x1b[32m"
_CONTEXT = 60


def _paint(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{_RESET}" if color else text


def excerpt(index: LineIndex, finding: Finding, color: bool = False, fix: bool = True
            ) -> list[str]:
    """The finding's line (cut to about 60 characters either side) with the flagged text
    marked under it, and its first fix (``fix``), each indented by four spaces."""
    line, column = index.position(finding.start)
    text = index.line_text(line)
    start = column - 1
    end = min(len(text), start + max(1, finding.end - finding.start))
    left = max(0, start - _CONTEXT)
    right = min(len(text), end + _CONTEXT)
    prefix = "…" if left > 0 else ""
    suffix = "…" if right < len(text) else ""
    shown = prefix + printable(text[left:right]) + suffix
    # Carets go under the flagged text as a terminal shows it: a wide character ("北", "😀")
    # takes two columns, a combining mark none.
    caret_at = display_width(prefix + printable(text[left:start]))
    marker = " " * caret_at + "^" * max(1, display_width(printable(text[start:end])))
    lines = ["    " + shown, "    " + _paint(marker, _RED, color)]
    if fix and finding.fixes:
        lines.append("    " + _paint(f"fix: {finding.fixes[0].title}"
                                     f" ({finding.fixes[0].applicability.value})", _GREEN, color))
    return lines


def display_width(text: str) -> int:
    """How many columns ``text`` takes on a terminal: East Asian wide and full-width
    characters (most emoji among them) two, combining marks and format characters (a zero-width
    joiner) none, the others one."""
    return sum(0 if unicodedata.combining(ch) or unicodedata.category(ch) in ("Me", "Cf")
               else 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def headline(path: str, index: LineIndex, finding: Finding, color: bool = False) -> str:
    """``path:line:column: CODE message [name, confidence 0.90]``; a severity other than the
    usual warning is named too: ``[name, error, confidence 0.90]``."""
    line, column = index.position(finding.start)
    location = _paint(printable(f"{path}:{line}:{column}:"), _BOLD, color)
    code = _paint(finding.code, _RED if finding.severity.value == "error" else _CYAN, color)
    severity = "" if finding.severity.value == "warning" else f", {finding.severity.value}"
    return (f"{location} {code} {printable(finding.message)}"
            f" [{finding.name}{severity}, confidence {finding.confidence:.2f}]")


def _by_severity(report: Report) -> str:
    """" (1 error, 4 info)" when not every finding is a warning, else nothing."""
    counts = Counter(f.severity.value for file in report.files for f in file.findings)
    if set(counts) <= {"warning"}:
        return ""
    parts = [f"{counts[name]} {name}{'s' if counts[name] != 1 and name != 'info' else ''}"
             for name in ("error", "warning", "info") if counts[name]]
    return f" ({', '.join(parts)})"


def render(report: Report, options: RenderOptions) -> str:
    out: list[str] = []
    color = options.color
    for file in report.files:
        index = LineIndex(file.text)
        for finding in file.findings:
            out.append(headline(file.path, index, finding, color))
            if options.show_source:
                out.extend(excerpt(index, finding, color))
    total = report.finding_count
    files = len(report.files)
    fixable = sum(1 for f in report.files for x in f.findings if x.fixes
                  and x.fixes[0].applicability.value == "safe")
    if total:
        flagged = sum(1 for f in report.files if f.findings)
        checked = f" of {files}" if flagged != files else ""  # "in 15 of 17 files"
        summary = (f"Found {total} problem{'s' if total != 1 else ''}{_by_severity(report)} "
                   f"in {flagged}{checked} "
                   f"file{'s' if (files if checked else flagged) != 1 else ''}")
        if fixable:
            summary += f" ({fixable} fixable with `mtcheck fix`)"
        if report.errors:
            summary += f"; {len(report.errors)} could not be read (errors on stderr)"
        out.append(_paint(summary + ".", _BOLD, color))
    elif report.errors:
        unread = len(report.errors)
        out.append(_paint(f"No problems in {files} file{'s' if files != 1 else ''} checked; "
                          f"{unread} could not be read (errors on stderr).", _BOLD, color))
    else:
        out.append(_paint(f"All clear: {files} file{'s' if files != 1 else ''} checked.",
                          _DIM, color))
    known = report.stats.get("baselined")
    if isinstance(known, int) and known:
        # Not shown above, and not forgotten: the baseline still holds them.
        out.append(_paint(f"{known} known finding{'s' if known != 1 else ''} left out "
                          "(in the baseline).", _DIM, color))
    return "\n".join(out) + "\n"
