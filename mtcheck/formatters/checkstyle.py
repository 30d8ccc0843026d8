"""Checkstyle XML, read by Jenkins (Warnings NG), reviewdog, SonarQube and many CI tools.

    <checkstyle version="4.3">
      <file name="docs/a.md">
        <error line="3" column="27" severity="warning" message="..." source="mtcheck.MT101"/>
      </file>
    </checkstyle>
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from mtcheck.formatters import RenderOptions, Report
from mtcheck.formatters.xmltext import serialize, xml_safe
from mtcheck.locate import LineIndex


def render(report: Report, options: RenderOptions) -> str:
    root = ET.Element("checkstyle", version="4.3")
    for file in report.files:
        element = ET.SubElement(root, "file", name=xml_safe(file.path))
        index = LineIndex(file.text)
        for finding in file.findings:
            line, column = index.position(finding.start)
            ET.SubElement(element, "error", line=str(line), column=str(column),
                          severity=finding.severity.value,
                          message=xml_safe(f"{finding.message} [{finding.name}]"),
                          source=f"mtcheck.{finding.code}")
    for error in report.errors:
        element = ET.SubElement(root, "file", name=xml_safe(error.path))
        ET.SubElement(element, "error", line="1", column="1", severity="error",
                      message=xml_safe(error.reason), source="mtcheck.input")
    return serialize(root)
