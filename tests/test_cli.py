from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import mtcheck
from mtcheck.cli import main

BAD = "Iraq needs foreign forces Including the American.\n"
CLEAN = "Iraq needs foreign forces, including the American ones.\n"


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def test_exit_codes(tmp_path, capsys):
    assert main(["check", "--no-lm", str(write(tmp_path, "clean.txt", CLEAN))]) == 0
    assert main(["check", "--no-lm", str(write(tmp_path, "bad.txt", BAD))]) == 1
    assert main(["check", "--no-lm", str(tmp_path / "missing.txt")]) == 2
    err = capsys.readouterr().err
    assert "missing.txt" in err and "Traceback" not in err


def test_text_format_names_file_line_and_code(tmp_path, capsys):
    path = write(tmp_path, "bad.txt", "Title\n\n" + BAD)
    main(["check", "--no-lm", "--color", "never", str(path)])
    out = capsys.readouterr().out
    assert f"{path}:3:27: MT101 'Including' is capitalised in mid-sentence" in out
    assert "^^^^^^^^^" in out and "\x1b[" not in out


def test_json_format(tmp_path, capsys):
    path = write(tmp_path, "bad.md", BAD)
    assert main(["check", "--no-lm", "--format", "json", str(path)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["version"] == 1 and report["mtcheck"]
    finding, = report["files"][0]["findings"]
    assert finding["code"] == "MT101" and finding["name"] == "mid-sentence-capital"
    assert set(finding) >= {"message", "severity", "start", "end", "line", "column",
                            "end_line", "end_column", "confidence", "fixes"}
    fix, full_stop = finding["fixes"]  # "Including" might open a sentence: both offered
    assert fix["applicability"] == "safe"
    assert fix["edits"] == [{"start": 26, "end": 35, "text": "including"}]
    assert full_stop["applicability"] == "unsafe"
    assert full_stop["edits"] == [{"start": 25, "end": 25, "text": "."}]
    assert report["stats"]["files"] == 1


def test_output_file(tmp_path, capsys):
    out = tmp_path / "report.json"
    main(["check", "--no-lm", "--format", "json", "-o", str(out),
          str(write(tmp_path, "bad.txt", BAD))])
    assert json.loads(out.read_text())["files"][0]["findings"]
    assert capsys.readouterr().out == ""


def test_directory_walk_finds_text_and_markdown(tmp_path, capsys):
    write(tmp_path, "a.md", BAD)
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "b.txt", BAD)
    write(tmp_path, "c.py", BAD)
    main(["check", "--no-lm", "--format", "json", str(tmp_path)])
    paths = [f["path"] for f in json.loads(capsys.readouterr().out)["files"]]
    assert [p.rsplit("/", 1)[-1] for p in paths] == ["a.md", "b.txt"]


def test_fix_diff_writes_nothing(tmp_path, capsys):
    path = write(tmp_path, "bad.txt", BAD)
    assert main(["fix", "--no-lm", "--diff", str(path)]) == 1  # something to fix: exit 1
    out = capsys.readouterr().out
    assert "-Iraq needs foreign forces Including" in out
    assert "+Iraq needs foreign forces including" in out
    assert path.read_text() == BAD


def test_fix_diff_applies_with_patch_when_files_end_without_a_line_break(
        tmp_path, capsys, monkeypatch):
    # A last line without a line break, and a line separator (U+2028) that is no line break
    # to patch or git: the diff must still apply, file after file.
    texts = {"a.txt": "Before\u2028 the break.\nIraq needs foreign forces Including the American.",
             "b.txt": "One line.\nThe forces Including the American left."}
    for name, text in texts.items():
        write(tmp_path, name, text)
    monkeypatch.chdir(tmp_path)
    assert main(["fix", "--no-lm", "--diff", "a.txt", "b.txt"]) == 1
    diff = capsys.readouterr().out
    assert diff.count("\\ No newline at end of file\n") == 4
    assert [line for line in diff.splitlines() if line.startswith("--- ")] == [
        "--- a/a.txt", "--- a/b.txt"]
    assert main(["fix", "--no-lm", "a.txt", "b.txt"]) == 0
    fixed = {name: (tmp_path / name).read_bytes() for name in texts}
    if shutil.which("patch") is None:
        pytest.skip("no patch program to apply the diff with")
    copy = tmp_path / "copy"
    copy.mkdir()
    for name, text in texts.items():
        write(copy, name, text)
    done = subprocess.run(["patch", "-p1", "--quiet"], cwd=copy, input=diff.encode("utf-8"),
                          capture_output=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert {name: (copy / name).read_bytes() for name in texts} == fixed


def test_fix_diff_applies_to_a_file_with_a_bom_named_by_any_path(tmp_path, capsys, monkeypatch):
    # The BOM belongs to the first line as patch reads it; "./a.txt" and an absolute path are
    # the file "a.txt" (git apply refuses "a/./a.txt", patch -p1 cannot find "a//tmp/...").
    data = b"\xef\xbb\xbf" + BAD.encode()
    (tmp_path / "a.txt").write_bytes(data)
    (tmp_path / "b.txt").write_bytes(data)
    monkeypatch.chdir(tmp_path)
    assert main(["fix", "--no-lm", "--diff", "./a.txt", str(tmp_path / "b.txt")]) == 1
    diff = capsys.readouterr().out
    assert [line for line in diff.splitlines() if line[:4] in ("--- ", "+++ ")] == [
        "--- a/a.txt", "+++ b/a.txt", "--- a/b.txt", "+++ b/b.txt"]
    assert "-\ufeffIraq" in diff and "+\ufeffIraq needs foreign forces including" in diff
    if shutil.which("patch") is None:
        pytest.skip("no patch program to apply the diff with")
    done = subprocess.run(["patch", "-p1", "--quiet"], cwd=tmp_path, input=diff.encode("utf-8"),
                          capture_output=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "a.txt").read_bytes() == data.replace(b"Including", b"including")


def test_fix_stdin_keeps_the_bom(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\xef\xbb\xbf" + BAD.encode())))
    assert main(["fix", "--no-lm", "-"]) == 0
    assert capsys.readouterr().out == "\ufeff" + BAD.replace("Including", "including")


def test_standard_input_named_twice_is_read_once(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BAD.encode())))
    assert main(["check", "--no-lm", "--format", "json", "-", "-"]) == 1
    assert [file["path"] for file in json.loads(capsys.readouterr().out)["files"]] == ["-"]


@pytest.mark.parametrize("command", ["check", "baseline"])
@pytest.mark.parametrize("named", ["a.txt", "./a.txt", "."])
def test_the_report_never_overwrites_a_file_it_checks(tmp_path, capsys, monkeypatch, command,
                                                      named):
    path = write(tmp_path, "a.txt", BAD)
    monkeypatch.chdir(tmp_path)
    assert main([command, "--no-lm", "--output", "a.txt", named]) == 2
    err = capsys.readouterr().err
    what = "baseline" if command == "baseline" else "report"
    assert err.startswith(f"mtcheck: error: a.txt is both a file to check and where the {what}")
    assert path.read_text() == BAD


def test_the_report_never_overwrites_the_baseline(tmp_path, capsys, monkeypatch):
    write(tmp_path, "a.txt", BAD)
    monkeypatch.chdir(tmp_path)
    assert main(["baseline", "--no-lm", "--output", "bl.json", "a.txt"]) == 0
    baseline = (tmp_path / "bl.json").read_text()
    assert main(["check", "--no-lm", "--baseline", "bl.json", "-o", "./bl.json", "a.txt"]) == 2
    assert "bl.json is the baseline and where the report goes" in capsys.readouterr().err
    assert (tmp_path / "bl.json").read_text() == baseline


def test_a_file_named_several_ways_is_checked_once(tmp_path, capsys, monkeypatch):
    write(tmp_path, "a.txt", BAD)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--no-lm", "--format", "json", "a.txt", "./a.txt",
                 str(tmp_path / "a.txt"), "."]) == 1
    assert [f["path"] for f in json.loads(capsys.readouterr().out)["files"]] == ["a.txt"]
    assert main(["fix", "--no-lm", "--diff", "a.txt", "./a.txt"]) == 1
    assert capsys.readouterr().out.count("--- a/a.txt") == 1


