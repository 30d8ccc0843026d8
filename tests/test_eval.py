"""``mtcheck eval`` and :mod:`mtcheck.evaluate` on real MLQE-PE segments (fixtures/eval/).

The expected counts were checked by hand, segment by segment (fixtures/eval/sources.tsv
says where each line comes from):

    line  MT word (label)                               flagged  fixed segment vs post-edit
    1     Village (+), English (-), Mr. (?)             Village  closer
    2     Nature (+)                                    Nature   closer
    3     Mister (?), Mcmain (- : "Mr. Mcmain"),        Tele.    closer
          Television (+)
    4     Rock (+)                                      Rock     closer
    5     King (+), Nepal (?: "Nepali")                 -        unchanged
    6     State (+: 'state of terror'), France (-)      -        unchanged
    7     Nepali (-), Team (+)                          -        unchanged
    8     (no candidates)                               -        unchanged
    9     Cam (- : "Phantom Cam")                       Cam      further
    10    The (+: "in the 6th century")                 The      closer
    11    Average (+), European (-),                    Average  closer
          Huntington (?: "Huntington's")
    12    Lighting (+)                                  Lighting closer
    13    (no candidates)                               -        unchanged

So tp 7, fp 1, fn 3, tn 5, 4 unlabelled candidates; 8 segments changed, 7 closer, 1 further.
"""

from __future__ import annotations

import gzip
import io
import json
import os

import pytest

from mtcheck import evaluate as evaluate_module
from mtcheck.cli import main
from mtcheck.documents import InputError
from mtcheck.engine import CheckOptions
from mtcheck.evaluate import capital_candidates, capital_labels, evaluate, read_corpus

from .conftest import FIXTURES

pytest.importorskip("sacrebleu")

MT = FIXTURES / "eval" / "mlqe-pe.mt.txt"
PE = FIXTURES / "eval" / "mlqe-pe.pe.txt"


@pytest.fixture(scope="module")
def fixture_eval():
    return evaluate(read_corpus(MT, [PE]), CheckOptions())


def test_fixture_segment_counts(fixture_eval):
    segments = fixture_eval.segments
    assert (segments.total, segments.changed, segments.closer, segments.further,
            segments.same_score) == (13, 8, 7, 1, 0)
    assert segments.fixes_by_code == {"MT101": 8}


def test_fixture_flag_counts(fixture_eval):
    flags = fixture_eval.flags
    assert (flags.tp, flags.fp, flags.fn, flags.tn) == (7, 1, 3, 5)
    assert flags.unlabelled_candidates == 4
    assert flags.flags == 8 and flags.flags_unlabelled == flags.flags_not_candidates == 0
    assert flags.precision == pytest.approx(7 / 8)
    assert flags.recall == pytest.approx(7 / 10)


def test_fixture_scores_move_towards_the_post_edits(fixture_eval):
    before, after = fixture_eval.before, fixture_eval.after
    assert before.chrf == pytest.approx(46.83, abs=0.01)
    assert after.chrf == pytest.approx(48.25, abs=0.01)
    assert after.bleu > before.bleu
    assert after.ter < before.ter  # case-sensitive TER: lowercasing is an edit it sees
    signatures = fixture_eval.signatures
    assert signatures["bleu"].startswith("nrefs:1|case:mixed")
    assert "nc:6" in signatures["chrf"] and "case:mixed" in signatures["ter"]


def test_labels_follow_the_reference_case_edits():
    mt = "Iraq needs foreign forces Including the American. Mr. Smith met The Hague"
    # "Iraq" opens the text and "Smith" follows a full stop: neither is mid-sentence.
    assert [mt[s:].split()[0] for s in capital_candidates(mt)] == [
        "Including", "American.", "The", "Hague"]
    labels = capital_labels(mt, ["Iraq needs foreign forces including the American. "
                                 "Mr. Smith met the Hague"])
    assert labels == {26: True, 40: False, 64: True, 68: False}


