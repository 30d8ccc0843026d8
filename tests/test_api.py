"""The library API at its boundary: wrong arguments fail at once with a message that says what
was expected, and the library honours what the command line honours (suppression comments)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import mtcheck
from mtcheck import CheckOptions, InputError
from mtcheck.api import read_limited
from mtcheck.cli import main
from mtcheck.config import Config
from mtcheck.suppressions import apply_suppressions

BAD = "Iraq needs foreign forces Including the American.\n"
TWICE = "Iraq needs foreign forces Including the American. The the end.\n"  # MT101 and MT401
SUPPRESSED_MD = ("Iraq needs foreign forces Including the American. "
                 "<!-- mtcheck-disable-line -->\n")


def codes(text: str, **options: object) -> list[str]:
    return [f.code for f in mtcheck.check(text, options=CheckOptions(**options))]  # type: ignore[arg-type]


# -- a) a single code given as a string is that code, never its letters ----------------------

def test_a_string_ignore_is_one_code():
    assert codes(BAD, ignore="MT901") == ["MT101"]
    assert codes(TWICE, ignore="MT101") == ["MT401"]


def test_a_string_select_is_one_code():
    assert codes(TWICE, select="MT401") == ["MT401"]
    assert CheckOptions(select="MT1").select == ("MT1",)


def test_codes_are_kept_as_a_tuple_whatever_iterable_is_given():
    options = CheckOptions(select=["MT1", "MT4"], ignore=iter(["MT401"]))  # type: ignore[arg-type]
    assert options.select == ("MT1", "MT4")
    assert options.ignore == ("MT401",)
    assert hash(options) == hash(CheckOptions(select=("MT1", "MT4"), ignore=("MT401",)))


# -- b) unknown codes and bad confidences are refused when the options are built -------------

@pytest.mark.parametrize("field", ["select", "ignore"])
@pytest.mark.parametrize("code", ["MT999", "XYZ", "", "MT1,MT4"])
def test_unknown_rule_codes_are_a_value_error(field, code):
    with pytest.raises(ValueError, match=f"{field}: unknown rule code {code!r}"):
        CheckOptions(**{field: (code,)})
    with pytest.raises(ValueError, match="unknown rule code"):
        CheckOptions(**{field: code})


@pytest.mark.parametrize("value", [None, 101, b"MT101", ("MT101", 1), (b"MT101",)])
def test_codes_of_the_wrong_type_are_a_type_error(value):
    with pytest.raises(TypeError, match="select"):
        CheckOptions(select=value)


@pytest.mark.parametrize("value", [5, -0.1, 1.5, float("nan")])
def test_a_confidence_outside_zero_to_one_is_a_value_error(value):
    with pytest.raises(ValueError, match="min_confidence must be between 0 and 1"):
        CheckOptions(min_confidence=value)


@pytest.mark.parametrize("value", ["a", None, "0.5", True])
def test_a_confidence_that_is_not_a_number_is_a_type_error(value):
    with pytest.raises(TypeError, match="min_confidence must be a number"):
        CheckOptions(min_confidence=value)


def test_what_the_command_line_and_config_pass_is_accepted():
    """ALL, prefixes, lower case, empty tuples and the configuration's own options."""
    for select in [(), ("ALL",), ("MT1",), ("mt1",), ("MT",), ("MT101", "MT4"), ("MT901",)]:
        CheckOptions(select=select, ignore=select)
    for confidence in (0, 0.0, 0.5, 1, 1.0):
        CheckOptions(min_confidence=confidence)
    config = Config(select=("MT1",), extend_select=("MT4",), ignore=("MT102",),
                    min_confidence=0.7)
    options = config.check_options()
    assert (options.select, options.ignore, options.min_confidence) == (
        ("MT1", "MT4"), ("MT102",), 0.7)


# -- c) wrong text, format or options at the API boundary --------------------------------------

@pytest.mark.parametrize("call", [mtcheck.check, mtcheck.fix])
def test_bytes_text_says_decode_it_first(call):
    with pytest.raises(TypeError, match="text must be a str, not bytes; decode it first"):
        call(BAD.encode())


