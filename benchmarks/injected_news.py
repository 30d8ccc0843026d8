"""MT101/MT102 on edited news with machine-translation capitals put in: recall, precision, fixes.

The issue's held-back set (real machine-translated news with labels) is not here, so this is
the nearest measurable stand-in. The GUM news articles (edited Wikinews English, full of names)
get the two marks of the seed article, at random places chosen with a fixed seed:

* ``capital``: a lowercase word in mid-sentence gets a capital ("is Withdrawal of",
  "forces Including the"), counted apart for function words and other words;
* ``joined``: the full stop between two sentences is dropped ("ISIS In a historical
  position"), where the second sentence starts with a word that is lowercase in mid-sentence.

A flag on a mark is a hit; any other MT101/MT102 flag is a false alarm (on the article's own
words). A hit's first fix is right when it gives back the article as written.

Usage: python benchmarks/injected_news.py [--data ../shared/data] [--lm] [--repeats N]
       [--rate R] [--joined-share S] [--show N] [--json]
Needs ../shared/data (not shipped with mtcheck); prints "skipped" without it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy import CAPITAL_CODES, DEFAULT_DATA, build_options

import mtcheck
from mtcheck import lexicon
from mtcheck.documents import parse
from mtcheck.engine import CheckOptions
from mtcheck.fixer import apply_edits
from mtcheck.words import find_words

# A capital after these is the author's (a quotation, a title after a colon, a list).
_OPENS_SOMETHING = tuple(":;\"'“‘(«[-–—/")


@dataclass(frozen=True)
class Mark:
    """One mark put into an article: where the changed word starts, and how to undo it."""

    kind: str  # "capital: function word", "capital: other word" or "joined"
    word_start: int  # in the marked text
    undo_start: int
    undo_end: int
    undo_text: str


def read_articles(data: Path) -> list[str]:
    with gzip.open(data / "clean-en" / "gum.jsonl.gz", "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    articles: dict[str, list[str]] = {}
    for row in rows:
        if row["doc"].startswith("GUM_news"):
            articles.setdefault(row["doc"], []).append(row["text"])
    return ["\n\n".join(paragraphs) for paragraphs in articles.values()]


def _lowercase_word(word: str) -> bool:
    return word.isalpha() and word.islower() and len(word) > 1


def put_marks(text: str, rng: random.Random, rate: float, joined_share: float = 0.25
              ) -> tuple[str, list[Mark]]:
    """``text`` with a mark in about ``rate`` of its sentences, and the marks: a lost full
    stop in about ``joined_share`` of them (where the next sentence opens with a function
    word), a capital in the others."""
    sentences = parse(text, "text", "<article>").sentences
    edits: list[tuple[int, int, str, str]] = []  # start, end, new text, kind
    for number, sentence in enumerate(sentences):
        if rng.random() >= rate:
            continue
        words = find_words(text, sentence.span.start, sentence.span.end)
        previous = sentences[number - 1] if number else None
        if (rng.random() < joined_share and previous is not None and words
                and text[previous.span.end - 1] == "." and _lowercase_word(words[0].text.lower())
                and text[previous.span.end:words[0].start] == " "
                and words[0].text.lower() in lexicon.function_words()):
            edits.append((previous.span.end - 1, previous.span.end, "", "joined"))
            continue
        choices = [w for before, w in pairwise(words) if _lowercase_word(w.text)
                   and not text[before.end:w.start].rstrip().endswith(_OPENS_SOMETHING)]
        if choices:
            word = rng.choice(choices)
            kind = ("capital: function word" if word.text in lexicon.function_words()
                    else "capital: other word")
            edits.append((word.start, word.start + 1, word.text[0].upper(), kind))
    marked, marks, shift = [], [], 0
    cursor = 0
    for start, end, new, kind in edits:
        marked.append(text[cursor:start])
        old = text[start:end]
        at = start + shift
        marked.append(new)
        word_start = at + 1 if kind == "joined" else at  # the capital after the lost stop
        marks.append(Mark(kind, word_start, at, at + len(new), old))
        shift += len(new) - len(old)
        cursor = end
    marked.append(text[cursor:])
    return "".join(marked), marks


def score(articles: list[str], options: CheckOptions, repeats: int, rate: float,
          show: int, joined_share: float = 0.25) -> dict[str, object]:
    marks_by_kind: Counter[str] = Counter()
    hits_by_kind: Counter[str] = Counter()
    right_fixes = false_alarms = 0
    examples: dict[str, list[str]] = {"missed": [], "false alarm": [], "wrong fix": []}
    for repeat in range(repeats):
        rng = random.Random(repeat)
        for article in articles:
            marked, marks = put_marks(article, rng, rate, joined_share)
            by_word = {mark.word_start: mark for mark in marks}
            found = set()
            for finding in mtcheck.check(marked, options=options):
                if finding.code not in CAPITAL_CODES:
                    continue
                context = marked[max(0, finding.start - 50): finding.end + 30].replace("\n", " ")
                mark = by_word.get(finding.start)
                if mark is None:
                    false_alarms += 1
                    examples["false alarm"].append(f"{finding.code} …{context}…")
                    continue
                found.add(mark.word_start)
                hits_by_kind[mark.kind] += 1
                undone = (marked[: mark.undo_start] + mark.undo_text + marked[mark.undo_end :])
                if finding.fixes and apply_edits(marked, finding.fixes[0].edits) == undone:
                    right_fixes += 1
                else:
                    examples["wrong fix"].append(f"{finding.code} …{context}…")
            for mark in marks:
                marks_by_kind[mark.kind] += 1
                if mark.word_start not in found:
                    context = marked[max(0, mark.word_start - 50): mark.word_start + 30]
                    examples["missed"].append(f"{mark.kind}: …{context.replace(chr(10), ' ')}…")
    hits = sum(hits_by_kind.values())
    marks_total = sum(marks_by_kind.values())
    result: dict[str, object] = {
        "articles": len(articles), "repeats": repeats, "marks": marks_total, "hits": hits,
        "false_alarms": false_alarms,
        "precision": round(hits / max(hits + false_alarms, 1), 3),
        "recall": round(hits / max(marks_total, 1), 3),
        "first_fix_right": round(right_fixes / max(hits, 1), 3),
        "recall_by_kind": {kind: f"{hits_by_kind[kind]}/{count}"
                           for kind, count in sorted(marks_by_kind.items())},
    }
    if show:
        result["examples"] = {kind: items[:show] for kind, items in examples.items()}
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--lm", action="store_true", help="verify with the language model")
    parser.add_argument("--model", default=None,
                        help="with --lm: a model directory or GGUF file instead of the default")
    parser.add_argument("--repeats", type=int, default=3, help="passes, each with its own marks")
    parser.add_argument("--rate", type=float, default=0.3, help="share of sentences marked")
    parser.add_argument("--joined-share", type=float, default=0.25,
                        help="share of marks that are lost full stops (1: text that has lost"
                             " many in a row)")
    parser.add_argument("--show", type=int, default=0, help="print N examples of each error")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    if not (args.data / "clean-en" / "gum.jsonl.gz").is_file():
        print(f"skipped: no data at {args.data}")
        return 0
    options, name = build_options(args.lm, args.model)
    started = time.perf_counter()
    result = {"mode": name, **score(read_articles(args.data), options, args.repeats, args.rate,
                                    args.show, args.joined_share)}
    result["seconds"] = round(time.perf_counter() - started, 1)
    examples = result.pop("examples", {})
    if args.json:
        print(json.dumps(result))
    else:
        print(f"mode: {name}; {result['articles']} GUM news articles x {args.repeats}, "
              f"{result['marks']} marks")
        print(f"MT1xx precision {result['precision']:.3f} recall {result['recall']:.3f} "
              f"(hits {result['hits']}, false alarms {result['false_alarms']}); "
              f"first fix right {result['first_fix_right']:.3f}")
        print("recall by kind: " + ", ".join(
            f"{kind} {value}" for kind, value in result["recall_by_kind"].items()))
        print(f"time: {result['seconds']} s")
    for kind, items in examples.items():
        for item in items:
            print(f"  {kind}: {item}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