def test_labels_leave_rewrites_breaks_and_disagreements_unlabelled():
    mt = "the group ISIS In a historic move, forces Including the American"
    # A full stop inserted before "In" is a sentence break, not a case decision.
    labels = capital_labels(mt, ["the group ISIS. In a historic move, forces, Including the "
                                 "American", "the group ISIS. In a move, soldiers including "
                                 "the American"])
    assert labels == {15: None, 42: None, 56: False}
    # The abbreviation "Mr." does not start a sentence: the capital is kept, a negative.
    assert capital_labels("Before Mister Mcmain was", ["Before Mr. Mcmain evolved"]) == {
        7: None, 14: False}


def test_cli_text_report(capsys):
    assert main(["eval", "--no-lm", "--mt", str(MT), "--ref", str(PE)]) == 0
    out = capsys.readouterr().out
    assert "before     13.05   46.83" in out
    assert "fixes changed 8" in out and "closer to the reference 7, further 1" in out
    assert "precision 0.875 (7/8), recall 0.700 (7/10)" in out
    assert "bleu: nrefs:1|case:mixed" in out and "mtcheck: mtcheck:" in out


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_sees_how_many_segments_are_done(capsys, monkeypatch):
    corpus = read_corpus(MT, [PE])
    done: list[int] = []
    evaluate(corpus, CheckOptions(), on_segment=lambda: done.append(1))
    assert len(done) == len(corpus.mt) > 1
    monkeypatch.setattr("mtcheck.progress.DELAY_SECONDS", 0.0)
    monkeypatch.delenv("CI", raising=False)
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    assert main(["eval", "--no-lm", "--mt", str(MT), "--ref", str(PE)]) == 0
    total = len(corpus.mt)
    assert f"Evaluating [{'#' * 30}] {total}/{total} segments" in terminal.getvalue()
    assert terminal.getvalue().endswith("\r")  # erased before the report
    assert "precision" in capsys.readouterr().out


