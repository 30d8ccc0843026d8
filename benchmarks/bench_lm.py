"""Benchmark the language model: load time, candidate decisions per second, peak memory.

    python benchmarks/bench_lm.py [--decisions 200] [--cold] [--model PATH] [--device cpu]
                                  [--dtype float32|bfloat16|auto]

Candidates are the capitalised, non-sentence-initial words of the seed document and of WMT20
MLQE-PE machine translations (when /work/shared/data is there), each a two-way comparison
(as written vs lowercased), scored in batches like the verifier does. A second figure
decides the heuristics' real MT101/MT102 candidates in the same text through the verifier, as
``mtcheck check`` does (two or three alternatives each: a capital that may open a sentence is
also compared with a full stop before it), for 20-sentence documents checked one at a time
and 16 together (as the command line checks files). ``--cold`` also times a
first-use conversion into a throwaway cache (in a subprocess, so its memory peak is not
counted here). Peak memory is this process's ru_maxrss.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from mtcheck.lm import Comparison, ScoringModel
from mtcheck.lm.awkward import fluency
from mtcheck.lm.loading import COMPUTE_DTYPES
from mtcheck.lm.verify import SUFFIX_TOKENS
from mtcheck.parallel import BATCH_FILES

SEED = ROOT / "seeds" / "000_cfedf86719f110e5.txt"
MLQE = Path("/work/shared/data/mlqe-pe")
WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")


def candidate_sentences() -> list[str]:
    sentences = [s.strip() for para in SEED.read_text(encoding="utf-8").split("\n")
                 for s in SENTENCE_END.split(para) if len(s.split()) >= 5]
    for pair in ("ne-en", "si-en"):
        path = MLQE / f"{pair}.jsonl.gz"
        if path.is_file():
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                for i, line in enumerate(handle):
                    if i >= 1500:
                        break
                    sentences.append(json.loads(line)["mt"])
    return sentences


def comparisons(sentences: list[str], limit: int, window: int) -> list[Comparison]:
    out: list[Comparison] = []
    for sentence in sentences:
        for i, match in enumerate(WORD.finditer(sentence)):
            word = match.group()
            before = sentence[: match.start()].rstrip()
            if (i == 0 or not word[0].isupper() or word.isupper()
                    or before.endswith((".", ":", '"'))):
                continue
            out.append(Comparison(sentence[: match.start()],
                                  (word, word[0].lower() + word[1:]), sentence[match.end():],
                                  window))
            break  # one per sentence, like real documents: prefixes are not shared
        if len(out) >= limit:
            break
    return out


def verifier_decisions(model: ScoringModel, sentences: list[str], limit: int,
                       together: int) -> tuple[int, float]:
    """Check 20-sentence documents for MT101/MT102 with the model as ``mtcheck check`` does,
    ``together`` documents at a time (the command line checks 16 files together), until
    ``limit`` candidates: (candidates decided, seconds)."""
    import mtcheck
    from mtcheck.engine import CheckOptions, check_documents
    from mtcheck.lm import make_verifier

    candidates_only = CheckOptions(select=("MT101", "MT102"), min_confidence=0.0)
    texts, total = [], 0
    for lo in range(0, len(sentences), 20):
        texts.append("\n\n".join(sentences[lo: lo + 20]))
        total += len(mtcheck.check(texts[-1], options=candidates_only))
        if total >= limit:
            break
    options = CheckOptions(select=("MT101", "MT102"), verifier=make_verifier(model))
    model.clear_cache()
    started = time.perf_counter()
    for lo in range(0, len(texts), together):
        check_documents([mtcheck.parse(text) for text in texts[lo: lo + together]], options)
    return total, time.perf_counter() - started


def cold_conversion_seconds(model: str | None) -> float:
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, MTCHECK_CACHE_DIR=cache)
        code = "import sys; from mtcheck.lm import prepare; prepare(sys.argv[1] or None)"
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, model or ""], cwd=ROOT, env=env, check=True,
                       capture_output=True)
        return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decisions", type=int, default=200)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--sentences", type=int, default=40, help="for the MT901 surprisal pass")
    parser.add_argument("--window", type=int, default=SUFFIX_TOKENS["MT101"],
                        help="suffix tokens scored after the word (default: the verifier's)")
    parser.add_argument("--model", default=None)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--dtype", choices=(*COMPUTE_DTYPES, "auto"), default=None,
                        help="what the layers compute in (default: MTCHECK_DTYPE, else float32)")
    parser.add_argument("--cold", action="store_true", help="also time a first-use conversion")
    parser.add_argument("--json", action="store_true",
                        help="end with one JSON line of the figures (for run_all.py)")
    args = parser.parse_args()
    if args.dtype:
        os.environ["MTCHECK_DTYPE"] = args.dtype
    figures: dict[str, object] = {}

    if args.cold:
        print(f"cold conversion (subprocess): {cold_conversion_seconds(args.model):.1f} s")
    # Build the cache (if needed) in a subprocess, so this process's peak memory is that of
    # a normal run from the cache, not of the one-off conversion.
    code = "import sys; from mtcheck.lm import prepare; prepare(sys.argv[1] or None)"
    subprocess.run([sys.executable, "-c", code, args.model or ""], cwd=ROOT, check=True,
                   capture_output=True)
    started = time.perf_counter()
    model = ScoringModel.load(args.model, device=args.device)
    figures["load_seconds"] = round(time.perf_counter() - started, 2)
    figures["model"] = model.name
    figures["dtype"] = model.dtype
    print(f"load: {time.perf_counter() - started:.1f} s "
          f"({'converted now' if model.converted else 'from cache'}), model {model.name}, "
          f"computing in {model.dtype}")

    sentences = candidate_sentences()
    batch = comparisons(sentences, args.decisions, args.window)
    model.score(batch[:2])  # warm up
    model.clear_cache()
    model.stats.__init__()  # type: ignore[misc]
    started = time.perf_counter()
    for lo in range(0, len(batch), args.batch):
        model.score(batch[lo: lo + args.batch])
    elapsed = time.perf_counter() - started
    stats = model.stats
    figures["decisions_per_second"] = round(len(batch) / elapsed, 2)
    print(f"decisions: {len(batch)} in {elapsed:.1f} s = {len(batch) / elapsed:.1f} /s "
          f"(forward {stats.forward_seconds:.1f} s over {stats.forward_tokens} tokens, "
          f"projection {stats.projection_seconds:.1f} s over {stats.projected_positions} "
          "positions)")
    started = time.perf_counter()
    model.score(batch)
    print(f"cached re-score: {len(batch) / max(1e-9, time.perf_counter() - started):.0f} /s")

    for together, key in ((1, "verifier_one_document"), (BATCH_FILES, "verifier_together")):
        decided, elapsed = verifier_decisions(model, sentences, args.decisions, together)
        figures[f"{key}_decisions_per_second"] = round(decided / elapsed, 2)
        print(f"through the verifier, {together} document(s) of 20 sentences at a time: "
              f"{decided} candidates in {elapsed:.1f} s = {decided / elapsed:.1f} /s")

    some = sentences[: args.sentences]
    started = time.perf_counter()
    surprisal = model.surprisal(some)
    elapsed = time.perf_counter() - started
    scores = [f.score for f in map(fluency, surprisal) if f is not None]
    print(f"surprisal (MT901): {len(some)} sentences in {elapsed:.1f} s = "
          f"{len(some) / elapsed:.1f} /s; median trimmed mean "
          f"{sorted(scores)[len(scores) // 2]:.2f} nats/token")
    figures["surprisal_sentences_per_second"] = round(len(some) / elapsed, 2)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures["peak_rss_mb"] = round(peak)
    print(f"peak RSS: {peak:.0f} MB; torch threads: {_threads()}; cpus: {os.cpu_count()}")
    if args.json:
        figures["markdown"] = (
            "| figure | value |\n|---|---|\n"
            f"| model | {figures['model']} ({figures['dtype']}) |\n"
            f"| load from cache (s) | {figures['load_seconds']} |\n"
            f"| decisions per second | {figures['decisions_per_second']} |\n"
            f"| decisions per second through the verifier, one document at a time | "
            f"{figures['verifier_one_document_decisions_per_second']} |\n"
            f"| decisions per second through the verifier, {BATCH_FILES} documents together | "
            f"{figures['verifier_together_decisions_per_second']} |\n"
            f"| MT901 sentences per second | {figures['surprisal_sentences_per_second']} |\n"
            f"| peak RSS (MB) | {figures['peak_rss_mb']} |\n")
        print(json.dumps(figures))
    return 0


def _threads() -> int:
    import torch

    return torch.get_num_threads()


if __name__ == "__main__":
    raise SystemExit(main())
