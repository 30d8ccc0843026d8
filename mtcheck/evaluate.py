"""Evaluate mtcheck on machine translation with references (post-edits), using sacrebleu.

Two questions, answered with numbers anyone can reproduce:

* **Do the fixes make the translation better?** Corpus BLEU, chrF and TER of the MT against
  the references, before and after applying mtcheck's fixes (with sacrebleu's signatures), and
  per segment: how many the fixes changed, and how many of those moved closer to or further
  from their references (sentence chrF).
* **Does it flag the right things?** Precision and recall of the MT1xx (capital) flags against
  the case edits the references made, labelled as follows. The MT and each reference are split
  into tokens (words and punctuation marks) and aligned with :class:`difflib.SequenceMatcher`
  on their lower-cased forms. A *candidate* is an MT word that starts with a capital, is not
  all capitals (acronyms are never case errors here), and is mid-sentence: not the first token,
  and not after ``. ! ? : …`` or an opening quote or bracket. A candidate aligned to a
  reference token is a **positive** if that token is the same word starting in lower case (the
  editor lowercased it), a **negative** if it is the same word still capitalised (the editor
  kept it) — unless the reference starts a new sentence right before it, which is a sentence
  break rather than a case decision and leaves the word unlabelled. A candidate that no
  reference aligns (the editor rewrote it) is unlabelled; with several references, it is
  labelled only if the references that align it agree. A candidate is *flagged* when an
  MT1xx finding on the original MT starts at it. Then ``tp`` = flagged positives, ``fp`` =
  flagged negatives, ``fn`` = unflagged positives, ``tn`` = unflagged negatives, precision =
  tp / (tp + fp) and recall = tp / (tp + fn) (``None`` when the denominator is 0). Flags on
  unlabelled candidates, or on words that are not candidates, are counted separately.

Inputs are one segment per line, or JSONL (``.jsonl``/``.ndjson``) with an ``mt`` field in the
MT file and a ``ref`` field (a string, or a list of strings for several references) in
reference files; a JSONL MT file that carries ``ref`` needs no separate reference file. Files
may be gzip-compressed (``.gz``). Each file must be a regular file of at most
:data:`MAX_INPUT_SIZE` bytes (uncompressed). Every problem with the inputs raises
:class:`~mtcheck.documents.InputError` with a one-line message.
"""

from __future__ import annotations

import difflib
import gzip
import json
import os
import re
import stat
import zlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from mtcheck.api import read_error
from mtcheck.documents import InputError, decode, parse
from mtcheck.engine import CheckOptions, check_document
from mtcheck.fixer import fix_text
from mtcheck.model import Finding
from mtcheck.segment import abbreviations

JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
# Larger than `check`'s 10 MiB: a corpus of a few hundred thousand segments fits, while a
# device or a gzip bomb is refused before it fills the memory.
MAX_INPUT_SIZE = 64 * 1024 * 1024
# TER's cost grows with the square of a segment's length and more (sacrebleu: 13.6 s for one
# segment of 1,000 words, 65 s for 2,000, 24 GB of memory for 50,000): with a longer segment,
# TER is left out of the report, BLEU and chrF are still given.
MAX_TER_WORDS = 1000
FLAG_PREFIX = "MT1"
# A word (with inner apostrophes and hyphens) or one punctuation mark.
_TOKEN = re.compile(r"\w+(?:['’\-]\w+)*|[^\w\s]")
_SENTENCE_OPENERS = frozenset(".!?:…\"“‘«([{")
_SENTENCE_ENDS = frozenset(".!?…")


# --------------------------------------------------------------------------------------------
# Reading


@dataclass(frozen=True)
class Corpus:
    """MT segments and their references: ``refs[k][i]`` is reference ``k`` of segment ``i``."""

    mt: tuple[str, ...]
    refs: tuple[tuple[str, ...], ...]

    def __len__(self) -> int:
        return len(self.mt)

    def references(self, i: int) -> list[str]:
        return [stream[i] for stream in self.refs]


