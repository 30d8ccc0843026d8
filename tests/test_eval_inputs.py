"""``mtcheck eval`` as a researcher runs it next to sacrebleu: the configuration check uses, a
signature that says which fixes were applied, TER left out where it would not finish, and the
input files editors and pipelines write."""

from __future__ import annotations

import gzip
import json

import pytest

from mtcheck.cli import main
from mtcheck.evaluate import MAX_TER_WORDS, read_corpus

MT = "Iraq needs foreign forces Including the American.\nThe talks ended with the the envoy.\n"
REF = "Iraq needs foreign forces, including the American ones.\nThe talks ended with the envoy.\n"


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    (tmp_path / "a.mt").write_text(MT, encoding="utf-8")
    (tmp_path / "a.pe").write_text(REF, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _report(capsys, *argv: str) -> dict:
    assert main(["eval", "--no-lm", "--format", "json", "--mt", "a.mt", "--ref", "a.pe",
                 *argv]) == 0
    return json.loads(capsys.readouterr().out)


def test_eval_uses_the_configuration_as_check_does(corpus, capsys):
    assert _report(capsys)["segments"]["fixes_by_code"] == {"MT101": 1, "MT401": 1}
    (corpus / ".mtcheck.toml").write_text('ignore = ["MT101"]\n', encoding="utf-8")
    report = _report(capsys)
    assert report["segments"]["fixes_by_code"] == {"MT401": 1}
    assert report["signatures"]["mtcheck"]["ignore"] == ["MT101"]
    assert _report(capsys, "--isolated")["segments"]["fixes_by_code"] == {
        "MT101": 1, "MT401": 1}


def test_the_signature_says_whether_unsafe_fixes_were_applied(corpus, capsys):
    assert _report(capsys)["signatures"]["mtcheck"]["fixes"] == "safe"
    assert _report(capsys, "--unsafe-fixes")["signatures"]["mtcheck"]["fixes"] == "unsafe"
    main(["eval", "--no-lm", "--mt", "a.mt", "--ref", "a.pe"])
    assert "|model:none|fixes:safe" in capsys.readouterr().out


def test_ter_is_left_out_when_a_segment_is_too_long_for_it(corpus, capsys):
    long = " ".join(["word"] * (MAX_TER_WORDS + 1)) + " forces Including the American.\n"
    (corpus / "a.mt").write_text(long, encoding="utf-8")
    (corpus / "a.pe").write_text(long.replace("Including", "including"), encoding="utf-8")
    report = _report(capsys)
    assert report["before"]["ter"] is None and report["before"]["bleu"] > 0
    assert "ter" not in report["signatures"]
    main(["eval", "--no-lm", "--mt", "a.mt", "--ref", "a.pe"])
    out = capsys.readouterr().out
    assert "—" in out.splitlines()[1] and "ter: left out" in out


def test_the_change_row_is_the_difference_of_the_rows_shown(corpus, capsys):
    main(["eval", "--no-lm", "--mt", "a.mt", "--ref", "a.pe"])
    rows = {line.split()[0]: line.split()[1:] for line in capsys.readouterr().out.splitlines()
            if line.split() and line.split()[0] in ("before", "after", "change")}
    for before, after, change in zip(rows["before"], rows["after"], rows["change"],
                                     strict=True):
        assert round(float(after) - float(before), 2) == float(change)


def test_an_upper_case_gz_suffix_is_read_compressed(tmp_path):
    rows = "".join(json.dumps({"mt": mt, "ref": ref}) + "\n"
                   for mt, ref in zip(MT.splitlines(), REF.splitlines(), strict=True))
    path = tmp_path / "DATA.JSONL.GZ"
    path.write_bytes(gzip.compress(rows.encode("utf-8")))
    assert len(read_corpus(path).mt) == 2


def test_blank_lines_in_jsonl_are_no_rows(tmp_path):
    path = tmp_path / "data.jsonl"
    path.write_text(json.dumps({"mt": "A b.", "ref": "A b."}) + "\n\n", encoding="utf-8")
    assert read_corpus(path).mt == ("A b.",)
