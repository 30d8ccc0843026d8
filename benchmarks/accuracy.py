"""Accuracy of the capital rules (MT101/MT102) on real data, with and without the model.

* Precision and recall against MLQE-PE post-edits, labelled as ``mtcheck eval`` labels them: a
  capitalised, non-initial word of the MT is a *positive* when the post-editor lowercased it
  (at an aligned position), a *negative* when the post-edit keeps it capitalised, and
  unlabelled when the post-editor rewrote it or started a new sentence there.
* With ``--accept``, the same on ACCEPT fr-en (forum posts on Norton products, 4,666 segments,
  two post-edits each): lowercased by either post-editor is a positive, kept by both a
  negative.
* False flags per 10,000 words on clean edited English (GUM, WikiText-2): every flag there is
  a false alarm. Each paragraph is checked on its own (the unit of the README's figures since
  the second session), or with ``--by-document`` each article whole, as a user checks a file.

* With ``--lm --awkward-words N``: MT901 (awkward-sentence) flags in the first N clean words.

Usage: python benchmarks/accuracy.py [--data ../shared/data] [--lm] [--limit N] [--show N]
       [--clean-words N] [--by-document] [--accept] [--awkward-words N] [--json]
Needs ../shared/data (not shipped with mtcheck); prints "skipped" without it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from false_flags import clean_documents

import mtcheck
from mtcheck import evaluate
from mtcheck.engine import CheckOptions

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"
CAPITAL_CODES = ("MT101", "MT102")


@dataclass
class Tally:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    unlabelled_flags: int = 0
    examples: dict[str, list[str]] = field(default_factory=lambda: {"fp": [], "fn": [], "tp": []})

    @property
    def precision(self) -> float:
        flagged = self.true_positive + self.false_positive
        return self.true_positive / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positive + self.false_negative
        return self.true_positive / wanted if wanted else 1.0


def capital_labels(mt: str, pe: str | list[str]) -> dict[int, bool]:
    """Start offset in ``mt`` of each capitalised mid-sentence word -> lowercased by the editor?

    The labelling ``mtcheck eval`` uses (``mtcheck.evaluate.capital_labels``), without the
    words the post-editor rewrote or started a new sentence with. With several post-edits a
    word is lowercased if any of them lowercases it.
    """
    references = [pe] if isinstance(pe, str) else pe
    return {start: label for start, label in evaluate.capital_labels(mt, references).items()
            if label is not None}


def read_mlqe(data: Path, pair: str, limit: int | None) -> Iterator[tuple[str, str]]:
    with gzip.open(data / "mlqe-pe" / f"{pair}.jsonl.gz", "rt", encoding="utf-8") as handle:
        for n, line in enumerate(handle):
            if limit and n >= limit:
                break
            row = json.loads(line)
            yield row["mt"], row["pe_detok"]


def read_accept(data: Path) -> Iterator[tuple[str, list[str]]]:
    """ACCEPT fr-en: each machine translation with its two post-edits."""
    def lines(name: str) -> list[str]:
        with gzip.open(data / "accept-edinpe-fren" / name, "rt", encoding="utf-8") as handle:
            return handle.read().splitlines()

    mt, first, second = (lines(f"edinpe.{part}.en.gz") for part in ("mt", "ref0", "ref1"))
    for segment, *post_edits in zip(mt, first, second, strict=True):
        if segment.strip():
            yield segment, post_edits


def read_clean(data: Path, limit_words: int | None, *, by_document: bool = False
               ) -> Iterator[str]:
    """The clean-en texts, paragraph by paragraph (or article by article, ``by_document``, as
    ``false_flags.clean_documents`` joins them), until ``limit_words`` words have been read."""
    texts = ((text for _, text in clean_documents(data)) if by_document
             else _clean_paragraphs(data))
    words = 0
    for text in texts:
        words += len(text.split())
        yield text
        if limit_words and words >= limit_words:
            return


def _clean_paragraphs(data: Path) -> Iterator[str]:
    for name in ("gum.jsonl.gz", "wikitext2-test.jsonl.gz"):
        with gzip.open(data / "clean-en" / name, "rt", encoding="utf-8") as handle:
            for line in handle:
                yield json.loads(line)["text"]


def score_mlqe(data: Path, pair: str, options: CheckOptions, limit: int | None) -> Tally:
    return score_post_edits(read_mlqe(data, pair, limit), options)


def score_post_edits(segments: Iterable[tuple[str, str | list[str]]], options: CheckOptions
                     ) -> Tally:
    """MT1xx precision and recall on ``(mt, post-edit or post-edits)`` segments."""
    tally = Tally()
    for mt, pe in segments:
        labels = capital_labels(mt, pe)
        flagged = {f.start for f in mtcheck.check(mt, options=options) if f.code in CAPITAL_CODES}
        for start, lowered in labels.items():
            word = mt[start:].split(" ", 1)[0]
            hit = start in flagged
            if lowered and hit:
                tally.true_positive += 1
                tally.examples["tp"].append(f"{word} | {mt}")
            elif lowered:
                tally.false_negative += 1
                tally.examples["fn"].append(f"{word} | {mt}")
            elif hit:
                tally.false_positive += 1
                edits = pe if isinstance(pe, str) else " || ".join(pe)
                tally.examples["fp"].append(f"{word} | {mt} || {edits}")
        tally.unlabelled_flags += len(flagged - set(labels))
    return tally


def score_clean(data: Path, options: CheckOptions, limit_words: int | None,
                codes: tuple[str, ...] = CAPITAL_CODES, *, by_document: bool = False
                ) -> tuple[int, int, list[str]]:
    words = flags = 0
    examples = []
    for text in read_clean(data, limit_words, by_document=by_document):
        words += len(text.split())
        for finding in mtcheck.check(text, options=options):
            if finding.code in codes:
                flags += 1
                left = max(0, finding.start - 60)
                examples.append(f"{finding.code} {text[finding.start:finding.end]!r}: "
                                f"…{text[left:finding.end + 40]}…")
    return words, flags, examples


def build_options(use_lm: bool, model_path: str | None = None) -> tuple[CheckOptions, str]:
    """Capital rules alone, or verified by the default model (or ``model_path``)."""
    if not use_lm:
        return CheckOptions(select=CAPITAL_CODES), "heuristics"
    from mtcheck import lm

    model = lm.ScoringModel.load(model_path)
    return CheckOptions(select=CAPITAL_CODES, verifier=lm.make_verifier(model)), model.name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--lm", action="store_true", help="verify with the language model")
    parser.add_argument("--model", default=None,
                        help="with --lm: a model directory or GGUF file instead of the default")
    parser.add_argument("--limit", type=int, default=None, help="segments per MLQE-PE pair")
    parser.add_argument("--clean-words", type=int, default=None, help="clean-en words to read")
    parser.add_argument("--by-document", action="store_true",
                        help="check each clean-en article whole, not paragraph by paragraph")
    parser.add_argument("--accept", action="store_true",
                        help="also score ACCEPT fr-en against its two post-edits")
    parser.add_argument("--awkward-words", type=int, default=0,
                        help="with --lm: also count MT901 flags in the first N clean-en words")
    parser.add_argument("--show", type=int, default=0, help="print N examples of each error")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    if not (args.data / "mlqe-pe").is_dir():
        print(f"skipped: no data at {args.data}")
        return 0
    options, name = build_options(args.lm, args.model)
    results: dict[str, object] = {"mode": name}
    started = time.perf_counter()
    pairs = ["ne-en", "si-en", *(["accept-fr-en"] if args.accept else [])]
    for pair in pairs:
        tally = (score_post_edits(read_accept(args.data), options) if pair == "accept-fr-en"
                 else score_mlqe(args.data, pair, options, args.limit))
        results[pair] = {"precision": round(tally.precision, 3), "recall": round(tally.recall, 3),
                         "tp": tally.true_positive, "fp": tally.false_positive,
                         "fn": tally.false_negative, "unlabelled_flags": tally.unlabelled_flags}
        if args.show:
            for kind in ("fp", "fn"):
                for example in tally.examples[kind][: args.show]:
                    print(f"  {pair} {kind}: {example}", file=sys.stderr)
    words, flags, examples = score_clean(args.data, options, args.clean_words,
                                         by_document=args.by_document)
    results["clean-en"] = {"unit": "article" if args.by_document else "paragraph",
                           "words": words, "false_flags": flags,
                           "per_10k_words": round(flags * 10000 / max(words, 1), 2)}
    for example in examples[: args.show]:
        print(f"  clean fp: {example}", file=sys.stderr)
    if args.lm and args.awkward_words:
        awkward = replace(options, select=("MT901",))
        words, flags, examples = score_clean(args.data, awkward, args.awkward_words, ("MT901",))
        results["clean-en MT901"] = {"words": words, "flags": flags,
                                     "per_5k_words": round(flags * 5000 / max(words, 1), 2)}
        for example in examples[: args.show]:
            print(f"  clean MT901: {example}", file=sys.stderr)
    results["seconds"] = round(time.perf_counter() - started, 1)
    if args.json:
        print(json.dumps(results))
    else:
        print(f"mode: {name}")
        for pair in pairs:
            r = results[pair]
            assert isinstance(r, dict)
            print(f"{pair}: precision {r['precision']:.3f} recall {r['recall']:.3f} "
                  f"(tp {r['tp']}, fp {r['fp']}, fn {r['fn']})")
        c = results["clean-en"]
        assert isinstance(c, dict)
        print(f"clean-en ({c['unit']} by {c['unit']}): {c['false_flags']} false MT1xx flags "
              f"in {c['words']:,} words = {c['per_10k_words']:.2f} per 10k words")
        a = results.get("clean-en MT901")
        if isinstance(a, dict):
            print(f"clean-en: {a['flags']} MT901 flags in {a['words']:,} words = "
                  f"{a['per_5k_words']} per 5,000 words")
        print(f"time: {results['seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