class FullDisk(io.StringIO):
    def write(self, text: str) -> int:
        raise OSError(28, "No space left on device")


@pytest.mark.parametrize("argv", [["check", "--no-lm", "-"], ["fix", "--no-lm", "-"],
                                  ["rules"]])
@pytest.mark.parametrize("stdout", [FullDisk, None])
def test_standard_output_that_cannot_be_written_is_a_one_line_error(
        monkeypatch, capsys, argv, stdout):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BAD.encode())))
    monkeypatch.setattr(sys, "stdout", stdout and stdout())
    assert main(argv) == 2
    err = capsys.readouterr().err
    reason = "No space left on device" if stdout else "it is closed"
    assert err.splitlines()[-1].startswith("mtcheck: error: cannot write to standard output")
    assert reason in err and "Traceback" not in err


def test_closed_standard_input_is_a_one_line_error(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", None)
    assert main(["check", "--no-lm", "-"]) == 2
    assert "mtcheck: error: -: standard input is closed" in capsys.readouterr().err


@pytest.mark.parametrize("size", ["inf", "-inf", "nan", "1e400"])
def test_a_size_that_is_no_number_is_a_usage_error(tmp_path, capsys, size):
    path = write(tmp_path, "a.txt", BAD)
    assert main(["check", "--no-lm", "--max-file-size", size, str(path)]) == 2
    err = capsys.readouterr().err
    assert "--max-file-size" in err and "Traceback" not in err


def test_a_file_name_that_is_not_utf8_is_shown_escaped(tmp_path, capsys, monkeypatch):
    if sys.platform == "darwin":
        pytest.skip("the file system refuses names that are not UTF-8")
    monkeypatch.chdir(tmp_path)
    name = os.fsdecode(b"bad\xffname.txt")
    Path(name).write_text(BAD, encoding="utf-8")
    for output_format in ("json", "sarif", "text"):
        assert main(["check", "--no-lm", "--no-cache", "--format", output_format, name]) == 1
        out = capsys.readouterr().out
        out.encode("utf-8")  # no lone surrogate
        shown = {"json": "bad\\\\xffname.txt", "sarif": "bad%5Cxffname.txt",
                 "text": "bad\\xffname.txt"}[output_format]
        assert shown in out
    # The error for such a file that cannot be read shows its name the same way.
    Path(name).write_bytes(b"caf\xe9\n")
    assert main(["check", "--no-lm", "--no-cache", name]) == 2
    assert capsys.readouterr().err == (
        "mtcheck: error: bad\\xffname.txt: not valid UTF-8 (byte 0xe9 at offset 3)\n")


def test_unsafe_fixes_need_opt_in(tmp_path):
    text = "The city was attacked by the terrorist organization ISIS In a historical position.\n"
    path = write(tmp_path, "a.txt", text)
    assert main(["fix", "--no-lm", str(path)]) == 1  # unsafe fix left
    assert path.read_text() == text
    assert main(["fix", "--no-lm", "--unsafe-fixes", str(path)]) == 0
    assert "ISIS. In a historical" in path.read_text()


def test_fix_stdin_prints_fixed_text(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BAD.encode())))
    assert main(["fix", "--no-lm", "-"]) == 0
    captured = capsys.readouterr()
    assert captured.out == BAD.replace("Including", "including")
    assert captured.err == "Fixed 1 problem in 1 file.\n"  # it said "in 0 files"


