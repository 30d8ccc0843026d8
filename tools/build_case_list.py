"""Build mtcheck/data/usually_capitalised.txt from human-edited English.

Counts, for every word, how often it appears capitalised and how often in lower case inside
sentences (never the first word) in the post-edits of the MLQE-PE *train* split (CC0; human
post-edited Wikipedia English). Words capitalised in at least 60% of at least 2 mid-sentence
uses are names or name parts for the purposes of MT101 ("China", "Tibet", "Institute").
The dev/test splits are left out, so benchmarks/accuracy.py measures on unseen text.

Usage: python tools/build_case_list.py [../shared/data]
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORD = re.compile(r"(?<![\w.])([A-Za-z][a-z]+)(?![\w'’-])")
SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“(\[•]\s*)$")


def main() -> int:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data"
    capital: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for path in sorted((data / "mlqe-pe").glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                if row["split"] != "train":
                    continue
                text = row["pe_detok"]
                for match in WORD.finditer(text):
                    if SENTENCE_START.search(text[max(0, match.start() - 3) : match.start()]):
                        continue
                    word = match.group(1)
                    if word[0].isupper():
                        capital[word.lower()] += 1
                    else:
                        lower[word] += 1
    words = sorted(
        w for w, n in capital.items() if n >= 2 and n / (n + lower[w]) >= 0.6
    )
    out = ROOT / "mtcheck" / "data" / "usually_capitalised.txt"
    header = ("# Words that human-edited English capitalises inside sentences at least 60% of\n"
              "# the time (MLQE-PE train post-edits, CC0). Built by tools/build_case_list.py.\n")
    out.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} words -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