def test_cli_json_report_and_two_references(tmp_path, capsys):
    assert main(["eval", "--no-lm", "--format", "json", "--mt", str(MT), "--ref", str(PE),
                 "--ref", str(MT)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"before", "after", "segments", "flags", "signatures"}
    assert set(report["before"]) == {"bleu", "chrf", "ter"}
    assert report["signatures"]["bleu"].startswith("nrefs:2")
    assert report["signatures"]["mtcheck"]["model"] is None
    # The MT itself as a second reference keeps every capital: nothing is labelled positive
    # unless both references agree, so only the old negatives and disagreements remain.
    assert report["flags"]["tp"] == 0 and report["flags"]["fp"] == 1


def test_jsonl_and_gzip_inputs_give_the_same_report(tmp_path, capsys):
    mt_lines = MT.read_text(encoding="utf-8").splitlines()
    pe_lines = PE.read_text(encoding="utf-8").splitlines()
    rows = "".join(json.dumps({"mt": m, "ref": p}) + "\n"
                   for m, p in zip(mt_lines, pe_lines, strict=True))
    jsonl = tmp_path / "pairs.jsonl.gz"
    jsonl.write_bytes(gzip.compress(rows.encode("utf-8")))
    assert main(["eval", "--no-lm", "--format", "json", "--mt", str(jsonl)]) == 0
    from_jsonl = json.loads(capsys.readouterr().out)
    assert main(["eval", "--no-lm", "--format", "json", "--mt", str(MT), "--ref", str(PE)]) == 0
    assert json.loads(capsys.readouterr().out) == from_jsonl


@pytest.mark.parametrize("mt, ref, message", [
    ("a\nb\nc\n", "a\nb\n", "ref.txt: 2 segments, but"),
    ("a\n", None, "no such file"),
    ('{"mt": "a", "ref": "a"}\n{"mt": "b", \n', None, "mt.jsonl:2: not valid JSON"),
    ('{"mt": "a", "ref": "a"}\n["b"]\n', None, "mt.jsonl:2: expected a JSON object"),
    ('{"mt": "a", "ref": "a"}\n{"ref": "b"}\n', None, "mt.jsonl:2: no 'mt' field"),
    ('{"mt": "a", "ref": "a"}\n{"mt": "b"}\n', None, "mt.jsonl:2: no 'ref' field"),
    ('{"mt": "a", "ref": 3}\n', None, "'ref' must be a string or a list"),
    ("a\n", "", "ref.txt: 0 segments, but"),
    (b"\xff\xfe a\n", "a\n", "UTF-16"),
    ("", "", "no segments"),
    ('{"mt": "x", "ref": ' + "[" * 100000 + "]" * 100000 + "}\n", None,
     "mt.jsonl:1: JSON nested too deeply"),
    ('{"mt": "a", "ref": "b", "x": ' + "9" * 5000 + "}\n", None,
     "mt.jsonl:1: JSON number too long"),
])
def test_bad_inputs_are_one_line_errors(tmp_path, capsys, mt, ref, message):
    name = "mt.jsonl" if isinstance(mt, str) and mt.startswith("{") else "mt.txt"
    mt_path = tmp_path / name
    mt_path.write_bytes(mt if isinstance(mt, bytes) else mt.encode("utf-8"))
    args = ["eval", "--no-lm", "--mt", str(mt_path)]
    if ref is not None or message == "no such file":
        args += ["--ref", str(tmp_path / "ref.txt")]
        if ref is not None:
            (tmp_path / "ref.txt").write_text(ref, encoding="utf-8")
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert err.count("\n") == 1 and err.startswith("mtcheck: error: ")


def test_unreadable_inputs_are_one_line_errors(tmp_path, capsys, monkeypatch):
    data = gzip.compress(b"Iraq needs foreign forces Including the American.\n" * 50)
    (tmp_path / "corrupt.txt.gz").write_bytes(data[:12] + b"\x00garbage" * 5 + data[60:])
    (tmp_path / "truncated.txt.gz").write_bytes(data[:-10])
    os.mkfifo(tmp_path / "fifo.txt")  # no writer: reading it would block for ever
    monkeypatch.setattr(evaluate_module, "MAX_INPUT_SIZE", 5000)
    (tmp_path / "big.txt").write_bytes(b"a\n" * 3000)
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(b"a\n" * 3000))  # 6,000 bytes unpacked
    ref = tmp_path / "ref.txt"
    ref.write_text("a\n", encoding="utf-8")
    for name, message in [
        ("corrupt.txt.gz", "corrupt.txt.gz: not a valid gzip file (Error -3"),
        ("truncated.txt.gz", "truncated.txt.gz: not a valid gzip file (Compressed file ended"),
        ("fifo.txt", "fifo.txt: not a regular file"),
        ("/dev/null", "/dev/null: not a regular file"),
        ("big.txt", "big.txt: more than 5,000 bytes, over the limit"),
        ("bomb.txt.gz", "bomb.txt.gz: more than 5,000 bytes uncompressed, over the limit"),
    ]:
        assert main(["eval", "--no-lm", "--mt", str(tmp_path / name), "--ref", str(ref)]) == 2
        err = capsys.readouterr().err
        assert message in err and err.count("\n") == 1 and err.startswith("mtcheck: error: ")


def test_missing_references_and_missing_mt_are_errors(tmp_path, capsys):
    plain = tmp_path / "mt.txt"
    plain.write_text("a\n", encoding="utf-8")
    assert main(["eval", "--no-lm", "--mt", str(plain)]) == 2
    assert "no references" in capsys.readouterr().err
    assert main(["eval", "--no-lm", "--ref", str(plain)]) == 2
    assert "--mt" in capsys.readouterr().err
    with pytest.raises(InputError, match="no such file"):
        read_corpus(tmp_path / "missing.txt", [plain])


def test_lines_are_segments_even_when_empty(tmp_path):
    mt, ref = tmp_path / "mt.txt", tmp_path / "ref.txt"
    mt.write_bytes(b"One line.\r\n\r\nThird line.\r\n")
    ref.write_text("One line.\n\nThird line.\n", encoding="utf-8")
    corpus = read_corpus(mt, [ref])
    assert corpus.mt == ("One line.", "", "Third line.")
    assert corpus.refs == (("One line.", "", "Third line."),)
