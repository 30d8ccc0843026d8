"""Hostile text: check time against input size, to show that mtcheck stays linear.

Each case builds an adversarial document of about ``n`` characters: long runs that make a
careless regular expression rescan from every position (full stops with no space after
them, one endless word, blanks with no line break), and CommonMark's pathological inputs
(the cmark suite's nested brackets, unclosed emphasis and links, deep quotes and lists).
For each case and size the table shows seconds for ``mtcheck.check`` (no language model),
or with ``--fix`` for ``mtcheck.fix`` (every pass of checks, and Markdown's structure guard);
``x`` is the time ratio of the largest size to the size ten times smaller: about 10 for
linear time, about 100 for quadratic.

Usage: python benchmarks/bench_hostile.py [--sizes 10k,100k,1M] [--case NAME] [--format text]
                                          [--repeat 3] [--fix]

The test suite imports :data:`HOSTILE` and runs every case at a small size
(tests/test_regex_safety.py).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import mtcheck  # noqa: E402


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda n: unit * max(1, n // len(unit))


def _run(body: str, tail: str = "") -> Callable[[int], str]:
    """``body`` repeated to ``n`` characters, then ``tail`` (the character that fails)."""
    return lambda n: body * max(1, (n - len(tail)) // len(body)) + tail


def _nested_list(n: int) -> str:
    lines, depth = [], 0
    while sum(len(line) + 1 for line in lines) < n:
        lines.append("  " * (depth % 200) + "* Item The word")
        depth += 1
    return "\n".join(lines)


def _growing_backticks(n: int) -> str:
    pieces, size, ticks = [], 0, 1
    while size < n:
        piece = "e" + "`" * (ticks % 300)
        pieces.append(piece)
        size += len(piece)
        ticks += 1
    return "".join(pieces)


def _unknown_words(n: int) -> str:
    """Different words that are no English ("zorbabc", "zorbabd", ...), each counted in the
    text as a possible untranslated fragment."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = ("zorb" + letters[i // 676 % 26] + letters[i // 26 % 26] + letters[i % 26]
             for i in range(n // 8))
    return "The " + " ".join(words) + "."


def _nested(open_: str, middle: str, close: str) -> Callable[[int], str]:
    return lambda n: open_ * (n // (len(open_) + len(close))) + middle + close * (
        n // (len(open_) + len(close)))


# name -> builder of an adversarial text of about n characters. Checked as plain text and as
# Markdown alike: a hostile pull request can put anything in either.
HOSTILE: dict[str, Callable[[int], str]] = {
    # Runs that fail at their end: the classic quadratic regex shapes.
    "one-long-word": _run("a", "!"),
    "one-long-capitalised-word": lambda n: "A" + "b" * (n - 2) + "!",
    "full-stops": _run(".", "x"),
    "full-stops-and-quotes": _run(".”", "x"),
    "sentence-punctuation": _run("!?…", "x"),
    "blanks-in-a-line": lambda n: "a" + " " * (n - 2) + "b",
    "tabs-and-spaces": _run(" \t", "x"),
    "blank-line-of-spaces": _run(" "),
    "blank-lines": _run("\n"),
    "crlf-lines": _run("A\r\n"),
    "lone-cr-lines": _run("The\r"),
    "unicode-line-separators": _run("a\u2028The "),
    "dotted-word": _run("a.", "!"),
    "hyphenated-word": _run("a-", "!"),
    "apostrophes": _run("a'", "!"),
    "email-without-at": _run("a+b.", " x"),
    "email-at-chain": _run("a@b-", " x"),
    "url-prefixes": _run("http:/", "x"),
    "www-chain": _run("www.", " x"),
    "opening-quotes": _run("a “"),
    "straight-quotes": _run("a 'b "),
    "double-quotes": _run('"'),
    "brackets": _run("(["),
    # Words: no punctuation at all, capitals everywhere, sentence-like shapes.
    "words-without-punctuation": _run("word "),
    "capitalised-words": _run("The "),
    "alternating-capitals": _run("the Of "),
    "capital-after-name": _run("ISIS In "),
    "numbers-then-capitals": lambda n: "1 " * (n // 4) + "Wilson Or The " * (n // 28),
    "lines-of-capitals": _run("Word x\n"),
    "abbreviations": _run("U.S. Mr. a.m. "),
    "initials": _run("A. "),
    "datelines": _run("BAGHDAD - "),
    "colons": _run(": The "),
    "directive-lookalikes": _run("# mtcheck: \n"),
    "combining-marks": _run("a\u0301"),
    "right-to-left-marks": _run(".\u200fThe "),
    "emoji": _run("\U0001f600 The "),
    # CommonMark's pathological cases (cmark test/pathological_tests.py) and their kin.
    "nested-emphasis": lambda n: "*a **a " * (n // 14) + "b" + " a** a*" * (n // 14),
    "emphasis-closers-without-openers": _run("a_ "),
    "emphasis-openers-without-closers": _run("_a "),
    "link-closers-without-openers": _run("a]"),
    "link-openers-without-closers": _run("[a"),
    "mismatched-emphasis": _run("*a_ "),
    "emphasis-multiple-of-3": lambda n: "a**b" + "c* " * (n // 3),
    "link-openers-and-emphasis-closers": _run("[ a_"),
    "hard-link-emphasis": _run("[ (]("),
    "nested-brackets": _nested("[", "a", "]"),
    "nested-parentheses-link": lambda n: "[a](" + "(" * (n // 2) + "b" + ")" * (n // 2) + ")",
    "nested-block-quotes": lambda n: "> " * (n // 2) + "a",
    "nested-lists": _nested_list,
    "growing-backticks": _growing_backticks,
    "unclosed-link-destination": _run("[a](<b"),
    "unclosed-link-title": _run('[a](b "'),
    "reference-expansion": lambda n: "[x]: /u\n\n" + "[x]" * (n // 3),
    "html-comment-openers": _run("<!--"),
    "html-openers": _run("<a "),
    "autolink-openers": _run("<http://"),
    "entities": _run("&copy; The "),
    "escapes": _run("\\* The "),
    "heading-markers": _run("#"),
    "setext-underlines": _run("A\n==\n"),
    "unterminated-front-matter": lambda n: "---\n" + "a: b\n" * (n // 5),
    "fence-openers": _run("```\n"),
    "inline-code-openers": _run("`a "),
    "hard-breaks": _run("a  \n"),
    "html-line-breaks": _run("Share on Twitter <br> some text "),
    "leftover-links": _run("[Read more](https://x.org) <br> "),
    "spaced-linked-paragraphs": _run("The city , [Mosul](https://x.org) fell .\n\n"),
    "lowercase-sentence-starts": _run("The war went on. the talks ended. "),
    "leftovers-among-capitals": _run(
        "Forces Including the American left. Click to share on Twitter\n\n"),
    "stacked-directives": _run("<!-- mtcheck-disable-next-line MT401 -->\n", "the the end.\n"),
    "stacked-plain-directives": _run("mtcheck: ignore[MT401]\n", "the the end.\n"),
    "leftovers-among-fixes": _run("The talks in the the city went on.\n\nRead more\n\n"),
    "indented-continuations": _run("A para\n   Continued The end\n\n"),
    "table-rows": lambda n: "| a | b |\n|---|---|\n" + "| The | x |\n" * (n // 12),
    "table-pipes": _run("|"),
    "distinct-unknown-words": _unknown_words,
}

FORMATS = ("text", "markdown")


def time_check(text: str, format: str, repeat: int = 1, fix: bool = False) -> float:
    """The best of ``repeat`` timings (a shared machine adds noise, never removes it) of
    checking ``text``, or of fixing it."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        if fix:
            mtcheck.fix(text, format=format)
        else:
            mtcheck.check(text, format=format)
        best = min(best, time.perf_counter() - started)
    return best


def _parse_size(value: str) -> int:
    value = value.strip().lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(value[-1:], 1)
    return int(float(value.rstrip("km")) * factor)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,30k,100k,300k,1M",
                        help="comma-separated sizes in characters (default 10k..1M)")
    parser.add_argument("--case", action="append", help="only this case (repeatable)")
    parser.add_argument("--format", choices=FORMATS, action="append",
                        help="only this format (repeatable)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="time each run this many times and keep the best (default 1)")
    parser.add_argument("--fix", action="store_true",
                        help="time mtcheck.fix (safe fixes) instead of mtcheck.check")
    args = parser.parse_args(argv)
    sizes = [_parse_size(s) for s in args.sizes.split(",")]
    formats = args.format or list(FORMATS)
    cases = args.case or list(HOSTILE)
    mtcheck.check("Warm up the lexicon Including the word lists.")  # load data once
    header = f"{'case':<36} {'format':<9}" + "".join(f"{_label(n):>9}" for n in sizes)
    print(header + (f"{'x':>7}" if _ratio_sizes(sizes) else ""))
    worst = 0.0
    for name in cases:
        build = HOSTILE[name]
        for format in formats:
            seconds = [time_check(build(n), format, args.repeat, args.fix) for n in sizes]
            row = f"{name:<36} {format:<9}" + "".join(f"{s:>9.3f}" for s in seconds)
            pair = _ratio_sizes(sizes)
            if pair:
                ratio = seconds[sizes.index(pair[1])] / max(seconds[sizes.index(pair[0])],
                                                            1e-4)
                worst = max(worst, ratio)
                row += f"{ratio:>7.1f}"
            print(row, flush=True)
    if _ratio_sizes(sizes):
        print(f"worst ratio for 10x the size: {worst:.1f} (linear is about 10)")
    return 0


def _ratio_sizes(sizes: list[int]) -> tuple[int, int] | None:
    largest = max(sizes)
    return (largest // 10, largest) if largest // 10 in sizes else None


def _label(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1_000 and n % 1_000 == 0:
        return f"{n // 1_000}k"
    return str(n)


if __name__ == "__main__":
    sys.exit(main())
