"""Capital flags on real zh-en machine translation, checked against expert error spans.

The WMT 2020 MQM annotations of TED talks (``shared/data/mqm-ted-zhen``: 15 systems x 529
segments, each rated by professional translators who marked every error span) are MT that
nobody tuned mtcheck on. For every distinct system output (human references excluded), this
runs the MT101/MT102 checks and asks whether each flagged word lies inside a span that some
rater marked as an error (any category, minor or major). The share inside is a lower bound on
precision: a rater may note a clumsier error nearby and leave the capital alone.

There is no recall here: the raters mark spans, not capitals, so the misses cannot be counted
without labelling by hand. ``--show`` prints the flags outside every span.

    python benchmarks/mqm_capitals.py [--lm] [--data ../shared/data] [--show] [--json]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy import CAPITAL_CODES, DEFAULT_DATA, build_options  # noqa: E402

import mtcheck  # noqa: E402

SPAN_OPEN, SPAN_CLOSE = "<v>", "</v>"
REFERENCES = frozenset({"ref", "refB"})


def read_outputs(path: Path) -> dict[str, list[tuple[int, int]]]:
    """Each distinct MT output and the error spans (character offsets) its raters marked."""
    spans: dict[str, list[tuple[int, int]]] = {}
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        for row in reader:
            if row["system"] in REFERENCES:
                continue
            target = row["target"]
            plain = target.replace(SPAN_OPEN, "").replace(SPAN_CLOSE, "")
            marked = spans.setdefault(plain, [])  # an output with no error still counts
            start = target.find(SPAN_OPEN)
            end = target.find(SPAN_CLOSE)
            if row["category"] != "No-error" and 0 <= start < end:
                marked.append((start, end - len(SPAN_OPEN)))
    return spans


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--lm", action="store_true", help="verify with the language model")
    parser.add_argument("--show", action="store_true", help="print the flags outside every span")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    path = args.data / "mqm-ted-zhen" / "mqm_ted_zhen.tsv.gz"
    if not path.is_file():
        print(f"skipped: no data at {path}")
        return 0
    options, mode = build_options(args.lm)
    started = time.perf_counter()
    outputs = read_outputs(path)
    inside: list[str] = []
    outside: list[str] = []
    for text, spans in outputs.items():
        for finding in mtcheck.check(text, options=options):
            if finding.code not in CAPITAL_CODES:
                continue
            shown = f"{finding.code} {text[finding.start:finding.end]!r}: {text}"
            if any(lo <= finding.start < hi for lo, hi in spans):
                inside.append(shown)
            else:
                outside.append(shown)
    flags = len(inside) + len(outside)
    result = {"mode": mode, "outputs": len(outputs), "flags": flags,
              "inside_error_spans": len(inside),
              "share_inside": round(len(inside) / flags, 3) if flags else None,
              "seconds": round(time.perf_counter() - started, 1)}
    if args.show:
        for line in outside:
            print(f"  outside: {line}", file=sys.stderr)
    if args.json:
        print(json.dumps(result))
    else:
        print(f"mode: {mode}; {len(outputs):,} distinct MT outputs")
        print(f"MT101/MT102 flags: {flags}, inside an expert error span: {len(inside)} "
              f"({result['share_inside']})")
        print(f"time: {result['seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