@pytest.mark.parametrize("call", [mtcheck.check, mtcheck.fix])
@pytest.mark.parametrize("text, kind", [(None, "NoneType"), (123, "int"), (["a"], "list")])
def test_text_that_is_not_a_string_is_a_type_error(call, text, kind):
    with pytest.raises(TypeError, match=f"text must be a str, not {kind}"):
        call(text)


@pytest.mark.parametrize("call", [mtcheck.check, mtcheck.fix])
@pytest.mark.parametrize("format", ["md", "Markdown", None])
def test_an_unknown_format_is_a_value_error(call, format):
    with pytest.raises(ValueError, match="format must be 'text' or 'markdown'"):
        call(BAD, format=format)


def test_options_that_are_not_check_options_are_a_type_error(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(BAD)
    for call in (lambda o: mtcheck.check(BAD, options=o), lambda o: mtcheck.fix(BAD, options=o),
                 lambda o: mtcheck.check_file(path, options=o)):
        with pytest.raises(TypeError, match="options must be a CheckOptions, not dict"):
            call({"select": ["MT1"]})


# -- d) check_file takes str, bytes and os.PathLike paths, and refuses everything else ---------

@pytest.mark.parametrize("as_path", [str, Path, lambda p: str(p).encode()])
def test_check_file_accepts_str_bytes_and_pathlike(tmp_path, as_path):
    path = tmp_path / "a.md"
    path.write_text("```\nforces Including the\n```\n\n" + BAD)
    report = mtcheck.check_file(as_path(path))
    assert report.path == str(path)
    assert report.format == "markdown"  # the code block is not prose: one finding, not two
    assert [f.code for f in report.findings] == ["MT101"]


@pytest.mark.parametrize("path, kind", [(123, "int"), (None, "NoneType"), (1.5, "float")])
def test_check_file_refuses_a_path_that_is_not_a_path(path, kind):
    with pytest.raises(TypeError, match=f"path must be a str, bytes or os.PathLike, not {kind}"):
        mtcheck.check_file(path)
    with pytest.raises(TypeError, match="path must be"):
        mtcheck.read_source(path)


def test_a_path_with_a_nul_character_is_an_input_error():
    with pytest.raises(InputError, match="contains a NUL character"):
        mtcheck.check_file("a\0b")


def test_max_size_none_means_no_limit(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(BAD)
    assert [f.code for f in mtcheck.check_file(path, max_size=None).findings] == ["MT101"]


@pytest.mark.parametrize("value", ["10M", True, [1]])
def test_a_max_size_that_is_not_a_number_is_a_type_error(tmp_path, value):
    path = tmp_path / "a.txt"
    path.write_text(BAD)
    with pytest.raises(TypeError, match="max_size must be a number of bytes or None"):
        mtcheck.check_file(path, max_size=value)


# -- e) reading takes memory for the file, not for the limit -----------------------------------

@pytest.mark.parametrize("limit", [2**60, 100 * 1024**3, 1e30, float("inf")])
def test_a_huge_limit_reads_a_small_file(tmp_path, limit):
    path = tmp_path / "a.txt"
    path.write_text(BAD)
    assert mtcheck.read_source(path, limit).text == BAD


def test_a_huge_limit_on_the_command_line_reads_a_small_file(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text(BAD)
    argv = ["check", "--no-lm", "--isolated", "--no-cache", "--max-file-size", "100000G"]
    assert main([*argv, str(path)]) == 1
    assert "MT101" in capsys.readouterr().out


def test_read_limited_reads_a_stream_up_to_the_limit():
    assert read_limited(io.BytesIO(b"abc" * 1000), "-", 2**60) == b"abc" * 1000
    with pytest.raises(InputError, match="-: file is more than 2,999 bytes"):
        read_limited(io.BytesIO(b"abc" * 1000), "-", 2999)


def test_a_file_is_read_whole_over_several_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(mtcheck.api, "READ_CHUNK", 7)
    path = tmp_path / "a.txt"
    path.write_text(BAD * 3)
    assert mtcheck.read_source(path, len(BAD) * 3).text == BAD * 3
    with pytest.raises(InputError, match="over the"):
        mtcheck.read_source(path, len(BAD) * 3 - 1)


# -- f) suppression comments are honoured by the library, as by the command line --------------

def test_check_honours_a_suppression_comment():
    assert mtcheck.check(SUPPRESSED_MD, format="markdown") == []
    text = "mtcheck: ignore[MT101]\n" + BAD
    assert mtcheck.check(text) == []


def test_fix_does_not_fix_a_suppressed_finding():
    assert mtcheck.fix(SUPPRESSED_MD, format="markdown").text == SUPPRESSED_MD


def test_check_file_honours_a_suppression_comment(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(SUPPRESSED_MD)
    assert mtcheck.check_file(path).findings == ()


def test_filters_empty_turns_suppressions_off():
    findings = mtcheck.check(SUPPRESSED_MD, format="markdown", options=CheckOptions(filters=()))
    assert [f.code for f in findings] == ["MT101"]


def test_the_configuration_applies_suppressions_once():
    assert Config().check_options().filters.count(apply_suppressions) == 1
    assert CheckOptions().filters == (apply_suppressions,)


# -- the command line's settings, the model and types, for library users ---------------------

def test_configured_options_read_the_nearest_configuration(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.mtcheck]\nvocabulary = ["Including"]\n'
        'per-file-ignores = { "legal/*.md" = ["MT401"] }\n', encoding="utf-8")
    (tmp_path / "legal").mkdir()
    article = tmp_path / "legal" / "a.md"
    article.write_text(TWICE, encoding="utf-8")
    assert [f.code for f in mtcheck.check_file(article).findings] == ["MT101", "MT401"]
    options = mtcheck.configured_options(tmp_path / "legal")
    assert [f.code for f in mtcheck.check_file(article, options=options).findings] == []
    # Elsewhere, without a configuration: the defaults.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / ".mtcheck.toml").write_text("", encoding="utf-8")
    assert mtcheck.configured_options(elsewhere) == Config().check_options()
    with pytest.raises(TypeError, match="path must be"):
        mtcheck.configured_options(3)  # type: ignore[arg-type]


def test_a_bad_configuration_is_an_input_error(tmp_path):
    (tmp_path / ".mtcheck.toml").write_text("selct = ['MT1']\n", encoding="utf-8")
    with pytest.raises(InputError, match="selct"):
        mtcheck.configured_options(tmp_path)


def test_check_file_takes_a_format(tmp_path):
    page = tmp_path / "page.mdx"
    page.write_text("`foreign forces Including the American`\n", encoding="utf-8")
    assert [f.code for f in mtcheck.check_file(page).findings] == ["MT101"]  # read as text
    report = mtcheck.check_file(page, format="markdown")
    assert report.findings == () and report.format == "markdown"
    with pytest.raises(ValueError, match="unknown document format"):
        mtcheck.check_file(page, format="html")


def test_mtcheck_lm_is_there_after_import_mtcheck_without_torch():
    import subprocess
    import sys

    code = ("import sys, mtcheck; f = mtcheck.lm.default_verifier; "
            "print(callable(f), 'torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.split() == ["True", "False"]
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        mtcheck.nothing  # noqa: B018


def test_the_package_says_it_is_typed():
    assert (Path(mtcheck.__file__).parent / "py.typed").is_file()


def test_finding_dicts_are_the_json_reports_findings(tmp_path, capsys):
    import json

    path = tmp_path / "a.md"
    path.write_text("Title\r\n\r\n" + TWICE, encoding="utf-8")
    report = mtcheck.check_file(path)
    mine = mtcheck.finding_dicts(report.text, report.findings)
    main(["check", "--no-lm", "--isolated", "--format", "json", str(path)])
    assert mine == json.loads(capsys.readouterr().out)["files"][0]["findings"]
    assert [(f["code"], f["line"], f["column"]) for f in mine] == [("MT101", 3, 27),
                                                                     ("MT401", 3, 51)]
    json.dumps(mine)
    with pytest.raises(TypeError, match="text must be a str"):
        mtcheck.finding_dicts(None, [])  # type: ignore[arg-type]
