"""Configuration: found by walking up, strict about keys and values, overridden by flags."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from mtcheck.cli import main
from mtcheck.config import Config, find_config, load_config
from mtcheck.documents import parse
from mtcheck.engine import check_document
from mtcheck.model import Finding, Severity, Span
from mtcheck.vocabulary import VocabularyFilter

BAD = "Iraq needs foreign forces Including the American.\n"
# MT102: a lost full stop before "In".
BREAK = "Iraq was attacked by the terrorist organization ISIS In a historical position, " \
        "the army moved.\n"


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def project(tmp_path, monkeypatch):
    root = tmp_path / "project"
    (root / "docs" / "legal").mkdir(parents=True)
    (root / "docs" / "a.txt").write_text(BAD + "\n" + BREAK, encoding="utf-8")
    (root / "docs" / "legal" / "terms.md").write_text(BAD, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def codes(capsys, *argv):
    """Run ``check --format json`` and return (exit code, {path: [codes]}, stderr)."""
    code = main(["check", "--no-lm", "--format", "json", *argv])
    captured = capsys.readouterr()
    if not captured.out:
        return code, {}, captured.err
    report = json.loads(captured.out)
    found = {f["path"]: [x["code"] for x in f["findings"]] for f in report["files"]}
    return code, found, captured.err


def configure(root, text, name=".mtcheck.toml"):
    (root / name).write_text(text, encoding="utf-8")


# --- finding the file -------------------------------------------------------------------------


def test_config_is_found_by_walking_up_from_the_checked_path(project):
    configure(project, 'ignore = ["MT102"]\n')
    assert find_config(project / "docs" / "legal" / "terms.md") == project / ".mtcheck.toml"
    assert find_config(project / "docs") == project / ".mtcheck.toml"


def test_a_nearer_configuration_that_the_run_does_not_use_is_a_warning(capsys, project):
    # One configuration serves a run: the one above all its paths. A nearer one beside a
    # named file is passed over, and said so (once), not silently.
    configure(project, 'ignore = ["MT102"]\n')
    configure(project / "docs" / "legal", 'ignore = ["MT101"]\n')
    other = project / "docs" / "legal" / "more.md"
    other.write_text(BAD, encoding="utf-8")
    code, found, err = codes(capsys, "docs/a.txt", "docs/legal/terms.md", "docs/legal/more.md")
    assert found["docs/legal/terms.md"] == ["MT101"]  # the top configuration's settings
    assert err == ("mtcheck: warning: docs/legal/.mtcheck.toml is not used for "
                   "docs/legal/terms.md: one configuration serves a run, the one above all "
                   "its paths (.mtcheck.toml); check that folder on its own to use it\n")
    # Checked on its own, the folder's configuration serves: nothing to say.
    code, found, err = codes(capsys, "docs/legal/terms.md")
    assert found["docs/legal/terms.md"] == [] and err == ""
    assert codes(capsys, "--isolated", "docs/a.txt", "docs/legal/terms.md")[2] == ""
    # A folder that is walked says the same of the configurations inside it.
    assert "docs/legal/.mtcheck.toml is not used for" in codes(capsys, ".")[2]
    # A pyproject.toml that cannot be read, below the run's configuration, does not stop it.
    (project / "docs" / "draft").mkdir()
    (project / "docs" / "draft" / "pyproject.toml").write_text("[tool.mtcheck\nx=",
                                                              encoding="utf-8")
    (project / "docs" / "draft" / "b.txt").write_text(BAD, encoding="utf-8")
    code, found, err = codes(capsys, "docs/a.txt", "docs/draft/b.txt")
    assert code == 1 and err == "" and found["docs/draft/b.txt"]


def test_pyproject_without_a_tool_table_is_passed_over(project):
    configure(project, 'ignore = ["MT102"]\n')
    configure(project / "docs", '[project]\nname = "x"\n', name="pyproject.toml")
    assert find_config(project / "docs") == project / ".mtcheck.toml"
    configure(project / "docs", '[tool.mtcheck]\nignore = ["MT101"]\n', name="pyproject.toml")
    assert find_config(project / "docs") == project / "docs" / "pyproject.toml"
    assert load_config(project / "docs" / "pyproject.toml").ignore == ("MT101",)


def test_a_pyproject_named_with_config_must_hold_the_table(capsys, project):
    # Named with --config, a pyproject.toml without [tool.mtcheck] is an error, not a run
    # with the defaults that says nothing.
    configure(project / "docs", '[project]\nname = "x"\n', name="pyproject.toml")
    assert main(["check", "--no-lm", "--config", "docs/pyproject.toml", "docs/a.txt"]) == 2
    assert capsys.readouterr().err == (
        "mtcheck: error: docs/pyproject.toml: no [tool.mtcheck] table\n")


def test_dot_mtcheck_toml_wins_over_pyproject_in_one_folder(project):
    configure(project, '[tool.mtcheck]\nignore = ["MT101"]\n', name="pyproject.toml")
    configure(project, 'ignore = ["MT102"]\n')
    assert find_config(project) == project / ".mtcheck.toml"


def test_settings_from_pyproject_apply(capsys, project):
    configure(project, '[tool.mtcheck]\nignore = ["MT101"]\n', name="pyproject.toml")
    code, found, _ = codes(capsys, "docs")
    assert found == {"docs/a.txt": ["MT102"], "docs/legal/terms.md": []}
    assert code == 1


def test_config_flag_and_isolated(capsys, project, tmp_path):
    configure(project, 'ignore = ["MT1"]\n')
    other = tmp_path / "other.toml"
    other.write_text('select = ["MT101"]\n', encoding="utf-8")
    assert codes(capsys, "docs/a.txt")[1] == {"docs/a.txt": []}
    assert codes(capsys, "--config", str(other), "docs/a.txt")[1] == {"docs/a.txt": ["MT101"]}
    assert codes(capsys, "--isolated", "docs/a.txt")[1] == {"docs/a.txt": ["MT101", "MT102"]}
    code, _, err = codes(capsys, "--config", str(tmp_path / "missing.toml"), "docs/a.txt")
    assert code == 2 and "missing.toml: configuration file not found" in err
    assert codes(capsys, "--config", str(other), "--isolated", "docs")[0] == 2


def test_a_file_name_too_long_is_one_line_exit_2(capsys, project, monkeypatch):
    configure(project, 'ignore = ["MT102"]\n')
    name = "a" * 300 + ".md"  # over NAME_MAX (255 bytes) on the common file systems
    for argv in ([name], ["--isolated", name], ["docs/a.txt", name]):
        assert main(["check", "--no-lm", *argv]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"mtcheck: error: {name}: ") and err.count("\n") == 1
    # Standard input named so is still read: the name only says how to parse and report it.
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BAD.encode())))
    assert main(["check", "--no-lm", "--stdin-filename", name, "-"]) == 1
    assert find_config(project / name) == project / ".mtcheck.toml"


def test_a_symbolic_link_loop_is_no_crash_in_the_search(capsys, project):
    configure(project, 'ignore = ["MT102"]\n')
    (project / "loop").symlink_to("loop")
    assert find_config(project / "loop" / "a.md") == project / ".mtcheck.toml"
    assert main(["check", "--no-lm", "loop/a.md"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def _mtcheck(*argv: str) -> subprocess.CompletedProcess[str]:
    """A separate process, so that a run that hangs fails the test instead of the session."""
    return subprocess.run([sys.executable, "-m", "mtcheck", *argv], capture_output=True,
                          text=True, timeout=60)


@pytest.mark.parametrize("kind", ["pipe", "device", "directory", "too large"])
@pytest.mark.parametrize("setting", ["--config", "vocabulary-file"])
def test_config_or_vocabulary_file_that_is_not_a_small_regular_file_is_exit_2(
        project, kind, setting):
    target = project / "special"
    if kind == "pipe":
        os.mkfifo(target)  # no writer: a read would block for ever
    elif kind == "device":
        target.symlink_to(os.devnull)  # /dev/zero would never end
    elif kind == "directory":
        target.mkdir()
    else:
        target.write_bytes(b"# x\n" * (5 * 1024 * 1024 // 4))  # over the 4 MiB limit
    if setting == "--config":
        run = _mtcheck("check", "--no-lm", "--config", str(target), "docs/a.txt")
    else:
        configure(project, 'vocabulary-file = "special"\n')
        run = _mtcheck("check", "--no-lm", "docs/a.txt")
    assert run.returncode == 2 and run.stderr.count("\n") == 1
    assert run.stderr.startswith("mtcheck: error: ") and "special" in run.stderr
    reason = {"pipe": "not a regular file", "device": "not a regular file",
              "directory": "is a directory", "too large": "more than 4,194,304 bytes"}[kind]
    assert reason in run.stderr


# --- strictness --------------------------------------------------------------------------------

BAD_SETTINGS = [
    ('selct = ["MT1"]', "unknown key 'selct' (did you mean 'select'?)"),
    ('select = "MT1"', "select: must be a list of strings"),
    ('select = ["MT999"]', "select: unknown rule code 'MT999'"),
    ('select = []', "select: must name at least one rule code (leave it out for the default"),
    ('ignore = ["E501"]', "ignore: 'E501' is not a rule code"),
    ('extend-select = [1]', "extend-select: must be a list of strings"),
    ('per-file-ignores = ["x"]', "per-file-ignores: must be a table"),
    ('per-file-ignores = { "*.md" = ["MT998"] }', 'per-file-ignores."*.md": unknown rule code'),
    ('severity = { MT101 = "fatal" }', "severity.MT101: must be \"error\", \"warning\" or"),
    ('severity = { XX1 = "error" }', "severity.XX1: 'XX1' is not a rule code"),
    ('exclude = "drafts"', "exclude: must be a list of strings"),
    ('extend-exclude = [true]', "extend-exclude: must be a list of strings"),
    ("min-confidence = 1.5", "min-confidence: must be a number between 0 and 1, got 1.5"),
    ('min-confidence = "high"', "min-confidence: must be a number between 0 and 1"),
    ("vocabulary = [3]", "vocabulary: must be a list of strings"),
    ('vocabulary-file = "nope.txt"', "vocabulary-file: cannot read"),
    ('fail-on = "always"', "fail-on: must be one of error, warning, info, never"),
    ("jobs = 0", "jobs: must be a positive whole number"),
    ('cache = "yes"', "cache: must be true or false"),
    ('respect-gitignore = 1', "respect-gitignore: must be true or false"),
    ('output-format = "html"', "output-format: must be one of"),
    ("select = [", "invalid TOML"),
]


@pytest.mark.parametrize(("setting", "message"), BAD_SETTINGS)
def test_bad_config_is_exit_2_naming_the_key(capsys, project, setting, message):
    configure(project, setting + "\n")
    code = main(["check", "--no-lm", "docs"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert ".mtcheck.toml: " in err and message in err


def test_bad_key_in_pyproject_names_the_table(capsys, project):
    configure(project, "[tool.mtcheck]\nselect = [\"MT1\"]\nfoo = 1\n", name="pyproject.toml")
    assert main(["check", "--no-lm", "docs"]) == 2
    assert "pyproject.toml: [tool.mtcheck] unknown key 'foo'" in capsys.readouterr().err


def test_unknown_code_on_the_command_line_is_exit_2(capsys, project):
    assert main(["check", "--no-lm", "--select", "MT999", "docs"]) == 2
    assert "--select: unknown rule code 'MT999'" in capsys.readouterr().err
    assert main(["check", "--no-lm", "--select", " ,", "docs"]) == 2  # not every rule
    assert "--select: no rule codes given" in capsys.readouterr().err


BAD_GLOBS_AND_PATHS = [
    ('extend-exclude = ["[z-a]"]', "extend-exclude: '[z-a]' is not a valid glob"),
    ('exclude = ["drafts/", "!"]', "exclude: '!' is not a valid glob"),
    ('per-file-ignores = { "\\\\" = ["MT101"] }', "per-file-ignores: '\\' is not a valid glob"),
    ('vocabulary-file = "a\\u0000b"', "vocabulary-file: must be a path, got 'a\\x00b'"),
    ('vocabulary-file = ["a\\u0000b"]', "vocabulary-file: must be a path"),
    ('baseline = "a\\u0000b"', "baseline: must be a path, got 'a\\x00b'"),
    ('model = "a\\u0000b"', "model: must be a path, got 'a\\x00b'"),
]


@pytest.mark.parametrize(("setting", "message"), BAD_GLOBS_AND_PATHS)
def test_bad_glob_or_path_in_config_is_exit_2_naming_the_key(capsys, project, setting, message):
    test_bad_config_is_exit_2_naming_the_key(capsys, project, setting, message)


@pytest.mark.parametrize("key", ["vocabulary-file", "baseline", "model"])
def test_a_path_under_an_unknown_users_home_is_exit_2_naming_the_key(capsys, project, key):
    # pathlib raises RuntimeError for a "~user" it cannot expand.
    setting = f'{key} = "~mtcheck-no-such-user/x"'
    test_bad_config_is_exit_2_naming_the_key(
        capsys, project, setting, f"{key}: cannot expand '~mtcheck-no-such-user/x'")


@pytest.mark.parametrize("flag", ["--exclude", "--extend-exclude"])
def test_bad_exclude_glob_on_the_command_line_is_exit_2(capsys, project, flag):
    assert main(["check", "--no-lm", flag, "drafts,[z-a]", "docs"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "exclude: '[z-a]' is not a valid glob (bad character range z-a)" in err


# --- what the settings do ------------------------------------------------------------------------


def test_select_ignore_and_extend_select_by_prefix(capsys, project):
    configure(project, 'select = ["MT102"]\nextend-select = ["MT101"]\n')
    assert codes(capsys, "docs/a.txt")[1] == {"docs/a.txt": ["MT101", "MT102"]}
    configure(project, 'ignore = ["MT1"]\n')
    assert codes(capsys, "docs/a.txt")[1] == {"docs/a.txt": []}
    # Flags override the file: --select starts afresh, --ignore adds to it.
    assert codes(capsys, "--select", "MT101", "docs/a.txt")[1] == {"docs/a.txt": ["MT101"]}
    configure(project, 'select = ["MT1"]\n')
    assert codes(capsys, "--ignore", "MT102", "docs/a.txt")[1] == {"docs/a.txt": ["MT101"]}
    assert codes(capsys, "--extend-select", "MT1", "--ignore", "MT10",
                 "docs/a.txt")[1] == {"docs/a.txt": []}


def test_per_file_ignores_by_glob(capsys, project):
    configure(project, 'per-file-ignores = { "legal/*.md" = ["MT101"], "*.txt" = ["MT102"] }\n')
    found = codes(capsys, "docs")[1]
    assert found == {"docs/a.txt": ["MT101"], "docs/legal/terms.md": ["MT101"]}
    # Globs are relative to the configuration file's folder.
    configure(project, 'per-file-ignores = { "docs/legal/*.md" = ["MT101"] }\n')
    assert codes(capsys, "docs")[1]["docs/legal/terms.md"] == []


def test_severity_and_fail_on(capsys, project):
    configure(project, 'severity = { MT1 = "info", MT101 = "error" }\n')
    main(["check", "--no-lm", "--format", "json", "docs/a.txt"])
    findings = json.loads(capsys.readouterr().out)["files"][0]["findings"]
    assert [(f["code"], f["severity"]) for f in findings] == [("MT101", "error"),
                                                               ("MT102", "info")]
    # The text report says which findings are not warnings, and how many of each there are.
    main(["check", "--no-lm", "docs/a.txt"])
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(" [")[1].split(", confidence")[0] for line in lines
            if line.startswith("docs/")] == ["mid-sentence-capital, error",
                                            "missing-sentence-break, info"]
    assert lines[-1].startswith("Found 2 problems (1 error, 1 info) in 1 file")
    assert main(["check", "--no-lm", "--fail-on", "error", "docs/a.txt"]) == 1
    assert main(["check", "--no-lm", "--fail-on", "error", "--ignore", "MT101",
                 "docs/a.txt"]) == 0
    assert main(["check", "--no-lm", "--fail-on", "warning", "--ignore", "MT101",
                 "docs/a.txt"]) == 0
    assert main(["check", "--no-lm", "--ignore", "MT101", "docs/a.txt"]) == 1  # any finding
    configure(project, 'fail-on = "never"\n')
    assert main(["check", "--no-lm", "docs/a.txt"]) == 0
    assert main(["check", "--no-lm", "docs/a.txt", "docs/missing.txt"]) == 2


def test_exclude_extend_exclude_and_force_exclude(capsys, project):
    (project / "docs" / "drafts").mkdir()
    (project / "docs" / "drafts" / "d.txt").write_text(BAD, encoding="utf-8")
    (project / "docs" / "node_modules").mkdir()
    (project / "docs" / "node_modules" / "n.md").write_text(BAD, encoding="utf-8")
    assert set(codes(capsys, "docs")[1]) == {"docs/a.txt", "docs/drafts/d.txt",
                                             "docs/legal/terms.md"}
    configure(project, 'extend-exclude = ["drafts/", "terms.md"]\n')
    assert set(codes(capsys, "docs")[1]) == {"docs/a.txt"}
    # A file named on the command line is checked unless --force-exclude (pre-commit).
    assert set(codes(capsys, "docs/drafts/d.txt")[1]) == {"docs/drafts/d.txt"}
    code, found, _ = codes(capsys, "--force-exclude", "docs/drafts/d.txt", "docs/a.txt")
    assert set(found) == {"docs/a.txt"} and code == 1
    code, found, _ = codes(capsys, "--force-exclude", "docs/drafts/d.txt")
    assert found == {} and code == 0
    # exclude replaces the defaults (node_modules is then walked).
    configure(project, 'exclude = ["legal"]\n')
    assert set(codes(capsys, "docs")[1]) == {"docs/a.txt", "docs/drafts/d.txt",
                                             "docs/node_modules/n.md"}
    assert set(codes(capsys, "--exclude", "drafts,node_modules,legal",
                     "docs")[1]) == {"docs/a.txt"}


def test_min_confidence(capsys, project):
    configure(project, "min-confidence = 0.7\n")  # MT102's heuristic confidence is 0.6
    assert codes(capsys, "docs/a.txt")[1] == {"docs/a.txt": ["MT101"]}
    assert codes(capsys, "--min-confidence", "0.5", "docs/a.txt")[1] == {
        "docs/a.txt": ["MT101", "MT102"]}


def test_vocabulary_inline_and_from_a_file(capsys, project):
    configure(project, 'vocabulary = ["Including"]\n')
    assert codes(capsys, "docs/a.txt")[1] == {"docs/a.txt": ["MT102"]}
    (project / "names.txt").write_text("# our names\nIn\n", encoding="utf-8")
    configure(project, 'vocabulary-file = "names.txt"\nvocabulary = ["Including"]\n')
    assert codes(capsys, "docs/a.txt")[1] == {"docs/a.txt": []}


def test_vocabulary_phrases_cover_the_words_inside_them():
    text = "Iraq needs foreign forces Including the American."
    document = parse(text)
    finding = Finding("MT101", "mid-sentence-capital", "m", Span(26, 35))
    other = Finding("MT201", "web-leftover", "m", Span(26, 35))
    assert VocabularyFilter(frozenset({"forces Including"}))(document, [finding, other]) == [
        other]
    assert VocabularyFilter(frozenset({"Including them"}))(document, [finding]) == [finding]
    assert VocabularyFilter(frozenset({"including"}))(document, [finding]) == [finding]


def test_library_options_from_a_config(project):
    configure(project, 'ignore = ["MT102"]\nseverity = { MT101 = "error" }\n')
    config = load_config(project / ".mtcheck.toml")
    findings = check_document(parse(BAD + BREAK), config.check_options())
    assert [(f.code, f.severity) for f in findings] == [("MT101", Severity.ERROR)]
    assert Config().fails(Severity.INFO) and not Config(fail_on="error").fails(Severity.WARNING)


def test_lm_off_in_config(capsys, project):
    configure(project, "lm = false\n")
    main(["check", "--format", "json", "--no-cache", "docs/a.txt"])
    assert json.loads(capsys.readouterr().out)["stats"]["lm"] == "off"


def test_require_lm_on_the_command_line_overrides_lm_off_in_config(capsys, project, tmp_path):
    configure(project, "lm = false\n")
    missing = str(tmp_path / "none.gguf")
    # The flag asks for the model, so the file's `lm = false` gives way: it is looked for.
    assert main(["check", "--no-cache", "--require-lm", "--model", missing, "docs/a.txt"]) == 2
    assert "language model: model not found" in capsys.readouterr().err
    for command in (["check", "docs/a.txt"], ["fix", "docs/a.txt"], ["eval", "--mt", "x"]):
        assert main([*command, "--no-lm", "--require-lm"]) == 2
        err = capsys.readouterr().err
        assert err == "mtcheck: error: --no-lm and --require-lm cannot be used together\n"


def test_fix_honours_the_config(capsys, project):
    configure(project, 'ignore = ["MT101"]\n')
    assert main(["fix", "--no-lm", "docs/legal/terms.md"]) == 0
    assert (project / "docs" / "legal" / "terms.md").read_text(encoding="utf-8") == BAD
    assert main(["fix", "--no-lm", "--isolated", "docs/legal/terms.md"]) == 0
    assert "including the American" in (project / "docs" / "legal" / "terms.md").read_text(
        encoding="utf-8")


def test_severity_all_ranks_below_every_prefix(capsys, project):
    # ALL is as long as MT1: the order in the file must not decide.
    for table in ('{ ALL = "error", MT1 = "info" }', '{ MT1 = "info", ALL = "error" }'):
        configure(project, f"severity = {table}\n")
        main(["check", "--no-lm", "--format", "json", "docs/a.txt"])
        findings = json.loads(capsys.readouterr().out)["files"][0]["findings"]
        assert [(f["code"], f["severity"]) for f in findings] == [("MT101", "info"),
                                                                   ("MT102", "info")]


def test_extend_select_alone_adds_to_the_default_rules(capsys, project):
    default = [rule.code for rule in Config().check_options().rules()]
    assert "MT901" not in default  # opt-in: never selected by ALL or an empty select
    configure(project, 'extend-select = ["MT901"]\n')
    config = load_config(project / ".mtcheck.toml")
    assert [rule.code for rule in config.check_options().rules()] == [*default, "MT901"]
    # The result cache's key and the report's signature tell the two selections apart.
    assert config.fingerprint() != config.with_changes(extend_select=()).fingerprint()
    for argv in ([], ["--isolated", "--extend-select", "MT901"]):
        main(["check", "--no-lm", "--format", "json", *argv, "docs/a.txt"])
        report = json.loads(capsys.readouterr().out)
        assert report["signature"]["select"] == ["ALL", "MT901"]
        assert [f["code"] for f in report["files"][0]["findings"]] == ["MT101", "MT102"]