def test_check_stdin_markdown(monkeypatch, capsys):
    text = "`Including` code, then forces Including the American.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    assert main(["check", "--no-lm", "--stdin-filename", "x.md", "--format", "json", "-"]) == 1
    finding, = json.loads(capsys.readouterr().out)["files"][0]["findings"]
    assert finding["start"] == text.rindex("Including")


@pytest.mark.parametrize(("data", "reason"), [
    (b"\xff\xfeI\x00r\x00", "UTF-16"),
    (b"caf\xe9 Including\n", "not valid UTF-8"),
    (b"\x00\x01\x02binary", "binary"),
])
def test_bad_encodings_are_one_line_errors(tmp_path, capsys, data, reason):
    path = write(tmp_path, "bad.txt", data)
    assert main(["check", "--no-lm", str(path)]) == 2
    assert main(["fix", "--no-lm", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2
    assert all(str(path) in line and reason in line for line in err)
    assert path.read_bytes() == data


def test_read_only_file_is_left_untouched(tmp_path, capsys):
    path = write(tmp_path, "ro.txt", BAD)
    path.chmod(0o444)
    try:
        assert main(["fix", "--no-lm", str(path)]) == 2
        assert path.read_text() == BAD
        assert "read-only" in capsys.readouterr().err
    finally:
        path.chmod(0o644)


def test_usage_errors_exit_2(capsys):
    assert main(["check"]) == 2
    assert main(["check", "--min-confidence", "7", "x"]) == 2
    assert main(["rules", "--explain", "MT999"]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_a_rules_name_given_for_its_code_is_pointed_to_the_code(capsys, tmp_path):
    path = write(tmp_path, "a.txt", BAD)
    assert main(["check", "--no-lm", "--isolated", "--select", "mid-sentence-capital",
                 str(path)]) == 2
    assert capsys.readouterr().err == ("mtcheck: error: --select: 'mid-sentence-capital' is a "
                                       "rule's name; give its code, MT101\n")
    (tmp_path / ".mtcheck.toml").write_text('ignore = ["repeated-word"]\n', encoding="utf-8")
    assert main(["check", "--no-lm", str(path)]) == 2
    assert "ignore: 'repeated-word' is a rule's name; give its code, MT401" in (
        capsys.readouterr().err)
    with pytest.raises(ValueError, match="give its code, MT101"):
        mtcheck.CheckOptions(ignore="mid-sentence-capital")


def test_rules_list_and_explain(capsys):
    assert main(["rules"]) == 0
    listing = capsys.readouterr().out
    assert "MT101  mid-sentence-capital" in listing
    # MT901 runs only when selected: the listing says so, and so does the JSON.
    assert "MT901" in listing and "[off by default]" in listing.split("MT901")[1]
    assert "off by default" not in listing.split("MT901")[0]
    assert main(["rules", "--format", "json"]) == 0
    rules = {r["code"]: r for r in json.loads(capsys.readouterr().out)}
    assert rules["MT901"]["default_enabled"] is False and rules["MT101"]["default_enabled"]
    assert main(["rules", "--explain", "MT101"]) == 0
    out = capsys.readouterr().out
    assert "Example:" in out and "Fix:" in out
    # A rule is explained by its name as well as by its code.
    assert main(["rules", "--explain", "mid-sentence-capital"]) == 0
    assert capsys.readouterr().out == out
    assert main(["rules", "--explain", "mid-sentence"]) == 2
    assert capsys.readouterr().err == ("mtcheck: error: unknown rule 'mid-sentence'; "
                                       "`mtcheck rules` lists them\n")


def test_console_script_help_does_not_import_torch():
    code = ("import sys; from mtcheck.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "main(['rules']); assert 'torch' not in sys.modules, 'torch imported'")
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


def test_unreadable_files_are_not_reported_as_all_clear(tmp_path, capsys):
    path = write(tmp_path, "utf16.txt", b"\xff\xfeI\x00")
    assert main(["check", "--no-lm", "--isolated", "--no-cache", str(path)]) == 2
    captured = capsys.readouterr()
    assert "All clear" not in captured.out and "1 could not be read" in captured.out
    # Nor left out of the summary when other files had problems.
    other = write(tmp_path, "a.txt", BAD)
    assert main(["check", "--no-lm", "--isolated", "--no-cache", str(other), str(path)]) == 2
    assert capsys.readouterr().out.splitlines()[-1] == (
        "Found 1 problem in 1 file (1 fixable with `mtcheck fix`); 1 could not be read "
        "(errors on stderr).")


def test_json_report_validates_against_the_published_schema(tmp_path, capsys):
    from importlib import resources

    import jsonschema

    schema = json.loads(resources.files("mtcheck").joinpath("report.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    path = write(tmp_path, "seed.md", "# Title\n\n" + BAD + "\nPlease enter your comment!\n")
    main(["check", "--no-lm", "--isolated", "--no-cache", "--format", "json", str(path)])
    report = json.loads(capsys.readouterr().out)
    assert report["files"][0]["findings"] and report["errors"] == []
    jsonschema.validate(report, schema)
    unreadable = write(tmp_path, "utf16.md", b"\xff\xfeI\x00r\x00")
    assert main(["check", "--no-lm", "--isolated", "--no-cache", "--format", "json", str(path),
                 str(unreadable)]) == 2
    report = json.loads(capsys.readouterr().out)
    jsonschema.validate(report, schema)
    assert [error["path"] for error in report["errors"]] == [str(unreadable)]


def test_error_lines_show_control_characters_and_stay_one_line(tmp_path, capsys):
    missing = str(tmp_path / "no\x1b[2Jsuch\nfile.txt")
    assert main(["check", "--no-lm", missing]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "\x1b" not in err
    assert "no\u241b[2Jsuch\u240afile.txt" in err


def test_selecting_mt901_without_the_model_says_it_finds_nothing(tmp_path, capsys):
    path = write(tmp_path, "a.txt", CLEAN)
    assert main(["check", "--no-lm", "--select", "MT901", str(path)]) == 0
    assert "MT901 (awkward-sentence) needs the language model" in capsys.readouterr().err
    assert main(["check", "--no-lm", str(path)]) == 0  # not selected: nothing to say
    assert capsys.readouterr().err == ""
