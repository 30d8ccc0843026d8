"""Suppression comments in Markdown and plain text; codes match by prefix; unknown codes warn."""

from __future__ import annotations

import json

import pytest

from mtcheck.cli import main
from mtcheck.config import Config
from mtcheck.documents import parse
from mtcheck.engine import check_document
from mtcheck.suppressions import NEXT_LINE, parse_directives

BAD = "Iraq needs foreign forces Including the American."
BREAK = ("Iraq was attacked by the terrorist organization ISIS In a historical position, "
         "the army moved.")


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(tmp_path / "cache"))


def lines_and_codes(text: str, format: str = "markdown") -> list[tuple[int, str]]:
    document = parse(text, format, "x.md" if format == "markdown" else "x.txt")
    findings = check_document(document, Config().check_options())
    return [(text.count("\n", 0, f.start) + 1, f.code) for f in findings]


def test_without_directives_everything_is_reported():
    assert lines_and_codes(f"{BAD}\n\n{BREAK}\n") == [(1, "MT101"), (3, "MT102")]


def test_markdown_disable_enable_range_for_one_code():
    text = (f"<!-- mtcheck-disable MT101 -->\n{BAD}\n\n{BREAK}\n<!-- mtcheck-enable -->\n\n"
            f"{BAD}\n")
    assert lines_and_codes(text) == [(4, "MT102"), (7, "MT101")]


def test_markdown_disable_without_codes_runs_to_the_end():
    text = f"{BAD}\n\n<!-- mtcheck-disable -->\n\n{BAD}\n\n{BREAK}\n"
    assert lines_and_codes(text) == [(1, "MT101")]


def test_markdown_enable_with_codes_ends_only_those():
    text = (f"<!-- mtcheck-disable MT101, MT102 -->\n{BAD}\n<!-- mtcheck-enable MT102 -->\n\n"
            f"{BAD}\n\n{BREAK}\n")
    assert lines_and_codes(text) == [(7, "MT102")]


def test_markdown_disable_next_line_with_and_without_codes():
    text = (f"<!-- mtcheck-disable-next-line -->\n{BAD}\n\n{BAD}\n\n"
            f"<!-- mtcheck-disable-next-line MT102 -->\n{BAD}\n\n"
            f"<!-- mtcheck-disable-next-line MT1 -->\n{BREAK}\n")
    assert lines_and_codes(text) == [(4, "MT101"), (7, "MT101")]


def test_markdown_disable_next_line_skips_blank_lines_only():
    text = f"<!-- mtcheck-disable-next-line -->\n\n{BAD}\n{BAD}\n"
    assert lines_and_codes(text) == [(4, "MT101")]


def test_markdown_next_line_in_a_quote_skips_the_quotes_blank_lines():
    # "> " is a blank line of the quote: the directive went to it and suppressed nothing.
    text = f"> <!-- mtcheck-disable-next-line MT101 -->\n>\n> {BAD}\n> {BAD}\n"
    assert lines_and_codes(text) == [(4, "MT101")]


def test_markdown_disable_line_inline():
    text = f"{BAD} <!-- mtcheck-disable-line MT101 -->\n\n{BAD}\n"
    assert lines_and_codes(text) == [(3, "MT101")]


def test_markdown_ordinary_comments_are_ignored():
    text = f"<!-- a note for editors -->\n{BAD}\n"
    assert lines_and_codes(text) == [(2, "MT101")]
    assert parse_directives(parse(text, "markdown")) == ([], [])


def test_text_ignore_applies_to_the_next_line():
    text = f"mtcheck: ignore[MT101]\n{BAD}\n{BAD}\n\n# mtcheck: ignore\n{BREAK}\n"
    assert lines_and_codes(text, "text") == [(3, "MT101")]


def test_text_lines_are_the_lines_reports_count():
    # A form feed or U+2028 is no line break for line numbers (CR LF, CR, LF), so it is none
    # for directives either: the line after the directive is the next numbered line.
    text = f"mtcheck: ignore[MT101]\n{BAD}\u2028{BAD}\n{BAD}\x0c{BAD}\n"
    assert lines_and_codes(text, "text") == [(3, "MT101"), (3, "MT101")]
    document = parse(f"Words.\nmtcheck: ignore[MT1]\x0c{BAD}\n", "text", "x.txt")
    assert document.prose.endswith(" " * len(BAD) + "\n")  # one line: a directive
    assert parse_directives(document)[1]  # and an odd one: reported, not half read


