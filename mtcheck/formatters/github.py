"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

    ::warning file=docs/a.md,line=3,col=27,endLine=3,endColumn=36,title=mtcheck MT101::message

Errors are ``::error``, warnings ``::warning`` and infos ``::notice``. Property values and
messages are escaped as the runner expects (``%``, CR, LF; and ``:`` and ``,`` in properties),
and every other control character is percent-encoded too.
"""

from __future__ import annotations

import re

from mtcheck.formatters import RenderOptions, Report
from mtcheck.locate import LineIndex
from mtcheck.model import Severity

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


# The runner decodes only %25, %0D, %0A (and %3A, %2C in properties), so any other control
# character would reach the CI log raw, where an escape sequence (ESC [ 31m, OSC ...) recolours
# or retitles whoever views it. Encoded as, say, %1B it stays visible and harmless.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def escape_data(text: str) -> str:
    text = text.replace("%", "%25")
    return _CONTROL.sub(lambda match: f"%{ord(match.group()):02X}", text)


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, options: RenderOptions) -> str:
    lines: list[str] = []
    for file in report.files:
        index = LineIndex(file.text)
        for finding in file.findings:
            line, column = index.position(finding.start)
            end_line, end_column = index.position(finding.end)
            properties = [
                f"file={escape_property(file.path)}", f"line={line}", f"col={column}",
                f"endLine={end_line}", f"endColumn={end_column}",
                f"title={escape_property(f'mtcheck {finding.code}')}",
            ]
            message = finding.message
            if finding.fixes:
                fix = finding.fixes[0]
                message += f"\nfix: {fix.title} ({fix.applicability.value})"
            lines.append(f"::{_COMMANDS[finding.severity]} {','.join(properties)}"
                         f"::{escape_data(message)}")
    for error in report.errors:
        lines.append(f"::error file={escape_property(error.path)},title=mtcheck::"
                     f"{escape_data(str(error))}")
    return "".join(line + "\n" for line in lines)
