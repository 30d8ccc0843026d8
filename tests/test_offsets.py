from __future__ import annotations

import json

import pytest

import mtcheck
from mtcheck.cli import main
from mtcheck.locate import LineIndex

SENTENCE = "Iraq needs foreign forces Including the American."


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_and_column_with_any_newline(newline):
    text = f"Title line{newline}{newline}\tÉlan, naïve 😀 — {SENTENCE}{newline}"
    finding, = mtcheck.check(text)
    assert text[finding.start:finding.end] == "Including"
    line, column = LineIndex(text).position(finding.start)
    assert line == 3
    assert column == text.split(newline)[2].index("Including") + 1


def test_bom_crlf_and_non_ascii_survive_fix(tmp_path):
    path = tmp_path / "article.txt"
    original = f"Überschrift\r\n\r\nCafé: {SENTENCE}\r\n"
    path.write_bytes(b"\xef\xbb\xbf" + original.encode("utf-8"))
    assert main(["fix", "--no-lm", str(path)]) == 0
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data[3:].decode("utf-8") == original.replace("Including", "including")


def test_json_offsets_are_code_points_into_the_decoded_file(tmp_path, capsys):
    path = tmp_path / "a.txt"
    text = f"\ufeff😀😀 ok.\r\n{SENTENCE}\n"
    path.write_bytes(text.encode("utf-8"))
    assert main(["check", "--no-lm", "--format", "json", str(path)]) == 1
    report = json.loads(capsys.readouterr().out)
    finding = report["files"][0]["findings"][0]
    decoded = text[1:]
    assert decoded[finding["start"]:finding["end"]] == "Including"
    assert (finding["line"], finding["column"]) == (2, SENTENCE.index("Including") + 1)
    assert (finding["end_line"], finding["end_column"]) == (2, SENTENCE.index(" the") + 1)