def test_text_ignore_codes_match_by_prefix_and_other_codes_stay():
    text = f"mtcheck: ignore[MT1]\n{BAD}\n\nmtcheck: ignore[MT102]\n{BAD}\n"
    assert lines_and_codes(text, "text") == [(5, "MT101")]


def test_text_disable_and_enable():
    text = f"mtcheck: disable[MT101]\n{BAD}\n\n{BREAK}\nmtcheck: enable\n\n{BAD}\n"
    assert lines_and_codes(text, "text") == [(4, "MT102"), (7, "MT101")]


def test_colon_form_in_a_markdown_comment():
    text = f"<!-- mtcheck: ignore[MT101] -->\n{BAD}\n"
    directives, problems = parse_directives(parse(text, "markdown"))
    assert [(d.kind, d.codes) for d in directives] == [(NEXT_LINE, ("MT101",))]
    assert problems == []
    assert lines_and_codes(text) == []


def test_unknown_code_is_a_warning_and_suppresses_nothing_else(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text(f"mtcheck: ignore[MT101, MT999]\n{BAD}\n\nmtcheck: ignore[MT999]\n{BAD}\n",
                    encoding="utf-8")
    code = main(["check", "--no-lm", "--isolated", "--format", "json", str(path)])
    captured = capsys.readouterr()
    findings = json.loads(captured.out)["files"][0]["findings"]
    assert code == 1 and [f["line"] for f in findings] == [5]
    warnings = [line for line in captured.err.splitlines() if "warning" in line]
    assert warnings == [
        f"mtcheck: warning: {path}:1: unknown rule code 'MT999' in mtcheck directive",
        f"mtcheck: warning: {path}:4: unknown rule code 'MT999' in mtcheck directive"]


def test_a_rules_name_in_a_directive_is_pointed_to_its_code(tmp_path, capsys):
    path = tmp_path / "a.md"
    path.write_text(f"<!-- mtcheck-disable-next-line mid-sentence-capital -->\n{BAD}\n",
                    encoding="utf-8")
    assert main(["check", "--no-lm", "--isolated", str(path)]) == 1
    assert (f"mtcheck: warning: {path}:1: 'mid-sentence-capital' in mtcheck directive is a"
            " rule's name; give its code, MT101") in capsys.readouterr().err


def test_directive_warnings_come_in_line_order(tmp_path, capsys):
    path = tmp_path / "a.md"
    path.write_text(f"<!-- mtcheck-disable-next-line MT999 -->\n{BAD}\n\n"
                    f"<!-- mtcheck-disabel MT101 -->\n{BAD}\n", encoding="utf-8")
    main(["check", "--no-lm", "--isolated", str(path)])
    warnings = [line for line in capsys.readouterr().err.splitlines() if "warning" in line]
    assert [line.split(":")[3] for line in warnings] == ["1", "4"]


def test_misspelt_directive_is_a_warning(tmp_path, capsys):
    path = tmp_path / "a.md"
    path.write_text(f"<!-- mtcheck-disabel MT101 -->\n{BAD}\n", encoding="utf-8")
    assert main(["check", "--no-lm", "--isolated", str(path)]) == 1
    assert "unrecognised mtcheck directive 'mtcheck-disabel MT101'" in capsys.readouterr().err


def test_code_blocks_are_not_directives():
    text = f"```\n<!-- mtcheck-disable -->\n```\n\n{BAD}\n"
    assert lines_and_codes(text) == [(5, "MT101")]


def test_fix_leaves_suppressed_findings_alone(tmp_path, capsys):
    path = tmp_path / "a.md"
    original = f"<!-- mtcheck-disable-next-line MT101 -->\n{BAD}\n\n{BAD}\n"
    path.write_text(original, encoding="utf-8")
    assert main(["fix", "--no-lm", "--isolated", str(path)]) == 0
    fixed = path.read_text(encoding="utf-8")
    assert fixed == original.replace(f"\n\n{BAD}", f"\n\n{BAD.replace('Including', 'including')}")
