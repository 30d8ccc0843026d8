"""Baselines: record today's findings; later runs fail only on new ones."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from mtcheck import baseline
from mtcheck.baseline import fingerprint
from mtcheck.cli import main
from mtcheck.documents import parse
from mtcheck.engine import check_document

BAD = "Iraq needs foreign forces Including the American."
OTHER = "Most notably The future of the presence was discussed."


@pytest.fixture(autouse=True)
def project(tmp_path, monkeypatch):
    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "project"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "a.md").write_text(f"# News\n\n{BAD}\n", encoding="utf-8")
    (root / "docs" / "b.txt").write_text(f"{BAD}\n\n{BAD}\n", encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def check(capsys, *argv):
    code = main(["check", "--no-lm", "--isolated", "--format", "json", *argv])
    report = json.loads(capsys.readouterr().out)
    found = {f["path"]: [(x["code"], x["line"]) for x in f["findings"]] for f in report["files"]}
    return code, found, report["stats"]


def record(capsys, target="baseline.json", *paths):
    code = main(["baseline", "--no-lm", "--isolated", "--output", target, *(paths or ("docs",))])
    return code, capsys.readouterr().err


def test_round_trip(capsys, project):
    code, err = record(capsys)
    assert code == 0 and "Recorded 3 findings in 2 files to baseline.json." in err
    data = json.loads((project / "baseline.json").read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert [(e["path"], e["code"], e["line"]) for e in data["findings"]] == [
        ("docs/a.md", "MT101", 3), ("docs/b.txt", "MT101", 1), ("docs/b.txt", "MT101", 3)]
    code, found, stats = check(capsys, "--baseline", "baseline.json", "docs")
    assert code == 0 and found == {"docs/a.md": [], "docs/b.txt": []}
    assert stats["baselined"] == 3 and stats["findings"] == 0


def test_only_new_findings_fail(capsys, project):
    record(capsys)
    with open(project / "docs" / "a.md", "a", encoding="utf-8") as handle:
        handle.write(f"\n{OTHER}\n")
    code, found, stats = check(capsys, "--baseline", "baseline.json", "docs")
    assert code == 1
    assert found == {"docs/a.md": [("MT101", 5)], "docs/b.txt": []}
    assert stats["baselined"] == 3


def test_fingerprints_survive_edits_elsewhere_in_the_file(capsys, project):
    record(capsys)
    path = project / "docs" / "a.md"
    # New paragraphs above, the finding's paragraph rewrapped, its line number changed.
    path.write_text("# News\n\nA new first paragraph.\n\nAnd another one, with more words.\n\n"
                    "Iraq needs foreign\nforces Including the American.\n", encoding="utf-8")
    code, found, _ = check(capsys, "--baseline", "baseline.json", "docs/a.md")
    assert code == 0 and found == {"docs/a.md": []}
    # Rewriting the words right around the finding makes it a new one.
    path.write_text("# News\n\nIraq wants foreign forces Including the American.\n",
                    encoding="utf-8")
    assert check(capsys, "--baseline", "baseline.json", "docs/a.md")[0] == 1


def test_identical_findings_are_counted(capsys, project):
    record(capsys)
    b = project / "docs" / "b.txt"
    b.write_text(f"{BAD}\n\n{BAD}\n\n{BAD}\n", encoding="utf-8")
    code, found, stats = check(capsys, "--baseline", "baseline.json", "docs/b.txt")
    assert code == 1 and len(found["docs/b.txt"]) == 1 and stats["baselined"] == 2
    b.write_text(f"{BAD}\n", encoding="utf-8")  # one fixed: nothing new
    assert check(capsys, "--baseline", "baseline.json", "docs/b.txt")[0] == 0


def test_paths_are_relative_to_the_baseline_file(capsys, project, monkeypatch):
    record(capsys)
    monkeypatch.chdir(project / "docs")
    code, found, _ = check(capsys, "--baseline", "../baseline.json", "a.md")
    assert code == 0 and found == {"a.md": []}


def test_baseline_from_the_config(capsys, project):
    (project / ".mtcheck.toml").write_text('baseline = "known.json"\n', encoding="utf-8")
    assert main(["baseline", "--no-lm", "docs"]) == 0
    assert (project / "known.json").is_file()
    capsys.readouterr()
    assert main(["check", "--no-lm", "docs"]) == 0


@pytest.mark.parametrize(("content", "message"), [
    (None, "baseline not found"),
    ("{not json", "baseline is not valid JSON"),
    ('{"version": 9, "findings": []}', "baseline version 9; this mtcheck reads version 1"),
    ('{"version": 1, "findings": [{"path": "x"}]}', "malformed baseline entry"),
    ('{"version": 1, "findings": ' + "[" * 100000 + "]" * 100000 + "}", "nested too deeply"),
    ('{"version": 1, "findings": [], "x": ' + "9" * 5000 + "}", "has a number too long"),
])
def test_bad_baseline_file_is_exit_2(capsys, project, content, message):
    if content is not None:
        (project / "baseline.json").write_text(content, encoding="utf-8")
    assert main(["check", "--no-lm", "--isolated", "--baseline", "baseline.json", "docs"]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_baseline_that_is_not_a_regular_file_is_exit_2(capsys):
    # A pipe would block for ever; a link to /dev/zero would fill the memory.
    assert main(["check", "--no-lm", "--isolated", "--baseline", "/dev/null", "docs"]) == 2
    assert "/dev/null: baseline is not a regular file" in capsys.readouterr().err


def test_baseline_with_a_bom_is_read(capsys, project):
    record(capsys)
    path = project / "baseline.json"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())  # as Windows editors save it
    code, _, stats = check(capsys, "--baseline", "baseline.json", "docs")
    assert code == 0 and stats["baselined"] == 3


def test_baseline_in_a_subfolder_matches_in_another_checkout(capsys, project, monkeypatch):
    (project / "ci").mkdir()
    record(capsys, "ci/baseline.json")
    data = json.loads((project / "ci" / "baseline.json").read_text(encoding="utf-8"))
    assert {e["path"] for e in data["findings"]} == {"../docs/a.md", "../docs/b.txt"}
    monkeypatch.chdir(shutil.copytree(project, project.parent / "elsewhere"))
    code, _, stats = check(capsys, "--baseline", "ci/baseline.json", "docs")
    assert code == 0 and stats["baselined"] == 3


def test_old_baseline_with_absolute_paths_still_matches(capsys, project, monkeypatch):
    # Before ../ keys, a file outside the baseline's folder was recorded by its absolute path.
    (project / "ci").mkdir()
    with monkeypatch.context() as patch:
        patch.setattr(baseline, "path_key",
                      lambda path, base: Path(os.path.abspath(path)).as_posix())
        record(capsys, "ci/baseline.json")
    data = json.loads((project / "ci" / "baseline.json").read_text(encoding="utf-8"))
    assert data["findings"][0]["path"] == (project / "docs" / "a.md").as_posix()
    code, _, stats = check(capsys, "--baseline", "ci/baseline.json", "docs")
    assert code == 0 and stats["baselined"] == 3
    # Checked out elsewhere, the same path below the common folder still matches.
    monkeypatch.chdir(shutil.copytree(project, project.parent / "elsewhere"))
    code, _, stats = check(capsys, "--baseline", "ci/baseline.json", "docs")
    assert code == 0 and stats["baselined"] == 3


def test_baseline_output_in_a_new_folder(capsys):
    assert main(["baseline", "--no-lm", "--isolated", "--output", "ci/mtcheck/base.json",
                 "docs"]) == 0
    assert len(json.loads(Path("ci/mtcheck/base.json").read_text("utf-8"))["findings"]) == 3


def test_baseline_needs_an_output(capsys):
    assert main(["baseline", "--no-lm", "--isolated", "docs"]) == 2
    assert "--output FILE" in capsys.readouterr().err


def test_fingerprint_ignores_line_breaks_but_not_the_code_or_path():
    one = parse(f"x\n\n{BAD}\n")
    two = parse("Iraq needs\nforeign forces Including the American.\n")
    (f1,) = check_document(one)
    (f2,) = check_document(two)
    assert fingerprint("a.md", one.text, f1) == fingerprint("a.md", two.text, f2)
    assert fingerprint("a.md", one.text, f1) != fingerprint("b.md", one.text, f1)
    assert fingerprint("a.md", one.text, f1) != fingerprint(
        "a.md", one.text, f1.with_changes(code="MT102"))
