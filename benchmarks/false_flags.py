"""False flags per 10,000 words, per rule, on clean edited English; hits on real MT output.

* clean-en (GUM, WikiText-2): professionally edited English, so every flag is a false alarm.
  Paragraphs of one source document are joined (blank line between) and checked as one
  document, as a user would check an article.
* MT data (when present): MLQE-PE machine translations (one sentence each) and the ACCEPT
  fr-en forum MT (tokenised, one segment a line): how many findings each rule makes there,
  and how many on the post-edited side, as a rough sign that the rules catch MT marks.

Usage: python benchmarks/false_flags.py [--data ../shared/data] [--codes MT2,MT3,MT4]
       [--show N] [--json] [--mt-limit N]
Needs ../shared/data (not shipped with mtcheck); prints "skipped" without it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

import mtcheck
from mtcheck.engine import CheckOptions
from mtcheck.rules import all_rules

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"
DEFAULT_CODES = ("MT103", "MT2", "MT3", "MT4")


def clean_documents(data: Path) -> Iterator[tuple[str, str]]:
    """(name, text) of each clean-en source document, paragraphs joined by blank lines."""
    for name in ("gum.jsonl.gz", "wikitext2-test.jsonl.gz"):
        documents: dict[str, list[str]] = defaultdict(list)
        with gzip.open(data / "clean-en" / name, "rt", encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                key = str(row.get("doc") or row.get("article") or len(documents))
                documents[key].append(row["text"])
        for key, paragraphs in documents.items():
            yield f"{name}:{key}", "\n\n".join(paragraphs)


def mt_segments(data: Path, limit: int | None) -> Iterator[tuple[str, str, str]]:
    """(corpus, machine translation, post-edit) pairs from MLQE-PE and ACCEPT edinpe."""
    for pair in ("et-en", "ne-en", "ro-en", "ru-en", "si-en"):
        path = data / "mlqe-pe" / f"{pair}.jsonl.gz"
        if not path.exists():
            continue
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for n, line in enumerate(handle):
                if limit and n >= limit:
                    break
                row = json.loads(line)
                yield f"mlqe-{pair}", row["mt"], row["pe_detok"]
    base = data / "accept-edinpe-fren"
    if (base / "edinpe.mt.en.gz").exists():
        with gzip.open(base / "edinpe.mt.en.gz", "rt", encoding="utf-8") as mt, gzip.open(
                base / "edinpe.ref0.en.gz", "rt", encoding="utf-8") as ref:
            for n, (line, post_edit) in enumerate(zip(mt, ref, strict=True)):
                if limit and n >= limit:
                    break
                yield "accept-fren", line.rstrip("\n"), post_edit.rstrip("\n")


def score_clean(data: Path, options: CheckOptions, show: int) -> dict[str, object]:
    words = 0
    flags: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    for name, text in clean_documents(data):
        words += len(text.split())
        for finding in mtcheck.check(text, options=options):
            flags[finding.code] += 1
            if len(examples[finding.code]) < show:
                left = max(0, finding.start - 50)
                snippet = text[left:finding.end + 30].replace("\n", " ")
                examples[finding.code].append(f"{finding.code} {name}: …{snippet}…")
    codes = [rule.code for rule in options.rules()]
    per_rule = {code: {"false_flags": flags[code],
                       "per_10k_words": round(flags[code] * 10_000 / max(words, 1), 2)}
                for code in codes}
    total = sum(flags.values())
    # The budget for the MT2xx-MT4xx rules together: 1 per 10,000 words.
    marks = sum(count for code, count in flags.items() if code[2] in "234")
    return {"words": words, "rules": per_rule, "false_flags": total,
            "per_10k_words": round(total * 10_000 / max(words, 1), 2),
            "mt2xx_mt4xx_per_10k_words": round(marks * 10_000 / max(words, 1), 2),
            "examples": {code: examples[code] for code in codes if examples[code]}}


def score_mt(data: Path, options: CheckOptions, limit: int | None) -> dict[str, object]:
    hits: dict[str, Counter[str]] = defaultdict(Counter)
    segments: Counter[str] = Counter()
    for corpus, mt, post_edit in mt_segments(data, limit):
        segments[corpus] += 1
        for finding in mtcheck.check(mt, options=options):
            hits[corpus][f"{finding.code} mt"] += 1
        for finding in mtcheck.check(post_edit, options=options):
            hits[corpus][f"{finding.code} post-edit"] += 1
    return {corpus: {"segments": segments[corpus], "hits": dict(sorted(hits[corpus].items()))}
            for corpus in segments}


def markdown_table(results: dict[str, object]) -> str:
    """The per-rule figures as a Markdown table (for benchmarks/run_all.py)."""
    clean = results["clean-en"]
    assert isinstance(clean, dict)
    mt = results.get("mt") or {}
    assert isinstance(mt, dict)
    header = "| rule | clean-en false flags per 10k words | MT hits (mt / post-edit) |"
    lines = [f"clean-en: {clean['words']:,} words.", "", header, "|---|---|---|"]
    for code, row in clean["rules"].items():
        mt_hits = sum(r["hits"].get(f"{code} mt", 0) for r in mt.values())
        pe_hits = sum(r["hits"].get(f"{code} post-edit", 0) for r in mt.values())
        lines.append(f"| {code} | {row['per_10k_words']:.2f} ({row['false_flags']}) | "
                     f"{mt_hits} / {pe_hits} |")
    lines.append(f"| MT2xx-MT4xx | {clean['mt2xx_mt4xx_per_10k_words']:.2f} | |")
    lines.append(f"| all | {clean['per_10k_words']:.2f} ({clean['false_flags']}) | |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--codes", default=",".join(DEFAULT_CODES),
                        help="rule codes or prefixes to measure (default: MT103,MT2,MT3,MT4)")
    parser.add_argument("--show", type=int, default=0, help="print N false flags per rule")
    parser.add_argument("--mt-limit", type=int, default=None, help="segments per MT corpus")
    parser.add_argument("--no-mt", action="store_true", help="skip the MT corpora")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    if not (args.data / "clean-en").is_dir():
        print(f"skipped: no data at {args.data}")
        return 0
    options = CheckOptions(select=tuple(c.strip() for c in args.codes.split(",") if c.strip()))
    if not options.rules():
        print(f"no rule matches {args.codes!r}; known: "
              f"{', '.join(r.code for r in all_rules())}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    results: dict[str, object] = {"clean-en": score_clean(args.data, options, args.show)}
    if not args.no_mt:
        results["mt"] = score_mt(args.data, options, args.mt_limit)
    results["seconds"] = round(time.perf_counter() - started, 1)
    if args.json:
        results["markdown"] = markdown_table(results)
        print(json.dumps(results))
        return 0
    clean = results["clean-en"]
    assert isinstance(clean, dict)
    print(f"clean-en: {clean['words']:,} words; false flags per 10,000 words:")
    for code, row in clean["rules"].items():
        print(f"  {code}: {row['per_10k_words']:5.2f}  ({row['false_flags']} flags)")
    print(f"  MT2xx-MT4xx: {clean['mt2xx_mt4xx_per_10k_words']:5.2f}")
    print(f"  all:   {clean['per_10k_words']:5.2f}  ({clean['false_flags']} flags)")
    for lines in clean["examples"].values():
        for line in lines:
            print(f"    {line}")
    for corpus, row in (results.get("mt") or {}).items():
        hits = ", ".join(f"{key} {value}" for key, value in row["hits"].items()) or "none"
        print(f"{corpus} ({row['segments']} segments): {hits}")
    print(f"time: {results['seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
