"""Collect language-model margins for the capital candidates, to calibrate the decision rule.

For every MT101/MT102 candidate the heuristics propose (at any confidence) on MLQE-PE
ne-en/si-en and on a sample of clean edited English, write one JSON line: where it came
from, the heuristic confidence, the model's margin (nats) and, for MLQE-PE, the split and
whether the post-editor lowercased the word (see benchmarks/accuracy.py for the labels).

    python benchmarks/calibrate_lm.py --split all --clean-words 200000 > margins.jsonl
    python benchmarks/calibrate_lm.py --analyse margins.jsonl

The analysis prints, for the decision rule mtcheck uses (keep a candidate when its margin
reaches ``mtcheck.lm.required_margin``: the everyday-word threshold, moved by the heuristics'
confidence) and for a sweep of that threshold: precision and recall on MLQE-PE train+dev (the
calibration data) and test20 (held out), and false flags per 10k words on clean English. A
second table shows one threshold for every candidate, the rule before the shifts.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy import DEFAULT_DATA, capital_labels, read_clean  # noqa: E402

import mtcheck  # noqa: E402
from mtcheck import lm  # noqa: E402  (torch is imported only when the model loads)
from mtcheck.engine import CheckOptions  # noqa: E402
from mtcheck.model import Finding, Span  # noqa: E402

CANDIDATES = CheckOptions(select=("MT101", "MT102"), min_confidence=0.0)


def collect(args: argparse.Namespace) -> None:
    model = lm.ScoringModel.load()
    out = sys.stdout
    for pair in ("ne-en", "si-en"):
        with gzip.open(args.data / "mlqe-pe" / f"{pair}.jsonl.gz", "rt", encoding="utf-8") as f:
            rows = [json.loads(line) for line in f]
        rows = [r for r in rows if args.split in ("all", r["split"])][: args.limit]
        for row in rows:
            mt = row["mt"]
            labels = capital_labels(mt, row["pe_detok"])
            if not labels:
                continue
            document = mtcheck.parse(mt)
            findings = [f for f in mtcheck.check(mt, options=CANDIDATES)]
            decisions = lm.decide(document.prose, findings, model)
            for finding, decision in zip(findings, decisions, strict=True):
                if decision is None or finding.start not in labels:
                    continue
                out.write(json.dumps({
                    "source": pair, "code": finding.code, "word": mt[finding.start:finding.end],
                    "heuristic": finding.confidence, "margin": round(decision.margin, 3),
                    "label": labels[finding.start], "split": row["split"]}) + "\n")
            out.flush()
    for text in read_clean(args.data, args.clean_words):
        document = mtcheck.parse(text)
        findings = mtcheck.check(text, options=CANDIDATES)
        decisions = lm.decide(document.prose, findings, model)
        for finding, decision in zip(findings, decisions, strict=True):
            if decision is None:
                continue
            out.write(json.dumps({
                "source": "clean", "code": finding.code, "word": text[finding.start:finding.end],
                "heuristic": finding.confidence, "margin": round(decision.margin, 3),
                "label": False, "words": len(text.split())}) + "\n")
        out.write(json.dumps({"source": "clean-words", "words": len(text.split())}) + "\n")
        out.flush()


def _required(row: dict, threshold: float, shifted: bool) -> float:
    if not shifted:
        return threshold
    finding = Finding(row["code"], "", "", Span(0, 1), confidence=row["heuristic"])
    return lm.required_margin(finding, threshold, row["word"])


def analyse(path: Path) -> None:
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    words = sum(r["words"] for r in rows if r["source"] == "clean-words")
    mlqe = [r for r in rows if r["source"] in ("ne-en", "si-en")]
    clean = [r for r in rows if r["source"] == "clean"]
    parts = {"train+dev": [r for r in mlqe if r.get("split") in ("train", "dev")],
             "test20": [r for r in mlqe if r.get("split") == "test20"]}
    print(f"{len(mlqe)} labelled MLQE candidates ({sum(r['label'] for r in mlqe)} lowercased "
          f"by post-editors); {len(clean)} clean candidates in {words:,} words")
    for shifted in (True, False):
        print("\nthreshold shifted by heuristic confidence (mtcheck's rule)" if shifted
              else "\none threshold for every candidate")
        print("threshold  " + "  ".join(f"{name:>22}" for name in parts) + "  clean/10k")
        for threshold in (4.0, 5.0, 5.5, 6.0, 6.5, 7.0, 8.0):
            cells = []
            for part in parts.values():
                kept = [r for r in part if r["margin"] >= _required(r, threshold, shifted)]
                tp = sum(r["label"] for r in kept)
                positives = sum(r["label"] for r in part)
                precision = tp / len(kept) if kept else 1.0
                cells.append(f"P {precision:.2f} R {tp / max(positives, 1):.3f} "
                             f"({tp}/{len(kept)})")
            false_clean = sum(1 for r in clean if r["margin"] >= _required(r, threshold, shifted))
            mark = " <- default" if shifted and threshold == lm.DEFAULT_THRESHOLD else ""
            print(f"{threshold:9.1f}  " + "  ".join(f"{c:>22}" for c in cells)
                  + f"  {false_clean * 10000 / max(words, 1):9.2f}{mark}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--split", default="all", help="MLQE-PE split: train, dev, test20, all")
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
