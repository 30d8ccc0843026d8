"""Collect language-model margins for the capital candidates, to calibrate the decision rule.

For every MT101/MT102 candidate the heuristics propose (at any confidence) on MLQE-PE
ne-en/si-en and on a sample of clean edited English, write one JSON line: where it came
from, the heuristic confidence, the model's margin (nats) and, for MLQE-PE, whether the
post-editor lowercased the word (see benchmarks/accuracy.py for the labels).

    python benchmarks/calibrate_lm.py --split dev --clean-words 40000 > margins.jsonl
    python benchmarks/calibrate_lm.py --analyse margins.jsonl

The analysis prints precision / recall / clean false flags per 10k words for the rule
"keep when margin + weight * logit(heuristic confidence) >= threshold".
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy import DEFAULT_DATA, capital_labels, read_clean  # noqa: E402

import mtcheck  # noqa: E402
from mtcheck.engine import CheckOptions  # noqa: E402

CANDIDATES = CheckOptions(select=("MT101", "MT102"), min_confidence=0.0)


def collect(args: argparse.Namespace) -> None:
    from mtcheck import lm

    model = lm.ScoringModel.load()
    out = sys.stdout
    for pair in ("ne-en", "si-en"):
        with gzip.open(args.data / "mlqe-pe" / f"{pair}.jsonl.gz", "rt", encoding="utf-8") as f:
            rows = [json.loads(line) for line in f]
        rows = [r for r in rows if r["split"] == args.split][: args.limit]
        for row in rows:
            mt = row["mt"]
            labels = capital_labels(mt, row["pe_detok"])
            document = mtcheck.parse(mt)
            findings = [f for f in mtcheck.check(mt, options=CANDIDATES)]
            for finding, decision in zip(findings, lm.decide(document.prose, findings, model)):
                if decision is None or finding.start not in labels:
                    continue
                out.write(json.dumps({
                    "source": pair, "code": finding.code, "word": mt[finding.start:finding.end],
                    "heuristic": finding.confidence, "margin": round(decision.margin, 3),
                    "label": labels[finding.start]}) + "\n")
            out.flush()
    for text in read_clean(args.data, args.clean_words):
        document = mtcheck.parse(text)
        findings = mtcheck.check(text, options=CANDIDATES)
        for finding, decision in zip(findings, lm.decide(document.prose, findings, model)):
            if decision is None:
                continue
            out.write(json.dumps({
                "source": "clean", "code": finding.code, "word": text[finding.start:finding.end],
                "heuristic": finding.confidence, "margin": round(decision.margin, 3),
                "label": False, "words": len(text.split())}) + "\n")
        out.write(json.dumps({"source": "clean-words", "words": len(text.split())}) + "\n")
        out.flush()


def _logit(p: float) -> float:
    p = min(max(p, 1e-3), 1 - 1e-3)
    return math.log(p / (1 - p))


def analyse(path: Path) -> None:
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    words = sum(r["words"] for r in rows if r["source"] == "clean-words")
    mlqe = [r for r in rows if r["source"] in ("ne-en", "si-en")]
    clean = [r for r in rows if r["source"] == "clean"]
    positives = sum(r["label"] for r in mlqe)
    print(f"{len(mlqe)} labelled MLQE candidates ({positives} lowercased by post-editors); "
          f"{len(clean)} clean candidates in {words:,} words")
    print("weight threshold  precision recall  clean/10k")
    for weight in (0.0, 1.0, 2.0):
        for threshold in (1.0, 2.0, 3.0, 4.0, 5.0, 6.0):
            def keep(r: dict) -> bool:
                return r["margin"] + weight * _logit(r["heuristic"]) >= threshold
            tp = sum(1 for r in mlqe if r["label"] and keep(r))
            fp = sum(1 for r in mlqe if not r["label"] and keep(r))
            false_clean = sum(1 for r in clean if keep(r))
            precision = tp / (tp + fp) if tp + fp else 1.0
            recall = tp / positives if positives else 0.0
            print(f"{weight:6.1f} {threshold:9.1f}  {precision:9.3f} {recall:6.3f}  "
                  f"{false_clean * 10000 / max(words, 1):9.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--split", default="dev")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--clean-words", type=int, default=40_000)
    parser.add_argument("--analyse", type=Path, help="analyse a margins file instead")
    args = parser.parse_args()
    if args.analyse:
        analyse(args.analyse)
    elif not (args.data / "mlqe-pe").is_dir():
        print(f"skipped: no data at {args.data}", file=sys.stderr)
    else:
        collect(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
