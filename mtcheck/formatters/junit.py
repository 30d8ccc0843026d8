"""JUnit XML, shown by GitLab merge requests, Jenkins, Azure Pipelines and test-report actions.

One test suite per file; each finding is a failed test case named after its rule and
position, and a file without findings is one passing test case, so a clean run still reports
what was checked. Files that could not be read are test cases with an ``<error>``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from mtcheck.formatters import RenderOptions, Report
from mtcheck.formatters.xmltext import serialize, xml_safe
from mtcheck.locate import LineIndex


def render(report: Report, options: RenderOptions) -> str:
    seconds = report.stats.get("seconds", 0)
    failures = report.finding_count
    tests = sum(max(1, len(file.findings)) for file in report.files) + len(report.errors)
    root = ET.Element("testsuites", name="mtcheck", tests=str(tests), failures=str(failures),
                      errors=str(len(report.errors)), time=str(seconds))
    for file in report.files:
        path = xml_safe(file.path)
        suite = ET.SubElement(root, "testsuite", name=path,
                              tests=str(max(1, len(file.findings))),
                              failures=str(len(file.findings)), errors="0", skipped="0")
        if not file.findings:
            ET.SubElement(suite, "testcase", name="mtcheck", classname=path, file=path)
            continue
        index = LineIndex(file.text)
        for finding in file.findings:
            line, column = index.position(finding.start)
            case = ET.SubElement(suite, "testcase", classname=path, file=path, line=str(line),
                                 name=f"{finding.code} {finding.name} at {line}:{column}")
            failure = ET.SubElement(case, "failure", type=finding.code,
                                    message=xml_safe(finding.message))
            detail = f"{file.path}:{line}:{column}: {finding.code} {finding.message}"
            if finding.fixes:
                fix = finding.fixes[0]
                detail += f"\nfix: {fix.title} ({fix.applicability.value})"
            failure.text = xml_safe(detail)
    if report.errors:
        count = str(len(report.errors))
        suite = ET.SubElement(root, "testsuite", name="mtcheck input", tests=count,
                              failures="0", errors=count, skipped="0")
        for error in report.errors:
            case = ET.SubElement(suite, "testcase", name="read", classname=xml_safe(error.path))
            ET.SubElement(case, "error", message=xml_safe(str(error))).text = xml_safe(str(error))
    return serialize(root)