def read_corpus(mt_path: str | Path, ref_paths: Sequence[str | Path] = ()) -> Corpus:
    """Read an MT file and its reference files (see the module docstring for the formats)."""
    mt_rows = _read_rows(mt_path)
    mt = tuple(_field(row, "mt", mt_path, n) for n, row in enumerate(mt_rows, 1))
    refs: list[tuple[str, ...]] = []
    if ref_paths:
        for path in ref_paths:
            rows = _read_rows(path)
            if len(rows) != len(mt):
                raise InputError(f"{path}: {len(rows)} segments, but {mt_path} has {len(mt)}; "
                                 "line i of every file must be the same segment")
            refs.extend(_reference_streams(rows, path))
    elif mt_rows and isinstance(mt_rows[0], dict) and "ref" in mt_rows[0]:
        refs.extend(_reference_streams(mt_rows, mt_path))
    else:
        raise InputError(f"{mt_path}: no references: give --ref FILE (or JSONL rows with 'ref')")
    if not mt:
        raise InputError(f"{mt_path}: no segments")
    return Corpus(mt, tuple(refs))


Row = str | dict[str, Any]


def _read_rows(path: str | Path) -> list[Row]:
    text = _read_text(path)
    if text.endswith("\n"):
        text = text[:-1]
    lines = text.split("\n") if text else []
    lines = [line.removesuffix("\r") for line in lines]
    if not _is_jsonl(path):
        return list(lines)
    rows: list[Row] = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue  # a blank line is no row (editors leave one at the end)
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{n}: not valid JSON ({exc.msg})") from None
        except RecursionError:
            raise InputError(f"{path}:{n}: JSON nested too deeply") from None
        except ValueError:  # an integer longer than Python will convert
            raise InputError(f"{path}:{n}: JSON number too long") from None
        if not isinstance(row, dict):
            raise InputError(f"{path}:{n}: expected a JSON object, got {type(row).__name__}")
        rows.append(row)
    return rows


def _read_text(path: str | Path) -> str:
    name = str(path)
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{name}: is a directory")
        if not stat.S_ISREG(info.st_mode):
            # A pipe with no writer would block for ever; a device may never end.
            raise InputError(f"{name}: not a regular file (a pipe or a device)")
        compressed = name.lower().endswith(".gz")
        opener = gzip.open if compressed else open
        with opener(path, "rb") as handle:
            data = handle.read(MAX_INPUT_SIZE + 1)  # gzip: bounds the decompressed size
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise InputError(f"{name}: not a valid gzip file ({exc})") from None
    except OSError as exc:
        raise read_error(name, exc) from None
    if len(data) > MAX_INPUT_SIZE:
        raise InputError(f"{name}: more than {MAX_INPUT_SIZE:,} bytes"
                         + (" uncompressed" if compressed else "")
                         + ", over the limit for eval inputs")
    text, _ = decode(data, name)
    return text


