"""Flags per 10,000 words, per rule, on a folder of human-written Markdown or text.

Documentation written by people (not machine translated) is a second clean corpus: nearly
every flag there is a false alarm, and code-heavy text (API references, changelogs, release
notes) tries the rules' care with identifiers, types and links. With ``--fix`` it also applies
the safe fixes to each file in memory, and counts the files a fix changes and whether a second
``fix`` changes them again (it must not).

Usage: python benchmarks/folder_flags.py PATH... [--lm] [--select CODES] [--fix] [--show N]
       [--json]
The README's figures come from the Markdown files on the development machine:
python benchmarks/folder_flags.py /usr/share/doc /usr/lib/node_modules /usr/lib/jvm \
    /usr/lib/google-cloud-sdk /root/.rustup/toolchains /root/.pyenv /work/venv/lib
(files over 2,000 bytes, as the probe that found them took them; ``--min-bytes``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import mtcheck
from mtcheck.engine import CheckOptions


def markdown_files(roots: list[Path], min_bytes: int) -> Iterator[Path]:
    """Each ``*.md`` file under ``roots`` of at least ``min_bytes``, in a stable order, each
    real file once (the same file is often reachable by two paths)."""
    seen: set[Path] = set()
    for root in roots:
        found = [root] if root.is_file() else sorted(root.rglob("*.md"))
        for path in found:
            try:
                real = path.resolve()
                if real in seen or not real.is_file() or real.stat().st_size < min_bytes:
                    continue
            except OSError:
                continue
            seen.add(real)
            yield path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--lm", action="store_true", help="verify with the language model")
    parser.add_argument("--select", default="", help="comma-separated codes or prefixes")
    parser.add_argument("--fix", action="store_true", help="also apply the safe fixes")
    parser.add_argument("--min-bytes", type=int, default=2000)
    parser.add_argument("--show", type=int, default=0, help="print N examples of each code")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    options = CheckOptions(select=tuple(c for c in args.select.split(",") if c))
    name = "heuristics"
    if args.lm:
        from mtcheck import lm

        model = lm.ScoringModel.load(None)
        options = CheckOptions(select=options.select, verifier=lm.make_verifier(model))
        name = model.name
    files = words = changed = unstable = unreadable = 0
    counts: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    started = time.perf_counter()
    for path in markdown_files(args.paths, args.min_bytes):
        try:
            report = mtcheck.check_file(path, options)
        except mtcheck.InputError:
            unreadable += 1
            continue
        files += 1
        words += len(report.text.split())
        for finding in report.findings:
            counts[finding.code] += 1
            shown = examples.setdefault(finding.code, [])
            if len(shown) < args.show:
                left = max(0, finding.start - 50)
                context = report.text[left:finding.end + 30].replace("\n", " ")
                shown.append(f"{os.fspath(path)}: …{context}…")
        if args.fix:
            once = mtcheck.fix(report.text, format=report.format, options=options).text
            changed += once != report.text
            twice = mtcheck.fix(once, format=report.format, options=options).text
            unstable += twice != once
    seconds = time.perf_counter() - started
    per_10k = {code: round(n * 10_000 / max(words, 1), 2) for code, n in sorted(counts.items())}
    results: dict[str, object] = {
        "mode": name, "files": files, "unreadable": unreadable, "words": words,
        "flags": dict(sorted(counts.items())), "per_10k_words": per_10k,
        "all_per_10k_words": round(sum(counts.values()) * 10_000 / max(words, 1), 2),
        "seconds": round(seconds, 1)}
    if args.fix:
        results.update(changed_by_fix=changed, changed_by_second_fix=unstable)
    if args.json:
        print(json.dumps(results))
        return 0
    print(f"mode: {name}; {files} files, {words:,} words ({unreadable} unreadable)")
    for code, n in sorted(counts.items()):
        print(f"{code}  {n:6}  {per_10k[code]:6.2f} per 10k words")
        for example in examples.get(code, []):
            print(f"    {example}")
    print(f"all    {sum(counts.values()):6}  {results['all_per_10k_words']:6.2f} per 10k words")
    if args.fix:
        print(f"safe fixes changed {changed} files; a second fix changed {unstable}")
    print(f"time: {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
