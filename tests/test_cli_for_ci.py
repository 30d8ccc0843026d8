"""What a content repository meets when it adopts mtcheck in CI, found by doing so: fixes that
must respect the configuration as checks do, a report that must never overwrite an input,
--changed-since as "this branch", exit codes to gate on, stacked suppressions."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import mtcheck
from mtcheck.cli import main
from mtcheck.rules import select_rules

from .test_ci import BAD, ROOT, git, needs_git

REPEAT = "The talks ended with the the envoy.\n"


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("CI", raising=False)


@pytest.fixture
def site(tmp_path, monkeypatch):
    root = tmp_path / "site"
    (root / "legal").mkdir(parents=True)
    (root / "drafts").mkdir()
    (root / ".mtcheck.toml").write_text(
        'per-file-ignores = { "legal/*.md" = ["MT1", "MT4"] }\nextend-exclude = ["drafts/"]\n',
        encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def _stdin(monkeypatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))


# --- fix follows the configuration as check does ---------------------------------------------

def test_fix_respects_per_file_ignores(site, capsys):
    text = "The company Shall not pay for the the damages.\n"
    (site / "legal" / "terms.md").write_text(text, encoding="utf-8")
    (site / "other.md").write_text(text, encoding="utf-8")
    assert main(["check", "--no-lm", "legal/terms.md"]) == 0
    main(["fix", "--no-lm", "legal/terms.md", "other.md"])
    assert (site / "legal" / "terms.md").read_text(encoding="utf-8") == text
    assert (site / "other.md").read_text(encoding="utf-8") != text


def test_fix_of_standard_input_respects_per_file_ignores_of_its_name(site, capsys, monkeypatch):
    _stdin(monkeypatch, REPEAT)
    main(["fix", "--no-lm", "--stdin-filename", "legal/x.md", "-"])
    assert capsys.readouterr().out == REPEAT


def test_force_exclude_skips_standard_input_named_as_an_excluded_file(site, capsys,
                                                                      monkeypatch):
    _stdin(monkeypatch, REPEAT)
    assert main(["check", "--no-lm", "--force-exclude", "--stdin-filename", "drafts/x.md",
                 "-"]) == 0
    assert "MT401" not in capsys.readouterr().out
    # fix prints it back unchanged: an editor replaces its buffer with what fix prints.
    _stdin(monkeypatch, REPEAT)
    assert main(["fix", "--no-lm", "--force-exclude", "--stdin-filename", "drafts/x.md",
                 "-"]) == 0
    assert capsys.readouterr().out == REPEAT
    _stdin(monkeypatch, REPEAT)
    main(["fix", "--no-lm", "--stdin-filename", "drafts/x.md", "-"])  # not forced: fixed
    assert capsys.readouterr().out == "The talks ended with the envoy.\n"


# --- the report never overwrites an input ----------------------------------------------------

def test_output_to_a_hard_link_of_a_checked_file_is_refused(site, capsys):
    article = site / "article.md"
    article.write_text(BAD, encoding="utf-8")
    os.link(article, site / "report.txt")
    assert main(["check", "--no-lm", "--output", "report.txt", "article.md"]) == 2
    assert "would be overwritten" in capsys.readouterr().err
    assert article.read_text(encoding="utf-8") == BAD
    assert main(["baseline", "--no-lm", "--output", "report.txt", "article.md"]) == 2
    assert article.read_text(encoding="utf-8") == BAD


def test_output_to_the_file_standard_input_stands_for_is_refused(site, capsys, monkeypatch):
    article = site / "article.md"
    article.write_text(BAD, encoding="utf-8")
    _stdin(monkeypatch, REPEAT)
    assert main(["check", "--no-lm", "--stdin-filename", "article.md", "-o", "article.md",
                 "-"]) == 2
    assert article.read_text(encoding="utf-8") == BAD


def test_output_dash_is_standard_output(site, capsys):
    (site / "article.md").write_text(BAD, encoding="utf-8")
    assert main(["check", "--no-lm", "--format", "github", "-o", "-", "article.md"]) == 1
    assert capsys.readouterr().out.startswith("::warning file=article.md")
    assert not (site / "-").exists()


def test_baseline_without_a_file_to_write_fails_before_checking(site, capsys):
    assert main(["baseline", "--no-lm", "no-such-folder"]) == 2
    assert "name the file to write with --output" in capsys.readouterr().err


def test_the_text_report_counts_what_the_baseline_left_out(site, capsys):
    (site / "article.md").write_text(BAD, encoding="utf-8")
    assert main(["baseline", "--no-lm", "-o", "base.json", "article.md"]) == 0
    capsys.readouterr()
    assert main(["check", "--no-lm", "--baseline", "base.json", "article.md"]) == 0
    assert "1 known finding left out (in the baseline)." in capsys.readouterr().out


# --- exit codes to gate on -----------------------------------------------------------------

def test_fix_diff_exits_1_when_it_would_change_something(site, capsys):
    (site / "article.md").write_text(BAD, encoding="utf-8")
    assert main(["fix", "--no-lm", "--diff", "article.md"]) == 1
    assert (site / "article.md").read_text(encoding="utf-8") == BAD
    assert main(["fix", "--no-lm", "article.md"]) == 0
    assert main(["fix", "--no-lm", "--diff", "article.md"]) == 0  # nothing left to do


def test_the_more_specific_code_wins_between_select_and_ignore():
    codes = {rule.code for rule in select_rules(["ALL", "MT101"], ["MT1"])}
    assert "MT101" in codes and "MT102" not in codes
    codes = {rule.code for rule in select_rules(["MT1"], ["MT101"])}
    assert "MT102" in codes and "MT101" not in codes
    assert "MT101" not in {rule.code for rule in select_rules(["MT101"], ["MT101"])}


# --- --changed-since is this branch's changes --------------------------------------------------

@needs_git
def test_changed_since_leaves_out_files_changed_only_on_the_base(tmp_path, capsys,
                                                                monkeypatch):
    repo = tmp_path / "repo"
    (repo / "docs").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    for name in ("health.md", "economy.md"):
        (repo / "docs" / name).write_text(BAD, encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "first")
    git(repo, "checkout", "-q", "-b", "feature")
    (repo / "docs" / "economy.md").write_text(BAD + "\n" + BAD, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "feature work")
    git(repo, "checkout", "-q", "main")
    (repo / "docs" / "health.md").write_text(BAD + "\n" + REPEAT, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "main moves on")
    git(repo, "checkout", "-q", "feature")
    monkeypatch.chdir(repo)
    main(["check", "--no-lm", "--isolated", "--format", "github", "--changed-since", "main",
          "docs"])
    out = capsys.readouterr().out
    assert "file=docs/economy.md" in out and "health.md" not in out


# --- suppressions --------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "<!-- mtcheck-disable-next-line MT401 -->\n<!-- mtcheck-disable-next-line MT101 -->\n"
    "Both: the the talks and forces Including the American.\n",
    "> <!-- mtcheck-disable-next-line MT401 -->\n> <!-- mtcheck-disable-next-line MT101 -->\n"
    "> Both: the the talks and forces Including the American.\n",
])
def test_stacked_next_line_directives_all_mean_the_line_below(text, site, capsys):
    (site / "a.md").write_text(text, encoding="utf-8")
    assert main(["check", "--no-lm", "a.md"]) == 0


def test_stacked_plain_text_directives_all_mean_the_line_below(site, capsys):
    text = "mtcheck: ignore[MT401]\n# mtcheck: ignore[MT101]\n" \
           "Both: the the talks and forces Including the American.\n"
    (site / "a.txt").write_text(text, encoding="utf-8")
    assert main(["check", "--no-lm", "a.txt"]) == 0


def test_empty_brackets_in_a_directive_suppress_nothing_and_are_reported(site, capsys):
    (site / "a.txt").write_text("mtcheck: ignore[]\n" + REPEAT, encoding="utf-8")
    assert main(["check", "--no-lm", "a.txt"]) == 1
    captured = capsys.readouterr()
    assert "MT401" in captured.out and "no rule codes between the brackets" in captured.err


# --- the GitHub Action -----------------------------------------------------------------------

def test_the_action_annotates_even_when_a_file_cannot_be_read(site, tmp_path):
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    script = next(step["run"] for step in action["runs"]["steps"] if step.get("id") == "check")
    (site / "article.md").write_text(BAD, encoding="utf-8")
    (site / "latin1.md").write_bytes("caf\xe9 in Erbil.\n".encode("latin-1"))
    output = tmp_path / "github_output"
    env = {**os.environ, "INPUT_PATHS": ".", "INPUT_ARGS": "", "FAIL_ON": "",
           "CHANGED_SINCE": "", "LM": "false", "ANNOTATIONS": "true",
           "SARIF_FILE": str(tmp_path / "mtcheck.sarif"), "GITHUB_OUTPUT": str(output),
           "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")}
    done = subprocess.run(["bash", "-c", script], cwd=site, env=env, capture_output=True,
                          text=True, timeout=120, check=False)
    assert "exit-code=2" in output.read_text(encoding="utf-8")
    assert "::warning file=article.md" in done.stdout  # the other findings still annotated
    assert "::error file=latin1.md" in done.stdout


def test_fix_exits_1_while_a_finding_with_no_fix_is_left(site, capsys):
    # An unclosed quotation has no fix: only a person can say where it ends.
    (site / "article.md").write_text('The minister said "we will stay on Monday.\n',
                                     encoding="utf-8")
    assert main(["fix", "--no-lm", "article.md"]) == 1
    assert "1 left (unsafe or manual)" in capsys.readouterr().err
    result = mtcheck.fix('The minister said "we will stay on Monday.')
    assert [f.code for f in result.manual] == ["MT303"] and result.remaining == ()


def test_the_summary_says_how_many_of_the_checked_files_have_problems(site, capsys):
    (site / "a.md").write_text(BAD, encoding="utf-8")
    (site / "b.md").write_text("Clean text here.\n", encoding="utf-8")
    main(["check", "--no-lm", "a.md", "b.md"])
    assert "Found 1 problem in 1 of 2 files" in capsys.readouterr().out
    main(["check", "--no-lm", "a.md"])
    assert "Found 1 problem in 1 file " in capsys.readouterr().out


def test_a_folder_whose_files_are_all_excluded_says_so(site, capsys):
    (site / "drafts" / "x.md").write_text(BAD, encoding="utf-8")
    assert main(["check", "--no-lm", "drafts"]) == 2
    assert "every Markdown or text file here is excluded" in capsys.readouterr().err
    (site / "empty").mkdir()
    assert main(["check", "--no-lm", "empty"]) == 2
    assert "no Markdown or text files found" in capsys.readouterr().err