def _is_jsonl(path: str | Path) -> bool:
    suffixes = [s.lower() for s in Path(path).suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return bool(suffixes) and suffixes[-1] in JSONL_SUFFIXES


def _field(row: Row, name: str, path: str | Path, line: int) -> str:
    if isinstance(row, str):
        return row
    if name not in row:
        raise InputError(f"{path}:{line}: no {name!r} field")
    value = row[name]
    if not isinstance(value, str):
        raise InputError(f"{path}:{line}: {name!r} must be a string")
    return value


def _reference_streams(rows: list[Row], path: str | Path) -> list[tuple[str, ...]]:
    """One stream per reference; a JSONL ``ref`` list gives several (all rows alike)."""
    per_row: list[list[str]] = []
    for n, row in enumerate(rows, 1):
        if isinstance(row, str):
            per_row.append([row])
            continue
        value = row.get("ref")
        if isinstance(value, str):
            per_row.append([value])
        elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            per_row.append(value)
        elif "ref" not in row:
            raise InputError(f"{path}:{n}: no 'ref' field")
        else:
            raise InputError(f"{path}:{n}: 'ref' must be a string or a list of strings")
        if len(per_row[-1]) != len(per_row[0]):
            raise InputError(f"{path}:{n}: {len(per_row[-1])} references, but line 1 has "
                             f"{len(per_row[0])}")
    if not per_row:
        return []
    return [tuple(refs[k] for refs in per_row) for k in range(len(per_row[0]))]


# --------------------------------------------------------------------------------------------
# Labelling the capitals


def tokens(text: str) -> list[tuple[str, int]]:
    """Words and punctuation marks of ``text`` with their start offsets."""
    return [(m.group(), m.start()) for m in _TOKEN.finditer(text)]


def _is_candidate(toks: list[tuple[str, int]], i: int) -> bool:
    word = toks[i][0]
    if i == 0 or not word[:1].isupper() or (len(word) > 1 and word.isupper()):
        return False
    return toks[i - 1][0] not in _SENTENCE_OPENERS


def capital_candidates(mt: str) -> list[int]:
    """Start offsets of the mid-sentence capitalised words of ``mt``."""
    toks = tokens(mt)
    return [toks[i][1] for i in range(len(toks)) if _is_candidate(toks, i)]


def capital_labels(mt: str, refs: Sequence[str]) -> dict[int, bool | None]:
    """Each candidate's start offset in ``mt`` -> True (a reference lowercased it), False
    (kept capitalised) or None (rewritten, a new sentence, or the references disagree)."""
    mt_tokens = tokens(mt)
    candidates = [i for i in range(len(mt_tokens)) if _is_candidate(mt_tokens, i)]
    votes: dict[int, set[bool]] = {i: set() for i in candidates}
    for ref in refs:
        for i, label in _labels_against(mt_tokens, candidates, tokens(ref)).items():
            votes[i].add(label)
    return {mt_tokens[i][1]: (next(iter(v)) if len(v) == 1 else None) for i, v in votes.items()}


def _labels_against(mt_tokens: list[tuple[str, int]], candidates: list[int],
                    ref_tokens: list[tuple[str, int]]) -> dict[int, bool]:
    matcher = difflib.SequenceMatcher(a=[t.lower() for t, _ in mt_tokens],
                                      b=[t.lower() for t, _ in ref_tokens], autojunk=False)
    aligned: dict[int, int] = {}
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            aligned[block.a + k] = block.b + k
    labels: dict[int, bool] = {}
    for i in candidates:
        j = aligned.get(i)
        if j is None:
            continue
        target = ref_tokens[j][0]
        if target[:1].islower():
            labels[i] = True
        elif target == mt_tokens[i][0] and not _starts_sentence(ref_tokens, j):
            labels[i] = False
    return labels


def _starts_sentence(toks: list[tuple[str, int]], j: int) -> bool:
    """Whether token ``j`` opens a sentence ("Mr. Mcmain" does not: an abbreviation)."""
    if j == 0:
        return True
    if toks[j - 1][0] not in _SENTENCE_ENDS:
        return False
    before = toks[j - 2][0] if j >= 2 else ""
    return not (toks[j - 1][0] == "." and (len(before) == 1 and before.isalpha()
                                            or before in abbreviations()))


# --------------------------------------------------------------------------------------------
# Evaluating


@dataclass(frozen=True)
class Scores:
    bleu: float
    chrf: float
    ter: float | None = None  # None: left out, a segment is too long (MAX_TER_WORDS)


@dataclass
class SegmentCounts:
    """What the fixes did to the segments (``closer``/``further``: sentence chrF)."""

    total: int = 0
    changed: int = 0
    closer: int = 0
    further: int = 0
    same_score: int = 0
    fixes_applied: int = 0
    fixes_by_code: dict[str, int] = field(default_factory=dict)


@dataclass
class FlagCounts:
    """MT1xx flags against the references' case edits (see the module docstring)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    unlabelled_candidates: int = 0
    flags: int = 0
    flags_unlabelled: int = 0
    flags_not_candidates: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "precision": _round(self.precision, 4),
                "recall": _round(self.recall, 4)}


@dataclass
class SegmentResult:
    """One segment: the MT, the fixed MT and the findings (on the original MT)."""

    mt: str
    fixed: str
    findings: tuple[Finding, ...]
    applied: tuple[Finding, ...]


@dataclass
class Evaluation:
    before: Scores
    after: Scores
    segments: SegmentCounts
    flags: FlagCounts
    signatures: dict[str, str]
    results: list[SegmentResult] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict[str, Any]:
        """The JSON report: ``before``, ``after``, ``segments``, ``flags``, ``signatures``."""
        return {"before": asdict(self.before), "after": asdict(self.after),
                "segments": asdict(self.segments), "flags": self.flags.as_dict(),
                "signatures": dict(self.signatures)}


def evaluate(corpus: Corpus, options: CheckOptions | None = None, unsafe: bool = False, *,
             on_segment: Callable[[], None] | None = None) -> Evaluation:
    """Check and fix every MT segment of ``corpus`` and score it against the references;
    ``on_segment()`` is called as each segment is done (a progress bar's hook)."""
    options = options or CheckOptions()
    results = []
    for mt in corpus.mt:
        results.append(fix_segment(mt, options, unsafe))
        if on_segment:
            on_segment()
    fixed = [r.fixed for r in results]
    metrics = _metrics()
    if longest_segment_words(corpus, fixed) > MAX_TER_WORDS:
        del metrics["ter"]
    before, after = _corpus_scores(metrics, list(corpus.mt), corpus), _corpus_scores(
        metrics, fixed, corpus)
    return Evaluation(
        before=before, after=after,
        segments=_segment_counts(results, corpus),
        flags=_flag_counts(results, corpus),
        signatures={name: str(metric.get_signature()) for name, metric in metrics.items()},
        results=results,
    )


def fix_segment(mt: str, options: CheckOptions, unsafe: bool = False) -> SegmentResult:
    """Check one segment as a plain-text document and apply its fixes (as ``mtcheck fix``)."""

    def check(text: str) -> list[Finding]:
        return check_document(parse(text, "text"), options)

    first = check(mt)
    # The first pass re-uses the findings already made on the MT.
    result = fix_text(mt, lambda text: first if text == mt else check(text), unsafe)
    return SegmentResult(mt, result.text, tuple(first), result.applied)


def _metrics() -> dict[str, Any]:
    try:
        from sacrebleu.metrics import BLEU, CHRF, TER
    except ImportError:
        raise InputError("mtcheck eval needs sacrebleu: pip install 'mtcheck[eval]'") from None
    # TER is case-insensitive by default, which would hide every case fix: score case too.
    return {"bleu": BLEU(), "chrf": CHRF(), "ter": TER(case_sensitive=True)}


def _corpus_scores(metrics: dict[str, Any], hypotheses: list[str], corpus: Corpus) -> Scores:
    refs = [list(stream) for stream in corpus.refs]
    return Scores(**{name: round(metric.corpus_score(hypotheses, refs).score, 4)
                     for name, metric in metrics.items()})


def longest_segment_words(corpus: Corpus, fixed: Sequence[str] = ()) -> int:
    """The most words in one segment of ``corpus`` (MT, references) or of ``fixed``."""
    texts = [*corpus.mt, *fixed, *(ref for stream in corpus.refs for ref in stream)]
    return max((len(text.split()) for text in texts), default=0)


def _segment_counts(results: list[SegmentResult], corpus: Corpus) -> SegmentCounts:
    from sacrebleu.metrics import CHRF

    chrf = CHRF()
    counts = SegmentCounts(total=len(results))
    codes: Counter[str] = Counter()
    for i, result in enumerate(results):
        codes.update(f.code for f in result.applied)
        if result.fixed == result.mt:
            continue
        counts.changed += 1
        refs = corpus.references(i)
        delta = (chrf.sentence_score(result.fixed, refs).score
                 - chrf.sentence_score(result.mt, refs).score)
        if delta > 0:
            counts.closer += 1
        elif delta < 0:
            counts.further += 1
        else:
            counts.same_score += 1
    counts.fixes_applied = sum(codes.values())
    counts.fixes_by_code = dict(sorted(codes.items()))
    return counts


def _flag_counts(results: list[SegmentResult], corpus: Corpus) -> FlagCounts:
    counts = FlagCounts()
    for i, result in enumerate(results):
        labels = capital_labels(result.mt, corpus.references(i))
        flagged = {f.start for f in result.findings if f.code.startswith(FLAG_PREFIX)}
        counts.flags += len(flagged)
        counts.flags_not_candidates += len(flagged - labels.keys())
        for start, label in labels.items():
            hit = start in flagged
            if label is None:
                counts.unlabelled_candidates += 1
                counts.flags_unlabelled += hit
            elif label:
                counts.tp += hit
                counts.fn += not hit
            else:
                counts.fp += hit
                counts.tn += not hit
    return counts


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


# --------------------------------------------------------------------------------------------
# Reporting


def render_text(evaluation: Evaluation, extra_signature: str = "") -> str:
    """A short human-readable report of an evaluation."""
    b, a, s, f = evaluation.before, evaluation.after, evaluation.segments, evaluation.flags
    lines = [f"{'':8}{'BLEU':>8}{'chrF':>8}{'TER':>8}"]
    for name, row in (("before", b), ("after", a)):
        lines.append(f"{name:8}{row.bleu:8.2f}{row.chrf:8.2f}{_number(row.ter)}")
    # The change between the figures as shown, so that the rows add up.
    lines.append(f"{'change':8}{_change(a.bleu, b.bleu)}{_change(a.chrf, b.chrf)}"
                 f"{_change(a.ter, b.ter)}")
    by_code = ", ".join(f"{code} {n}" for code, n in s.fixes_by_code.items())
    lines += [
        "",
        f"segments: {s.total}; fixes changed {s.changed} ({s.fixes_applied} "
        f"fix{'es' if s.fixes_applied != 1 else ''}"
        + (f": {by_code}" if by_code else "") + f"); closer to the reference {s.closer}, "
        f"further {s.further}, same sentence chrF {s.same_score}",
        f"MT1xx flags vs the references' case edits: precision {_ratio(f.tp, f.tp + f.fp)}, "
        f"recall {_ratio(f.tp, f.tp + f.fn)} (tp {f.tp}, fp {f.fp}, fn {f.fn}, tn {f.tn}; "
        f"{f.flags_unlabelled + f.flags_not_candidates} of {f.flags} flags on words the "
        "references rewrote)",
        "",
        "signatures:",
    ]
    lines += [f"  {name}: {signature}" for name, signature in evaluation.signatures.items()]
    if "ter" not in evaluation.signatures:
        lines.append(f"  ter: left out (a segment has more than {MAX_TER_WORDS:,} words)")
    if extra_signature:
        lines.append(f"  mtcheck: {extra_signature}")
    return "\n".join(lines) + "\n"


def _ratio(numerator: int, denominator: int) -> str:
    return f"{numerator / denominator:.3f} ({numerator}/{denominator})" if denominator else "n/a"


def _number(value: float | None) -> str:
    """A score in the text report's column; "—" for one left out."""
    return f"{'—':>8}" if value is None else f"{value:8.2f}"


def _change(after: float | None, before: float | None) -> str:
    if after is None or before is None:
        return _number(None)
    return f"{round(after, 2) - round(before, 2):+8.2f}"
